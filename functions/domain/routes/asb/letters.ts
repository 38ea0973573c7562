/**
 * The words of the 2014 Act route. Each notice says only what the law allows at its step: a
 * warning says a Community Protection Notice may follow (breaching a warning is not an offence,
 * so it threatens no penalty); a notice states the offence of failing to comply and its
 * consequences, the appeal right and what an appeal suspends.
 *
 * The letters to the recipient carry the notice as a structured document (what is posted, and
 * hashed at service) built from the same sentences as the text body staff read.
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

const requirementLines = (notice: NoticeRecord) =>
  notice.requirements.map((r, i) => `${i + 1}. ${r.kind === 'stop' ? '(Stop) ' : '(Do) '}${r.text}`);

const issuedBy = (notice: NoticeRecord) =>
  `Issued by: ${notice.servedBy.name ?? 'an authorised officer'} on behalf of the council, on ${day(notice.servedAt)}.`;

const words = {
  warningSatisfied:
    'The council is satisfied that noise from the address above is having a detrimental effect, of a persistent or continuing nature, on the quality of life of those in the locality, and that the conduct is unreasonable.',
  warningFollows:
    'If the conduct continues after that date, the council may serve a Community Protection Notice on you under section 43 of the Act. A Community Protection Notice will set out requirements you must then meet.',
  warningToOccupier:
    'This warning is addressed to the occupier because the council could not find the name of the person responsible after reasonable enquiries.',
  noticeSatisfied:
    'You were given a written warning and the conduct continued after the time it gave you to comply. The council is satisfied that your conduct is having a detrimental effect, of a persistent or continuing nature, on the quality of life of those in the locality, and is unreasonable.',
  noticeOffence:
    'Failing to comply with this notice without reasonable excuse is an offence (section 48). The council may then offer you a fixed penalty notice (section 52) or prosecute you; it may also carry out remedial action (section 47) and apply for forfeiture of items used (section 50).',
  noticeAppeal: (until: string) =>
    `Your right to appeal: you may appeal to a magistrates' court within 21 days of the date of this notice, that is by ${until} (section 46). While an appeal is pending, requirements to do something are suspended; requirements to stop doing something remain in force.`,
  appealSuspends:
    'Requirements to do something are suspended; requirements to stop doing something remain in force (section 46)',
  partners: (partners: string) =>
    `Before issuing this notice the council informed: ${partners} (section 43(6)).`,
};

const partnersOf = (notice: NoticeRecord) => (notice.partnersInformed ?? []).join(', ');

export function communityProtectionWarning(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent {
  return {
    subject: `Community Protection Warning: ${c.caseRef}`,
    body: `To: ${recipientLine(notice.recipient)}\n${addressLines(notice.recipient.address)}\n\n${greeting(to.name)}\n\nCOMMUNITY PROTECTION WARNING\n${notice.statute}\nReference: ${c.caseRef}    Notice: ${notice.noticeId}\n\n${words.warningSatisfied}\n\nYou are warned that you must:\n${requirementLines(notice).join('\n')}\n\nYou have until ${day(notice.complyBy)} to comply.\n${words.warningFollows}\n${
      notice.recipient.kind === 'occupier' ? `\n${words.warningToOccupier}\n` : ''
    }\n${issuedBy(notice)}\n\n${signOff()}`,
    document: warningDocument(c, notice),
  };
}

/** The warning as posted: requirements and time to comply; it warns that a notice may follow, nothing more. */
export function warningDocument(c: Pick<NoiseCase, 'caseRef'>, notice: NoticeRecord) {
  const complyBy = dateOf(notice.complyBy);
  return buildDocument({
    kind: 'community-protection-warning',
    title: titles['community-protection-warning'],
    statute: notice.statute,
    reference: c.caseRef,
    issuedAt: notice.servedAt,
    recipient: documentRecipient(notice.recipient),
    sections: [
      { paragraphs: [words.warningSatisfied] },
      {
        heading: 'What you must do',
        paragraphs: ['You are warned that you must:', ...requirementLines(notice)],
      },
      {
        heading: 'Time to comply',
        paragraphs: [`You have until ${complyBy.en} to comply.`, words.warningFollows],
      },
      ...(notice.recipient.kind === 'occupier' ? [{ paragraphs: [words.warningToOccupier] }] : []),
    ],
    particulars: [
      ...noticeHeadRows(notice),
      ...requirementRows(notice.requirements),
      { label: particularLabels.timeToComply, value: values.by(complyBy) },
      {
        label: particularLabels.whatMayFollow,
        value: `If the conduct continues after ${complyBy.en}, the council may serve a Community Protection Notice (section 43)`,
      },
      { label: particularLabels.issuingOfficer, value: officerName(notice) },
    ],
    issuedBy: { name: officerName(notice), role: roles.authorisedOfficer },
  });
}

