/** Pieces the notices share when they are built as documents: dates in both languages, recipients, requirements. */
import type { Address } from '../model/address.ts';
import type { NoticeRecord, Recipient, Requirement } from '../notices/model.ts';
import type { Particular } from './build.ts';
import { dateIn, dateTimeIn } from './labels.ts';
import { type Bilingual, particularLabels, requirementLabel, values } from './terms.ts';

export const dateOf = (iso: string): Bilingual => ({ en: dateIn(iso, 'en'), cy: dateIn(iso, 'cy') });
export const dateTimeOf = (iso: string): Bilingual => ({
  en: dateTimeIn(iso, 'en'),
  cy: dateTimeIn(iso, 'cy'),
});

export const oneLine = (address: Address) =>
  [address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(', ');

export const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;

/** The recipient as the document addresses them: a name, or none for "The occupier". */
export const documentRecipient = (recipient: Recipient) => ({
  ...(recipient.kind === 'occupier' ? {} : { name: recipient.name }),
  address: recipient.address,
});

/** Who served it, as the notice names them. */
export const officerName = (notice: Pick<NoticeRecord, 'servedBy'>) =>
  notice.servedBy.name?.trim() || 'An authorised officer of the council';

/** One row per requirement, saying whether it is to do or to stop doing something. */
export function requirementRows(requirements: Requirement[], withKind = true): Particular[] {
  return requirements.map((requirement, index) => ({
    label: withKind
      ? requirementLabel(index + 1, requirement.kind)
      : { en: `Requirement ${index + 1}`, cy: `Gofyniad ${index + 1}` },
    value: requirement.text,
  }));
}

/** The rows every notice opens with: its number, the case, when it was served, where and to whom. */
export function noticeHeadRows(notice: NoticeRecord, withTime = false): Particular[] {
  return [
    { label: particularLabels.noticeNumber, value: notice.noticeId },
    { label: particularLabels.caseReference, value: notice.caseRef },
    withTime
      ? { label: particularLabels.timeOfService, value: dateTimeOf(notice.servedAt) }
      : { label: particularLabels.dateOfService, value: dateOf(notice.servedAt) },
    { label: particularLabels.premises, value: oneLine(notice.recipient.address) },
    {
      label: particularLabels.addressedTo,
      value: notice.recipient.kind === 'occupier' ? values.theOccupier : notice.recipient.name,
    },
  ];
}
