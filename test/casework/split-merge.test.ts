/**
 * Splitting and merging cases over HTTP: every tracking token keeps working (under its old and
 * new reference), the counts equal the complaints stored, both cases record what happened, and
 * reports about the source go to the case that carries on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseView, decide, openTask, staffToken } from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import {
  executionStatus,
  expectRefused,
  followCase,
  manager,
  storedCase,
  storedComplaintCount,
} from './support.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

async function report(line1: string, name: string, extra: Record<string, unknown> = {}) {
  const answer = await call(env.stack, 'POST', '/complaints', {
    json: { ...complaintBody({ sourceLine1: line1, name }), ...extra },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  await env.stack.settle();
  return answer.body as { caseRef: string; trackingToken: string };
}

type StaffView = {
  case: { status: string; mergedInto?: string; priority?: string; complaintCount: number };
  complaints: { complaintId: string; complainantPartyId: string }[];
  parties: { partyId: string; role: string; name?: string }[];
  tasks: { taskId: string; type: string; status: string }[];
  outbox: { template: string; partyId?: string; body: string }[];
  timeline: { type: string; data: Record<string, unknown>; reason?: string }[];
};
const view = async (caseRef: string) => (await caseView(env, caseRef)) as unknown as StaffView;

/** The case's counters equal the complaints stored under it, and the staff view shows each one. */
async function expectCountsMatchStorage(caseRef: string) {
  const stored = await storedComplaintCount(env, caseRef);
  expect((await storedCase(env, caseRef)).complaintCount, `${caseRef}: complaintCount`).toBe(stored);
  expect((await view(caseRef)).complaints, `${caseRef}: complaints shown`).toHaveLength(stored);
}

async function expectFollows(token: string, refs: string[], opens: string) {
  for (const ref of refs) {
    const followed = await followCase(env, ref, token);
    expect(followed.status, `token with ${ref}`).toBe(200);
    expect(followed.body.caseRef).toBe(opens);
  }
}

const complaintOf = (seen: StaffView, name: string) => {
  const party = seen.parties.find((p) => p.role === 'complainant' && p.name === name);
  return seen.complaints.find((c) => c.complainantPartyId === party?.partyId);
};

