/**
 * Evidence files in S3. Uploads and downloads use presigned links, so the bytes never pass
 * through a Lambda; the content type and length are part of an upload link's signature (S3 refuses
 * anything else) and the uploader's details travel in its signed query as object metadata.
 * Reading a file once for its SHA-256 streams it: memory stays flat whatever the size.
 */
import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectVersionsCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Clock } from '../../commons/clock.ts';
import type { EvidenceStore, Inspection } from '../../domain/evidence/store.ts';
import { attachment, metadataFromHeaders, metadataToHeaders } from './metadata.ts';

export function s3Client(config: S3ClientConfig = {}): S3Client {
  // Only checksums S3 requires: the SDK's default adds a CRC32 of an empty body to presigned uploads.
  return new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', ...config });
}

export function s3EvidenceStore(client: S3Client, bucket: string, clock: Clock): EvidenceStore {
  const expiry = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000).toISOString();
  return {
    async uploadLink(key, upload) {
      const url = await getSignedUrl(
        client,
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          ContentType: upload.contentType,
          ContentLength: upload.size,
          Metadata: metadataToHeaders(upload.metadata),
        }),
        { expiresIn: upload.expiresInSeconds, signableHeaders: new Set(['content-type', 'content-length']) },
      );
      return {
        url,
        method: 'PUT',
        headers: { 'content-type': upload.contentType },
        expiresAt: expiry(upload.expiresInSeconds),
      };
    },

    async inspect(key, headBytes): Promise<Inspection | undefined> {
      let response: GetObjectCommandOutput;
      try {
        response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
      const hash = createHash('sha256');
      const head: Uint8Array[] = [];
      let kept = 0;
      let size = 0;
      for await (const chunk of response.Body as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        size += chunk.length;
        if (kept < headBytes) {
          head.push(chunk.subarray(0, headBytes - kept));
          kept += Math.min(chunk.length, headBytes - kept);
        }
      }
      return {
        size,
        head: Buffer.concat(head),
        sha256: hash.digest('hex'),
        metadata: metadataFromHeaders(response.Metadata ?? {}),
      };
    },

    async keep(from, to, file) {
      await client.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: to,
          CopySource: `${bucket}/${from}`,
          MetadataDirective: 'REPLACE',
          ContentType: file.contentType,
          Metadata: { 'file-name': encodeURIComponent(file.fileName) },
          // S3 keeps its own SHA-256 of the copy: a second, independent check the exhibit is unchanged.
          ChecksumAlgorithm: 'SHA256',
        }),
      );
    },

    async remove(key) {
      // The bucket is versioned: deleting for good means deleting every version and delete marker.
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      do {
        const page = await client.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            Prefix: key,
            KeyMarker: keyMarker,
            VersionIdMarker: versionMarker,
          }),
        );
        const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
          .filter((version) => version.Key === key)
          .map((version) => ({ Key: key, VersionId: version.VersionId }));
        if (objects.length)
          await client.send(
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
          );
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
      } while (keyMarker);
    },

    async downloadLink(key, file) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentType: file.contentType,
          ResponseContentDisposition: attachment(file.fileName),
        }),
        { expiresIn: file.expiresInSeconds },
      );
    },
  };
}
