/**
 * Where evidence files live, as the domain needs it: S3 in AWS, the data folder locally (see
 * `functions/adapters/evidence-store/`). Uploads go straight to the store through a short-lived
 * link, never through a Lambda; the domain then reads what arrived once, judges it and keeps it.
 */

/** What an upload link carries to the store with the bytes, and what `inspect` gives back. */
export interface UploadMetadata {
  caseRef: string;
  /** `resident:<partyId>` or `staff:<userId>`: only the same uploader may complete the upload. */
  uploader: string;
  fileName: string;
  declaredType: string;
  declaredSize: number;
}

export interface UploadLink {
  url: string;
  method: 'PUT';
  /** Headers the upload must send exactly as given (they are part of the signature). */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface Inspection {
  size: number;
  /** The first bytes, for recognising the file's type from its content. */
  head: Uint8Array;
  /** Hex SHA-256 of every byte stored, computed as the store hands them over. */
  sha256: string;
  metadata: UploadMetadata | undefined;
}

export interface EvidenceStore {
  /** A link that accepts exactly `size` bytes of `contentType` at `key` until it expires. */
  uploadLink(
    key: string,
    upload: { contentType: string; size: number; metadata: UploadMetadata; expiresInSeconds: number },
  ): Promise<UploadLink>;
  /** Reads the object once: its size, first `headBytes` bytes and SHA-256; undefined when absent. */
  inspect(key: string, headBytes: number): Promise<Inspection | undefined>;
  /** Copies an accepted upload to where evidence is kept, labelled with its checked type. */
  keep(from: string, to: string, file: { contentType: string; fileName: string }): Promise<void>;
  /** Deletes an object and every earlier version of it; nothing there is not an error. */
  remove(key: string): Promise<void>;
  /** A link that downloads the object as an attachment, until it expires. */
  downloadLink(
    key: string,
    file: { fileName: string; contentType: string; expiresInSeconds: number },
  ): Promise<string>;
}

const CASE_PART = /^NN-\d{4}-\d{6}$/;
const ID_PART = /^[a-z]{2,3}_[0-9a-f]{16,32}$/;

/** Where an upload waits until it is judged: an unfinished one expires from there on its own. */
export function pendingKey(caseRef: string, uploadId: string): string {
  return checkedKey('pending', caseRef, uploadId);
}

/** Where a file judged acceptable is kept for as long as its case is. */
export function keptKey(caseRef: string, fileId: string): string {
  return checkedKey('evidence', caseRef, fileId);
}

/** Keys are built from checked parts only, so no request can name a path of its own. */
function checkedKey(prefix: string, caseRef: string, id: string): string {
  if (!CASE_PART.test(caseRef) || !ID_PART.test(id)) throw new Error(`not an evidence key: ${caseRef}/${id}`);
  return `${prefix}/${caseRef}/${id}`;
}

export const EVIDENCE_KEY = /^(pending|evidence)\/NN-\d{4}-\d{6}\/[a-z]{2,3}_[0-9a-f]{16,32}$/;
