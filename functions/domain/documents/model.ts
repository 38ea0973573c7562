/**
 * A notice or letter as structured data: what it says, to whom, under which law, issued by whom
 * and for which council. Notices and letters are built as this model and rendered from it, to a
 * PDF for post and Notify, and to HTML for the staff console, so both say exactly the same.
 *
 * A `Document` is one language version. A council in Wales sends a `DocumentPack`: the Welsh
 * version first, then the English, printed as one PDF in one envelope (see README.md beside this
 * file for why). Wherever a document goes, a `PrintableDocument` (either) can.
 */
import * as z from 'zod';
import { addressLines, type CouncilConfig, CouncilLogo } from '../../config/council.ts';

export const documentKinds = [
  'letter',
  'community-protection-warning',
  'community-protection-notice',
  'abatement-notice',
  'fixed-penalty-notice',
  'noise-act-warning-notice',
] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const documentLanguages = ['en', 'cy'] as const;
export type DocumentLanguage = (typeof documentLanguages)[number];

const text = z.string().trim().min(1);

export const Document = z.strictObject({
  kind: z.enum(documentKinds),
  language: z.enum(documentLanguages),
  title: text.max(200),
  /** The power the notice is served under; letters have none. */
  statutoryHeading: z.strictObject({ act: text.max(200), section: text.max(100) }).optional(),
  reference: text.max(60),
  /** The date printed on the document (YYYY-MM-DD); it also fixes the PDF's own dates. */
  date: z.iso.date(),
  recipient: z.strictObject({
    /** Absent when the notice is addressed to whoever lives there ("The occupier"). */
    name: text.max(200).optional(),
    addressLines: z.array(text.max(200)).min(1).max(7),
  }),
  sections: z.array(
    z.strictObject({ heading: text.max(200).optional(), paragraphs: z.array(text.max(5_000)).min(1) }),
  ),
  particulars: z.array(z.strictObject({ label: text.max(200), value: text.max(5_000) })),
  issuedBy: z.strictObject({ name: text.max(200), role: text.max(200) }),
  council: z.strictObject({
    name: text.max(200),
    addressLines: z.array(text.max(200)).min(1).max(7),
    logo: CouncilLogo.optional(),
  }),
});
export type Document = z.infer<typeof Document>;

/** The same notice in Welsh and in English, Welsh first: one PDF, one envelope, one hash. */
export const DocumentPack = z
  .strictObject({ versions: z.array(Document).length(2) })
  .refine(
    ({ versions }) =>
      versions[0]?.language === 'cy' &&
      versions[1]?.language === 'en' &&
      versions[0].kind === versions[1].kind &&
      versions[0].reference === versions[1].reference &&
      versions[0].date === versions[1].date,
    { error: 'A pack is the Welsh and then the English version of one document' },
  );
export type DocumentPack = z.infer<typeof DocumentPack>;

export const PrintableDocument = z.union([Document, DocumentPack]);
export type PrintableDocument = z.infer<typeof PrintableDocument>;

/** The language versions of a printable document, in the order they are printed. */
export function versionsOf(document: PrintableDocument): Document[] {
  return 'versions' in document ? document.versions : [document];
}

/** The branding block of a document, taken from the council's configuration. */
export function councilBranding(council: CouncilConfig): Document['council'] {
  return {
    name: council.name,
    addressLines: addressLines(council.address),
    ...(council.logo ? { logo: council.logo } : {}),
  };
}
