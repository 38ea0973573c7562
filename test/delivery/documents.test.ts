/**
 * Documents render to a PDF that says everything the model holds, in the document's language,
 * byte for byte the same each time (so its SHA-256 identifies what was served), and to HTML for
 * the staff console with every value escaped.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../functions/domain/documents/html.ts';
import { Document } from '../../functions/domain/documents/model.ts';
import { renderPdf } from '../../functions/domain/documents/pdf.ts';
import { pdfText } from './pdf-text.ts';
import { sampleFixedPenaltyNotice, sampleWelshLetter } from './sample-documents.ts';

const projectRoot = resolve(import.meta.dirname, '../..');
// pdf.js reports a line's text runs with spaces between them, also where a word breaks at a hyphen.
const flat = (text: string) => text.replace(/\s+/g, ' ').replace(/- /g, '-');

describe('a document rendered as a PDF', () => {
  it('is an A4 PDF whose text carries every particular, the statutory heading, the recipient and the issuing officer', async () => {
    const notice = Document.parse(sampleFixedPenaltyNotice());
    const { bytes, sha256 } = await renderPdf(notice);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const { pages, sizes, info } = await pdfText(bytes);
    expect(sizes).toEqual([[595, 842]]); // A4 in points
    const text = flat(pages.join(' '));
    expect(info.Title).toBe('Fixed Penalty Notice');
    for (const row of notice.particulars) {
      expect(text, row.label).toContain(flat(row.label));
      expect(text, row.label).toContain(row.value);
    }
    expect(text).toContain('Anti-social Behaviour, Crime and Policing Act 2014, section 52');
    expect(text).toContain('The occupier');
    expect(text).toContain('12 Mare Street');
    expect(text).toContain('Reference FPN-2026-000042');
    expect(text).toContain('26 November 2026');
    expect(text).toContain('Issued by');
    expect(text).toContain('Priya Shah');
    expect(text).toContain('on behalf of Northmoor Borough Council');
    expect(text).toContain('Page 1 of 1');
    for (const section of notice.sections) expect(text).toContain(section.heading);
  });

  it('gives the same bytes and hash every time, in this process and in a fresh one', async () => {
    const first = await renderPdf(sampleFixedPenaltyNotice());
    const second = await renderPdf(sampleFixedPenaltyNotice());
    expect(second.sha256).toBe(first.sha256);
    expect(Buffer.compare(first.bytes, second.bytes)).toBe(0);

    const script =
      "import('./functions/domain/documents/pdf.ts').then(async ({ renderPdf }) => { const { sampleFixedPenaltyNotice } = await import('./test/delivery/sample-documents.ts'); process.stdout.write((await renderPdf(sampleFixedPenaltyNotice())).sha256); })";
    const fresh = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    expect(fresh.trim()).toBe(first.sha256);
  });

  it('changes its hash when any particular changes', async () => {
    const original = await renderPdf(sampleFixedPenaltyNotice());
    const altered = sampleFixedPenaltyNotice();
    altered.particulars = altered.particulars.map((row) =>
      row.label === 'Amount payable' ? { ...row, value: '£1000.00' } : row,
    );
    expect((await renderPdf(altered)).sha256).not.toBe(original.sha256);
  });

  it('takes its creation date from the document date, not from the clock', async () => {
    const { bytes } = await renderPdf(sampleFixedPenaltyNotice({ date: '2026-01-05' }));
    const { info } = await pdfText(bytes);
    expect(info.CreationDate).toBe('D:20260105000000Z');
    expect(info.ModDate).toBe('D:20260105000000Z');
  });

  it('frames a Welsh document in Welsh and keeps its letters, ŵ and ŷ included', async () => {
    const { pages } = await pdfText((await renderPdf(sampleWelshLetter())).bytes);
    const text = flat(pages.join(' '));
    for (const label of ['Cyfeirnod', 'Dyddiad', 'Manylion', 'Cyhoeddwyd gan', 'Tudalen 1 o 1']) {
      expect(text).toContain(label);
    }
    expect(text).toContain('26 Tachwedd 2026');
    expect(text).toContain('Tŷ Ŵyn');
    expect(text).toContain('Heol yr Ŷd');
    expect(text).not.toContain('Reference');
  });

  it('runs onto more pages when the content is long, numbering each', async () => {
    const long = sampleFixedPenaltyNotice({
      sections: Array.from({ length: 12 }, (_, i) => ({
        heading: `Section ${i + 1}`,
        paragraphs: ['The council may take further action. '.repeat(30).trim()],
      })),
    });
    const { pages } = await pdfText((await renderPdf(long)).bytes);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
  });
});

describe('a document rendered as HTML for the console', () => {
  it('shows the same particulars and escapes what it is given', () => {
    const notice = sampleFixedPenaltyNotice({
      recipient: { name: '<script>alert(1)</script>', addressLines: ['1 High St & Co'] },
    });
    const html = renderHtml(notice);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('1 High St &amp; Co');
    for (const row of notice.particulars) expect(html).toContain(row.value.replace(/&/g, '&amp;'));
    expect(html).toContain('lang="en"');
  });

  it('refuses a document the model does not allow, such as one with no address', () => {
    const broken = { ...sampleFixedPenaltyNotice(), recipient: { addressLines: [] } };
    expect(Document.safeParse(broken).success).toBe(false);
  });
});
