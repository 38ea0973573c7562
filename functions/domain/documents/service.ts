/**
 * Hashing a document when it is served: the step renders it once, records the SHA-256 of the PDF
 * on the notice (and on the penalty, for a fixed penalty notice), and keeps the document itself,
 * which is what the drain posts and what staff download. Both render it again to the same bytes.
 */
import type { PrintableDocument } from './model.ts';
import type { DocumentRenderer } from './pdf.ts';

export interface ServedDocument {
  document: PrintableDocument;
  documentSha256: string;
}

/** The renderer this function was given, or a clear failure: only the serving functions have one. */
export function rendererOf(deps: { documents?: DocumentRenderer | undefined }): DocumentRenderer {
  if (!deps.documents)
    throw new Error(
      'this function cannot render notices: give it a document renderer (LifecycleDeps.documents)',
    );
  return deps.documents;
}

export async function hashForService(
  deps: { documents?: DocumentRenderer | undefined },
  document: PrintableDocument | undefined,
): Promise<ServedDocument | undefined> {
  if (!document) return undefined;
  const { sha256 } = await rendererOf(deps).render(document);
  return { document, documentSha256: sha256 };
}
