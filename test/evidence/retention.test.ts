/**
 * When a case's retention ends, its evidence goes with its personal data: files leave the store,
 * and the free text of diary entries, visits, monitoring notes and file names is removed. What
 * stays is the facts: sizes, hashes, dates, outcomes.
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
});
