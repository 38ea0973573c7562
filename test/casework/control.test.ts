/**
 * Managers in control of a case over HTTP on the local stack: owners, closing and reopening by
 * hand, and moving stalled cases on. Nothing is left waiting: no open task, no running execution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithWarning,
  decide,
  openCase,
  openTask,
  recordBreach,
} from '../support/lifecycle.ts';
import { startTestStack } from '../support/local-stack.ts';
import {
  caseworker,
  caseworkerId,
  executionStatus,
  expectRefused,
  manager,
  stallAtTask,
  storedCase,
} from './support.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const openTasksOf = async (caseRef: string) =>
  (await caseView(env, caseRef)).tasks.filter((t) => t.status === 'open').map((t) => t.type);

describe('owners', () => {
  it('a manager assigns and reassigns a case; both are on the timeline and the owner sees it in My cases with what is due next', async () => {
    const { caseRef } = await openCase(env);
    const first = await manager(env, 'POST', `/cases/${caseRef}/owner`, {
      owner: caseworkerId('Olu Owner'),
      ownerName: 'Olu Owner',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await manager(env, 'POST', `/cases/${caseRef}/owner`, {
      owner: caseworkerId('Rae Reassigned'),
      ownerName: 'Rae Reassigned',
      reason: 'Olu is on leave',
    });
    expect(second.body).toMatchObject({ owner: caseworkerId('Rae Reassigned'), ownerName: 'Rae Reassigned' });

    const timeline = (await caseView(env, caseRef)).timeline;
    expect(timeline.find((e) => e.type === 'CaseAssigned')?.data).toMatchObject({ ownerName: 'Olu Owner' });
    expect(timeline.find((e) => e.type === 'CaseReassigned')).toMatchObject({
      reason: 'Olu is on leave',
      data: { ownerName: 'Rae Reassigned', previousOwner: caseworkerId('Olu Owner') },
    });

    const mine = await caseworker(env, 'GET', '/cases?owner=me', undefined, 'Rae Reassigned');
    expect(mine.status).toBe(200);
    const listed = mine.body.cases.find((c: { caseRef: string }) => c.caseRef === caseRef);
    const triage = await openTask(env, caseRef, 'triage', 'caseworker');
    expect(listed).toMatchObject({
      ownerName: 'Rae Reassigned',
      nextDue: { kind: 'task', type: 'triage', taskId: triage.taskId, at: triage.dueAt, overdue: false },
    });
    const former = await caseworker(env, 'GET', '/cases?owner=me', undefined, 'Olu Owner');
    expect(former.body.cases.map((c: { caseRef: string }) => c.caseRef)).not.toContain(caseRef);

    const tasks = await caseworker(env, 'GET', '/tasks?mine=true', undefined, 'Rae Reassigned');
    expect(tasks.body.tasks.map((t: { taskId: string }) => t.taskId)).toEqual([triage.taskId]);
    const othersTasks = await caseworker(env, 'GET', '/tasks?mine=true', undefined, 'Olu Owner');
    expect(othersTasks.body.tasks).toEqual([]);
  });

  it('My cases finds a caseworker’s cases however many other open cases come before them', async () => {
    const { caseRef } = await openCase(env);
    await manager(env, 'POST', `/cases/${caseRef}/owner`, {
      owner: caseworkerId('Paged Person'),
      ownerName: 'Paged Person',
    });
    // More open cases than a page, none of them this caseworker's, updated after theirs.
    for (let i = 0; i < 30; i++) await openCase(env);
    const mine = await caseworker(env, 'GET', '/cases?owner=me', undefined, 'Paged Person');
    expect(mine.body.cases.map((c: { caseRef: string }) => c.caseRef)).toEqual([caseRef]);
    expect(mine.body.nextCursor).toBeUndefined();
  });

  it('only a manager may assign a case, and a closed case cannot be assigned', async () => {
    const { caseRef } = await openCase(env);
    const byCaseworker = await caseworker(env, 'POST', `/cases/${caseRef}/owner`, {
      owner: caseworkerId(),
      ownerName: 'Cara Caseworker',
    });
    expect(byCaseworker.status).toBe(403);
    await decide(env, caseRef, 'triage', 'no-further-action');
    expectRefused(
      await manager(env, 'POST', `/cases/${caseRef}/owner`, { owner: caseworkerId(), ownerName: 'Cara' }),
      'CASE_CLOSED',
    );
  });
});

describe('closing and reopening by hand', () => {
  it('a manager closes a case mid-warning: letters go, the execution stops, no task or wait is left, and an old task is refused', async () => {
    const { caseRef } = await caseWithWarning(env);
    await advanceDays(env, 8);
    expect((await recordBreach(env, caseRef)).body).toMatchObject({ counts: true });
    const task = await openTask(env, caseRef, 'cpn-decision');
    const running = String((await storedCase(env, caseRef)).execution);
    expect(await executionStatus(env, running)).toBe('RUNNING');

    const closed = await manager(env, 'POST', `/cases/${caseRef}/closure`, {
      reason: 'The tenant has moved out and the flat is empty',
      residentOutcome: 'The people responsible have moved away.',
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      stoppedExecution: running,
      cancelledTasks: [task.taskId],
    });
    await env.stack.settle();

    expect(await executionStatus(env, running)).toBe('ABORTED');
    const view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'closed-by-hand' });
    expect(view.tasks.filter((t) => t.status === 'open')).toEqual([]);
    expect(
      (view as unknown as { deadlines: { status: string }[] }).deadlines.map((d) => d.status),
    ).not.toContain('waiting');
    const event = view.timeline.find((e) => e.type === 'CaseClosed');
    expect(event).toMatchObject({
      actor: { kind: 'staff' },
      reason: 'The tenant has moved out and the flat is empty',
    });
    const letter = view.outbox.find((m) => m.to === 'complainant' && m.template === 'outcome');
    expect(letter?.body).toContain('The people responsible have moved away.');
    // The warning was served on the source, so they hear too.
    expect(view.outbox.some((m) => m.to === 'source' && m.template === 'outcome')).toBe(true);

    const late = await asStaff(env, 'manager', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'serve-cpn',
      reason: 'Too late',
    });
    expectRefused(late, 'TASK_NO_LONGER_WAITING');
    expectRefused(
      await manager(env, 'POST', `/cases/${caseRef}/closure`, { reason: 'Again', residentOutcome: 'Again.' }),
      'CASE_CLOSED',
    );
  });

  it('a manager reopens a closed case: it is recorded, starts a new investigation at triage, and new reports join it', async () => {
    const line1 = `${Date.now()} Reopened Row`;
    const { caseRef } = await openCase(env, { sourceLine1: line1 });
    expectRefused(
      await manager(env, 'POST', `/cases/${caseRef}/reopening`, { reason: 'Open already' }),
      'CASE_NOT_CLOSED',
    );
    await manager(env, 'POST', `/cases/${caseRef}/closure`, {
      reason: 'Complainant asked us to stop',
      residentOutcome: 'You asked us to stop.',
    });
    await env.stack.settle();
    const closedExecution = String((await storedCase(env, caseRef)).execution);
    // Long after closure: a report would otherwise open a new case.
    await advanceDays(env, 40);

    const reopened = await manager(env, 'POST', `/cases/${caseRef}/reopening`, {
      reason: 'The complainant reports the noise has started again',
    });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'received', phase: 'investigation' });
    await env.stack.settle();
    const stored = await storedCase(env, caseRef);
    expect(stored.execution).not.toBe(closedExecution);
    expect(stored.phase).toBe('investigation');
    expect(await executionStatus(env, String(stored.execution))).toBe('RUNNING');
    expect(await openTasksOf(caseRef)).toEqual(['triage']);
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('under-investigation');
    expect(view.timeline.find((e) => e.type === 'CaseReopened')).toMatchObject({
      actor: { kind: 'staff' },
      reason: 'The complainant reports the noise has started again',
    });
    expect(view.outbox.some((m) => m.template === 'reopened')).toBe(true);

    const { call, complaintBody } = await import('../support/local-stack.ts');
    const again = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({ sourceLine1: line1 }),
    });
    expect(again.body).toMatchObject({ caseRef, joinedExistingCase: true });
  });
});

describe('stalled cases', () => {
  it('a stalled case is listed for managers, and restarting its phase opens its decision again and clears the flag', async () => {
    const { caseRef } = await openCase(env);
    await stallAtTask(env, caseRef, 'triage', 'caseworker');
    const stalled = await manager(env, 'GET', '/cases?flag=workflow-stalled');
    expect(stalled.body.cases.map((c: { caseRef: string }) => c.caseRef)).toContain(caseRef);
    expect((await caseView(env, caseRef)).case.status).toBe('escalated');
    expect(await openTasksOf(caseRef)).toEqual([]);

    const moved = await manager(env, 'POST', `/cases/${caseRef}/move-on`, {
      action: 'restart-phase',
      reason: 'The triage decision was lost by a faulty client',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ phase: 'investigation', status: 'under-investigation' });
    await env.stack.settle();
    expect(await openTasksOf(caseRef)).toEqual(['triage']);
    const view = await caseView(env, caseRef);
    expect(view.case.flags ?? []).not.toContain('workflow-stalled');
    expect(view.timeline.find((e) => e.type === 'CaseMovedOn')).toMatchObject({
      data: { action: 'restart-phase', phase: 'investigation' },
    });
    const listed = await manager(env, 'GET', '/cases?flag=workflow-stalled');
    expect(listed.body.cases.map((c: { caseRef: string }) => c.caseRef)).not.toContain(caseRef);
    await decide(env, caseRef, 'triage', 'no-further-action');
    expect((await caseView(env, caseRef)).case.status).toBe('closed');
  });

  it('a stalled case sent to the CPN decision asks a manager about the breach that counted', async () => {
    const { caseRef } = await caseWithWarning(env);
    await advanceDays(env, 8);
    const breach = await recordBreach(env, caseRef);
    await stallAtTask(env, caseRef, 'cpn-decision');
    expect(await openTasksOf(caseRef)).toEqual([]);

    const wrongPhase = await manager(env, 'POST', `/cases/${caseRef}/move-on`, {
      action: 'start-decision',
      phase: 'penalty',
      reason: 'Straight to a penalty',
    });
    expect(wrongPhase.status).toBe(400);
    const moved = await manager(env, 'POST', `/cases/${caseRef}/move-on`, {
      action: 'start-decision',
      phase: 'asb-cpn-decision',
      reason: 'Back to the CPN decision',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await env.stack.settle();
    expect(await openTasksOf(caseRef)).toEqual(['cpn-decision']);
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('warning-issued');
    expect(view.timeline.find((e) => e.type === 'CaseMovedOn')?.data).toMatchObject({
      offenceId: breach.body.breachId,
    });
    await decide(env, caseRef, 'cpn-decision', 'serve-cpn');
    expect((await caseView(env, caseRef)).case.status).toBe('notice-served');
  });

  it('a stalled case with no breach cannot be sent to a breach decision, and can be closed with a reason', async () => {
    const { caseRef } = await openCase(env);
    await stallAtTask(env, caseRef, 'triage', 'caseworker');
    expectRefused(
      await manager(env, 'POST', `/cases/${caseRef}/move-on`, {
        action: 'start-decision',
        phase: 'asb-cpn-breach-decision',
        reason: 'A breach decision',
      }),
      'NO_COUNTING_BREACH',
    );
    const closed = await manager(env, 'POST', `/cases/${caseRef}/move-on`, {
      action: 'close',
      reason: 'Nothing more can be done',
      residentOutcome: 'We could not take this further.',
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('closed');
    expect(view.case.flags ?? []).not.toContain('workflow-stalled');
    expect(
      (await manager(env, 'GET', '/cases?flag=workflow-stalled')).body.cases.map(
        (c: { caseRef: string }) => c.caseRef,
      ),
    ).not.toContain(caseRef);
  });

  it('a case whose workflow has not stalled cannot be moved on', async () => {
    const { caseRef } = await openCase(env);
    expectRefused(
      await manager(env, 'POST', `/cases/${caseRef}/move-on`, {
        action: 'restart-phase',
        reason: 'Just because',
      }),
      'CASE_NOT_STALLED',
    );
  });
});
