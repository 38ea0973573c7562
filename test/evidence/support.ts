/** Evidence over HTTP as residents and staff send it: upload links, the bytes, completion; diary sheets. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { asStaff as staffCall, staffToken } from '../support/lifecycle.ts';
import { type ApiResponse, call, type startTestStack } from '../support/local-stack.ts';

export type TestEnv = Awaited<ReturnType<typeof startTestStack>>;

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Small files whose first bytes say what they are, padded with noise so each is different. */
export const sample = {
  mp3: (size = 4096) => Buffer.concat([Buffer.from('ID3\x04\x00\x00', 'latin1'), randomBytes(size - 6)]),
  png: (size = 2048) =>
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]),
  pdf: (size = 1024) => Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), randomBytes(size - 9)]),
  /** A Windows program: never evidence, whatever it is called. */
  exe: (size = 1024) => Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(size - 4)]),
};

/** Every file the local store holds for a case (uploads waiting and files kept), as paths under its folder. */
export function storedFiles(env: TestEnv, caseRef: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(env.stack.evidenceDir, path));
    }
  };
  walk(env.stack.evidenceDir);
  return found.filter((path) => path.includes(caseRef));
}

/** A link the store gave: absolute in AWS, relative to the site locally. */
const absolute = (env: TestEnv, url: string) => (url.startsWith('/') ? `${env.stack.url}${url}` : url);

export async function putBytes(
  env: TestEnv,
  upload: { url: string; headers: Record<string, string> },
  bytes: Uint8Array,
): Promise<number> {
  const response = await fetch(absolute(env, upload.url), {
    method: 'PUT',
    headers: upload.headers,
    // A copy on its own ArrayBuffer: what fetch's body type accepts.
    body: new Uint8Array(bytes),
  });
  await response.arrayBuffer();
  return response.status;
}

export async function download(env: TestEnv, url: string) {
  const response = await fetch(absolute(env, url));
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

export interface Sent {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  /** Declared size, when a test lies about it. */
  size?: number;
  idempotencyKey?: string;
}

type Who = { resident: string } | { staff: string };

function routesFor(who: Who, caseRef: string) {
  return 'resident' in who
    ? { start: `/cases/${caseRef}/uploads`, complete: (id: string) => `/cases/${caseRef}/uploads/${id}` }
    : {
        start: `/cases/${caseRef}/evidence/uploads`,
        complete: (id: string) => `/cases/${caseRef}/evidence/uploads/${id}`,
      };
}

async function headersFor(env: TestEnv, who: Who): Promise<Record<string, string>> {
  return 'resident' in who
    ? { 'x-tracking-token': who.resident }
    : { authorization: `Bearer ${await staffToken(env, who.staff)}` };
}

export async function startUpload(env: TestEnv, who: Who, caseRef: string, file: Sent) {
  return call(env.stack, 'POST', routesFor(who, caseRef).start, {
    json: { fileName: file.fileName, contentType: file.contentType, size: file.size ?? file.bytes.length },
    headers: {
      ...(await headersFor(env, who)),
      ...(file.idempotencyKey ? { 'idempotency-key': file.idempotencyKey } : {}),
    },
  });
}

export async function completeUpload(env: TestEnv, who: Who, caseRef: string, uploadId: string) {
  const response = await call(env.stack, 'POST', routesFor(who, caseRef).complete(uploadId), {
    headers: await headersFor(env, who),
  });
  await env.stack.settle();
  return response;
}

/** Start, send the bytes, complete: what a browser does. Returns the completion's answer. */
export async function upload(env: TestEnv, who: Who, caseRef: string, file: Sent): Promise<ApiResponse> {
  const started = await startUpload(env, who, caseRef, file);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  expect(await putBytes(env, started.body.upload, file.bytes)).toBe(200);
  return completeUpload(env, who, caseRef, String(started.body.uploadId));
}

export const asResident = (trackingToken: string): Who => ({ resident: trackingToken });
export const asStaff = (group: string): Who => ({ staff: group });

export async function residentCall(
  env: TestEnv,
  token: string,
  method: string,
  path: string,
  json?: unknown,
) {
  return call(env.stack, method, path, {
    ...(json !== undefined ? { json } : {}),
    headers: { 'x-tracking-token': token },
  });
}

export const newEntryId = () => randomUUID();

/** The party id of the case's (first) complainant, as the staff view shows it. */
export async function complainantOf(env: TestEnv, caseRef: string): Promise<string> {
  const view = await staffCall(env, 'caseworker', 'GET', `/cases/${caseRef}`);
  const complainant = view.body.parties.find((p: { role: string }) => p.role === 'complainant');
  return String(complainant.partyId);
}

/** A caseworker gives the case's complainant a diary sheet (`body` may say for how many days). */
export async function issueSheet(
  env: TestEnv,
  caseRef: string,
  body: Record<string, unknown> = {},
  idempotencyKey?: string,
) {
  const response = await call(env.stack, 'POST', `/cases/${caseRef}/diary-sheets`, {
    json: { partyId: await complainantOf(env, caseRef), ...body },
    headers: {
      authorization: `Bearer ${await staffToken(env, 'caseworker')}`,
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
  });
  await env.stack.settle();
  return response;
}
