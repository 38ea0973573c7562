/**
 * Staff tasks: a person decides. A workflow task holds the token its execution waits on; a case
 * task (an appeal's outcome, evidence to review) has no workflow and its route acts on the
 * decision itself. A decision completes a task exactly once (a conditional write), is audited,
 * and only then is handed over; if the hand-over is lost the sweeper repeats it. A task whose
 * workflow no longer waits is refused with 409 and leaves the queue.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AppError, conflict, forbidden, notFound, validationFailed } from '../../commons/errors.ts';
import { fieldProblems } from '../../commons/http/middleware.ts';
import { hasApplied, mutateCase } from '../case-store.ts';
import { keys } from '../keys.ts';
import { outboxItem, released, toStaff } from '../letters/outbox.ts';
import type { NoiseCase } from '../model/case.ts';
import type { Decision, StaffTask } from '../model/workflow.ts';
import { mayDecide, taskKindOf, taskKinds } from '../routes/catalogue.ts';
import type { PhaseContext, TaskKind } from '../routes/types.ts';
import {
  batchGet,
  batchPut,
  childrenOfCase,
  getItem,
  putIfAbsent,
  queryAll,
  setAttributes,
  stripKeys,
} from '../table-access.ts';
import { addDays } from '../time.ts';
import { type Caller, completeCallback, type LifecycleDeps, systemActor } from './deps.ts';
import { applyChange, assertCurrent } from './step.ts';

type StoredTask = StaffTask & { token?: string; op?: string };

export const taskIdFor = (execution: string, type: string) =>
  `tsk_${createHash('sha256').update(`${execution}|${type}`).digest('hex').slice(0, 20)}`;

export const taskKey = (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' });

/** What a task says about its case, from the case as it is now (not as it was when it opened). */
export function taskSummary(c: NoiseCase): string {
  return `${c.sourceKind} noise in ${c.sourceDistrict}; ${c.complaintCount} report${c.complaintCount === 1 ? '' : 's'}${
    c.nightTimeComplaints ? `, ${c.nightTimeComplaints} at night` : ''
  }${c.caseReviewThresholdMet ? '; Case Review threshold met' : ''}${c.priority === 'high' ? '; high risk' : ''}`;
}

/** What staff see of a task: never the token, which is a capability to drive the workflow. */
export function taskView(task: StoredTask, now: Date, c?: NoiseCase) {
  const { token: _token, groups: _groups, execution: _execution, op: _op, reminders: _r, ...visible } = task;
  return {
    ...visible,
    ...(c ? { summary: taskSummary(c), caseStatus: c.status, ...(c.owner ? { owner: c.owner } : {}) } : {}),
    overdue: task.status === 'open' && Date.parse(task.dueAt) < now.getTime(),
  };
}

async function getStoredTask(deps: LifecycleDeps, taskId: string): Promise<StoredTask | undefined> {
  return getItem<StoredTask>(deps, taskKey(taskId));
}

/** A task as recorded (with its decision), for a step that acts on what was decided. */
export async function taskRecord(
  deps: LifecycleDeps,
  taskId: string | null | undefined,
): Promise<StaffTask | undefined> {
  if (!taskId) return undefined;
  const task = await getStoredTask(deps, taskId);
  if (!task) return undefined;
  const { token: _token, ...record } = task;
  return record;
}

/** The next moment the sweeper must look at an open task: an unsent reminder or the due date. */
function nextDue(task: Pick<StaffTask, 'dueAt' | 'reminders'>): string {
  const reminder = task.reminders?.find((r) => !r.sent);
  return reminder && reminder.at < task.dueAt ? reminder.at : task.dueAt;
}

/** The stored item for a new open task, in its queue and on the due index. */
function openTaskItem(task: StoredTask): Record<string, unknown> {
  return {
    ...taskKey(task.taskId),
    ...task,
    gsi1pk: `TASKS#OPEN#${task.type}`,
    gsi1sk: `${task.dueAt}#${task.taskId}`,
    gsi2pk: `CASE#${task.caseRef}`,
    gsi2sk: `TASK#${task.createdAt}#${task.taskId}`,
    gsi3pk: 'DUE',
    gsi3sk: `${nextDue(task)}#TASK#${task.taskId}`,
    dueKind: 'task',
  };
}

