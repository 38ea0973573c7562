/**
 * Renders a document to an A4 PDF with pdfmake, laid out to GOV.UK Notify's letter specification
 * so Notify can print and post it as a precompiled letter: on the first page the recipient's
 * address sits in the address block (24.6 mm from the left, 39.5 mm from the top, 95.4 × 26.8 mm),
 * the logo in the logo block and the council's details and the reference in the contact block, and
 * every page keeps Notify's margins. A bilingual pack prints the Welsh version and then the English,
 * each from a new page, as one letter.
 *
 * The same document always gives the same bytes, on any machine: the PDF's creation date (from
 * which its file ID is derived) is the document's own date, the fonts are the Roboto files pdfmake
 * ships (read from its bundled font module, never fetched), nothing reads the clock or the
 * network, dates are written from fixed tables, and streams are left uncompressed, so the bytes do
 * not depend on which zlib build (or CPU) did the deflating.
 */
import { createHash } from 'node:crypto';
import pdfmake from 'pdfmake';
import robotoFonts from 'pdfmake/build/vfs_fonts.js';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { chromeLabels, longDate } from './labels.ts';
import { type Document, type PrintableDocument, versionsOf } from './model.ts';

export interface RenderedPdf {
  bytes: Buffer;
  /** Hex SHA-256 of the bytes: recorded with the notice, so a printed copy can be proven the same. */
  sha256: string;
}

/** What a step needs to hash a document at service (the PDF renderer, given to the functions that serve). */
export interface DocumentRenderer {
  render(document: PrintableDocument): Promise<RenderedPdf>;
}

const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
};

/**
 * The font files pdfmake reads, by name. It stands in for pdfmake's own virtual file system,
 * whose path handling reads `__dirname`: a Lambda's ESM bundle has none, so pdfmake's would throw
 * there on the first font (the tests, which load pdfmake unbundled, would never see it).
 */
class FontFiles {
  private readonly files = new Map<string, Buffer>();
  private static key(name: unknown): string {
    return typeof name === 'string' ? name.replace(/^\/+/, '') : '';
  }
  existsSync(name: unknown): boolean {
    return this.files.has(FontFiles.key(name));
  }
  readFileSync(name: unknown, options?: string | { encoding?: string }): Buffer | string {
    const file = this.files.get(FontFiles.key(name));
    if (!file) throw new Error(`no font file ${String(name)}`);
    const encoding = typeof options === 'object' ? options.encoding : options;
    return encoding ? file.toString(encoding as BufferEncoding) : file;
  }
  writeFileSync(name: string, content: Buffer): void {
    this.files.set(FontFiles.key(name), content);
  }
}

let prepared = false;
function preparePdfmake(): void {
  if (prepared) return;
  const fonts = new FontFiles();
  const files = robotoFonts as unknown as Record<string, string>;
  for (const name of Object.values(FONT_FILES)) {
    const data = files[name];
    if (!data) throw new Error(`pdfmake's font module has no ${name}`);
    fonts.writeFileSync(name, Buffer.from(data, 'base64'));
  }
  (pdfmake as unknown as { virtualfs: FontFiles }).virtualfs = fonts;
  pdfmake.setFonts({ Roboto: FONT_FILES });
  // A document never needs a file or a URL: refusing both keeps rendering local and repeatable.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  prepared = true;
}

const mm = (millimetres: number) => millimetres * (72 / 25.4);

/** GOV.UK Notify's letter specification, first page (all in mm from the page's top-left corner). */
export const NOTIFY_LETTER = {
  margins: { left: 15, right: 15, top: 5, bottom: 5 },
  logoBlock: { x: 15, y: 5, width: 180, height: 25 },
  addressBlock: { x: 24.6, y: 39.5, width: 95.4, height: 26.8 },
  contactBlock: { x: 125, y: 30, width: 65, height: 65 },
  maxPages: 10,
} as const;

const SIDE = mm(20);
const TOP = mm(15);
const BOTTOM = mm(20);
/** Where the text of the first page starts: below the address and contact blocks. */
const FIRST_PAGE_TEXT = mm(100);

function logoContent(document: Document): Content[] {
  const logo = document.council.logo;
  if (!logo) return [];
  const position = { x: mm(20), y: mm(9) };
  const fit: [number, number] = [mm(60), mm(18)];
  return [
    logo.mediaType === 'image/svg+xml'
      ? { svg: Buffer.from(logo.base64, 'base64').toString('utf8'), fit, absolutePosition: position }
      : { image: `data:${logo.mediaType};base64,${logo.base64}`, fit, absolutePosition: position },
  ];
}

const recipientLines = (document: Document) => [
  document.recipient.name ?? chromeLabels[document.language].theOccupier,
  ...document.recipient.addressLines,
];

