/**
 * The S3 evidence store without AWS: links are signed by the real SDK presigner (no network), and
 * reads and deletes go to a stand-in S3 passed in as the client, which records what it was sent.
 */
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  NoSuchKey,
  type S3Client,
} from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { s3Client, s3EvidenceStore } from '../../functions/adapters/evidence-store/s3.ts';
import { sha256 } from './support.ts';

const clock = { now: () => new Date('2026-11-20T12:00:00Z') };
const metadata = {
  caseRef: 'NN-2026-000001',
  uploader: 'resident:pty_1',
  fileName: 'Nuit blanche – 2am.mp3',
  declaredType: 'audio/mpeg',
  declaredSize: 1234,
};

/** The client the store uses in Lambda, given what Lambda's environment would: presigning needs no network. */
const signingClient = () =>
  s3Client({ region: 'eu-west-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

/** A stand-in S3: answers GetObject from `objects`, lists `versions`, records every command. */
function fakeS3(
  objects: Record<string, { body: Buffer; metadata: Record<string, string> }>,
  versions: string[] = [],
) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      sent.push({ name: command.constructor.name, input: command.input });
      if (command instanceof GetObjectCommand) {
        const found = objects[String(command.input.Key)];
        if (!found) throw new NoSuchKey({ message: 'gone', $metadata: {} });
        // Bytes arrive in pieces, as a network stream delivers them.
        const chunks = [];
        for (let at = 0; at < found.body.length; at += 7) chunks.push(found.body.subarray(at, at + 7));
        return { Body: Readable.from(chunks), Metadata: found.metadata };
      }
      if (command instanceof ListObjectVersionsCommand)
        return {
          Versions: versions.map((VersionId) => ({ Key: command.input.Prefix, VersionId })),
          DeleteMarkers: [{ Key: `${command.input.Prefix}-other`, VersionId: 'not-this-key' }],
          IsTruncated: false,
        };
      return {};
    },
  };
  return { client: client as unknown as S3Client, sent };
}

describe('the S3 evidence store', () => {
  it('signs the content type and length into an upload link, with the uploader as metadata and no checksum of an empty body', async () => {
    const store = s3EvidenceStore(signingClient(), 'abate-prod-evidence-1-eu-west-2', clock);
    const link = await store.uploadLink('pending/NN-2026-000001/up_000000000000000000000000', {
      contentType: 'audio/mpeg',
      size: 1234,
      metadata,
      expiresInSeconds: 900,
    });
    const url = new URL(link.url);
    expect(url.host).toBe('abate-prod-evidence-1-eu-west-2.s3.eu-west-2.amazonaws.com');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('x-amz-meta-uploader')).toBe('resident:pty_1');
    expect(decodeURIComponent(url.searchParams.get('x-amz-meta-file-name') ?? '')).toBe(metadata.fileName);
    expect([...url.searchParams.keys()].some((key) => key.startsWith('x-amz-checksum'))).toBe(false);
    expect(link).toMatchObject({ method: 'PUT', headers: { 'content-type': 'audio/mpeg' } });
  });

  it('signs a download link that saves the file under its name rather than showing it', async () => {
    const store = s3EvidenceStore(signingClient(), 'abate-dev-evidence-1-eu-west-2', clock);
    const url = new URL(
      await store.downloadLink('evidence/NN-2026-000001/ev_000000000000000000000000', {
        fileName: 'Nuit blanche.mp3',
        contentType: 'audio/mpeg',
        expiresInSeconds: 300,
      }),
    );
    expect(url.searchParams.get('response-content-disposition')).toContain('attachment;');
    expect(url.searchParams.get('response-content-type')).toBe('audio/mpeg');
  });

  it('reads any object once in pieces: its size, first bytes, SHA-256 and upload metadata', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 500 }), async (bytes) => {
        const body = Buffer.from(bytes);
        const { client } = fakeS3({
          'pending/a': {
            body,
            metadata: {
              'case-ref': 'NN-2026-000001',
              uploader: 'resident:pty_1',
              'file-name': encodeURIComponent(metadata.fileName),
              'declared-type': 'audio/mpeg',
              'declared-size': '1234',
            },
          },
        });
        const found = await s3EvidenceStore(client, 'b', clock).inspect('pending/a', 64);
        expect(found?.size).toBe(body.length);
        expect(found?.sha256).toBe(sha256(body));
        expect(Buffer.from(found?.head ?? []).equals(body.subarray(0, 64))).toBe(true);
        expect(found?.metadata).toEqual(metadata);
      }),
      { numRuns: 50 },
    );
    const { client } = fakeS3({});
    expect(await s3EvidenceStore(client, 'b', clock).inspect('pending/missing', 64)).toBeUndefined();
  });

  it('deletes every version of exactly the key it is given, and keeps a copy with S3’s own SHA-256', async () => {
    const { client, sent } = fakeS3({}, ['v1', 'v2', 'v3']);
    const store = s3EvidenceStore(client, 'b', clock);
    await store.remove('evidence/NN-2026-000001/ev_000000000000000000000000');
    const deleted = sent.find((command) => command.name === DeleteObjectsCommand.name)?.input as {
      Delete: { Objects: { Key: string; VersionId: string }[] };
    };
    expect(deleted.Delete.Objects).toEqual(
      ['v1', 'v2', 'v3'].map((VersionId) => ({
        Key: 'evidence/NN-2026-000001/ev_000000000000000000000000',
        VersionId,
      })),
    );
    await store.keep('pending/x', 'evidence/x', { contentType: 'audio/mpeg', fileName: 'a.mp3' });
    expect(sent.find((command) => command.name === CopyObjectCommand.name)?.input).toMatchObject({
      CopySource: 'b/pending/x',
      Key: 'evidence/x',
      ContentType: 'audio/mpeg',
      MetadataDirective: 'REPLACE',
      ChecksumAlgorithm: 'SHA256',
    });
  });
});