function newTask(
  deps: LifecycleDeps,
  c: NoiseCase,
  input: { taskId: string; type: string; context?: PhaseContext | undefined; variant?: string | undefined },
  now: Date,
  advice: string[] | undefined,
): StoredTask {
  const kind = taskKindOf(input.type);
  const policy = deps.policy.at(now);
  const dueAt = kind.due(policy, now, c).toISOString();
  const reminders = (kind.reminderDays?.(policy) ?? [])
    .map((days) => addDays(now, days).toISOString())
    .filter((at) => at < dueAt)
    .map((at) => ({ at, sent: false }));
  const context = input.context
    ? { decisionTaskId: input.context.decisionTaskId ?? null, offenceId: input.context.offenceId ?? null }
    : undefined;
  return {
    taskId: input.taskId,
    caseRef: c.caseRef,
    type: input.type,
    title: kind.title,
    summary: taskSummary(c),
    status: 'open',
    allowedOutcomes: kind.outcomesFor?.(c, input.context ?? {}, input.variant) ?? kind.outcomes,
    groups: kind.groups,
    createdAt: now.toISOString(),
    dueAt,
    escalated: false,
    ...(context ? { context } : {}),
    ...(advice?.length ? { advice } : {}),
    ...(reminders.length ? { reminders } : {}),
    ...(c.owner ? { owner: c.owner } : {}),
  };
}

/** A workflow waits for a decision: the task holds its token until someone decides. */
export async function openStaffTask(
  deps: LifecycleDeps,
  input: {
    caseRef: string;
    type: string;
    token: string;
    execution: string;
    context?: PhaseContext | undefined;
    variant?: string | undefined;
  },
): Promise<StaffTask> {
  const now = deps.clock.now();
  const taskId = taskIdFor(input.execution, input.variant ? `${input.type}#${input.variant}` : input.type);
  const opId = `open:${taskId}`;
  const c = await deps.store.get(input.caseRef);
  if (!c) throw new Error(`case ${input.caseRef} does not exist`);
  assertCurrent(c, input.execution);
  const kind = taskKindOf(input.type);
  const task: StoredTask = {
    ...newTask(deps, c, { ...input, taskId }, now, kind.advice ? await kind.advice(deps, c) : undefined),
    execution: input.execution,
    token: input.token,
  };
  // A workflow task counts as soon as it is written: its execution waits on it whatever happens next.
  if (!(await putIfAbsent(deps, openTaskItem(task)))) {
    // The workflow retried this state with a fresh token: the task stays, the token moves on.
    await setAttributes(deps, taskKey(taskId), { token: input.token });
    // Read again after moving the token: a decision made meanwhile may have used the old one.
    const current = (await getStoredTask(deps, taskId)) ?? task;
    if (current.status === 'decided') await deliverDecision(deps, { ...current, token: input.token });
    if (hasApplied(c, opId)) return current;
  }
  // Opening a task is audited only when it changes the case (triage starts the investigation, a
  // reopened case's workflow is now running); the task item itself records every opening.
  const changesCase =
    c.awaitingWorkflowSince !== undefined || (input.type === 'triage' && c.status === 'received');
  if (!changesCase) return task;
  await applyChange(deps, c, (current) => {
    if (hasApplied(current, opId)) return null;
    return {
      event: {
        type: 'TaskOpened',
        at: task.createdAt,
        actor: systemActor,
        visibility: 'staff',
        data: { taskId, type: task.type, dueAt: task.dueAt, allowedOutcomes: task.allowedOutcomes },
        opId,
      },
      patch: {
        updatedAt: task.createdAt,
        // The workflow has started once it waits for its first decision.
        ...(current.awaitingWorkflowSince ? { awaitingWorkflowSince: undefined } : {}),
        ...(input.type === 'triage' && current.status === 'received'
          ? { status: 'under-investigation' as const }
          : {}),
      },
    };
  });
  return task;
}

