/**
 * A refused request writes nothing: for any sequence of casework actions refused with 409, every
 * case involved (its item, audit trail and everything listed under it), the source pointers and
 * the case reference counter are exactly as they were.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseView, decide, localNow } from '../support/lifecycle.ts';
import { type ApiResponse, call, complaintBody, startTestStack } from '../support/local-stack.ts';
import { caseworker, manager, snapshot, storedCase, type TestEnv } from './support.ts';

let env: TestEnv;

interface Cases {
  /** Closed after triage. */
  closed: string;
  closedComplaint: string;
  closedComplainant: string;
  /** Open, one report, workflow running. */
  open: string;
  openComplaint: string;
  /** Merged into `survivor`. */
  merged: string;
  survivor: string;
  /** A warning in force. */
  warned: string;
}
let cases: Cases;

async function report(line1: string) {
  const answer = await call(env.stack, 'POST', '/complaints', {
    json: complaintBody({ sourceLine1: line1 }),
  });
  expect(answer.status).toBe(201);
  await env.stack.settle();
  return String(answer.body.caseRef);
}

const firstComplaint = async (caseRef: string) =>
  (
    (await caseView(env, caseRef)) as unknown as {
      complaints: { complaintId: string; complainantPartyId: string }[];
    }
  ).complaints[0] as { complaintId: string; complainantPartyId: string };

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
  const stamp = Date.now();
  const closed = await report(`${stamp} Closed Close`);
  await decide(env, closed, 'triage', 'no-further-action');
  const open = await report(`${stamp} Open Avenue`);
  const merged = await report(`${stamp} Merged Mews`);
  const survivor = await report(`${stamp} Survivor Street`);
  expect(
    (await manager(env, 'POST', `/cases/${merged}/merge`, { into: survivor, reason: 'Same place' })).status,
  ).toBe(200);
  const warned = await report(`${stamp} Warned Way`);
  await decide(env, warned, 'triage', 'warn', { group: 'caseworker' });
  const closedReport = await firstComplaint(closed);
  cases = {
    closed,
    closedComplaint: closedReport.complaintId,
    closedComplainant: closedReport.complainantPartyId,
    open,
    openComplaint: (await firstComplaint(open)).complaintId,
    merged,
    survivor,
    warned,
  };
  await env.stack.settle();
}, 120_000);
afterAll(async () => {
  await env?.close();
});

const reason = fc.stringMatching(/^[A-Za-z][A-Za-z ]{2,40}$/);
const address = (line1: string) => ({ line1, postcode: 'E8 1DY' });

