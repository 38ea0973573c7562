/**
 * The words of the Noise Act 1996 route. The warning notice record confirms, in writing, the
 * notice the officer served at night: the period, the permitted level, and what follows noise
 * above it. Letters to the source are rendered from the recipient's own details only: they say a
 * complaint was made, never by whom or from where. The record to the recipient carries a
 * structured document (what is posted, and hashed when the notice is recorded).
 */
import { buildDocument } from '../../documents/build.ts';
import {
  dateTimeOf,
  documentRecipient,
  pounds as moneyOf,
  noticeHeadRows,
  officerName,
} from '../../documents/particulars.ts';
import { particularLabels, roles, titles, values } from '../../documents/terms.ts';
import type { LetterContent } from '../../letters/outbox.ts';
import { addressLines, dayAndTime, greeting, pounds, signOff } from '../../letters/words.ts';
import type { NoiseCase } from '../../model/case.ts';
import type { Person } from '../../model/party.ts';
import type { NoticeRecord } from '../../notices/model.ts';
import { recipientLine } from '../../notices/notices.ts';
import { isLicensedPremises, offenceSection } from './rules.ts';

const premisesWords = (c: Pick<NoiseCase, 'sourceKind'>) =>
  isLicensedPremises(c) ? 'the licensed premises' : 'the dwelling';

const periodOf = (notice: NoticeRecord) =>
  notice.period ?? { from: notice.complyBy, until: notice.liveUntil };

const words = {
  confirms: (c: Pick<NoiseCase, 'sourceKind'>, servedAt: string) =>
    `This letter confirms the warning notice an officer of the council served on ${servedAt}, after a complaint about noise at night from ${premisesWords(c)} at the address above.`,
  levels: (levels: NonNullable<NoticeRecord['levels']>) =>
    `The officer measured the noise at ${levels.measuredDb} dB(A), against a background level of ${levels.backgroundDb} dB(A). The permitted level is ${levels.permittedDb} dB(A).`,
  warned: (c: Pick<NoiseCase, 'sourceKind'>, from: string, until: string) =>
    `You were warned that noise emitted from ${premisesWords(c)} in the period from ${from} until ${until} must not exceed the permitted level.`,
  offence: (c: Pick<NoiseCase, 'sourceKind'>, penaltyPence: number) =>
    `If noise above the permitted level is measured in that period, the person responsible commits an offence (section ${offenceSection(c)} of the Noise Act 1996). The council may then offer a fixed penalty notice of ${pounds(penaltyPence)} (section 8) or prosecute, and may seize the equipment making the noise (section 10).`,
};

export function warningNoticeRecord(
  to: Person,
  c: NoiseCase,
  notice: NoticeRecord,
  penaltyPence: number,
  recordedAt: string = notice.servedAt,
): LetterContent {
  const period = periodOf(notice);
  const levels = notice.levels;
  return {
    subject: `Noise Act warning notice: ${c.caseRef}`,
    body: `To: ${recipientLine(notice.recipient)}\n${addressLines(notice.recipient.address)}\n\n${greeting(to.name)}\n\nWARNING NOTICE: RECORD OF SERVICE\n${notice.statute}\nReference: ${c.caseRef}    Notice: ${notice.noticeId}\n\n${words.confirms(c, dayAndTime(notice.servedAt))}\n${
      levels ? `${words.levels(levels)}\n` : ''
    }\n${words.warned(c, dayAndTime(period.from), dayAndTime(period.until))}\n${words.offence(c, penaltyPence)}\n\nServed by: ${notice.servedBy.name ?? 'an authorised officer'} on behalf of the council.\n\n${signOff()}`,
    document: warningNoticeDocument(c, notice, penaltyPence, recordedAt),
  };
}

/** The record of service as posted: the period, the levels, the offence it warns of and the penalty that may follow. */
export function warningNoticeDocument(
  c: Pick<NoiseCase, 'caseRef' | 'sourceKind'>,
  notice: NoticeRecord,
  penaltyPence: number,
  recordedAt: string,
) {
  const period = periodOf(notice);
  const levels = notice.levels;
  const from = dateTimeOf(period.from);
  const until = dateTimeOf(period.until);
  return buildDocument({
    kind: 'noise-act-warning-notice',
    title: titles['noise-act-warning-notice'],
    statute: notice.statute,
    reference: c.caseRef,
    issuedAt: recordedAt,
    recipient: documentRecipient(notice.recipient),
    sections: [
      {
        paragraphs: [
          words.confirms(c, dateTimeOf(notice.servedAt).en),
          ...(levels ? [words.levels(levels)] : []),
        ],
      },
      { heading: 'The warning', paragraphs: [words.warned(c, from.en, until.en)] },
      { heading: 'Noise above the permitted level', paragraphs: [words.offence(c, penaltyPence)] },
    ],
    particulars: [
      ...noticeHeadRows(notice, true),
      {
        label: particularLabels.noiseSource,
        value: isLicensedPremises(c) ? values.licensedPremises : values.dwelling,
      },
      { label: particularLabels.warningPeriod, value: values.fromUntil(from, until) },
      ...(levels
        ? [
            { label: particularLabels.measuredLevel, value: `${levels.measuredDb} dB(A)` },
            { label: particularLabels.backgroundLevel, value: `${levels.backgroundDb} dB(A)` },
            { label: particularLabels.permittedLevel, value: `${levels.permittedDb} dB(A)` },
          ]
        : []),
      {
        label: particularLabels.offence,
        value: `Noise above the permitted level in the warning period (section ${offenceSection(c)} of the Noise Act 1996)`,
      },
      { label: particularLabels.penaltyMayBeOffered, value: moneyOf(penaltyPence) },
      { label: particularLabels.issuingOfficer, value: officerName(notice) },
    ],
    issuedBy: { name: officerName(notice), role: roles.authorisedOfficer },
  });
}

export function warningNoticeServed(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent {
  const until = notice.period?.until ?? notice.liveUntil;
  return {
    subject: `Case ${c.caseRef}: a warning notice was served`,
    body: `${greeting(to.name)}\n\nAn officer served a Noise Act warning notice about the noise you reported (case ${c.caseRef}) on ${dayAndTime(notice.servedAt)}. Noise above the permitted level from then until ${dayAndTime(until)} is an offence.\nIf the officer measures noise above that level in that time, we will decide what action to take and tell you.\n\n${signOff()}`,
  };
}