/**
 * A task no workflow waits on, opened as part of another audited change: its item is written
 * first (and counts once `opId` is on the case), the caller's change applies it.
 */
export function caseTaskItem(
  deps: LifecycleDeps,
  c: NoiseCase,
  input: { type: string; key: string; context?: PhaseContext; variant?: string },
): { taskId: string; item: Record<string, unknown> } {
  const taskId = taskIdFor(`${c.caseRef}:${input.key}`, input.type);
  return { taskId, item: openTaskItem(newTask(deps, c, { ...input, taskId }, deps.clock.now(), undefined)) };
}

function checkDecisionBody(
  task: StaffTask,
  kind: TaskKind,
  body: { outcome: string; agreedActions?: unknown[] | undefined; details?: unknown },
): Record<string, unknown> | undefined {
  if (!task.allowedOutcomes.includes(body.outcome)) {
    throw validationFailed([
      { path: 'outcome', message: `Choose one of: ${task.allowedOutcomes.join(', ')}` },
    ]);
  }
  if (kind.needsAgreedActions?.includes(body.outcome) && !body.agreedActions?.length) {
    throw validationFailed([
      { path: 'agreedActions', message: 'List the actions agreed at the conference, each with a date' },
    ]);
  }
  const schema = kind.details?.[body.outcome];
  if (!schema) {
    if (body.details !== undefined && Object.keys(body.details as object).length > 0)
      throw validationFailed([{ path: 'details', message: `A ${body.outcome} decision carries no details` }]);
    return undefined;
  }
  const parsed = schema.safeParse(body.details ?? {});
  if (!parsed.success) {
    throw validationFailed(
      fieldProblems(parsed.error.issues).map((problem) => ({
        path: problem.path ? `details.${problem.path}` : 'details',
        message: problem.message,
      })),
    );
  }
  return parsed.data as Record<string, unknown>;
}

/** Takes an open task out of the queue for good: nothing waits for it any more. */
export async function cancelTask(deps: LifecycleDeps, task: StaffTask, reason: string): Promise<boolean> {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: taskKey(task.taskId),
        UpdateExpression:
          'SET #status = :cancelled, cancelledReason = :reason REMOVE gsi1pk, gsi1sk, gsi3pk, gsi3sk',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled', ':open': 'open', ':reason': reason },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

function noLongerWaiting(task: StaffTask): AppError {
  return conflict(
    'TASK_NO_LONGER_WAITING',
    `This task no longer waits for a decision${task.cancelledReason ? `: ${task.cancelledReason}` : ''}. It has left the queue.`,
  );
}

export async function decideTask(
  deps: LifecycleDeps,
  taskId: string,
  caller: Caller | 'system',
  body: {
    outcome: string;
    reason: string;
    agreedActions?: { action: string; dueBy: string }[] | undefined;
    details?: Record<string, unknown> | undefined;
  },
) {
  const task = await getStoredTask(deps, taskId);
  if (!task) throw notFound('No task with that id');
  const kind = taskKindOf(task.type);
  if (caller !== 'system' && !mayDecide(kind, caller.groups, task.escalated)) {
    throw forbidden(`Only ${kind.groups.join(' or ')} staff may decide a ${task.type} task`);
  }
  if (task.status === 'cancelled') throw noLongerWaiting(task);
  if (task.status !== 'open') {
    // The caller's own decision, sent again because its answer was lost: the same answer again.
    const own =
      caller !== 'system' && task.decision?.decidedBy === caller.id && task.decision.outcome === body.outcome;
    if (own) return taskView(task, deps.clock.now());
    throw alreadyDecided(task);
  }
  const details = checkDecisionBody(task, kind, body);
  const c = await deps.store.get(task.caseRef);
  const waiting =
    c !== undefined &&
    c.status !== 'closed' &&
    released(c, task) &&
    (task.execution === undefined ||
      (c.execution === task.execution && (await deps.engine.isWaiting(task.token ?? ''))));
  if (!c || !waiting) {
    const reason =
      !c || c.status === 'closed' ? 'the case is closed' : 'its workflow has stopped or moved on';
    await cancelTask(deps, task, reason);
    throw noLongerWaiting({ ...task, cancelledReason: reason });
  }
  await kind.check?.(deps, task, { outcome: body.outcome, details });
  const now = deps.clock.now().toISOString();
  const decision: Decision = {
    outcome: body.outcome,
    reason: body.reason,
    decidedBy: caller === 'system' ? 'system' : caller.id,
    ...(caller !== 'system' && caller.name ? { decidedByName: caller.name } : {}),
    ...(caller !== 'system' ? { decidedByGroups: caller.groups } : {}),
    decidedAt: now,
    ...(body.agreedActions ? { agreedActions: body.agreedActions } : {}),
    ...(details ? { details } : {}),
  };
  await markDecided(deps, task, decision);
  const decided: StoredTask = { ...task, status: 'decided', decision, delivered: false };
  await deliverDecision(deps, decided, c, caller);
  return taskView({ ...decided, delivered: true }, deps.clock.now(), c);
}

/**
 * Exactly once: only an open task can be decided. The task's due entry now means "deliver this
 * decision", so if the hand-over is lost the sweeper makes it.
 */
async function markDecided(deps: LifecycleDeps, task: StaffTask, decision: Decision): Promise<void> {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: taskKey(task.taskId),
        UpdateExpression:
          'SET #status = :decided, decision = :decision, delivered = :no, gsi3pk = :due, gsi3sk = :redeliver REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':decided': 'decided',
          ':open': 'open',
          ':decision': decision,
          ':no': false,
          ':due': 'DUE',
          ':redeliver': `${decision.decidedAt}#TASK#${task.taskId}`,
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      const latest = await getStoredTask(deps, task.taskId);
      if (latest?.status === 'cancelled') throw noLongerWaiting(latest);
      throw alreadyDecided(latest ?? task);
    }
    throw error;
  }
}

