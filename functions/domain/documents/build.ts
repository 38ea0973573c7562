/**
 * Builds a notice or letter as a printable document from its content, once, in both languages
 * where the council writes in Welsh: the English version with the full text, and before it a
 * Welsh version whose frame, headings, particulars labels and dates are Welsh and which says
 * plainly that the full text is in the English version (see terms.ts). The result is parsed
 * with the model, so what is hashed at service is exactly what the drain and the download read.
 */
import { type CouncilConfig, councilConfig } from '../../config/council.ts';
import type { Address } from '../model/address.ts';
import { londonWallClock } from './labels.ts';
import {
  councilBranding,
  type Document,
  type DocumentKind,
  type DocumentLanguage,
  PrintableDocument,
} from './model.ts';
import {
  aboutThisWelshVersion,
  type Bilingual,
  inLanguage,
  statutoryHeadingOf,
  type Words,
} from './terms.ts';

export interface Particular {
  label: Bilingual;
  value: Words;
}

export interface DocumentContent {
  kind: DocumentKind;
  title: Bilingual;
  /** The Act and section as the notice record states it ("Noise Act 1996, section 3"); letters have none. */
  statute?: string | undefined;
  reference: string;
  /** When it was issued: its UK date is the date printed on it. */
  issuedAt: string;
  recipient: { name?: string | undefined; address: Address };
  /** The full text, in English. */
  sections: { heading?: string; paragraphs: string[] }[];
  particulars: Particular[];
  issuedBy: { name: string; role: Bilingual };
}

export const addressLinesOf = (address: Address): string[] =>
  [address.line1, address.line2, address.town, address.postcode].filter(
    (line): line is string => typeof line === 'string' && line.trim().length > 0,
  );

function version(content: DocumentContent, language: DocumentLanguage, council: CouncilConfig): Document {
  const noun = content.kind === 'letter' ? 'letter' : 'notice';
  return {
    kind: content.kind,
    language,
    title: content.title[language],
    ...(content.statute ? { statutoryHeading: statutoryHeadingOf(content.statute, language) } : {}),
    reference: content.reference,
    date: londonWallClock(content.issuedAt).date,
    recipient: {
      ...(content.recipient.name?.trim() ? { name: content.recipient.name } : {}),
      addressLines: addressLinesOf(content.recipient.address),
    },
    sections:
      language === 'en'
        ? content.sections.filter((section) => section.paragraphs.length > 0)
        : [aboutThisWelshVersion(noun, { phone: council.phone, email: council.email })],
    particulars: content.particulars.map((row) => ({
      label: row.label[language],
      value: inLanguage(row.value, language),
    })),
    issuedBy: { name: content.issuedBy.name, role: content.issuedBy.role[language] },
    council: councilBranding(council),
  };
}

/** The document to print and post: English only, or for a council in Wales the Welsh and English pack. */
export function buildDocument(
  content: DocumentContent,
  council: CouncilConfig = councilConfig(),
): PrintableDocument {
  const english = version(content, 'en', council);
  return PrintableDocument.parse(
    council.welsh ? { versions: [version(content, 'cy', council), english] } : english,
  );
}
