/** Upload details as object metadata (S3 allows ASCII only: names are percent-encoded), and download headers. */
import type { UploadMetadata } from '../../domain/evidence/store.ts';

export function metadataToHeaders(metadata: UploadMetadata): Record<string, string> {
  return {
    'case-ref': metadata.caseRef,
    uploader: metadata.uploader,
    'file-name': encodeURIComponent(metadata.fileName),
    'declared-type': metadata.declaredType,
    'declared-size': String(metadata.declaredSize),
  };
}

export function metadataFromHeaders(headers: Record<string, string>): UploadMetadata | undefined {
  const size = Number(headers['declared-size']);
  if (!headers['case-ref'] || !headers.uploader || !Number.isInteger(size)) return undefined;
  let fileName = headers['file-name'] ?? '';
  try {
    fileName = decodeURIComponent(fileName);
  } catch {
    // Not ours to fail on: the name is only shown.
  }
  return {
    caseRef: headers['case-ref'],
    uploader: headers.uploader,
    fileName,
    declaredType: headers['declared-type'] ?? '',
    declaredSize: size,
  };
}

/** `attachment; filename="plain.mp3"; filename*=UTF-8''na%C3%AFve.mp3`: downloads, never shown inline. */
export function attachment(fileName: string): string {
  const plain = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
