/**
 * The words of the Noise Act 1996 route. The warning notice record confirms, in writing, the
 * notice the officer served at night: the period, the permitted level, and what follows noise
 * above it. Letters to the source are rendered from the recipient's own details only: they say a
 * complaint was made, never by whom or from where.
 */
import type { LetterContent } from '../../letters/outbox.ts';
import { addressLines, dayAndTime, greeting, pounds, signOff } from '../../letters/words.ts';
import type { NoiseCase } from '../../model/case.ts';
import type { Person } from '../../model/party.ts';
import type { NoticeRecord } from '../../notices/model.ts';
import { recipientLine } from '../../notices/notices.ts';
import { isLicensedPremises, offenceSection } from './rules.ts';

const premisesWords = (c: Pick<NoiseCase, 'sourceKind'>) =>
  isLicensedPremises(c) ? 'the licensed premises' : 'the dwelling';

export function warningNoticeRecord(
  to: Person,
  c: NoiseCase,
  notice: NoticeRecord,
  penaltyPence: number,
): LetterContent {
  const period = notice.period ?? { from: notice.complyBy, until: notice.liveUntil };
  const levels = notice.levels;
  return {
    subject: `Noise Act warning notice: ${c.caseRef}`,
    body: `To: ${recipientLine(notice.recipient)}\n${addressLines(notice.recipient.address)}\n\n${greeting(to.name)}\n\nWARNING NOTICE: RECORD OF SERVICE\n${notice.statute}\nReference: ${c.caseRef}    Notice: ${notice.noticeId}\n\nThis letter confirms the warning notice an officer of the council served on ${dayAndTime(notice.servedAt)}, after a complaint about noise at night from ${premisesWords(c)} at the address above.\n${
      levels
        ? `The officer measured the noise at ${levels.measuredDb} dB(A), against a background level of ${levels.backgroundDb} dB(A). The permitted level is ${levels.permittedDb} dB(A).\n`
        : ''
    }\nYou were warned that noise emitted from ${premisesWords(c)} in the period from ${dayAndTime(period.from)} until ${dayAndTime(period.until)} must not exceed the permitted level.\nIf noise above the permitted level is measured in that period, the person responsible commits an offence (section ${offenceSection(c)} of the Noise Act 1996). The council may then offer a fixed penalty notice of ${pounds(penaltyPence)} (section 8) or prosecute, and may seize the equipment making the noise (section 10).\n\nServed by: ${notice.servedBy.name ?? 'an authorised officer'} on behalf of the council.\n\n${signOff()}`,
  };
}

export function warningNoticeServed(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent {
  const until = notice.period?.until ?? notice.liveUntil;
  return {
    subject: `Case ${c.caseRef}: a warning notice was served`,
    body: `${greeting(to.name)}\n\nAn officer served a Noise Act warning notice about the noise you reported (case ${c.caseRef}) on ${dayAndTime(notice.servedAt)}. Noise above the permitted level from then until ${dayAndTime(until)} is an offence.\nIf the officer measures noise above that level in that time, we will decide what action to take and tell you.\n\n${signOff()}`,
  };
}
