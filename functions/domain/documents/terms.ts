/**
 * Every Welsh word a notice prints beyond its frame, beside its English, in one place so the
 * council's translators can check them all: titles, Acts and sections, the labels of the
 * statutory particulars, officers' roles, and the short factual values (dates, periods, amounts)
 * that are safe to write from a pattern. The statutory wording of a notice's body is not here:
 * no approved Welsh translation of it exists yet, and this code does not invent legal Welsh. A
 * Welsh version says so (`aboutThisWelshVersion`) and the English version that follows carries it.
 *
 * TODO(translation): these were written from the Welsh Government's TermCymru usage where known
 * (Hysbysiad Cosb Benodedig, Hysbysiad Diogelu'r Gymuned, swyddog awdurdodedig, llys ynadon); a
 * council's Welsh language unit must approve them before a council in Wales goes live.
 */
import type { DocumentKind } from './model.ts';

export interface Bilingual {
  en: string;
  cy: string;
}

/** Words the same in both versions: free text staff wrote, references, amounts, or English-only wording. */
export type Words = string | Bilingual;

export const inLanguage = (words: Words, language: 'en' | 'cy'): string =>
  typeof words === 'string' ? words : words[language];

export const titles: Record<Exclude<DocumentKind, 'letter'>, Bilingual> = {
  'community-protection-warning': { en: 'Community Protection Warning', cy: "Rhybudd Diogelu'r Gymuned" },
  'community-protection-notice': { en: 'Community Protection Notice', cy: "Hysbysiad Diogelu'r Gymuned" },
  'abatement-notice': { en: 'Abatement Notice', cy: 'Hysbysiad Lleihau Niwsans' },
  'fixed-penalty-notice': { en: 'Fixed Penalty Notice', cy: 'Hysbysiad Cosb Benodedig' },
  'noise-act-warning-notice': {
    en: 'Warning Notice: Record of Service',
    cy: 'Hysbysiad Rhybuddio: Cofnod Cyflwyno',
  },
};

/** A notice on the case by its kind (`NoticeKind`), as another document names it. */
export const noticeKindNames: Record<string, Bilingual> = {
  cpw: titles['community-protection-warning'],
  cpn: titles['community-protection-notice'],
  'abatement-notice': titles['abatement-notice'],
  'noise-act-warning': { en: 'Noise Act warning notice', cy: 'Hysbysiad rhybuddio Deddf Sŵn' },
};

/**
 * The Acts in Welsh. They were enacted in English only, so a Welsh heading gives the English
 * title after the Welsh, in brackets: the English is the title a court will read.
 */
const acts: Record<string, string> = {
  'Anti-social Behaviour, Crime and Policing Act 2014':
    'Deddf Ymddygiad Gwrthgymdeithasol, Troseddu a Phlismona 2014',
  'Environmental Protection Act 1990': "Deddf Diogelu'r Amgylchedd 1990",
  'Noise Act 1996': 'Deddf Sŵn 1996',
};

/** "Noise Act 1996, section 3" as a heading: the Act, and the section (Welsh: "adran 3"). */
export function statutoryHeadingOf(statute: string, language: 'en' | 'cy'): { act: string; section: string } {
  const split = statute.lastIndexOf(', section ');
  const act = split < 0 ? statute : statute.slice(0, split);
  const section = split < 0 ? '' : statute.slice(split + ', '.length);
  if (language === 'en') return { act, section: section || 'the Act' };
  const welshAct = acts[act];
  return {
    act: welshAct ? `${welshAct} (${act})` : act,
    section: section ? section.replace(/^section /, 'adran ') : 'y Ddeddf',
  };
}

export const roles = {
  authorisedOfficer: { en: 'Authorised officer', cy: 'Swyddog awdurdodedig' },
} satisfies Record<string, Bilingual>;

