/**
 * The words of the 2014 Act route. Each notice says only what the law allows at its step: a
 * warning says a Community Protection Notice may follow (breaching a warning is not an offence,
 * so it threatens no penalty); a notice states the offence of failing to comply and its
 * consequences, the appeal right and what an appeal suspends.
 */
import type { LetterContent } from '../../letters/outbox.ts';
import { addressLines, day, greeting, signOff } from '../../letters/words.ts';
import type { NoiseCase } from '../../model/case.ts';
import type { Person } from '../../model/party.ts';
import type { NoticeRecord } from '../../notices/model.ts';
import { recipientLine } from '../../notices/notices.ts';

const requirementLines = (notice: NoticeRecord) =>
  notice.requirements
    .map((r, i) => `${i + 1}. ${r.kind === 'stop' ? '(Stop) ' : '(Do) '}${r.text}`)
    .join('\n');

const issuedBy = (notice: NoticeRecord) =>
  `Issued by: ${notice.servedBy.name ?? 'an authorised officer'} on behalf of the council, on ${day(notice.servedAt)}.`;

export function communityProtectionWarning(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent {
  return {
    subject: `Community Protection Warning: ${c.caseRef}`,
    body: `To: ${recipientLine(notice.recipient)}\n${addressLines(notice.recipient.address)}\n\n${greeting(to.name)}\n\nCOMMUNITY PROTECTION WARNING\n${notice.statute}\nReference: ${c.caseRef}    Notice: ${notice.noticeId}\n\nThe council is satisfied that noise from the address above is having a detrimental effect, of a persistent or continuing nature, on the quality of life of those in the locality, and that the conduct is unreasonable.\n\nYou are warned that you must:\n${requirementLines(notice)}\n\nYou have until ${day(notice.complyBy)} to comply.\nIf the conduct continues after that date, the council may serve a Community Protection Notice on you under section 43 of the Act. A Community Protection Notice will set out requirements you must then meet.\n${
      notice.recipient.kind === 'occupier'
        ? `\nThis warning is addressed to the occupier because the council could not find the name of the person responsible after reasonable enquiries.\n`
        : ''
    }\n${issuedBy(notice)}\n\n${signOff()}`,
  };
}

export function communityProtectionNotice(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent {
  return {
    subject: `Community Protection Notice: ${c.caseRef}`,
    body: `To: ${recipientLine(notice.recipient)}\n${addressLines(notice.recipient.address)}\n\n${greeting(to.name)}\n\nCOMMUNITY PROTECTION NOTICE\n${notice.statute}\nReference: ${c.caseRef}    Notice: ${notice.noticeId}\n\nYou were given a written warning and the conduct continued after the time it gave you to comply. The council is satisfied that your conduct is having a detrimental effect, of a persistent or continuing nature, on the quality of life of those in the locality, and is unreasonable.\n\nYou are required to:\n${requirementLines(notice)}\n\nYou must comply by ${day(notice.complyBy)}.\n\nFailing to comply with this notice without reasonable excuse is an offence (section 48). The council may then offer you a fixed penalty notice (section 52) or prosecute you; it may also carry out remedial action (section 47) and apply for forfeiture of items used (section 50).\n\nYour right to appeal: you may appeal to a magistrates' court within 21 days of the date of this notice, that is by ${day(notice.appealUntil ?? notice.complyBy)} (section 46). While an appeal is pending, requirements to do something are suspended; requirements to stop doing something remain in force.\n\nBefore issuing this notice the council informed: ${(notice.partnersInformed ?? []).join(', ') || 'no other body'} (section 43(6)).\n\n${issuedBy(notice)}\n\n${signOff()}`,
  };
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