function alreadyDecided(task: StaffTask): AppError {
  return conflict(
    'TASK_ALREADY_DECIDED',
    `This task was already decided${task.decision ? ` (${task.decision.outcome})` : ''}`,
  );
}

/**
 * A decision's entry in the case's timeline. The decision is recorded on its task by the one
 * conditional write that decides it (who, when, why, the outcome and its particulars), written
 * once and never changed: that record is the audit of it, with no second write to the case.
 */
export function decisionTimelineEntry(task: StaffTask) {
  const decision = task.decision;
  if (!decision) return undefined;
  return {
    at: decision.decidedAt,
    type: 'TaskDecided',
    actor:
      decision.decidedBy === 'system'
        ? systemActor
        : {
            kind: 'staff' as const,
            id: decision.decidedBy,
            ...(decision.decidedByName ? { name: decision.decidedByName } : {}),
            ...(decision.decidedByGroups ? { groups: decision.decidedByGroups } : {}),
          },
    reason: decision.reason,
    visibility: 'staff',
    data: {
      taskId: task.taskId,
      type: task.type,
      outcome: decision.outcome,
      ...(decision.agreedActions ? { agreedActions: decision.agreedActions } : {}),
      ...(decision.details ? { details: decision.details } : {}),
    },
  };
}

/** Hands a recorded decision over (to its workflow, or to its route), then clears its due entry. */
export async function deliverDecision(
  deps: LifecycleDeps,
  task: StoredTask,
  _known?: NoiseCase,
  caller: Caller | 'system' = 'system',
): Promise<void> {
  if (!task.decision) return;
  const decision = task.decision;
  if (task.execution === undefined) {
    await taskKindOf(task.type).standalone?.apply(deps, task, decision, caller);
  } else {
    // Outcome and ids only: free text and names stay in the table, out of execution history.
    const output = { outcome: decision.outcome, taskId: task.taskId, decidedBy: decision.decidedBy };
    const waiting = await completeCallback(
      deps,
      task.token ?? '',
      output,
      async () => (await getStoredTask(deps, task.taskId))?.token,
    );
    if (!waiting)
      deps.log?.error('decision could not be delivered: the workflow no longer waits for it', {
        taskId: task.taskId,
        caseRef: task.caseRef,
      });
  }
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: taskKey(task.taskId),
      UpdateExpression: 'SET delivered = :yes REMOVE gsi3pk, gsi3sk',
      ExpressionAttributeValues: { ':yes': true },
    }),
  );
}