/** Each guarded action, aimed where it must be refused, and the refusal it must meet. */
const guardedActions: fc.Arbitrary<{
  name: string;
  code: string;
  send: () => Promise<ApiResponse>;
}>[] = [
  reason.map((why) => ({
    name: 'close a closed case',
    code: 'CASE_CLOSED',
    send: () => manager(env, 'POST', `/cases/${cases.closed}/closure`, { reason: why, residentOutcome: why }),
  })),
  reason.map((why) => ({
    name: 'close a merged case',
    code: 'CASE_MERGED',
    send: () => manager(env, 'POST', `/cases/${cases.merged}/closure`, { reason: why, residentOutcome: why }),
  })),
  reason.map((why) => ({
    name: 'reopen an open case',
    code: 'CASE_NOT_CLOSED',
    send: () => manager(env, 'POST', `/cases/${cases.open}/reopening`, { reason: why }),
  })),
  reason.map((why) => ({
    name: 'reopen a merged case',
    code: 'CASE_MERGED',
    send: () => manager(env, 'POST', `/cases/${cases.merged}/reopening`, { reason: why }),
  })),
  fc.tuple(reason, fc.stringMatching(/^[a-z]{3,12}$/)).map(([why, who]) => ({
    name: 'assign a closed case',
    code: 'CASE_CLOSED',
    send: () =>
      manager(env, 'POST', `/cases/${cases.closed}/owner`, { owner: who, ownerName: who, reason: why }),
  })),
  fc.tuple(reason, fc.constantFrom('restart-phase', 'close')).map(([why, action]) => ({
    name: `move on a case that has not stalled (${action})`,
    code: 'CASE_NOT_STALLED',
    send: () =>
      manager(env, 'POST', `/cases/${cases.open}/move-on`, {
        action,
        reason: why,
        ...(action === 'close' ? { residentOutcome: why } : {}),
      }),
  })),
  reason.map((why) => ({
    name: 'move on a closed case',
    code: 'CASE_CLOSED',
    send: () =>
      manager(env, 'POST', `/cases/${cases.closed}/move-on`, { action: 'restart-phase', reason: why }),
  })),
  reason.map((why) => ({
    name: "split off an open case's only report",
    code: 'ONLY_REPORT',
    send: () =>
      manager(env, 'POST', `/cases/${cases.open}/split`, {
        complaintId: cases.openComplaint,
        reason: why,
        source: { address: address(`${why.slice(0, 20)} Elsewhere`) },
      }),
  })),
  reason.map((why) => ({
    name: 'split a report off a closed case',
    code: 'CASE_CLOSED',
    send: () =>
      manager(env, 'POST', `/cases/${cases.closed}/split`, {
        complaintId: cases.closedComplaint,
        reason: why,
        source: { address: address(`${why.slice(0, 20)} Elsewhere`) },
      }),
  })),
  reason.map((why) => ({
    name: 'merge a closed case',
    code: 'CASE_CLOSED',
    send: () => manager(env, 'POST', `/cases/${cases.closed}/merge`, { into: cases.open, reason: why }),
  })),
  reason.map((why) => ({
    name: 'merge into a closed case',
    code: 'CASE_CLOSED',
    send: () => manager(env, 'POST', `/cases/${cases.open}/merge`, { into: cases.closed, reason: why }),
  })),
  reason.map((why) => ({
    name: 'merge into a merged case',
    code: 'CASE_MERGED',
    send: () => manager(env, 'POST', `/cases/${cases.open}/merge`, { into: cases.merged, reason: why }),
  })),
  reason.map((why) => ({
    name: 'merge a case with a notice in force',
    code: 'CASE_HAS_LIVE_NOTICE',
    send: () => manager(env, 'POST', `/cases/${cases.warned}/merge`, { into: cases.open, reason: why }),
  })),
  fc.constantFrom('yes', 'no', 'prefer-not-to-say').map((answer) => ({
    name: 'reassess risk on a closed case',
    code: 'CASE_CLOSED',
    send: () =>
      caseworker(env, 'POST', `/cases/${cases.closed}/risk-assessments`, {
        complainantPartyId: cases.closedComplainant,
        answers: { vulnerable: answer },
      }),
  })),
  reason.map((why) => ({
    name: 'name a person on a merged case',
    code: 'CASE_MERGED',
    send: () =>
      caseworker(env, 'POST', `/cases/${cases.merged}/people`, {
        role: 'responsible',
        name: why,
        ageConfirmed16Plus: true,
      }),
  })),
  reason.map((why) => ({
    name: 'record an enquiry on a merged case',
    code: 'CASE_MERGED',
    send: () =>
      caseworker(env, 'POST', `/cases/${cases.merged}/enquiries`, {
        method: 'neighbours',
        madeAt: new Date(localNow().getTime() - 3_600_000).toISOString(),
        description: why,
        findings: why,
      }),
  })),
  fc.constantFrom('pra-2002-s50', 'pra-2002-sch5', 'noise-act-s8b').map((power) => ({
    name: 'record a name-and-address requirement on a merged case',
    code: 'CASE_MERGED',
    send: () =>
      caseworker(env, 'POST', `/cases/${cases.merged}/name-and-address-requirements`, {
        requiredAt: new Date(localNow().getTime() - 3_600_000).toISOString(),
        power,
        accreditationNumber: 'NM-CSAS-0001',
        result: 'refused',
      }),
  })),
];

/** Everything a refused action could have touched. */
async function everything(): Promise<string> {
  const refs = [cases.closed, cases.open, cases.merged, cases.survivor, cases.warned];
  const parts = await Promise.all(refs.map((ref) => snapshot(env, ref)));
  const sources = await Promise.all(
    refs.map(async (ref) => {
      const sourceKey = String((await storedCase(env, ref)).sourceKey);
      const { Item } = await env.db.send(
        new GetCommand({
          TableName: env.stack.tableName,
          Key: { pk: `SOURCE#${sourceKey}`, sk: 'CASE' },
          ConsistentRead: true,
        }),
      );
      return JSON.stringify(Item);
    }),
  );
  const year = localNow().getUTCFullYear();
  const { Item: counter } = await env.db.send(
    new GetCommand({
      TableName: env.stack.tableName,
      Key: { pk: `COUNTER#CASEREF#${year}`, sk: 'COUNTER' },
      ConsistentRead: true,
    }),
  );
  return [...parts, ...sources, JSON.stringify(counter)].join('\n---\n');
}

describe('refused casework actions', () => {
  it('for any sequence of guarded actions refused with 409, nothing stored changes, audit trails included', async () => {
    const before = await everything();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(...guardedActions), { minLength: 1, maxLength: 6 }),
        async (actions) => {
          for (const action of actions) {
            const answer = await action.send();
            sent++;
            expect(answer.status, `${action.name}: ${JSON.stringify(answer.body)}`).toBe(409);
            expect(answer.body.error.code, action.name).toBe(action.code);
          }
          expect(await everything()).toBe(before);
        },
      ),
      { numRuns: 30 },
    );
    expect(sent).toBeGreaterThan(30);
  }, 300_000);
});