describe('splitting a report off', () => {
  it('a report that joined the wrong case gets a case of its own; its token opens the new case under both references', async () => {
    const line1 = `${Date.now()} Split Street`;
    const first = await report(line1, 'Stays Put');
    const wrong = await report(line1, 'Wrong Place', { risk: { hateMotivated: 'yes' } });
    const third = await report(line1, 'Also Stays');
    expect(wrong.caseRef).toBe(first.caseRef);
    const caseRef = first.caseRef;
    const before = await view(caseRef);
    expect(before.case.priority).toBe('high');
    const moving = complaintOf(before, 'Wrong Place');
    expect(moving).toBeDefined();

    const split = await manager(env, 'POST', `/cases/${caseRef}/split`, {
      complaintId: moving?.complaintId,
      reason: 'The report is about the flat across the landing',
      source: {
        address: { line1: `Flat 2, ${line1}`, postcode: 'E8 1DY' },
        description: 'The flat opposite',
      },
    });
    expect(split.status, JSON.stringify(split.body)).toBe(201);
    const newRef = String(split.body.newCaseRef);
    expect(newRef).not.toBe(caseRef);
    await env.stack.settle();

    await expectFollows(wrong.trackingToken, [caseRef, newRef], newRef);
    await expectFollows(first.trackingToken, [caseRef], caseRef);
    await expectFollows(third.trackingToken, [caseRef], caseRef);
    expect((await followCase(env, newRef, first.trackingToken)).status).toBe(404);

    await expectCountsMatchStorage(caseRef);
    await expectCountsMatchStorage(newRef);
    const left = await view(caseRef);
    expect(left.case.complaintCount).toBe(2);
    expect(
      left.parties
        .filter((p) => p.role === 'complainant')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['Also Stays', 'Stays Put']);
    // Its only high-risk complainant left with the report, and the safeguarding task went too.
    expect(left.case.priority).toBe('normal');
    expect(left.tasks.map((t) => t.type)).not.toContain('safeguarding-referral');
    expect(left.timeline.find((e) => e.type === 'ReportSplitOff')?.data).toMatchObject({ to: newRef });

    const created = await view(newRef);
    expect(created.case).toMatchObject({
      status: 'under-investigation',
      priority: 'high',
      complaintCount: 1,
    });
    expect(created.parties.find((p) => p.role === 'complainant')?.name).toBe('Wrong Place');
    expect(
      created.tasks
        .filter((t) => t.status === 'open')
        .map((t) => t.type)
        .sort(),
    ).toEqual(['safeguarding-referral', 'triage']);
    expect(created.timeline.find((e) => e.type === 'CaseOpenedBySplit')?.data).toMatchObject({
      from: caseRef,
    });
    // The complainant's risk assessment came with them.
    expect(created.timeline.find((e) => e.type === 'RiskAssessed')?.data).toMatchObject({ level: 'high' });
    expect(created.outbox.find((m) => m.template === 'reportSplitOff')?.body).toContain(newRef);

    // New reports about the other flat join the new case.
    const later = await report(`Flat 2, ${line1}`, 'Later Caller');
    expect(later.caseRef).toBe(newRef);
  });

  it("a case's only report cannot be split off, and nothing is written", async () => {
    const line1 = `${Date.now()} Lonely Lane`;
    const only = await report(line1, 'Only One');
    const seen = await view(only.caseRef);
    const version = (await storedCase(env, only.caseRef)).version;
    expectRefused(
      await manager(env, 'POST', `/cases/${only.caseRef}/split`, {
        complaintId: seen.complaints[0]?.complaintId,
        reason: 'Wrong place',
        source: { address: { line1: `Flat 9, ${line1}`, postcode: 'E8 1DY' } },
      }),
      'ONLY_REPORT',
    );
    expect((await storedCase(env, only.caseRef)).version).toBe(version);
  });
});