/** The sweeper's work on a due task: deliver a lost decision, remind, or act on an overdue one. */
export async function handleDueTask(deps: LifecycleDeps, taskId: string): Promise<string> {
  const task = await getStoredTask(deps, taskId);
  if (!task) return 'missing';
  const now = deps.clock.now();
  if (task.status === 'decided' && !task.delivered) {
    await deliverDecision(deps, task);
    return 'redelivered';
  }
  if (task.status !== 'open') return 'nothing-due';
  const reminderIndex = task.reminders?.findIndex((r) => !r.sent && Date.parse(r.at) <= now.getTime()) ?? -1;
  if (reminderIndex >= 0 && Date.parse(task.dueAt) > now.getTime()) {
    await remindDeciders(deps, task, reminderIndex);
    return 'reminded';
  }
  if (Date.parse(task.dueAt) > now.getTime()) return 'nothing-due';
  const kind = taskKindOf(task.type);
  if (kind.onOverdue !== 'escalate') {
    try {
      await decideTask(deps, taskId, 'system', {
        outcome: kind.onOverdue.outcome,
        reason: 'Nobody decided by the due date',
      });
      return 'decided-by-default';
    } catch (error) {
      if ((error as AppError).status === 409) return 'nothing-due';
      throw error;
    }
  }
  if (task.escalated) return 'already-escalated';
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: taskKey(taskId),
        UpdateExpression: 'SET escalated = :yes, escalatedAt = :now REMOVE gsi3pk, gsi3sk',
        ConditionExpression: '#status = :open AND escalated = :no',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':yes': true, ':no': false, ':open': 'open', ':now': now.toISOString() },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'already-escalated';
    throw error;
  }
  const opId = `escalate:${taskId}`;
  await mutateCase(deps.store, task.caseRef, async (c) => {
    if (hasApplied(c, opId)) return null;
    const alert = toStaff(
      c,
      'managers',
      'task-overdue',
      {
        subject: `Overdue: ${task.title} (${c.caseRef})`,
        body: `The ${task.type} task for case ${c.caseRef} was due ${task.dueAt} and nobody has decided it. It is now in the managers' queue.`,
      },
      opId,
      now.toISOString(),
    );
    await batchPut(deps, [outboxItem(alert)]);
    return {
      event: {
        type: 'TaskEscalated',
        at: now.toISOString(),
        actor: systemActor,
        visibility: 'staff',
        reason: 'Not decided by the due date',
        data: { taskId, type: task.type, dueAt: task.dueAt, messages: [alert.messageId] },
        opId,
      },
      patch: { updatedAt: now.toISOString() },
    };
  });
  return 'escalated';
}

