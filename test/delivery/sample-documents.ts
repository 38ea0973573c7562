/** Documents the delivery tests render: a fixed penalty notice in English and a Welsh letter. */
import { councilConfig } from '../../functions/config/council.ts';
import { councilBranding, type Document } from '../../functions/domain/documents/model.ts';

export function sampleFixedPenaltyNotice(overrides: Partial<Document> = {}): Document {
  return {
    kind: 'fixed-penalty-notice',
    language: 'en',
    title: 'Fixed Penalty Notice',
    statutoryHeading: {
      act: 'Anti-social Behaviour, Crime and Policing Act 2014',
      section: 'section 52',
    },
    reference: 'FPN-2026-000042',
    date: '2026-11-26',
    recipient: { addressLines: ['Flat 3', '12 Mare Street', 'Northmoor', 'NM2 4QT'] },
    sections: [
      {
        heading: 'The alleged offence',
        paragraphs: [
          'Failing to comply with a Community Protection Notice served on 2 October 2026 about noise from the address above.',
        ],
      },
      {
        heading: 'How to pay',
        paragraphs: [
          'You can discharge liability to conviction for this offence by paying the penalty within 14 days of the date of this notice.',
        ],
      },
    ],
    particulars: [
      { label: 'Notice number', value: 'FPN-2026-000042' },
      { label: 'Case', value: 'NN-2026-000017' },
      { label: 'Date and time of offence', value: '21 November 2026 at 23:40' },
      { label: 'Amount payable', value: '£100.00' },
      { label: 'Reduced amount if paid by 6 December 2026', value: '£75.00' },
      { label: 'Pay by', value: '10 December 2026' },
      { label: 'Payee', value: 'Northmoor Borough Council, Income Section' },
    ],
    issuedBy: { name: 'Priya Shah', role: 'Environmental Protection Officer' },
    council: councilBranding(councilConfig()),
    ...overrides,
  };
}

export function sampleWelshLetter(): Document {
  return {
    ...sampleFixedPenaltyNotice(),
    kind: 'letter',
    language: 'cy',
    title: 'Hysbysiad Cosb Benodedig',
    recipient: {
      name: 'Gwenllian ap Dafydd',
      addressLines: ['Tŷ Ŵyn', 'Heol yr Ŷd', 'Northmoor', 'NM2 4QT'],
    },
    sections: [{ paragraphs: ['Rydym wedi derbyn eich taliad. Diolch yn fawr.'] }],
    particulars: [{ label: 'Swm', value: '£75.00' }],
  };
}