/** Labels of the particulars table. */
export const particularLabels = {
  noticeNumber: { en: 'Notice number', cy: 'Rhif yr hysbysiad' },
  caseReference: { en: 'Case reference', cy: 'Cyfeirnod yr achos' },
  dateOfService: { en: 'Date of service', cy: 'Dyddiad cyflwyno' },
  timeOfService: { en: 'Date and time of service', cy: 'Dyddiad ac amser cyflwyno' },
  premises: { en: 'Address of the premises', cy: 'Cyfeiriad y safle' },
  addressedTo: { en: 'Addressed to', cy: "Wedi'i gyfeirio at" },
  timeToComply: { en: 'Time to comply', cy: 'Amser i gydymffurfio' },
  whatMayFollow: { en: 'What may follow', cy: 'Beth allai ddilyn' },
  rightOfAppeal: { en: 'Right of appeal', cy: 'Hawl i apelio' },
  whileAppealPending: { en: 'While an appeal is pending', cy: 'Tra bo apêl yn yr arfaeth' },
  bodiesInformed: {
    en: 'Bodies informed before this notice (section 43(6))',
    cy: 'Cyrff a hysbyswyd cyn yr hysbysiad hwn (adran 43(6))',
  },
  theNuisance: { en: 'The nuisance', cy: 'Y niwsans' },
  suspendedOnAppeal: {
    en: 'Whether an appeal suspends this notice (regulation 3)',
    cy: 'A yw apêl yn atal yr hysbysiad hwn (rheoliad 3)',
  },
  offence: { en: 'The offence', cy: 'Y drosedd' },
  noticeOffenceRelatesTo: {
    en: 'Notice the offence relates to',
    cy: "Yr hysbysiad y mae'r drosedd yn ymwneud ag ef",
  },
  offenceDateTime: { en: 'Date and time of the offence', cy: 'Dyddiad ac amser y drosedd' },
  place: { en: 'Place', cy: 'Lleoliad' },
  circumstances: { en: 'Circumstances', cy: 'Amgylchiadau' },
  noProceedings: {
    en: 'Period in which no proceedings will be taken',
    cy: 'Cyfnod pan na fydd achos yn cael ei ddwyn',
  },
  amount: { en: 'Amount of the fixed penalty', cy: 'Swm y gosb benodedig' },
  earlyAmount: { en: 'Lower amount for early payment', cy: "Swm is am dalu'n gynnar" },
  payee: { en: 'Pay to', cy: 'Talu i' },
  payeeAddress: { en: 'Address for payment', cy: 'Cyfeiriad ar gyfer talu' },
  paymentMethods: { en: 'Ways to pay', cy: 'Ffyrdd o dalu' },
  payOnline: { en: 'Pay online', cy: 'Talu ar-lein' },
  issuingOfficer: { en: 'Issuing officer', cy: 'Swyddog dyroddi' },
  noiseSource: { en: 'Source of the noise', cy: 'Ffynhonnell y sŵn' },
  warningPeriod: { en: 'Warning period', cy: 'Cyfnod rhybuddio' },
  measuredLevel: { en: 'Noise level measured', cy: 'Lefel y sŵn a fesurwyd' },
  backgroundLevel: { en: 'Background noise level', cy: 'Lefel y sŵn cefndir' },
  permittedLevel: { en: 'Permitted level', cy: 'Lefel a ganiateir' },
  penaltyMayBeOffered: {
    en: 'Fixed penalty that may be offered (section 8)',
    cy: 'Cosb benodedig y gellir ei chynnig (adran 8)',
  },
  paidSoFar: { en: 'Paid so far', cy: "Wedi'i dalu hyd yma" },
  stillToPay: { en: 'Amount still to pay', cy: "Swm sy'n dal i'w dalu" },
  payBy: { en: 'Pay by', cy: 'Talu erbyn' },
  withdrawnOn: { en: 'Withdrawn on', cy: 'Tynnwyd yn ôl ar' },
  courtDecision: { en: "The court's decision", cy: 'Penderfyniad y llys' },
  noticeAppealed: { en: 'Notice appealed against', cy: 'Yr hysbysiad yr apeliwyd yn ei erbyn' },
  referredOn: { en: 'Referred on', cy: 'Atgyfeiriwyd ar' },
  referredTo: { en: 'Referred to', cy: 'Atgyfeiriwyd at' },
} satisfies Record<string, Bilingual>;

export function requirementLabel(index: number, kind: 'do' | 'stop'): Bilingual {
  return kind === 'stop'
    ? {
        en: `Requirement ${index} (to stop doing something)`,
        cy: `Gofyniad ${index} (rhoi'r gorau i wneud rhywbeth)`,
      }
    : { en: `Requirement ${index} (to do something)`, cy: `Gofyniad ${index} (gwneud rhywbeth)` };
}

