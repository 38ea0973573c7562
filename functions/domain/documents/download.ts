/**
 * A notice as served, for staff to download: rendered again from the document kept on the notice
 * (or, for a fixed penalty notice, on the penalty), and handed over only if its bytes hash to the
 * SHA-256 recorded when it was served, the same bytes Notify was given to post. Only staff who
 * may see the case get it (facilitators: cases referred to restorative justice).
 */
import { AppError, conflict, forbidden, notFound } from '../../commons/errors.ts';
import { released } from '../letters/outbox.ts';
import type { Caller, LifecycleDeps } from '../lifecycle/deps.ts';
import { REMOVED } from '../lifecycle/retention.ts';
import { mayView } from '../lifecycle/staff-view.ts';
import { getNotice } from '../notices/notices.ts';
import { getPenalty } from '../penalties/penalties.ts';
import { PrintableDocument } from './model.ts';
import { rendererOf } from './service.ts';

/** A notice's id (`ntc_…`) or a fixed penalty notice's number (`FPN-…`), as the case view lists them. */
export const SERVED_DOCUMENT_ID = /^(ntc_[0-9a-f]{16}|FPN-[0-9]{4}-[0-9]{6}-[0-9A-F]{4})$/;

export interface ServedPdf {
  bytes: Buffer;
  sha256: string;
  /** A file name for the download: the notice's id or number. */
  fileName: string;
}

export async function servedDocumentPdf(
  deps: LifecycleDeps,
  caseRef: string,
  documentId: string,
  caller: Caller,
): Promise<ServedPdf> {
  const c = await deps.store.read(caseRef);
  if (!c) throw notFound('No case with that reference');
  if (!mayView(c, caller)) throw forbidden('This case has not been referred to restorative justice');
  const served = documentId.startsWith('FPN-')
    ? await getPenalty(deps, documentId)
    : await getNotice(deps, documentId);
  if (!served || served.caseRef !== caseRef || !released(c, served))
    throw notFound('No notice with that id on this case');
  if (served.document === (REMOVED as unknown))
    throw new AppError(
      410,
      'DOCUMENT_REMOVED',
      'This notice was removed with the other personal data at the end of the retention period; its hash is still on the notice',
    );
  if (!served.document || !served.documentSha256)
    throw notFound('This notice was served before notices were kept as documents: there is no PDF of it');
  const { bytes, sha256 } = await rendererOf(deps).render(PrintableDocument.parse(served.document));
  if (sha256 !== served.documentSha256) {
    deps.log?.error('a served notice no longer renders to the bytes recorded at service', {
      caseRef,
      documentId,
      recorded: served.documentSha256,
      rendered: sha256,
    });
    throw conflict(
      'DOCUMENT_NOT_REPRODUCIBLE',
      'This notice no longer renders to the exact bytes that were served, so it cannot be given out as the served notice. Ask the team that runs Abate to check the document renderer.',
    );
  }
  deps.log?.info('served notice downloaded', { caseRef, documentId, by: caller.id });
  return { bytes, sha256, fileName: `${documentId}.pdf` };
}
