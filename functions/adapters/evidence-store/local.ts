/**
 * Evidence files on this machine, under the data folder, behaving as S3 does for Abate: links
 * are signed (HMAC with a key the local stack makes at start) and expire on the local clock; an
 * upload must send exactly the signed content type and length; the uploader's details travel in
 * the signed link and are stored beside the file. The local gateway serves the links through
 * `serveLocalEvidence`, streaming bytes to disk, so its 10 MB body limit does not apply.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { Clock } from '../../commons/clock.ts';
import { EVIDENCE_KEY, type EvidenceStore, type UploadMetadata } from '../../domain/evidence/store.ts';
import { attachment } from './metadata.ts';

export const LOCAL_EVIDENCE_PATH = '/_local/evidence-store/';

export interface LocalEvidenceConfig {
  /** The folder files live in (`<data folder>/evidence`). */
  dir: string;
  /** Signs links; made afresh when the local stack starts, so old links stop working. */
  signingKey: string;
  clock: Clock;
}

interface Sidecar {
  contentType: string;
  fileName: string;
  metadata?: UploadMetadata;
}

const pathOf = (config: LocalEvidenceConfig, key: string) => {
  if (!EVIDENCE_KEY.test(key)) throw new Error(`not an evidence key: ${key}`);
  return join(config.dir, key);
};
const sidecarOf = (path: string) => `${path}.meta.json`;

function sign(config: LocalEvidenceConfig, parts: string[]): string {
  return createHmac('sha256', config.signingKey).update(parts.join('\n')).digest('base64url');
}

function linkFor(config: LocalEvidenceConfig, key: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params);
  query.set('sig', sign(config, [key, ...Object.entries(params).map(([name, value]) => `${name}=${value}`)]));
  return `${LOCAL_EVIDENCE_PATH}${key}?${query}`;
}

async function readSidecar(path: string): Promise<Sidecar | undefined> {
  try {
    return JSON.parse(await readFile(sidecarOf(path), 'utf8')) as Sidecar;
  } catch {
    return undefined;
  }
}

export function localEvidenceStore(config: LocalEvidenceConfig): EvidenceStore {
  const expiresAt = (seconds: number) => new Date(config.clock.now().getTime() + seconds * 1000);
  return {
    async uploadLink(key, upload) {
      pathOf(config, key);
      const expires = expiresAt(upload.expiresInSeconds);
      const url = linkFor(config, key, {
        op: 'put',
        expires: String(expires.getTime()),
        type: upload.contentType,
        size: String(upload.size),
        meta: Buffer.from(JSON.stringify(upload.metadata)).toString('base64url'),
      });
      return {
        url,
        method: 'PUT',
        headers: { 'content-type': upload.contentType },
        expiresAt: expires.toISOString(),
      };
    },

    async inspect(key, headBytes) {
      const path = pathOf(config, key);
      const sidecar = await readSidecar(path);
      if (!sidecar) return undefined;
      const hash = createHash('sha256');
      const head: Buffer[] = [];
      let kept = 0;
      let size = 0;
      try {
        for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
          hash.update(chunk);
          size += chunk.length;
          if (kept < headBytes) {
            head.push(chunk.subarray(0, headBytes - kept));
            kept += Math.min(chunk.length, headBytes - kept);
          }
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      return { size, head: Buffer.concat(head), sha256: hash.digest('hex'), metadata: sidecar.metadata };
    },

    async keep(from, to, file) {
      const source = pathOf(config, from);
      const target = pathOf(config, to);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(source, `${target}.part`);
      await rename(`${target}.part`, target);
      await writeFile(
        sidecarOf(target),
        JSON.stringify({ contentType: file.contentType, fileName: file.fileName }),
      );
    },

    async remove(key) {
      const path = pathOf(config, key);
      await rm(path, { force: true });
      await rm(sidecarOf(path), { force: true });
    },

    async downloadLink(key, file) {
      pathOf(config, key);
      return linkFor(config, key, {
        op: 'get',
        expires: String(expiresAt(file.expiresInSeconds).getTime()),
        type: file.contentType,
        name: file.fileName,
      });
    },
  };
}

function reply(response: ServerResponse, status: number, message: string) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(message);
}

/** Checks a link's signature and expiry; the parameters it was signed with, or undefined. */
function verified(config: LocalEvidenceConfig, key: string, query: URLSearchParams, op: string) {
  const params = Object.fromEntries([...query.entries()].filter(([name]) => name !== 'sig'));
  if (params.op !== op) return undefined;
  const expected = Buffer.from(sign(config, [key, ...Object.entries(params).map(([n, v]) => `${n}=${v}`)]));
  const given = Buffer.from(query.get('sig') ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (Number(params.expires) < config.clock.now().getTime()) return undefined;
  return params;
}

/**
 * Serves a signed link the way S3 would: PUT stores exactly the signed bytes, GET downloads a kept
 * file as an attachment. False when the request is not for the local evidence store.
 */
export async function serveLocalEvidence(
  config: LocalEvidenceConfig,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith(LOCAL_EVIDENCE_PATH)) return false;
  const key = url.pathname.slice(LOCAL_EVIDENCE_PATH.length);
  if (!EVIDENCE_KEY.test(key)) {
    reply(response, 404, 'NoSuchKey');
    return true;
  }
  const path = pathOf(config, key);
  if (request.method === 'PUT' && key.startsWith('pending/')) {
    const params = verified(config, key, url.searchParams, 'put');
    if (!params) {
      reply(response, 403, 'SignatureDoesNotMatch or the link expired');
      return true;
    }
    const size = Number(params.size);
    if ((request.headers['content-type'] ?? '') !== params.type) {
      reply(response, 403, 'SignatureDoesNotMatch: send the content type the link was made for');
      return true;
    }
    if (Number(request.headers['content-length']) !== size) {
      reply(response, 403, 'SignatureDoesNotMatch: send exactly the number of bytes the link was made for');
      return true;
    }
    await mkdir(dirname(path), { recursive: true });
    const part = `${path}.${process.pid}.part`;
    let received = 0;
    const out = createWriteStream(part);
    try {
      for await (const chunk of request as AsyncIterable<Buffer>) {
        received += chunk.length;
        if (received > size) break;
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
    } finally {
      await new Promise<void>((resolve) => out.end(() => resolve()));
    }
    if (received !== size) {
      await rm(part, { force: true });
      reply(response, 400, 'IncompleteBody: the body is not the signed length');
      return true;
    }
    const metadata = JSON.parse(
      Buffer.from(params.meta ?? '', 'base64url').toString('utf8'),
    ) as UploadMetadata;
    await rename(part, path);
    await writeFile(
      sidecarOf(path),
      JSON.stringify({ contentType: params.type, fileName: metadata.fileName, metadata }),
    );
    response.writeHead(200, { 'cache-control': 'no-store' });
    response.end();
    return true;
  }
  if (request.method === 'GET' && key.startsWith('evidence/')) {
    const params = verified(config, key, url.searchParams, 'get');
    if (!params) {
      reply(response, 403, 'SignatureDoesNotMatch or the link expired');
      return true;
    }
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      reply(response, 404, 'NoSuchKey');
      return true;
    }
    response.writeHead(200, {
      'content-type': params.type ?? 'application/octet-stream',
      'content-length': String(size),
      'content-disposition': attachment(params.name ?? 'evidence'),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    for await (const chunk of createReadStream(path)) response.write(chunk);
    response.end();
    return true;
  }
  reply(response, 405, 'MethodNotAllowed');
  return true;
}
