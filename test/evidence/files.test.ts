/**
 * Evidence files over HTTP on the local stack: residents (tracking token) and officers upload
 * through a signed link to the data folder, as they would to S3; Abate judges each file on its
 * content, records its SHA-256 and keeps it, or refuses it with a clear message and keeps nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseView, openCase, openTask, asStaff as staffCall } from '../support/lifecycle.ts';
import { call, startTestStack } from '../support/local-stack.ts';
import {
  asResident,
  asStaff,
  completeUpload,
  download,
  putBytes,
  sample,
  sha256,
  startUpload,
  storedFiles,
  type TestEnv,
  upload,
} from './support.ts';

let env: TestEnv;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const MB = 1024 * 1024;

async function evidenceOf(caseRef: string) {
  const view = await staffCall(env, 'caseworker', 'GET', `/cases/${caseRef}`);
  expect(view.status).toBe(200);
  return view.body.evidence as {
    files: {
      fileId: string;
      fileName: string;
      contentType: string;
      kind: string;
      size: number;
      sha256: string;
      addedBy: { kind: string; id: string };
      reviewTaskId?: string;
      review?: { outcome: string };
    }[];
  };
}

describe('a file a resident sends', () => {
  it('is kept with the SHA-256 of its bytes, raises a review task and is on the timeline as theirs', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const bytes = sample.mp3(300_000);
    const kept = await upload(env, asResident(trackingToken), caseRef, {
      fileName: 'Party next door 2am.mp3',
      contentType: 'audio/mpeg',
      bytes,
    });
    expect(kept.status, JSON.stringify(kept.body)).toBe(201);
    expect(kept.body).toMatchObject({
      fileName: 'Party next door 2am.mp3',
      contentType: 'audio/mpeg',
      kind: 'recording',
      size: bytes.length,
      sha256: sha256(bytes),
    });

    const { files } = await evidenceOf(caseRef);
    expect(files).toHaveLength(1);
    expect(files[0]?.sha256).toBe(sha256(bytes));
    expect(files[0]?.addedBy.kind).toBe('resident');
    const task = await openTask(env, caseRef, 'review-evidence', 'caseworker');
    expect(task.taskId).toBe(files[0]?.reviewTaskId);

    const view = await caseView(env, caseRef);
    const added = view.timeline.find((event) => event.type === 'EvidenceFileAdded');
    expect(added?.actor.kind).toBe('resident');
    expect(added?.data).toMatchObject({ fileId: files[0]?.fileId, sha256: sha256(bytes) });

    // An officer downloads exactly the bytes that were sent: the recorded hash proves it.
    const link = await staffCall(env, 'caseworker', 'GET', `/cases/${caseRef}/evidence/${files[0]?.fileId}`);
    expect(link.status).toBe(200);
    const fetched = await download(env, link.body.download.url);
    expect(fetched.status).toBe(200);
    expect(sha256(fetched.bytes)).toBe(files[0]?.sha256);
    expect(fetched.headers.get('content-disposition')).toContain('attachment');
    expect(fetched.headers.get('content-type')).toBe('audio/mpeg');

    // Nothing waits in the upload area once the file is kept.
    expect(storedFiles(env, caseRef).filter((path) => path.startsWith('pending/'))).toEqual([]);
  });

  it('shows on their follow page, and on no other resident’s', async () => {
    const first = await openCase(env, { sourceLine1: `12 Shared Road ${process.pid}` });
    const second = await openCase(env, { sourceLine1: `12 Shared Road ${process.pid}`, name: 'Bea Other' });
    expect(second.caseRef).toBe(first.caseRef);
    const bytes = sample.png();
    const kept = await upload(env, asResident(first.trackingToken), first.caseRef, {
      fileName: 'speaker in window.png',
      contentType: 'image/png',
      bytes,
    });
    expect(kept.status).toBe(201);
    const progressOf = async (token: string) =>
      (
        await call(env.stack, 'GET', `/cases/${first.caseRef}/progress`, {
          headers: { 'x-tracking-token': token },
        })
      ).body;
    const mine = await progressOf(first.trackingToken);
    expect(mine.evidence.files).toEqual([
      expect.objectContaining({ fileName: 'speaker in window.png', sha256: sha256(bytes), reviewed: false }),
    ]);
    const theirs = await progressOf(second.trackingToken);
    expect(theirs.evidence.files).toEqual([]);
  });

  it('is one exhibit however often it is sent: a retried completion and the same bytes again', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const bytes = sample.mp3();
    const file = { fileName: 'clip.mp3', contentType: 'audio/mpeg', bytes };
    const started = await startUpload(env, asResident(trackingToken), caseRef, file);
    expect(await putBytes(env, started.body.upload, bytes)).toBe(200);
    const first = await completeUpload(env, asResident(trackingToken), caseRef, started.body.uploadId);
    const retried = await completeUpload(env, asResident(trackingToken), caseRef, started.body.uploadId);
    expect(first.status).toBe(201);
    expect(retried.status).toBe(201);
    expect(retried.body.fileId).toBe(first.body.fileId);

    const again = await upload(env, asResident(trackingToken), caseRef, file);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ fileId: first.body.fileId, duplicate: true });

    expect((await evidenceOf(caseRef)).files).toHaveLength(1);
    const view = await caseView(env, caseRef);
    expect(view.tasks.filter((task) => task.type === 'review-evidence')).toHaveLength(1);
    expect(storedFiles(env, caseRef)).toHaveLength(2); // the file and its sidecar
  });

  it('with the same Idempotency-Key, a retried start gives the same upload', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const file = {
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      bytes: sample.pdf(),
      idempotencyKey: 'key-12345678',
    };
    const one = await startUpload(env, asResident(trackingToken), caseRef, file);
    const two = await startUpload(env, asResident(trackingToken), caseRef, file);
    expect(two.body.uploadId).toBe(one.body.uploadId);
  });
});

describe('a refused file', () => {
  it('over the size limit is refused before any byte is sent, with a clear message, and nothing is stored', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const before = (await caseView(env, caseRef)).case.version;
    const refused = await startUpload(env, asResident(trackingToken), caseRef, {
      fileName: 'whole night.mp3',
      contentType: 'audio/mpeg',
      bytes: sample.mp3(),
      size: 51 * MB,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The selected file must be smaller than 50MB',
      fields: [{ path: 'file', message: 'The selected file must be smaller than 50MB' }],
    });
    expect(storedFiles(env, caseRef)).toEqual([]);
    expect((await caseView(env, caseRef)).case.version).toBe(before);
  });

  it('that is not a recording, photo or document is refused whatever it is called, and nothing is stored', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const before = await caseView(env, caseRef);
    const refused = await upload(env, asResident(trackingToken), caseRef, {
      fileName: 'recording.mp3',
      contentType: 'audio/mpeg',
      bytes: sample.exe(),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(refused.body.error.message).toMatch(/^The selected file must be an MP3, .* or PDF$/);
    expect(storedFiles(env, caseRef)).toEqual([]);
    const after = await caseView(env, caseRef);
    expect(after.case.version).toBe(before.case.version);
    expect((after as unknown as { evidence: { files: unknown[] } }).evidence.files).toEqual([]);
    expect(after.tasks.filter((task) => task.type === 'review-evidence')).toEqual([]);
  });

  it('that says it is one type but is another is refused, naming both', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const refused = await upload(env, asResident(trackingToken), caseRef, {
      fileName: 'photo.mp3',
      contentType: 'audio/mpeg',
      bytes: sample.png(),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      'The selected file is not what it says it is: it was sent as MP3 but it is a PNG',
    );
    expect(storedFiles(env, caseRef)).toEqual([]);
  });

  it('of a type the council does not accept is refused before upload', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const refused = await startUpload(env, asResident(trackingToken), caseRef, {
      fileName: 'setup.exe',
      contentType: 'application/x-msdownload',
      bytes: sample.exe(),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].path).toBe('file');
  });

  it('cannot be sent with more bytes than its link was signed for', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const started = await startUpload(env, asResident(trackingToken), caseRef, {
      fileName: 'short.mp3',
      contentType: 'audio/mpeg',
      bytes: sample.mp3(1000),
    });
    expect(await putBytes(env, started.body.upload, sample.mp3(5000))).toBe(403);
    expect(
      await putBytes(
        env,
        { ...started.body.upload, headers: { 'content-type': 'image/png' } },
        sample.mp3(1000),
      ),
    ).toBe(403);
    expect(storedFiles(env, caseRef)).toEqual([]);
  });

  it('cannot be sent once its link has expired', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const bytes = sample.pdf();
    const started = await startUpload(env, asResident(trackingToken), caseRef, {
      fileName: 'late.pdf',
      contentType: 'application/pdf',
      bytes,
    });
    // Links last 15 minutes (policy), on the stack's clock.
    await env.stack.advanceClock(16 * 60_000);
    expect(await putBytes(env, started.body.upload, bytes)).toBe(403);
    expect(storedFiles(env, caseRef)).toEqual([]);
  });

  it('cannot be completed by someone else, or for another case', async () => {
    const mine = await openCase(env);
    const other = await openCase(env);
    const started = await startUpload(env, asResident(mine.trackingToken), mine.caseRef, {
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      bytes: sample.pdf(),
    });
    await putBytes(env, started.body.upload, sample.pdf());
    const stolen = await completeUpload(
      env,
      asResident(other.trackingToken),
      other.caseRef,
      started.body.uploadId,
    );
    expect(stolen.status).toBe(404);
    const wrongToken = await completeUpload(
      env,
      asResident(other.trackingToken),
      mine.caseRef,
      started.body.uploadId,
    );
    expect(wrongToken.status).toBe(404);
  });
});

describe('files staff add and read', () => {
  it("an officer's file is reviewed by the officer who adds it and raises no task", async () => {
    const { caseRef } = await openCase(env);
    const kept = await upload(env, asStaff('caseworker'), caseRef, {
      fileName: 'statement.pdf',
      contentType: 'application/pdf',
      bytes: sample.pdf(),
    });
    expect(kept.status).toBe(201);
    expect(kept.body.review).toMatchObject({ outcome: 'added-by-officer' });
    const view = await caseView(env, caseRef);
    expect(view.tasks.filter((task) => task.type === 'review-evidence')).toEqual([]);
  });

  it('a facilitator cannot read a file of a case not referred to restorative justice', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const kept = await upload(env, asResident(trackingToken), caseRef, {
      fileName: 'clip.mp3',
      contentType: 'audio/mpeg',
      bytes: sample.mp3(),
    });
    const path = `/cases/${caseRef}/evidence/${kept.body.fileId}`;
    const refused = await staffCall(env, 'facilitator', 'GET', path);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('This case has not been referred to restorative justice');
    expect(refused.body.download).toBeUndefined();
    expect((await staffCall(env, 'caseworker', 'GET', path)).status).toBe(200);
    // Nor may they add files to it.
    const adding = await startUpload(env, asStaff('facilitator'), caseRef, {
      fileName: 'b.pdf',
      contentType: 'application/pdf',
      bytes: sample.pdf(),
    });
    expect(adding.status).toBe(403);
  });

  it('a caseworker reviews what a resident sent, and the review is kept on the file', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    await upload(env, asResident(trackingToken), caseRef, {
      fileName: 'clip.mp3',
      contentType: 'audio/mpeg',
      bytes: sample.mp3(),
    });
    const task = await openTask(env, caseRef, 'review-evidence', 'caseworker');
    const decided = await staffCall(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'supports-complaint',
      reason: 'Bass clearly audible through the wall at 02:10',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const { files } = await evidenceOf(caseRef);
    expect(files[0]?.review).toMatchObject({ outcome: 'supports-complaint' });
    const view = await caseView(env, caseRef);
    expect(view.timeline.map((event) => event.type)).toContain('EvidenceReviewed');
  });
});

describe('properties', () => {
  it('any bytes uploaded come back byte for byte with the SHA-256 recorded at upload', async () => {
    const { caseRef } = await openCase(env);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 20_000 }), async (tail) => {
        const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n', 'latin1'), tail]);
        const kept = await upload(env, asStaff('caseworker'), caseRef, {
          fileName: 'exhibit.pdf',
          contentType: 'application/pdf',
          bytes,
        });
        expect([200, 201]).toContain(kept.status);
        expect(kept.body.sha256).toBe(sha256(bytes));
        const link = await staffCall(
          env,
          'caseworker',
          'GET',
          `/cases/${caseRef}/evidence/${kept.body.fileId}`,
        );
        const fetched = await download(env, link.body.download.url);
        expect(Buffer.compare(fetched.bytes, bytes)).toBe(0);
        expect(sha256(fetched.bytes)).toBe(link.body.file.sha256);
      }),
      { numRuns: 12 },
    );
  });

  it('content with a disallowed signature is refused over HTTP whatever type is declared', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const signatures = ['MZ', '\x7fELF', 'PK\x03\x04', '<html>', 'GIF89a', '#!/bin/sh\n', 'BM'];
    const declared = ['audio/mpeg', 'image/png', 'application/pdf', 'video/mp4', ''];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...signatures),
        fc.constantFrom(...declared),
        fc.uint8Array({ minLength: 16, maxLength: 512 }),
        async (signature, contentType, tail) => {
          const bytes = Buffer.concat([Buffer.from(signature, 'latin1'), tail]);
          const refused = await upload(env, asResident(trackingToken), caseRef, {
            fileName: 'evidence',
            contentType,
            bytes,
          });
          expect(refused.status).toBe(400);
          expect(refused.body.error.code).toBe('VALIDATION_FAILED');
          expect(storedFiles(env, caseRef)).toEqual([]);
        },
      ),
      { numRuns: 15 },
    );
  });
});
