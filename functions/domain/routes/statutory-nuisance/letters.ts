/**
 * The words of the statutory nuisance route (EPA 1990 ss.79-82). An abatement notice states the
 * nuisance, what it requires and by when, that breaching it is an offence (with no fixed penalty),
 * the right to appeal within the notice's appeal period, and its reg. 3 statement on whether an
 * appeal suspends it. Letters to the source are rendered from the recipient's own details only.
 * The notice to the recipient carries a structured document (what is posted, and hashed at service).
 */
import { buildDocument } from '../../documents/build.ts';
import {
  dateOf,
  documentRecipient,
  noticeHeadRows,
  officerName,
  requirementRows,
} from '../../documents/particulars.ts';
import { particularLabels, roles, titles, values } from '../../documents/terms.ts';
import type { LetterContent } from '../../letters/outbox.ts';
import { addressLines, day, greeting, signOff } from '../../letters/words.ts';
import type { NoiseCase } from '../../model/case.ts';
import type { Person } from '../../model/party.ts';
import type { NoticeRecord } from '../../notices/model.ts';
import { recipientLine } from '../../notices/notices.ts';

const DAY_MS = 86_400_000;

/** Noise in a street from a vehicle, machinery or equipment is s.79(1)(ga); from premises, s.79(1)(g). */
export function nuisanceLimb(c: Pick<NoiseCase, 'sourceKind'>): string {
  return c.sourceKind === 'street' || c.sourceKind === 'vehicle'
    ? 'section 79(1)(ga): noise that is prejudicial to health or a nuisance and is emitted from or caused by a vehicle, machinery or equipment in a street'
    : 'section 79(1)(g): noise emitted from premises so as to be prejudicial to health or a nuisance';
}

const requirementLines = (notice: NoticeRecord) =>
  notice.requirements.map((r, i) => `${i + 1}. ${r.text}`).join('\n');

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** The reg. 3 statement: whether an appeal suspends the notice. */
export function regulation3Statement(notice: NoticeRecord): string {
  return notice.suspendedOnAppeal
    ? 'If you appeal, this notice is suspended until the appeal is abandoned or decided by the court (Statutory Nuisance (Appeals) Regulations 1995, regulation 3).'
    : 'This notice shall have effect even if you appeal: an appeal does not suspend it (Statutory Nuisance (Appeals) Regulations 1995, regulation 3).';
}

const abatementWords = {
  satisfied: (c: Pick<NoiseCase, 'sourceKind'>) =>
    `The council is satisfied that a statutory nuisance exists, or is likely to occur or recur, at or from the address above, under ${nuisanceLimb(c)}.`,
  complyBy: (date: string) => `You must comply by ${date}, and the requirements continue after that date.`,
  offence:
    'Failing to comply with this notice without reasonable excuse is an offence (section 80(4)). The council may prosecute you; it may also abate the nuisance itself and do whatever is necessary to carry out this notice, recovering its reasonable expenses from you (section 81(3) and (4)), and may apply for a warrant to enter and seize equipment causing the noise. There is no fixed penalty for this offence.',
  appeal: (days: number, until: string) =>
    `Your right to appeal: you may appeal against this notice to a magistrates' court within ${days} days of the date on which it was served, that is by ${until} (section 80(3)).`,
  toOccupier:
    'This notice is addressed to the occupier because the person responsible could not be found (section 80(2)).',
};

