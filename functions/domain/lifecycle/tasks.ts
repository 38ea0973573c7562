/**
 * Staff tasks: a workflow waits (with a task token) until a person decides. Opening a task stores
 * the token with a due date; a decision completes the task exactly once (a conditional write) and
 * only then hands the outcome to the workflow. If that hand-over is lost, the sweeper repeats it.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AppError, conflict, forbidden, notFound, validationFailed } from '../../commons/errors.ts';
import { mutateCase } from '../case-store.ts';
import type { Decision, StaffTask, TaskType } from '../model/workflow.ts';
import { childrenOfCase, getItem, putIfAbsent, queryAll, setAttributes, stripKeys } from '../table-access.ts';
import { type Caller, completeCallback, type LifecycleDeps, systemActor } from './deps.ts';
import { notifyStaff } from './outbox.ts';
import { mayDecide, taskCatalogue } from './task-catalogue.ts';

type StoredTask = StaffTask & { token: string };

export const taskIdFor = (execution: string, type: TaskType) =>
  `tsk_${createHash('sha256').update(`${execution}|${type}`).digest('hex').slice(0, 20)}`;

const taskKey = (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' });

/** What staff see of a task: never the token, which is a capability to drive the workflow. */
export function taskView(task: StoredTask, now: Date) {
  const { token: _token, groups: _groups, execution: _execution, ...visible } = task;
  return { ...visible, overdue: task.status === 'open' && Date.parse(task.dueAt) < now.getTime() };
}

async function getStoredTask(deps: LifecycleDeps, taskId: string): Promise<StoredTask | undefined> {
  return getItem<StoredTask>(deps, taskKey(taskId));
}

export async function openStaffTask(
  deps: LifecycleDeps,
  input: { caseRef: string; type: TaskType; token: string; execution: string },
): Promise<StaffTask> {
  const now = deps.clock.now();
  const kind = taskCatalogue[input.type];
  const current = await deps.store.get(input.caseRef);
  if (!current) throw new Error(`case ${input.caseRef} does not exist`);
  const taskId = taskIdFor(input.execution, input.type);
  const existing = await getStoredTask(deps, taskId);
  if (existing) {
    // The workflow retried this state with a fresh token: the task stays, the token moves on.
    await setAttributes(deps, taskKey(taskId), { token: input.token });
    // Read again after moving the token: a decision made meanwhile may have used the old one.
    const current = (await getStoredTask(deps, taskId)) ?? existing;
    if (current.status === 'decided') await deliverDecision(deps, { ...current, token: input.token });
    return current;
  }
  const dueAt = kind.due(deps.policy.at(now), now).toISOString();
  const task: StoredTask = {
    taskId,
    caseRef: input.caseRef,
    type: input.type,
    title: kind.title,
    summary: `${current.sourceKind} noise in ${current.sourceDistrict}; ${current.complaintCount} report${current.complaintCount === 1 ? '' : 's'}${
      current.nightTimeComplaints ? `, ${current.nightTimeComplaints} at night` : ''
    }${current.caseReviewThresholdMet ? '; Case Review threshold met' : ''}`,
    status: 'open',
    allowedOutcomes: kind.outcomes,
    groups: kind.groups,
    createdAt: now.toISOString(),
    dueAt,
    escalated: false,
    execution: input.execution,
    token: input.token,
  };
  await putIfAbsent(deps, {
    ...taskKey(taskId),
    ...task,
    gsi1pk: `TASKS#OPEN#${task.type}`,
    gsi1sk: `${dueAt}#${taskId}`,
    gsi2pk: `CASE#${task.caseRef}`,
    gsi2sk: `TASK#${task.createdAt}#${taskId}`,
    gsi3pk: 'DUE',
    gsi3sk: `${dueAt}#TASK#${taskId}`,
    dueKind: 'task',
  });
  const opId = `open:${taskId}`;
  await mutateCase(deps.store, input.caseRef, async (c) =>
    (await deps.store.eventOf(c.caseRef, opId))
      ? null
      : {
          event: {
            type: 'TaskOpened',
            at: task.createdAt,
            actor: systemActor,
            visibility: 'staff',
            data: { taskId, type: task.type, dueAt },
            opId,
          },
          patch: {
            updatedAt: task.createdAt,
            ...(task.type === 'triage' && c.status === 'received'
              ? { status: 'under-investigation' as const }
              : {}),
          },
        },
  );
  return task;
}

