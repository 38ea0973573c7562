/**
 * A party heard by a whole street: dozens of residents report the same source at the same moment,
 * some of them twice (a double click, a retried request). Every report is accepted once, on one
 * case, with its own tracking token and acknowledgement, and the case's counts equal what is stored.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseView, localNow } from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

async function counter(): Promise<number> {
  const { Item } = await env.db.send(
    new GetCommand({
      TableName: env.stack.tableName,
      Key: { pk: `COUNTER#CASEREF#${localNow().getUTCFullYear()}`, sk: 'COUNTER' },
      ConsistentRead: true,
    }),
  );
  return Number(Item?.next ?? 0);
}

let burst = 0;

async function reportTogether(line1: string, residents: number, twice: number) {
  burst++;
  const reports = Array.from({ length: residents }, (_, i) => ({
    body: complaintBody({
      sourceLine1: line1,
      name: `Resident ${burst}-${i}`,
      email: `r${burst}.${i}@example.com`,
    }),
    key: `burst-${burst}-${i}-${Date.now()}`,
  }));
  // The first `twice` residents' requests go out twice with the same Idempotency-Key.
  const requests = [...reports, ...reports.slice(0, twice)];
  const answers = await Promise.all(
    requests.map((r) =>
      call(env.stack, 'POST', '/complaints', { json: r.body, headers: { 'idempotency-key': r.key } }),
    ),
  );
  return { reports, requests, answers };
}

async function expectExactCounts(caseRef: string, residents: number) {
  await env.stack.settle();
  const view = await caseView(env, caseRef);
  expect(view.case.complaintCount).toBe(residents);
  expect((view as unknown as { complaints: unknown[] }).complaints).toHaveLength(residents);
  expect(view.parties.filter((p) => p.role === 'complainant')).toHaveLength(residents);
  expect(view.outbox.filter((m) => m.template === 'acknowledgement')).toHaveLength(residents);
  expect(
    new Set(view.outbox.filter((m) => m.template === 'acknowledgement').map((m) => m.partyId)).size,
  ).toBe(residents);
}

describe('simultaneous reports about one source', () => {
  it('each of dozens of residents reporting a new source at once gets their own token on one new case, and one case reference is used', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 10, max: 36 }),
        fc.integer({ min: 0, max: 6 }),
        async (residents, twice) => {
          const before = await counter();
          const { reports, requests, answers } = await reportTogether(
            `${Date.now()} Party Street`,
            residents,
            twice,
          );
          expect(answers.map((a) => a.status)).toEqual(requests.map(() => 201));
          const caseRefs = new Set(answers.map((a) => a.body.caseRef));
          expect(caseRefs.size).toBe(1);
          // Duplicates got the first answer; different residents got different tokens.
          const tokenOf = new Map<string, string>();
          requests.forEach((r, i) => {
            const token = String(answers[i]?.body.trackingToken);
            const earlier = tokenOf.get(r.key);
            if (earlier) expect(token).toBe(earlier);
            tokenOf.set(r.key, token);
          });
          expect(new Set(tokenOf.values()).size).toBe(reports.length);
          expect(answers.filter((a) => a.body.joinedExistingCase === false).length).toBeGreaterThanOrEqual(1);
          expect(await counter()).toBe(before + 1);
          await expectExactCounts(String([...caseRefs][0]), residents);
        },
      ),
      { numRuns: 4, seed: 77, endOnFailure: true },
    );
  }, 240_000);

  it('a burst joining a case already open adds every report once, with no server errors', async () => {
    const line1 = `${Date.now()} Crowded Court`;
    const first = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({ sourceLine1: line1 }),
    });
    expect(first.status).toBe(201);
    await env.stack.settle();
    const before = await counter();
    const { answers } = await reportTogether(line1, 30, 5);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(new Set(answers.map((a) => a.body.caseRef))).toEqual(new Set([first.body.caseRef]));
    expect(await counter()).toBe(before);
    await expectExactCounts(String(first.body.caseRef), 31);
  }, 120_000);
});