export function abatementNotice(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent {
  const appealUntil = notice.appealUntil ?? notice.complyBy;
  return {
    subject: `Abatement notice: ${c.caseRef}`,
    body: `To: ${recipientLine(notice.recipient)}\n${addressLines(notice.recipient.address)}\n\n${greeting(to.name)}\n\nABATEMENT NOTICE\n${notice.statute}\nReference: ${c.caseRef}    Notice: ${notice.noticeId}\n\n${abatementWords.satisfied(c)}\n\nYou are required to:\n${requirementLines(notice)}\n\n${abatementWords.complyBy(day(notice.complyBy))}\n\n${abatementWords.offence}\n\n${abatementWords.appeal(daysBetween(notice.servedAt, appealUntil), day(appealUntil))}\n${regulation3Statement(notice)}\n${
      notice.recipient.kind === 'occupier' ? `\n${abatementWords.toOccupier}\n` : ''
    }\nServed by: ${notice.servedBy.name ?? 'an authorised officer'} on behalf of the council, on ${day(notice.servedAt)}.\n\n${signOff()}`,
    document: abatementNoticeDocument(c, notice),
  };
}

/**
 * The abatement notice as posted: the nuisance, the requirements and time to comply, the offence
 * (with no fixed penalty), the 21-day appeal right and the reg. 3 statement on suspension.
 */
export function abatementNoticeDocument(c: Pick<NoiseCase, 'caseRef' | 'sourceKind'>, notice: NoticeRecord) {
  const appealIso = notice.appealUntil ?? notice.complyBy;
  const complyBy = dateOf(notice.complyBy);
  const appealUntil = dateOf(appealIso);
  const appealDays = daysBetween(notice.servedAt, appealIso);
  return buildDocument({
    kind: 'abatement-notice',
    title: titles['abatement-notice'],
    statute: notice.statute,
    reference: c.caseRef,
    issuedAt: notice.servedAt,
    recipient: documentRecipient(notice.recipient),
    sections: [
      { paragraphs: [abatementWords.satisfied(c)] },
      {
        heading: 'What you must do',
        paragraphs: ['You are required to:', ...notice.requirements.map((r, i) => `${i + 1}. ${r.text}`)],
      },
      { heading: 'Time to comply', paragraphs: [abatementWords.complyBy(complyBy.en)] },
      { heading: 'If you do not comply', paragraphs: [abatementWords.offence] },
      {
        heading: 'Your right to appeal',
        paragraphs: [abatementWords.appeal(appealDays, appealUntil.en), regulation3Statement(notice)],
      },
      ...(notice.recipient.kind === 'occupier' ? [{ paragraphs: [abatementWords.toOccupier] }] : []),
    ],
    particulars: [
      ...noticeHeadRows(notice),
      { label: particularLabels.theNuisance, value: nuisanceLimb(c) },
      ...requirementRows(notice.requirements, false),
      { label: particularLabels.timeToComply, value: values.by(complyBy) },
      {
        label: particularLabels.rightOfAppeal,
        value: values.appealToMagistrates(appealDays, appealUntil, '80(3)'),
      },
      { label: particularLabels.suspendedOnAppeal, value: regulation3Statement(notice) },
      { label: particularLabels.issuingOfficer, value: officerName(notice) },
    ],
    issuedBy: { name: officerName(notice), role: roles.authorisedOfficer },
  });
}

export function abatementNoticeServed(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent {
  return {
    subject: `Case ${c.caseRef}: an abatement notice has been served`,
    body: `${greeting(to.name)}\n\nWe are satisfied that the noise you reported is a statutory nuisance, and we have served an abatement notice (case ${c.caseRef}). It must be complied with by ${day(notice.complyBy)}, and it can be appealed to a magistrates' court until ${day(notice.appealUntil ?? notice.complyBy)}.\nIf the noise happens again after that date, report it: breaching the notice is an offence, and we will decide what action to take.\n\n${signOff()}`,
  };
}

export function informalResolutionToSource(to: Person, c: NoiseCase, until: string): LetterContent {
  return {
    subject: `Case ${c.caseRef}: noise from your address`,
    body: `${greeting(to.name)}\n${addressLines(to.address)}\n\nThe council has looked into reports of noise from your address (case ${c.caseRef}) and is satisfied that it amounts to a statutory nuisance under the Environmental Protection Act 1990.\nBefore serving a formal notice, we are asking you to stop the noise now. We will look at the matter again after ${day(until)}. If the nuisance continues, the council must serve an abatement notice (section 80), and breaching an abatement notice is a criminal offence.\nIf you would like to talk to us about the noise, reply to this letter quoting ${c.caseRef}.\n\n${signOff()}`,
  };
}

export function informalResolutionToComplainant(
  to: Person,
  c: NoiseCase,
  from: string,
  until: string,
): LetterContent {
  return {
    subject: `Case ${c.caseRef}: we are asking for the noise to stop`,
    body: `${greeting(to.name)}\n\nWe have looked into the noise you reported (case ${c.caseRef}) and have asked the person responsible to stop it. We give this up to ${daysBetween(from, until)} days, as the law allows, before deciding whether to serve a formal notice. We will decide on ${day(until)} whether a notice is needed.\nIf the noise happens in the meantime, keep reporting it: it helps us decide.\n\n${signOff()}`,
  };
}

export function worksInDefaultToSource(
  to: Person,
  c: NoiseCase,
  notice: NoticeRecord,
  works: { works: string; plannedFor?: string | undefined },
): LetterContent {
  return {
    subject: `Case ${c.caseRef}: the council will abate the nuisance`,
    body: `${greeting(to.name)}\n${addressLines(to.address)}\n\nThe abatement notice served on ${day(notice.servedAt)} (${notice.noticeId}) has not been complied with.\nUnder section 81(3) of the Environmental Protection Act 1990 the council will abate the nuisance itself and do what is necessary to carry out the notice:\n${works.works}\n${
      works.plannedFor ? `The works are planned for ${day(works.plannedFor)}.\n` : ''
    }The council may recover its reasonable expenses from you (section 81(4)). The notice stays in force: failing to comply with it remains an offence.\n\n${signOff()}`,
  };
}

export function worksInDefaultToComplainant(to: Person, c: NoiseCase): LetterContent {
  return {
    subject: `Case ${c.caseRef}: the council will carry out works`,
    body: `${greeting(to.name)}\n\nThe abatement notice in case ${c.caseRef} was not complied with, so the council will carry out the works needed to stop the nuisance itself. The notice stays in force: if the noise happens again, report it.\n\n${signOff()}`,
  };
}

/** The closure words when no statutory nuisance is found: the finding and the private route (s.82). */
export function notANuisanceOutcome(finding: string | undefined, noticeDays: number): string {
  return `After investigating, the council is not satisfied that the noise amounts to a statutory nuisance under section 79 of the Environmental Protection Act 1990, so it cannot serve an abatement notice.${
    finding ? ` ${finding.trim().replace(/\.?$/, '.')}` : ''
  }\nYou can still take action yourself. Under section 82 of the Act, a person affected by a statutory nuisance may complain directly to a magistrates' court. Before doing so you must give the person responsible written notice that you intend to bring proceedings: at least ${noticeDays} days' notice for noise (section 82(7)). If the court agrees that there is a nuisance it can order the person responsible to stop it and fine them. Keep your diary sheets and any recordings: the court will want to see them. You may wish to take legal advice first.`;
}