export const DecisionBody = {
  check(task: StaffTask, body: { outcome: string; agreedActions?: unknown[] | undefined }) {
    const kind = taskCatalogue[task.type];
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
  },
};

export async function decideTask(
  deps: LifecycleDeps,
  taskId: string,
  caller: Caller | 'system',
  body: { outcome: string; reason: string; agreedActions?: { action: string; dueBy: string }[] | undefined },
) {
  const task = await getStoredTask(deps, taskId);
  if (!task) throw notFound('No task with that id');
  const kind = taskCatalogue[task.type];
  if (caller !== 'system' && !mayDecide(kind, caller.groups, task.escalated)) {
    throw forbidden(`Only ${kind.groups.join(' or ')} staff may decide a ${task.type} task`);
  }
  if (task.status !== 'open') {
    // The caller's own decision, sent again because its answer was lost: the same answer again.
    const own =
      caller !== 'system' && task.decision?.decidedBy === caller.id && task.decision.outcome === body.outcome;
    if (own) return taskView(task, deps.clock.now());
    throw alreadyDecided(task);
  }
  DecisionBody.check(task, body);
  const now = deps.clock.now().toISOString();
  const decision: Decision = {
    outcome: body.outcome,
    reason: body.reason,
    decidedBy: caller === 'system' ? 'system' : caller.id,
    ...(caller !== 'system' && caller.name ? { decidedByName: caller.name } : {}),
    ...(caller !== 'system' ? { decidedByGroups: caller.groups } : {}),
    decidedAt: now,
    ...(body.agreedActions ? { agreedActions: body.agreedActions } : {}),
  };
  await markDecided(deps, task, decision);
  const decided: StoredTask = { ...task, status: 'decided', decision, delivered: false };
  await deliverDecision(deps, decided);
  return taskView({ ...decided, delivered: true }, deps.clock.now());
}

/**
 * Exactly once: only an open task can be decided. The task's due entry now means "deliver this
 * decision", so if the hand-over to the workflow is lost the sweeper makes it.
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
    if (error instanceof ConditionalCheckFailedException) throw alreadyDecided(task);
    throw error;
  }
}

function alreadyDecided(task: StaffTask): AppError {
  return conflict(
    'TASK_ALREADY_DECIDED',
    `This task was already decided${task.decision ? ` (${task.decision.outcome})` : ''}`,
  );
}

/** Hands a recorded decision to the waiting workflow, then clears its due entry. */
/**
 * Writes the decision's audit event unless it is there already. Delivery calls it first, so a
 * decision whose event could not be written when it was made (the task is decided either way)
 * is in the audit trail before the workflow acts on it.
 */
async function recordDecision(deps: LifecycleDeps, task: StoredTask, decision: Decision): Promise<void> {
  const opId = `decide:${task.taskId}`;
  await mutateCase(deps.store, task.caseRef, async (c) =>
    (await deps.store.eventOf(c.caseRef, opId))
      ? null
      : {
          event: {
            type: 'TaskDecided',
            at: decision.decidedAt,
            actor:
              decision.decidedBy === 'system'
                ? systemActor
                : {
                    kind: 'staff' as const,
                    id: decision.decidedBy,
                    ...(decision.decidedByGroups ? { groups: decision.decidedByGroups } : {}),
                  },
            reason: decision.reason,
            visibility: 'staff',
            data: {
              taskId: task.taskId,
              type: task.type,
              outcome: decision.outcome,
              ...(decision.agreedActions ? { agreedActions: decision.agreedActions } : {}),
            },
            opId,
          },
          patch: { updatedAt: deps.clock.now().toISOString() },
        },
  );
}