export function communityProtectionNotice(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent {
  return {
    subject: `Community Protection Notice: ${c.caseRef}`,
    body: `To: ${recipientLine(notice.recipient)}\n${addressLines(notice.recipient.address)}\n\n${greeting(to.name)}\n\nCOMMUNITY PROTECTION NOTICE\n${notice.statute}\nReference: ${c.caseRef}    Notice: ${notice.noticeId}\n\n${words.noticeSatisfied}\n\nYou are required to:\n${requirementLines(notice).join('\n')}\n\nYou must comply by ${day(notice.complyBy)}.\n\n${words.noticeOffence}\n\n${words.noticeAppeal(day(notice.appealUntil ?? notice.complyBy))}\n\n${words.partners(partnersOf(notice) || 'no other body')}\n\n${issuedBy(notice)}\n\n${signOff()}`,
    document: noticeDocument(c, notice),
  };
}

/**
 * The notice as posted: its requirements (do and stop), time to comply, the offence of failing to
 * comply, the 21-day appeal right and what an appeal suspends, and the bodies informed (s.43(6)).
 */
export function noticeDocument(c: Pick<NoiseCase, 'caseRef'>, notice: NoticeRecord) {
  const complyBy = dateOf(notice.complyBy);
  const appealUntil = dateOf(notice.appealUntil ?? notice.complyBy);
  const appealDays = Math.round(
    (Date.parse(notice.appealUntil ?? notice.complyBy) - Date.parse(notice.servedAt)) / 86_400_000,
  );
  const partners = partnersOf(notice);
  return buildDocument({
    kind: 'community-protection-notice',
    title: titles['community-protection-notice'],
    statute: notice.statute,
    reference: c.caseRef,
    issuedAt: notice.servedAt,
    recipient: documentRecipient(notice.recipient),
    sections: [
      { paragraphs: [words.noticeSatisfied] },
      { heading: 'What you must do', paragraphs: ['You are required to:', ...requirementLines(notice)] },
      { heading: 'Time to comply', paragraphs: [`You must comply by ${complyBy.en}.`] },
      { heading: 'If you do not comply', paragraphs: [words.noticeOffence] },
      { heading: 'Your right to appeal', paragraphs: [words.noticeAppeal(appealUntil.en)] },
      { heading: 'Bodies informed', paragraphs: [words.partners(partners || 'no other body')] },
    ],
    particulars: [
      ...noticeHeadRows(notice),
      ...requirementRows(notice.requirements),
      { label: particularLabels.timeToComply, value: values.by(complyBy) },
      {
        label: particularLabels.rightOfAppeal,
        value: values.appealToMagistrates(appealDays, appealUntil, '46'),
      },
      { label: particularLabels.whileAppealPending, value: words.appealSuspends },
      { label: particularLabels.bodiesInformed, value: partners || values.noOtherBody },
      { label: particularLabels.issuingOfficer, value: officerName(notice) },
    ],
    issuedBy: { name: officerName(notice), role: roles.authorisedOfficer },
  });
}

export function warningIssued(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent {
  return {
    subject: `Case ${c.caseRef}: a warning has been issued`,
    body: `${greeting(to.name)}\n\nWe have issued a Community Protection Warning about the noise you reported (case ${c.caseRef}). It gives until ${day(notice.complyBy)} to comply.\nIf the noise happens again after that date, report it as before: it will be added to your case and we will consider serving a Community Protection Notice.\n\n${signOff()}`,
  };
}

export function noticeServed(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent {
  return {
    subject: `Case ${c.caseRef}: a Community Protection Notice has been served`,
    body: `${greeting(to.name)}\n\nThe noise continued after our warning, so we have served a Community Protection Notice (case ${c.caseRef}). It must be complied with by ${day(notice.complyBy)}, and it can be appealed to a magistrates' court until ${day(notice.appealUntil ?? notice.complyBy)}.\nIf the noise happens again, report it: failing to comply with the notice is an offence, and we will decide what action to take.\n\n${signOff()}`,
  };
}