describe('merging two cases about one source', () => {
  it('the merged case closes into the surviving one: complaints, people and tasks move, and every token keeps working', async () => {
    const stamp = Date.now();
    // The same flat reported under two spellings the source key does not recognise as one.
    const a1 = await report(`${stamp} Merge Mews`, 'First Of A');
    const a2 = await report(`${stamp} Merge Mews`, 'Second Of A', { risk: { hateMotivated: 'yes' } });
    const b1 = await report(`Flat A, ${stamp} Merge Mews`, 'First Of B');
    const from = a1.caseRef;
    const into = b1.caseRef;
    expect(a2.caseRef).toBe(from);
    await decide(env, into, 'triage', 'warn', { group: 'caseworker' });
    const triage = await openTask(env, from, 'triage', 'caseworker');
    const running = String((await storedCase(env, from)).execution);

    const merged = await manager(env, 'POST', `/cases/${from}/merge`, {
      into,
      reason: 'Same flat, two spellings',
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toMatchObject({ mergedInto: into, cancelledTasks: [triage.taskId] });
    await env.stack.settle();

    expect(await executionStatus(env, running)).toBe('ABORTED');
    const gone = await view(from);
    expect(gone.case).toMatchObject({ status: 'closed', mergedInto: into, complaintCount: 0 });
    expect(gone.timeline.find((e) => e.type === 'CaseMergedInto')).toMatchObject({
      reason: 'Same flat, two spellings',
      data: { into },
    });
    const surviving = await view(into);
    expect(surviving.case.complaintCount).toBe(3);
    expect(surviving.case.priority).toBe('high');
    expect(
      surviving.parties
        .filter((p) => p.role === 'complainant')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['First Of A', 'First Of B', 'Second Of A']);
    // The stopped triage moved as history (cancelled); the safeguarding task moved open.
    expect(surviving.tasks.find((t) => t.taskId === triage.taskId)?.status).toBe('cancelled');
    expect(surviving.tasks.find((t) => t.type === 'safeguarding-referral')?.status).toBe('open');
    await openTask(env, into, 'safeguarding-referral');
    expect(surviving.timeline.find((e) => e.type === 'CasesMerged')?.data).toMatchObject({ from });
    await expectCountsMatchStorage(from);
    await expectCountsMatchStorage(into);

    await expectFollows(a1.trackingToken, [from, into], into);
    await expectFollows(a2.trackingToken, [from, into], into);
    await expectFollows(b1.trackingToken, [into], into);
    const letter = surviving.outbox.find((m) => m.template === 'caseMerged');
    expect(letter?.body).toContain(`Use the reference ${into}`);

    const decided = await call(env.stack, 'POST', `/tasks/${triage.taskId}/decision`, {
      json: { outcome: 'warn', reason: 'Too late' },
      headers: { authorization: `Bearer ${await staffToken(env, 'caseworker')}` },
    });
    expectRefused(decided, 'TASK_NO_LONGER_WAITING');

    // Reports about either spelling now join the surviving case.
    expect((await report(`${stamp} Merge Mews`, 'After Merge')).caseRef).toBe(into);
    expect((await report(`Flat A, ${stamp} Merge Mews`, 'After Merge Too')).caseRef).toBe(into);
    await expectCountsMatchStorage(into);
  });

  it('a token keeps working through two merges in a row', async () => {
    const stamp = Date.now();
    const a = await report(`${stamp} Chain Close`, 'Chain A');
    const b = await report(`${stamp} Chain Crescent`, 'Chain B');
    const c = await report(`${stamp} Chain Court`, 'Chain C');
    expect(
      (await manager(env, 'POST', `/cases/${a.caseRef}/merge`, { into: b.caseRef, reason: 'Same' })).status,
    ).toBe(200);
    expect(
      (await manager(env, 'POST', `/cases/${b.caseRef}/merge`, { into: c.caseRef, reason: 'Same' })).status,
    ).toBe(200);
    await expectFollows(a.trackingToken, [a.caseRef, b.caseRef, c.caseRef], c.caseRef);
    await expectFollows(b.trackingToken, [b.caseRef, c.caseRef], c.caseRef);
    expect((await storedCase(env, c.caseRef)).complaintCount).toBe(3);
    await expectCountsMatchStorage(a.caseRef);
    await expectCountsMatchStorage(b.caseRef);
    await expectCountsMatchStorage(c.caseRef);
  });

  it('a merge is refused into itself, into a closed case, or out of a case with a notice in force', async () => {
    const stamp = Date.now();
    const open = await report(`${stamp} Refusal Road`, 'Open One');
    const other = await report(`${stamp} Refusal Rise`, 'Other One');
    const self = await manager(env, 'POST', `/cases/${open.caseRef}/merge`, {
      into: open.caseRef,
      reason: 'Self',
    });
    expect(self.status).toBe(400);
    await decide(env, other.caseRef, 'triage', 'no-further-action');
    expectRefused(
      await manager(env, 'POST', `/cases/${open.caseRef}/merge`, { into: other.caseRef, reason: 'Closed' }),
      'CASE_CLOSED',
    );
    const warned = await report(`${stamp} Refusal Row`, 'Warned One');
    await decide(env, warned.caseRef, 'triage', 'warn', { group: 'caseworker' });
    expectRefused(
      await manager(env, 'POST', `/cases/${warned.caseRef}/merge`, { into: open.caseRef, reason: 'Notice' }),
      'CASE_HAS_LIVE_NOTICE',
    );
    // The other way round is how such a pair is merged.
    const reversed = await manager(env, 'POST', `/cases/${open.caseRef}/merge`, {
      into: warned.caseRef,
      reason: 'Into the case with the notice',
    });
    expect(reversed.status, JSON.stringify(reversed.body)).toBe(200);
  });
});