async function remindDeciders(deps: LifecycleDeps, task: StoredTask, index: number): Promise<void> {
  const opId = `remind-task:${task.taskId}:${index}`;
  const now = deps.clock.now().toISOString();
  await mutateCase(deps.store, task.caseRef, async (c) => {
    if (hasApplied(c, opId)) return null;
    const reminder = toStaff(
      c,
      'managers',
      'task-reminder',
      {
        subject: `Still waiting: ${task.title} (${c.caseRef})`,
        body: `The ${task.type} task for case ${c.caseRef} has waited since ${task.createdAt.slice(0, 10)} and is due ${task.dueAt.slice(0, 10)}.`,
      },
      opId,
      now,
    );
    await batchPut(deps, [outboxItem(reminder)]);
    return {
      event: {
        type: 'TaskReminderSent',
        at: now,
        actor: systemActor,
        visibility: 'staff',
        data: { taskId: task.taskId, type: task.type, reminder: index + 1, messages: [reminder.messageId] },
        opId,
      },
      patch: { updatedAt: now },
    };
  });
  const reminders = (task.reminders ?? []).map((r, i) => (i === index ? { ...r, sent: true } : r));
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: taskKey(task.taskId),
        UpdateExpression: 'SET reminders = :reminders, gsi3sk = :next',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':reminders': reminders,
          ':next': `${nextDue({ dueAt: task.dueAt, reminders })}#TASK#${task.taskId}`,
          ':open': 'open',
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export async function getTask(deps: LifecycleDeps, taskId: string, caller: Caller) {
  const task = await getStoredTask(deps, taskId);
  if (!task) throw notFound('No task with that id');
  if (
    !mayDecide(taskKindOf(task.type), caller.groups, task.escalated) &&
    !caller.groups.includes('manager')
  ) {
    throw forbidden('This task is for another team');
  }
  const c = await deps.store.get(task.caseRef);
  if (c && !released(c, task)) throw notFound('No task with that id');
  return taskView(task, deps.clock.now(), c);
}

/** Open tasks the caller may act on, oldest due first; `mine` keeps those of cases the caller owns. */
export async function listTasks(
  deps: LifecycleDeps,
  caller: Caller,
  type?: string,
  options: { mine?: boolean } = {},
) {
  const types = (type ? [type] : Object.keys(taskKinds())).filter(
    (candidate) =>
      caller.groups.includes('manager') || mayDecide(taskKindOf(candidate), caller.groups, false),
  );
  const tasks: StoredTask[] = [];
  for (const candidate of types) {
    const items = await queryAll(deps, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `TASKS#OPEN#${candidate}` },
    });
    tasks.push(...items.map((item) => stripKeys<StoredTask>(item)));
  }
  const cases = new Map(
    (
      await batchGet<NoiseCase>(
        deps,
        [...new Set(tasks.map((t) => t.caseRef))].map((ref) => keys.case(ref)),
      )
    ).map((c) => [c.caseRef, c]),
  );
  const now = deps.clock.now();
  return tasks
    .filter((task) => {
      const c = cases.get(task.caseRef);
      return c !== undefined && released(c, task) && c.status !== 'closed';
    })
    .filter((task) => mayDecide(taskKindOf(task.type), caller.groups, task.escalated))
    .filter((task) => !options.mine || cases.get(task.caseRef)?.owner === caller.id)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .map((task) => taskView(task, now, cases.get(task.caseRef)));
}

/** The case's tasks; `read` is its task items when the caller has already asked for them. */
export async function tasksOfCase(
  deps: LifecycleDeps,
  c: NoiseCase,
  read: Promise<StoredTask[]> = childrenOfCase<StoredTask>(deps, c.caseRef, 'TASK#'),
) {
  return (await read).filter((task) => released(c, task));
}

/** Cancels every open task of a case (of one execution, when given): nothing will act on them. */
export async function cancelOpenTasks(
  deps: LifecycleDeps,
  c: NoiseCase,
  reason: string,
  options: { execution?: string; types?: readonly string[] } = {},
): Promise<string[]> {
  const cancelled: string[] = [];
  for (const task of await childrenOfCase<StoredTask>(deps, c.caseRef, 'TASK#')) {
    if (task.status !== 'open') continue;
    if (options.execution && task.execution !== options.execution) continue;
    if (options.types && !options.types.includes(task.type)) continue;
    if (await cancelTask(deps, task, reason)) cancelled.push(task.taskId);
  }
  return cancelled;
}

/** Ends the open task of a case with an outcome that did not come from its deciders (withdrawal). */
export async function closeOpenTaskWith(
  deps: LifecycleDeps,
  c: NoiseCase,
  types: readonly string[],
  outcome: string,
  reason: string,
  caller: Caller,
): Promise<StaffTask | undefined> {
  const open = (await tasksOfCase(deps, c)).find(
    (task) => task.status === 'open' && types.includes(task.type),
  );
  if (!open) return undefined;
  const now = deps.clock.now().toISOString();
  const decision: Decision = {
    outcome,
    reason,
    decidedBy: caller.id,
    ...(caller.name ? { decidedByName: caller.name } : {}),
    decidedByGroups: caller.groups,
    decidedAt: now,
  };
  await markDecided(deps, open, decision);
  const decided = { ...open, status: 'decided' as const, decision, delivered: false };
  await deliverDecision(deps, decided, c, caller);
  return decided;
}

export { taskKinds };