/** Short factual values written from a pattern, in both languages. */
export const values = {
  by: (date: Bilingual): Bilingual => ({ en: `By ${date.en}`, cy: `Erbyn ${date.cy}` }),
  fromUntil: (from: Bilingual, until: Bilingual): Bilingual => ({
    en: `From ${from.en} until ${until.en}`,
    cy: `O ${from.cy} tan ${until.cy}`,
  }),
  theOccupier: { en: 'The occupier', cy: 'Y Preswylydd' },
  noOtherBody: { en: 'No other body', cy: 'Dim corff arall' },
  premisesAbove: { en: 'The premises above', cy: 'Y safle uchod' },
  asRecorded: { en: 'As recorded by the council', cy: "Fel y'u cofnodwyd gan y cyngor" },
  dwelling: { en: 'A dwelling', cy: 'Annedd' },
  licensedPremises: { en: 'Licensed premises', cy: 'Safle trwyddedig' },
  daysFromThisNotice: (days: number, until: Bilingual): Bilingual => ({
    en: `${days} days from the date of this notice, until ${until.en}`,
    cy: `${days} diwrnod o ddyddiad yr hysbysiad hwn, hyd at ${until.cy}`,
  }),
  ifPaidBy: (amount: string, date: Bilingual): Bilingual => ({
    en: `${amount} if paid by ${date.en}`,
    cy: `${amount} os telir erbyn ${date.cy}`,
  }),
  appealToMagistrates: (days: number, until: Bilingual, section: string): Bilingual => ({
    en: `To a magistrates' court within ${days} days of the date of this notice, that is by ${until.en} (section ${section})`,
    cy: `I lys ynadon o fewn ${days} diwrnod i ddyddiad yr hysbysiad hwn, sef erbyn ${until.cy} (adran ${section})`,
  }),
  legalTeam: {
    en: "The council's legal team, to consider prosecution",
    cy: 'Tîm cyfreithiol y cyngor, i ystyried erlyn',
  },
  appealOutcome: {
    dismissed: {
      en: 'Appeal dismissed: the notice stands as served',
      cy: "Gwrthodwyd yr apêl: mae'r hysbysiad yn sefyll fel y'i cyflwynwyd",
    },
    varied: {
      en: 'Notice varied: it stands with the changes the court made',
      cy: 'Amrywiwyd yr hysbysiad gan y llys',
    },
    quashed: {
      en: 'Notice quashed: it is no longer in force',
      cy: 'Diddymwyd yr hysbysiad: nid yw mewn grym mwyach',
    },
  },
} as const;

/**
 * The note at the top of every Welsh version: what is in Welsh, what is not yet, and how to ask.
 * It is given in Welsh and then in English, so nobody is left unsure which text is complete.
 */
export function aboutThisWelshVersion(
  noun: 'notice' | 'letter',
  contact: { phone: string; email: string },
): { heading: string; paragraphs: string[] } {
  // "yr" before a vowel or h, "y" before a consonant; both nouns are masculine ("hwn").
  const the = noun === 'notice' ? 'yr hysbysiad' : 'y llythyr';
  return {
    heading: 'Am y fersiwn Gymraeg hon / About this Welsh version',
    paragraphs: [
      `Mae penawdau, labeli a dyddiadau'r fersiwn hon yn Gymraeg. Nid oes cyfieithiad Cymraeg cymeradwy o destun llawn ${the} hwn ar gael eto: mae'r testun llawn yn y fersiwn Saesneg sy'n dilyn, ac mae geiriad rhai o'r manylion isod yn Saesneg. Os hoffech gael ${the} hwn yn Gymraeg, cysylltwch â ni ar ${contact.phone} neu ${contact.email}.`,
      `The headings, labels and dates of this version are in Welsh. No approved Welsh translation of the full text of this ${noun} is available yet: the full text is in the English version that follows, and the wording of some particulars below is in English. If you would like this ${noun} in Welsh, contact us on ${contact.phone} or ${contact.email}.`,
    ],
  };
}
