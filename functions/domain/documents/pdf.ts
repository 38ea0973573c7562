/**
 * Renders a document to an A4 PDF with pdfmake. The same document always gives the same bytes:
 * the PDF's creation date (from which its file ID is derived) is the document's own date, the
 * fonts are the Roboto files pdfmake ships (read from its bundled font module, never fetched),
 * and nothing reads the clock or the network.
 */
import { createHash } from 'node:crypto';
import pdfmake from 'pdfmake';
import robotoFonts from 'pdfmake/build/vfs_fonts.js';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { chromeLabels, longDate } from './labels.ts';
import type { Document } from './model.ts';

export interface RenderedPdf {
  bytes: Buffer;
  /** Hex SHA-256 of the bytes: recorded with the notice, so a printed copy can be proven the same. */
  sha256: string;
}

const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
};

interface VirtualFs {
  writeFileSync(name: string, content: Buffer): void;
}

let prepared = false;
function preparePdfmake(): void {
  if (prepared) return;
  const vfs = (pdfmake as unknown as { virtualfs: VirtualFs }).virtualfs;
  const files = robotoFonts as unknown as Record<string, string>;
  for (const name of Object.values(FONT_FILES)) {
    const data = files[name];
    if (!data) throw new Error(`pdfmake's font module has no ${name}`);
    vfs.writeFileSync(name, Buffer.from(data, 'base64'));
  }
  pdfmake.setFonts({ Roboto: FONT_FILES });
  // A document never needs a file or a URL: refusing both keeps rendering local and repeatable.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  prepared = true;
}

const MARGIN = 57; // 20 mm

function logoContent(document: Document): Content {
  const logo = document.council.logo;
  if (!logo) return { text: '' };
  return logo.mediaType === 'image/svg+xml'
    ? { svg: Buffer.from(logo.base64, 'base64').toString('utf8'), width: 48 }
    : { image: `data:${logo.mediaType};base64,${logo.base64}`, width: 48 };
}

export function pdfDefinition(document: Document): TDocumentDefinitions {
  const labels = chromeLabels[document.language];
  const dated = new Date(`${document.date}T00:00:00Z`);
  const content: Content[] = [
    {
      columns: [
        { width: 60, stack: [logoContent(document)] },
        {
          width: '*',
          alignment: 'right',
          fontSize: 9,
          stack: [
            { text: document.council.name, bold: true, fontSize: 11 },
            ...document.council.addressLines,
          ],
        },
      ],
    },
    {
      margin: [0, 28, 0, 22],
      stack: [document.recipient.name ?? labels.theOccupier, ...document.recipient.addressLines],
    },
    {
      layout: 'noBorders',
      margin: [0, 0, 0, 14],
      table: {
        widths: ['auto', '*'],
        body: [
          [{ text: labels.reference, bold: true }, document.reference],
          [{ text: labels.date, bold: true }, longDate(document.date, document.language)],
        ],
      },
    },
    { text: document.title, style: 'title' },
  ];
  if (document.statutoryHeading) {
    content.push({
      text: `${document.statutoryHeading.act}, ${document.statutoryHeading.section}`,
      style: 'statute',
    });
  }
  for (const section of document.sections) {
    if (section.heading) content.push({ text: section.heading, style: 'heading' });
    for (const paragraph of section.paragraphs) content.push({ text: paragraph, style: 'paragraph' });
  }
  if (document.particulars.length > 0) {
    content.push({ text: labels.particulars, style: 'heading' });
    content.push({
      layout: 'lightHorizontalLines',
      table: {
        widths: [160, '*'],
        body: document.particulars.map((row) => [{ text: row.label, bold: true }, row.value]),
      },
    });
  }
  content.push(
    { text: labels.issuedBy, style: 'heading' },
    {
      stack: [
        { text: document.issuedBy.name, bold: true },
        document.issuedBy.role,
        labels.onBehalfOf(document.council.name),
      ],
    },
  );
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN],
    language: document.language === 'cy' ? 'cy-GB' : 'en-GB',
    info: {
      title: document.title,
      author: document.council.name,
      subject: document.reference,
      creator: 'Abate',
      producer: 'Abate',
      creationDate: dated,
      modDate: dated,
    },
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 4, 0, 2] },
      statute: { fontSize: 10, italics: true, margin: [0, 0, 0, 10] },
      heading: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      paragraph: { margin: [0, 0, 0, 6] },
    },
    footer: (page: number, pages: number) => ({
      margin: [MARGIN, 16, MARGIN, 0],
      fontSize: 8,
      columns: [
        `${labels.reference} ${document.reference}`,
        { text: labels.page(page, pages), alignment: 'right' },
      ],
    }),
    content,
  };
}

export async function renderPdf(document: Document): Promise<RenderedPdf> {
  preparePdfmake();
  const bytes = await pdfmake.createPdf(pdfDefinition(document)).getBuffer();
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