export async function deliverDecision(deps: LifecycleDeps, task: StoredTask): Promise<void> {
  if (!task.decision) return;
  await recordDecision(deps, task, task.decision);
  const output = {
    outcome: task.decision.outcome,
    reason: task.decision.reason,
    decidedBy: task.decision.decidedBy,
    ...(task.decision.agreedActions ? { agreedActions: task.decision.agreedActions } : {}),
  };
  const waiting = await completeCallback(
    deps,
    task.token,
    output,
    async () => (await getStoredTask(deps, task.taskId))?.token,
  );
  if (!waiting)
    deps.log?.error('decision could not be delivered: the workflow no longer waits for it', {
      taskId: task.taskId,
      caseRef: task.caseRef,
    });
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: taskKey(task.taskId),
      UpdateExpression: 'SET delivered = :yes REMOVE gsi3pk, gsi3sk',
      ExpressionAttributeValues: { ':yes': true },
    }),
  );
}

/** The sweeper's work on a due task: deliver a lost decision, or act on an overdue one. */
export async function handleDueTask(deps: LifecycleDeps, taskId: string): Promise<string> {
  const task = await getStoredTask(deps, taskId);
  if (!task) return 'missing';
  const now = deps.clock.now();
  if (task.status === 'decided' && !task.delivered) {
    await deliverDecision(deps, task);
    return 'redelivered';
  }
  if (task.status !== 'open' || Date.parse(task.dueAt) > now.getTime()) return 'nothing-due';
  const kind = taskCatalogue[task.type];
  if (kind.onOverdue !== 'escalate') {
    await decideTask(deps, taskId, 'system', {
      outcome: kind.onOverdue.outcome,
      reason: 'Nobody decided by the due date',
    });
    return 'decided-by-default';
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
    if (await deps.store.eventOf(c.caseRef, opId)) return null;
    await notifyStaff(
      deps,
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
    return {
      event: {
        type: 'TaskEscalated',
        at: now.toISOString(),
        actor: systemActor,
        visibility: 'staff',
        reason: 'Not decided by the due date',
        data: { taskId, type: task.type, dueAt: task.dueAt },
        opId,
      },
      patch: { updatedAt: now.toISOString() },
    };
  });
  return 'escalated';
}

export async function getTask(deps: LifecycleDeps, taskId: string, caller: Caller) {
  const task = await getStoredTask(deps, taskId);
  if (!task) throw notFound('No task with that id');
  if (
    !mayDecide(taskCatalogue[task.type], caller.groups, task.escalated) &&
    !caller.groups.includes('manager')
  ) {
    throw forbidden('This task is for another team');
  }
  return taskView(task, deps.clock.now());
}

/** Open tasks the caller may act on, oldest due first. */
export async function listTasks(deps: LifecycleDeps, caller: Caller, type?: TaskType) {
  const types = (type ? [type] : (Object.keys(taskCatalogue) as TaskType[])).filter(
    (candidate) =>
      caller.groups.includes('manager') || mayDecide(taskCatalogue[candidate], caller.groups, false),
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
  const now = deps.clock.now();
  return tasks
    .filter((task) => mayDecide(taskCatalogue[task.type], caller.groups, task.escalated))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .map((task) => taskView(task, now));
}

export async function tasksOfCase(deps: LifecycleDeps, caseRef: string) {
  return childrenOfCase<StoredTask>(deps, caseRef, 'TASK#');
}

/** Ends the open task of a case with an outcome that did not come from its deciders (withdrawal). */
export async function closeOpenTaskWith(
  deps: LifecycleDeps,
  caseRef: string,
  types: readonly TaskType[],
  outcome: string,
  reason: string,
  caller: Caller,
): Promise<StaffTask | undefined> {
  const open = (await tasksOfCase(deps, caseRef)).find(
    (task) => task.status === 'open' && types.includes(task.type),
  );
  if (!open) return undefined;
  const now = deps.clock.now().toISOString();
  const decision: Decision = { outcome, reason, decidedBy: caller.id, decidedAt: now };
  await markDecided(deps, open, decision);
  const decided = { ...open, status: 'decided' as const, decision, delivered: false };
  await deliverDecision(deps, decided);
  return decided;
}
