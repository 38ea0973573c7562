/**
 * When a case's retention ends, its evidence goes with its personal data: files leave the store,
 * and the free text of diary entries, visits, monitoring notes and file names is removed. What
 * stays is the facts: sizes, hashes, dates, outcomes. Recordings go sooner (two years after
 * closure by default, against six): their content only, the record and the rest of the case stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asStaff, caseView, decide, localNow, openCase } from '../support/lifecycle.ts';
import { startTestStack } from '../support/local-stack.ts';
import {
  asResident,
  issueSheet,
  newEntryId,
  residentCall,
  sample,
  sha256,
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

const DAY_MS = 86_400_000;
const ukDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

describe('evidence at the end of retention', () => {
  it('files leave the store and evidence free text is removed; hashes, sizes and dates stay', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const bytes = sample.mp3();
    const kept = await upload(env, asResident(trackingToken), caseRef, {
      fileName: 'Ann at 1 Mare Street.mp3',
      contentType: 'audio/mpeg',
      bytes,
    });
    expect(kept.status).toBe(201);
    const issued = await issueSheet(env, caseRef);
    const saved = await residentCall(
      env,
      trackingToken,
      'POST',
      `/cases/${caseRef}/diary-sheets/${issued.body.sheetId}/entries`,
      {
        entryId: newEntryId(),
        date: ukDate(localNow()),
        startTime: '23:00',
        endTime: '23:45',
        heard: 'Shouting by Mr Secret Neighbour',
        effect: 'My daughter Private Name could not sleep',
      },
    );
    expect(saved.status).toBe(200);
    const visited = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/visits`, {
      visitedAt: new Date(localNow().getTime() - 3_600_000).toISOString(),
      location: 'Outside Flat 9 Hidden Court',
      description: 'Heard Mr Secret Neighbour shouting',
      amountsTo: 'nuisance',
      statement: 'Statement naming Mr Secret Neighbour',
    });
    expect(visited.status).toBe(201);
    expect(storedFiles(env, caseRef).length).toBeGreaterThan(0);

    await decide(env, caseRef, 'triage', 'no-further-action');
    expect((await caseView(env, caseRef)).case.status).toBe('closed');
    await env.stack.advanceClock(6 * 366 * DAY_MS + 2 * DAY_MS);

    expect(storedFiles(env, caseRef)).toEqual([]);
    const view = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`);
    const text = JSON.stringify(view.body);
    for (const gone of ['Ann at 1 Mare Street', 'Secret Neighbour', 'Private Name', 'Hidden Court']) {
      expect(text).not.toContain(gone);
    }
    const [file] = view.body.evidence.files;
    expect(file).toMatchObject({ sha256: sha256(bytes), size: bytes.length, kind: 'recording' });
    // Read the stored items themselves: a draft diary entry never reaches the staff view.
    const stored = JSON.stringify(await env.partition(`CASE#${caseRef}`));
    for (const gone of ['Secret Neighbour', 'Private Name', 'Hidden Court', 'Ann at 1 Mare Street'])
      expect(stored).not.toContain(gone);
    expect(stored).toContain('"startTime":"23:00"');
    expect(view.body.evidence.diarySheets[0].entriesSaved).toBe(1);
    const link = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}/evidence/${file.fileId}`);
    expect(link.status).toBe(404);
    expect(link.body.error.code).toBe('FILE_DELETED');
  });

  it('two years after closure the recordings lose their content and nothing else does; four years on the rest goes', async () => {
    const { caseRef, trackingToken } = await openCase(env, { name: 'Kept Complainant' });
    const recording = sample.mp3();
    const photo = sample.png();
    for (const [fileName, contentType, bytes] of [
      ['night.mp3', 'audio/mpeg', recording],
      ['speaker.png', 'image/png', photo],
    ] as const) {
      const kept = await upload(env, asResident(trackingToken), caseRef, { fileName, contentType, bytes });
      expect(kept.status, JSON.stringify(kept.body)).toBe(201);
    }
    await decide(env, caseRef, 'triage', 'no-further-action');
    const closed = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`);
    expect(closed.body.case.status).toBe('closed');
    const { closedAt, recordingsRetainUntil, retainUntil } = closed.body.case as {
      closedAt: string;
      recordingsRetainUntil: string;
      retainUntil: string;
    };
    const years = (from: string, to: string) =>
      new Date(to).getUTCFullYear() - new Date(from).getUTCFullYear();
    expect(years(closedAt, recordingsRetainUntil)).toBe(2);
    expect(years(closedAt, retainUntil)).toBe(6);
    const ids = closed.body.evidence.files.map((f: { fileId: string }) => f.fileId) as string[];
    const kept = () => ids.filter((id) => storedFiles(env, caseRef).some((path) => path.includes(id)));
    expect(kept()).toHaveLength(2);

    // The day before: nothing has gone.
    await env.stack.advanceClock(Date.parse(recordingsRetainUntil) - localNow().getTime() - DAY_MS);
    expect(kept()).toHaveLength(2);
    await env.stack.advanceClock(2 * DAY_MS);

    const view = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`);
    const files = view.body.evidence.files as { fileId: string; kind: string; contentDeletedAt?: string }[];
    const gone = files.find((f) => f.kind === 'recording');
    const stays = files.find((f) => f.kind === 'photo');
    expect(gone).toMatchObject({ sha256: sha256(recording), size: recording.length });
    expect(gone?.contentDeletedAt).toBeDefined();
    expect(stays?.contentDeletedAt).toBeUndefined();
    expect(kept()).toEqual([stays?.fileId]);
    const refused = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}/evidence/${gone?.fileId}`);
    expect(refused.status).toBe(404);
    expect(refused.body.error).toMatchObject({ code: 'FILE_DELETED' });
    expect(refused.body.error.message).toMatch(/retention period for recordings/);
    const link = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}/evidence/${stays?.fileId}`);
    expect(link.status).toBe(200);
    expect(JSON.stringify(view.body)).toContain('Kept Complainant');
    expect(view.body.case.anonymisedAt).toBeUndefined();
    expect(view.body.case.recordingsRetainUntil).toBeUndefined();
    expect(view.body.case.retainUntil).toBe(retainUntil);
    const deleted = view.body.timeline.filter((e: { type: string }) => e.type === 'RecordingsDeleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0].data).toMatchObject({ files: 1 });

    // Another sweep changes nothing; at six years the rest goes.
    await env.stack.advanceClock(DAY_MS);
    const again = await caseView(env, caseRef);
    expect(again.timeline.filter((e) => e.type === 'RecordingsDeleted')).toHaveLength(1);
    await env.stack.advanceClock(Date.parse(retainUntil) - localNow().getTime() + DAY_MS);
    expect(storedFiles(env, caseRef)).toEqual([]);
    const anonymised = await caseView(env, caseRef);
    expect(anonymised.case.anonymisedAt).toBeDefined();
    expect(JSON.stringify(anonymised)).not.toContain('Kept Complainant');
  });

  it('a case reopened before its recordings are due keeps them, and closing it again starts the period again', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const kept = await upload(env, asResident(trackingToken), caseRef, {
      fileName: 'night.mp3',
      contentType: 'audio/mpeg',
      bytes: sample.mp3(),
    });
    expect(kept.status).toBe(201);
    await decide(env, caseRef, 'triage', 'no-further-action');
    await env.stack.advanceClock(400 * DAY_MS);
    const reopened = await asStaff(env, 'manager', 'POST', `/cases/${caseRef}/reopening`, {
      reason: 'The noise has started again',
    });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    await env.stack.settle();
    expect((await caseView(env, caseRef)).case).not.toHaveProperty('recordingsRetainUntil');
    await decide(env, caseRef, 'triage', 'no-further-action');
    const closedAgain = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`);
    expect(Date.parse(closedAgain.body.case.recordingsRetainUntil)).toBeGreaterThan(
      localNow().getTime() + 700 * DAY_MS,
    );

    // Two years after the first closure, but under a year after the second: still there.
    await env.stack.advanceClock(400 * DAY_MS);
    const view = await caseView(env, caseRef);
    expect(view.timeline.map((e) => e.type)).not.toContain('RecordingsDeleted');
    expect(storedFiles(env, caseRef).length).toBeGreaterThan(0);
  });
});
