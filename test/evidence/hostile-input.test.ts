/**
 * Hostile input to the resident evidence routes: bodies their schemas refuse get a 4xx with a
 * message per field and write nothing (no table item, no file); a wrong or missing tracking token
 * gets the same 404 as the follow page, whatever else is wrong.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiaryEntryRequest, UploadRequest } from '../../functions/domain/model/requests.ts';
import { countItems, expectRefusal } from '../faults/support.ts';
import { localNow, openCase } from '../support/lifecycle.ts';
import { call, startTestStack } from '../support/local-stack.ts';
import { issueSheet, newEntryId, storedFiles, type TestEnv } from './support.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const RUNS = Number(process.env.ABATE_FUZZ_RUNS ?? 150);

const hostile = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '../../etc/passwd',
    'a/b.mp3',
    '\u0000.mp3',
    'x'.repeat(3_000),
    '99:99',
    '2026-02-30',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
);

/** Valid bodies with one field dropped, replaced or joined by an unknown one; only those the schema refuses. */
function refusedBodies(
  valid: () => Record<string, unknown>,
  schema: { safeParse(v: unknown): { success: boolean } },
) {
  return fc
    .record({ field: fc.nat(), op: fc.constantFrom('drop', 'replace', 'extra'), value: hostile })
    .map(({ field, op, value }) => {
      const body = valid();
      const key = Object.keys(body)[field % Object.keys(body).length] as string;
      if (op === 'drop') delete body[key];
      else if (op === 'replace') body[key] = value;
      else body.unexpected = value;
      return JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
    })
    .filter((body) => !schema.safeParse(body).success);
}

const ukToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(localNow());

describe('hostile input to the resident evidence routes', () => {
  it('upload requests the schema refuses get a 4xx with field messages and nothing is written or stored', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const before = await countItems(env.stack.dynamoEndpoint, env.stack.tableName);
    await fc.assert(
      fc.asyncProperty(
        refusedBodies(
          () => ({ fileName: 'night.mp3', contentType: 'audio/mpeg', size: 1234 }),
          UploadRequest,
        ),
        async (body) => {
          const response = await call(env.stack, 'POST', `/cases/${caseRef}/uploads`, {
            json: body,
            headers: { 'x-tracking-token': trackingToken },
          });
          expectRefusal(response, JSON.stringify(body).slice(0, 200));
        },
      ),
      { numRuns: RUNS },
    );
    expect(await countItems(env.stack.dynamoEndpoint, env.stack.tableName)).toBe(before);
    expect(storedFiles(env, caseRef)).toEqual([]);
  });

  it('diary entries the schema refuses get a 4xx with field messages and the sheet keeps no entry', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const issued = await issueSheet(env, caseRef);
    expect(issued.status).toBe(201);
    const path = `/cases/${caseRef}/diary-sheets/${issued.body.sheetId}/entries`;
    const before = await countItems(env.stack.dynamoEndpoint, env.stack.tableName);
    await fc.assert(
      fc.asyncProperty(
        refusedBodies(
          () => ({
            entryId: newEntryId(),
            date: ukToday(),
            startTime: '23:00',
            endTime: '23:30',
            heard: 'Music',
            effect: 'Kept awake',
          }),
          DiaryEntryRequest,
        ),
        async (body) => {
          const response = await call(env.stack, 'POST', path, {
            json: body,
            headers: { 'x-tracking-token': trackingToken },
          });
          expectRefusal(response, JSON.stringify(body).slice(0, 200));
        },
      ),
      { numRuns: RUNS },
    );
    expect(await countItems(env.stack.dynamoEndpoint, env.stack.tableName)).toBe(before);
    const view = await call(env.stack, 'GET', `/cases/${caseRef}/progress`, {
      headers: { 'x-tracking-token': trackingToken },
    });
    expect(view.body.evidence.diarySheets[0].entries).toEqual([]);
  });

  it('any wrong, missing or foreign tracking token gets the follow page’s 404 on every resident route', async () => {
    const { caseRef } = await openCase(env);
    const other = await openCase(env);
    const routes = [
      `/cases/${caseRef}/uploads`,
      `/cases/${caseRef}/uploads/up_${'0'.repeat(24)}`,
      `/cases/${caseRef}/diary-sheets/ds_${'0'.repeat(24)}/entries`,
      `/cases/${caseRef}/diary-sheets/ds_${'0'.repeat(24)}/submission`,
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(fc.constant(undefined), fc.string({ maxLength: 60 }), fc.constant(other.trackingToken)),
        async (path, token) => {
          const response = await call(env.stack, 'POST', path, {
            json: path.endsWith('/entries')
              ? {
                  entryId: newEntryId(),
                  date: ukToday(),
                  startTime: '23:00',
                  endTime: '23:30',
                  heard: 'x',
                  effect: 'y',
                }
              : path.endsWith('/uploads')
                ? { fileName: 'a.mp3', contentType: 'audio/mpeg', size: 10 }
                : undefined,
            headers: token === undefined ? {} : { 'x-tracking-token': token },
          });
          expect(response.status).toBe(404);
          expect(response.body.error.message).toBe('No case matches that reference and tracking token');
        },
      ),
      { numRuns: 60 },
    );
  });
});