/** The first page's frame: logo, contact block and the address in Notify's address block. */
function firstPageFrame(document: Document, pack: boolean): Content[] {
  const labels = chromeLabels[document.language];
  const address = recipientLines(document);
  return [
    ...logoContent(document),
    {
      absolutePosition: { x: mm(NOTIFY_LETTER.contactBlock.x), y: mm(NOTIFY_LETTER.contactBlock.y + 1) },
      columns: [
        {
          width: mm(NOTIFY_LETTER.contactBlock.width),
          fontSize: 9,
          lineHeight: 1.1,
          stack: [
            { text: document.council.name, bold: true, fontSize: 10 },
            ...document.council.addressLines,
            { text: `${labels.reference}: ${document.reference}`, margin: [0, 6, 0, 0] },
            `${labels.date}: ${longDate(document.date, document.language)}`,
            ...(pack ? [{ text: labels.version, italics: true, margin: [0, 6, 0, 0] } as Content] : []),
          ],
        },
      ],
    },
    {
      absolutePosition: { x: mm(NOTIFY_LETTER.addressBlock.x), y: mm(NOTIFY_LETTER.addressBlock.y + 1) },
      columns: [
        {
          width: mm(NOTIFY_LETTER.addressBlock.width),
          // Seven lines must fit the block's 26.8 mm.
          fontSize: address.length <= 6 ? 10 : 9,
          lineHeight: 1,
          stack: address,
        },
      ],
    },
    // The text starts below the blocks.
    { text: ' ', fontSize: 1, margin: [0, FIRST_PAGE_TEXT - TOP, 0, 0] },
  ];
}

/** A later version in a pack starts on a new page with the same details in the flow. */
function laterVersionFrame(document: Document): Content[] {
  const labels = chromeLabels[document.language];
  return [
    { text: labels.version, italics: true, fontSize: 9, pageBreak: 'before' },
    {
      columns: [
        { width: '*', margin: [0, 18, 0, 0], stack: recipientLines(document) },
        {
          width: mm(65),
          fontSize: 9,
          stack: [
            { text: document.council.name, bold: true, fontSize: 10 },
            ...document.council.addressLines,
            { text: `${labels.reference}: ${document.reference}`, margin: [0, 6, 0, 0] },
            `${labels.date}: ${longDate(document.date, document.language)}`,
          ],
        },
      ],
      margin: [0, 6, 0, 22],
    },
  ];
}

function body(document: Document, pack: boolean): Content[] {
  const labels = chromeLabels[document.language];
  const content: Content[] = [{ text: document.title, style: 'title' }];
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
        widths: [mm(58), '*'],
        dontBreakRows: true,
        body: document.particulars.map((row) => [{ text: row.label, bold: true }, row.value]),
      },
    });
  }
  content.push(
    { text: labels.issuedBy, style: 'heading' },
    {
      unbreakable: true,
      stack: [
        { text: document.issuedBy.name, bold: true },
        document.issuedBy.role,
        labels.onBehalfOf(document.council.name),
      ],
    },
  );
  if (pack) content.push({ text: labels.welcomesWelsh, style: 'small', margin: [0, 14, 0, 0] });
  return content;
}

export function pdfDefinition(printable: PrintableDocument): TDocumentDefinitions {
  const versions = versionsOf(printable);
  const first = versions[0] as Document;
  const pack = versions.length > 1;
  const dated = new Date(`${first.date}T00:00:00Z`);
  const content: Content[] = versions.flatMap((document, index) => [
    ...(index === 0 ? firstPageFrame(document, pack) : laterVersionFrame(document)),
    ...body(document, pack),
  ]);
  const footerLabels = versions.map((document) => chromeLabels[document.language]);
  return {
    pageSize: 'A4',
    pageMargins: [SIDE, TOP, SIDE, BOTTOM],
    compress: false,
    language: first.language === 'cy' ? 'cy-GB' : 'en-GB',
    info: {
      title: versions.map((document) => document.title).join(' / '),
      author: first.council.name,
      subject: first.reference,
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
      small: { fontSize: 9 },
    },
    footer: (page: number, pages: number) => ({
      margin: [SIDE, mm(8), SIDE, 0],
      fontSize: 8,
      columns: [
        `${footerLabels.map((labels) => labels.reference).join(' / ')} ${first.reference}`,
        {
          text: footerLabels.map((labels) => labels.page(page, pages)).join(' / '),
          alignment: 'right',
        },
      ],
    }),
    content,
  };
}

export async function renderPdf(document: PrintableDocument): Promise<RenderedPdf> {
  preparePdfmake();
  const bytes = await pdfmake.createPdf(pdfDefinition(document)).getBuffer();
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The renderer the serving functions are given (see `LifecycleDeps.documents`). */
export const pdfRenderer: DocumentRenderer = { render: renderPdf };
