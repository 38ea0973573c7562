/**
 * Documents as the printer and the recipient get them: laid out to GOV.UK Notify's letter
 * specification, in one bilingual pack for a council in Wales (Welsh first), and the same bytes
 * on any machine, so a hash recorded today proves the notice years later.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCouncilConfigFile, SAMPLE_COUNCIL_CONFIG } from '../../functions/config/council.ts';
import { buildDocument, type DocumentContent } from '../../functions/domain/documents/build.ts';
import { renderHtml } from '../../functions/domain/documents/html.ts';
import { dateIn, dateTimeIn } from '../../functions/domain/documents/labels.ts';
import {
  type Document,
  DocumentPack,
  PrintableDocument,
  versionsOf,
} from '../../functions/domain/documents/model.ts';
import { NOTIFY_LETTER, renderPdf } from '../../functions/domain/documents/pdf.ts';
import { particularLabels, roles, titles, values } from '../../functions/domain/documents/terms.ts';
import { pdfText } from '../delivery/pdf-text.ts';
import { inside, overlaps, textBoxes } from './layout.ts';
import { flat } from './support.ts';

const english = readCouncilConfigFile(SAMPLE_COUNCIL_CONFIG);
const welsh = readCouncilConfigFile(resolve(import.meta.dirname, 'fixtures/council.welsh.json'));

function warning(overrides: Partial<DocumentContent> = {}): DocumentContent {
  return {
    kind: 'community-protection-warning',
    title: titles['community-protection-warning'],
    statute: 'Anti-social Behaviour, Crime and Policing Act 2014, section 43',
    reference: 'NN-2026-000017',
    issuedAt: '2026-11-26T10:15:00Z',
    recipient: {
      name: 'Gwenllian ap Dafydd',
      address: { line1: 'Tŷ Ŵyn, Flat 3', line2: 'Heol yr Ŷd', town: 'Glanmor', postcode: 'GL2 4QT' },
    },
    sections: [{ paragraphs: ['You are warned that you must stop the noise.'] }],
    particulars: [
      {
        label: particularLabels.timeToComply,
        value: values.by({ en: '3 December 2026', cy: '3 Rhagfyr 2026' }),
      },
    ],
    issuedBy: { name: 'Officer Priya Shah', role: roles.authorisedOfficer },
    ...overrides,
  };
}

describe('the first page, for GOV.UK Notify', () => {
  for (const [name, council] of [
    ['an English council', english],
    ['a council in Wales', welsh],
  ] as const) {
    it(`puts the recipient's address, and nothing else, in the address block (${name})`, async () => {
      const { bytes } = await renderPdf(buildDocument(warning(), council));
      const boxes = await textBoxes(bytes);
      const address = ['Gwenllian ap Dafydd', 'Tŷ Ŵyn, Flat 3', 'Heol yr Ŷd', 'Glanmor', 'GL2 4QT'];
      for (const line of address) {
        // (The council's own address is in the contact block, right of 120 mm.)
        const box = boxes.find((b) => b.text === line && b.left < 120);
        expect(box, line).toBeDefined();
        expect(inside(box as NonNullable<typeof box>, NOTIFY_LETTER.addressBlock), line).toBe(true);
      }
      const others = boxes.filter((b) => !address.includes(b.text));
      expect(others.filter((b) => overlaps(b, NOTIFY_LETTER.addressBlock)).map((b) => b.text)).toEqual([]);
      // Everything within the printable area.
      const { left, right, top, bottom } = NOTIFY_LETTER.margins;
      for (const b of boxes) {
        expect(
          b.left >= left && b.right <= 210 - right && b.top >= top && b.bottom <= 297 - bottom,
          b.text,
        ).toBe(true);
      }
    });
  }

  it('fits a seven-line address in the block', async () => {
    const { bytes } = await renderPdf(
      buildDocument(
        warning({
          recipient: {
            name: 'Northmoor Housing Association Limited',
            address: {
              line1: 'Unit 4, Riverside Business Park',
              line2: 'Old Mill Lane',
              town: 'Northmoor',
              postcode: 'NM2 4QT',
            },
          },
        }),
        english,
      ),
    );
    const parsed = PrintableDocument.parse({
      ...(buildDocument(warning(), english) as Document),
      recipient: { name: 'A Body', addressLines: ['1', '2', '3', '4', '5', '6'] },
    });
    const seven = await textBoxes((await renderPdf(parsed)).bytes);
    for (const line of ['A Body', '1', '2', '3', '4', '5', '6']) {
      const box = seven.find((b) => b.text === line);
      expect(box && inside(box, NOTIFY_LETTER.addressBlock), line).toBe(true);
    }
    expect((await textBoxes(bytes)).find((b) => b.text === 'Old Mill Lane')).toBeDefined();
  });
});

describe('a council in Wales', () => {
  it('gets one pack: a Welsh version, then the full English version, each from a new page', async () => {
    const pack = buildDocument(warning(), welsh);
    expect(versionsOf(pack).map((v) => v.language)).toEqual(['cy', 'en']);
    const { pages, info } = await pdfText((await renderPdf(pack)).bytes);
    const firstEnglish = pages.findIndex((page) => /English version(?! that follows)/.test(flat(page)));
    expect(firstEnglish).toBeGreaterThan(0);
    const cy = flat(pages.slice(0, firstEnglish).join(' '));
    const en = flat(pages.slice(firstEnglish).join(' '));
    expect(cy).toContain("Rhybudd Diogelu'r Gymuned");
    expect(cy).toContain('Amser i gydymffurfio Erbyn 3 Rhagfyr 2026');
    expect(cy).toContain('Dyddiad: 26 Tachwedd 2026');
    expect(cy).toContain('Am y fersiwn Gymraeg hon / About this Welsh version');
    expect(cy).not.toContain('You are warned that you must stop the noise.');
    expect(en).toContain('You are warned that you must stop the noise.');
    expect(en).toContain('Time to comply By 3 December 2026');
    expect(info.Title).toBe("Rhybudd Diogelu'r Gymuned / Community Protection Warning");
    const last = pages.length;
    expect(pages.at(-1)).toContain(`Tudalen ${last} o ${last}`);
    expect(pages.at(-1)).toContain(`Page ${last} of ${last}`);
  });

  it('an English council gets the English version only', async () => {
    const only = buildDocument(warning(), english);
    expect(versionsOf(only).map((v) => v.language)).toEqual(['en']);
    const text = flat((await pdfText((await renderPdf(only)).bytes)).pages.join(' '));
    expect(text).not.toContain('Cymraeg');
  });

  it('a pack must be the Welsh and then the English version of one document', () => {
    const [cy, en] = versionsOf(buildDocument(warning(), welsh)) as [Document, Document];
    expect(DocumentPack.safeParse({ versions: [cy, en] }).success).toBe(true);
    expect(DocumentPack.safeParse({ versions: [en, cy] }).success).toBe(false);
    expect(DocumentPack.safeParse({ versions: [cy, { ...en, reference: 'NN-2026-000018' }] }).success).toBe(
      false,
    );
    expect(DocumentPack.safeParse({ versions: [cy] }).success).toBe(false);
  });

  it('the console shows both versions, each in its own language', () => {
    const html = renderHtml(buildDocument(warning(), welsh));
    expect(html.indexOf('lang="cy"')).toBeLessThan(html.indexOf('lang="en"'));
    expect(html).toContain('Fersiwn Gymraeg');
    expect(html).toContain('English version');
  });

  it('writes dates in Welsh from UK time, across the clock change', () => {
    expect(dateIn('2026-03-29T00:30:00Z', 'cy')).toBe('29 Mawrth 2026');
    expect(dateTimeIn('2026-07-01T23:30:00Z', 'cy')).toBe('2 Gorffennaf 2026 am 00:30');
    expect(dateTimeIn('2026-12-31T23:30:00Z', 'en')).toBe('31 December 2026 at 23:30');
  });
});

describe('the same bytes on any machine', () => {
  const fixed: Document = {
    kind: 'fixed-penalty-notice',
    language: 'en',
    title: 'Fixed Penalty Notice',
    statutoryHeading: { act: 'Anti-social Behaviour, Crime and Policing Act 2014', section: 'section 52' },
    reference: 'FPN-2026-000042-AB12',
    date: '2026-11-26',
    recipient: { addressLines: ['Flat 3', '12 Mare Street', 'Northmoor', 'NM2 4QT'] },
    sections: [
      { heading: 'The offence', paragraphs: ['Failing to comply with a Community Protection Notice.'] },
    ],
    particulars: [
      { label: 'Amount of the fixed penalty', value: '£100.00' },
      { label: 'Ways to pay', value: '• Online\n• By phone' },
    ],
    issuedBy: { name: 'Priya Shah', role: 'Authorised officer' },
    council: {
      name: 'Northmoor Borough Council',
      addressLines: ['Town Hall', 'NM1 1AA'],
      logo: {
        alt: 'Northmoor',
        mediaType: 'image/svg+xml',
        base64: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" fill="#00703c"/></svg>',
        ).toString('base64'),
      },
    },
  };

  it('leaves every stream uncompressed, so no zlib build or CPU changes the bytes', async () => {
    const { bytes } = await renderPdf(fixed);
    expect(bytes.includes('/FlateDecode')).toBe(false);
  });

  it('renders this notice to the hash it has always had: a change here means notices already served no longer reproduce', async () => {
    // If the layout, the labels or pdfmake change on purpose, notices already served will no
    // longer render to their recorded hashes (downloads of them answer 409). Change this only
    // with a plan for those notices.
    expect((await renderPdf(fixed)).sha256).toBe(
      'e1928bb1623ff026eac42f1480c7bd571b880c8b85cab04cf2bae59ebc02b256',
    );
  });
});
