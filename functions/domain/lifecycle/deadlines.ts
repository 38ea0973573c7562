/**
 * Deadlines: a workflow waits (with a task token) until a period ends or an event ends it early:
 * a warning's watch ended by a breach, a payment period ended by payment, an agreement review
 * date. The token and due date live in DynamoDB; the sweeper fires reminders and the end of the
 * period. Ending a wait is recorded first and delivered second, so a lost delivery is repeated.
 * The step before a wait audits what it waits for (a notice's compliance date, a penalty's due
 * date), so setting the deadline itself is one write. A case deadline (a diary sheet's return
 * date) has no token: no workflow waits, and its route acts on the end itself.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NoiseCase } from '../model/case.ts';
import type { Deadline } from '../model/workflow.ts';
import { deadlineKindOf } from '../routes/catalogue.ts';
import type { DeadlineInput } from '../routes/types.ts';
import { childrenOfCase, getItem, putIfAbsent, setAttributes } from '../table-access.ts';
import { completeCallback, type LifecycleDeps } from './deps.ts';
import { assertCurrent } from './step.ts';

type StoredDeadline = Deadline & { token?: string };

const deadlineKey = (deadlineId: string) => ({ pk: `DEADLINE#${deadlineId}`, sk: 'DEADLINE' });

export const deadlineIdFor = (execution: string, kind: string) =>
  `dl_${createHash('sha256').update(`${execution}|${kind}`).digest('hex').slice(0, 20)}`;

/** The next moment the sweeper must look at a deadline: an unsent reminder or the end. */
function nextAt(deadline: Pick<Deadline, 'reminders' | 'dueAt'>): string {
  const reminder = deadline.reminders.find((r) => !r.sent);
  return reminder && reminder.at < deadline.dueAt ? reminder.at : deadline.dueAt;
}

async function getDeadline(deps: LifecycleDeps, deadlineId: string): Promise<StoredDeadline | undefined> {
  return getItem<StoredDeadline>(deps, deadlineKey(deadlineId));
}

export async function awaitDeadline(
  deps: LifecycleDeps,
  input: DeadlineInput & { token: string },
): Promise<Deadline> {
  const now = deps.clock.now();
  const deadlineId = deadlineIdFor(input.execution, input.kind);
  const kind = deadlineKindOf(input.kind);
  let dates = input.facts ? kind.fromFacts?.(deps, input.facts) : undefined;
  if (!dates) {
    const c = await deps.store.get(input.caseRef);
    if (!c) throw new Error(`case ${input.caseRef} does not exist`);
    assertCurrent(c, input.execution);
    if (!kind.due) throw new Error(`${input.kind} is a case deadline: no workflow waits on it`);
    dates = {
      dueAt: await kind.due(deps, c, input),
      reminders: (await kind.reminders?.(deps, c, input)) ?? [],
    };
  }
  const deadline: StoredDeadline = {
    deadlineId,
    caseRef: input.caseRef,
    kind: input.kind,
    dueAt: dates.dueAt.toISOString(),
    status: 'waiting',
    reminders: (dates.reminders ?? []).map((r) => ({ ...r, sent: false })),
    ...(input.penaltyRef ? { penaltyRef: input.penaltyRef } : {}),
    execution: input.execution,
    createdAt: now.toISOString(),
    token: input.token,
  };
  const created = await putIfAbsent(deps, {
    ...deadlineKey(deadlineId),
    ...deadline,
    gsi2pk: `CASE#${input.caseRef}`,
    gsi2sk: `DEADLINE#${input.kind}#${deadlineId}`,
    gsi3pk: 'DUE',
    gsi3sk: `${nextAt(deadline)}#DEADLINE#${deadlineId}`,
    dueKind: 'deadline',
  });
  if (created) return deadline;
  // The workflow retried this state with a fresh token: the deadline stays, the token moves on.
  await setAttributes(deps, deadlineKey(deadlineId), { token: input.token });
  // Read again after moving the token: an outcome signalled meanwhile may have used the old one.
  const current = (await getDeadline(deps, deadlineId)) ?? deadline;
  if (current.status === 'signalled' || (current.status === 'done' && current.outcome))
    await deliver(deps, { ...current, token: input.token });
  return current;
}

/**
 * A deadline no workflow waits on, opened as part of another audited change (like a case task):
 * its item is written first and the caller's change makes it count; the sweeper reminds and ends it.
 */
export function caseDeadlineItem(
  deps: LifecycleDeps,
  c: NoiseCase,
  input: { kind: string; subjectId: string; dueAt: string; reminders?: { at: string; template: string }[] },
): { deadlineId: string; item: Record<string, unknown> } {
  const deadlineId = deadlineIdFor(`${c.caseRef}:${input.subjectId}`, input.kind);
  const deadline: Deadline = {
    deadlineId,
    caseRef: c.caseRef,
    kind: input.kind,
    dueAt: input.dueAt,
    status: 'waiting',
    reminders: (input.reminders ?? []).filter((r) => r.at < input.dueAt).map((r) => ({ ...r, sent: false })),
    subjectId: input.subjectId,
    createdAt: deps.clock.now().toISOString(),
  };
  return {
    deadlineId,
    item: {
      ...deadlineKey(deadlineId),
      ...deadline,
      gsi2pk: `CASE#${c.caseRef}`,
      gsi2sk: `DEADLINE#${input.kind}#${deadlineId}`,
      gsi3pk: 'DUE',
      gsi3sk: `${nextAt(deadline)}#DEADLINE#${deadlineId}`,
      dueKind: 'deadline',
    },
  };
}

/** Ends one waiting deadline early, by id (a case may wait on several of a kind); false if it no longer waits. */
export async function endDeadlineById(
  deps: LifecycleDeps,
  deadlineId: string,
  outcome: Record<string, unknown>,
): Promise<boolean> {
  const deadline = await getDeadline(deps, deadlineId);
  if (deadline?.status !== 'waiting') return false;
  return signal(deps, deadline, outcome);
}

export async function deadlinesOf(deps: LifecycleDeps, caseRef: string): Promise<Deadline[]> {
  const all = await childrenOfCase<StoredDeadline>(deps, caseRef, 'DEADLINE#');
  return all.map(({ token: _token, ...deadline }) => deadline);
}

/** Ends the case's waiting deadline of a kind early; false when no such wait is running. */
export async function endDeadlineEarly(
  deps: LifecycleDeps,
  caseRef: string,
  kinds: readonly string[],
  outcome: Record<string, unknown>,
): Promise<boolean> {
  const waiting = (await childrenOfCase<StoredDeadline>(deps, caseRef, 'DEADLINE#')).find(
    (deadline) => deadline.status === 'waiting' && kinds.includes(deadline.kind),
  );
  if (!waiting) return false;
  return signal(deps, waiting, outcome);
}

/** Whether a wait of one of these kinds is running on the case (one query, no change). */
export async function isWaitingFor(
  deps: LifecycleDeps,
  caseRef: string,
  kinds: readonly string[],
): Promise<boolean> {
  return (await childrenOfCase<StoredDeadline>(deps, caseRef, 'DEADLINE#')).some(
    (deadline) => deadline.status === 'waiting' && kinds.includes(deadline.kind),
  );
}

/**
 * Ends a wait with an outcome. Step Functions accepts a task token once, so the outcome is handed
 * over first and whoever it accepted records it: simultaneous signals (six officers, a payment and
 * the period's end) act exactly once, with one write. If the process dies between the two, the
 * deadline still looks waiting; when it falls due the sweeper finds nothing waits and closes it.
 */
async function signal(
  deps: LifecycleDeps,
  deadline: StoredDeadline,
  outcome: Record<string, unknown>,
): Promise<boolean> {
  if (deadline.status !== 'waiting') return false;
  if (deadline.token === undefined) {
    // A case deadline: no token to hand over. Its route acts first (idempotently, so a second
    // signal or a crash before the record only repeats it), then the wait is recorded as over.
    const { token: _none, ...record } = deadline;
    await deadlineKindOf(deadline.kind).standalone?.ended(deps, record, { kind: deadline.kind, ...outcome });
    await markDone(deps, deadline, outcome);
    return true;
  }
  const delivered = await completeCallback(
    deps,
    deadline.token,
    { kind: deadline.kind, ...outcome },
    async () => (await getDeadline(deps, deadline.deadlineId))?.token,
  );
  if (!delivered) return false;
  await markDone(deps, deadline, outcome);
  return true;
}

async function markDone(deps: LifecycleDeps, deadline: StoredDeadline, outcome: Record<string, unknown>) {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: deadlineKey(deadline.deadlineId),
        UpdateExpression: 'SET #status = :done, outcome = :outcome REMOVE gsi3pk, gsi3sk',
        ConditionExpression: '#status IN (:waiting, :signalled)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':done': 'done',
          ':waiting': 'waiting',
          ':signalled': 'signalled',
          ':outcome': outcome,
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Hands a recorded outcome to the workflow again (a deadline left `signalled` by an earlier version). */
async function deliver(deps: LifecycleDeps, deadline: StoredDeadline): Promise<void> {
  const output = { kind: deadline.kind, ...(deadline.outcome ?? { outcome: 'elapsed' }) };
  if (deadline.token === undefined) {
    // A case deadline: its route acts on the end (idempotently: a lost hand-over is repeated).
    const { token: _none, ...record } = deadline;
    await deadlineKindOf(deadline.kind).standalone?.ended(deps, record, output);
  } else {
    const waiting = await completeCallback(
      deps,
      deadline.token,
      output,
      async () => (await getDeadline(deps, deadline.deadlineId))?.token,
    );
    if (!waiting)
      deps.log?.info('deadline outcome not delivered: nothing waits for it', {
        deadlineId: deadline.deadlineId,
        caseRef: deadline.caseRef,
      });
  }
  await markDone(deps, deadline, deadline.outcome ?? { outcome: 'elapsed' });
}

/** Stops every waiting deadline of a case (of one execution, when given): nothing waits for them now. */
export async function cancelDeadlines(
  deps: LifecycleDeps,
  c: NoiseCase,
  options: { execution?: string } = {},
) {
  for (const deadline of await childrenOfCase<StoredDeadline>(deps, c.caseRef, 'DEADLINE#')) {
    if (deadline.status !== 'waiting') continue;
    if (options.execution && deadline.execution !== options.execution) continue;
    try {
      await deps.db.send(
        new UpdateCommand({
          TableName: deps.table,
          Key: deadlineKey(deadline.deadlineId),
          UpdateExpression: 'SET #status = :cancelled REMOVE gsi3pk, gsi3sk',
          ConditionExpression: '#status = :waiting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':waiting': 'waiting' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** The sweeper's work on a due deadline: send due reminders, end the period, or redeliver. */
export async function handleDueDeadline(deps: LifecycleDeps, deadlineId: string): Promise<string> {
  const deadline = await getDeadline(deps, deadlineId);
  if (!deadline) return 'missing';
  if (deadline.status === 'signalled') {
    await deliver(deps, deadline);
    return 'redelivered';
  }
  if (deadline.status !== 'waiting') return 'nothing-due';
  const now = deps.clock.now();
  if (Date.parse(deadline.dueAt) > now.getTime()) {
    // Reminders only matter before the end of the period; a late sweep sends each one once.
    let reminded = false;
    const kind = deadlineKindOf(deadline.kind);
    const reminders = deadline.reminders.map((r) => ({ ...r }));
    for (let index = 0; index < reminders.length; index++) {
      const reminder = reminders[index];
      if (!reminder || reminder.sent || Date.parse(reminder.at) > now.getTime()) continue;
      // The letter's id comes from the reminder, so sending before marking it sent cannot send twice.
      await kind.remind?.(deps, deadline, index);
      reminder.sent = true;
      await markReminderSent(deps, deadline, index, reminders);
      reminded = true;
    }
    return reminded ? 'reminded' : 'nothing-due';
  }
  if (await signal(deps, deadline, { outcome: 'elapsed' })) return 'elapsed';
  // Nothing waits for it any more (its outcome was handed over before a crash, or its execution
  // was stopped): close it so it is not swept again.
  await markDone(deps, deadline, { outcome: 'not-waited-on' });
  return 'closed';
}

async function markReminderSent(
  deps: LifecycleDeps,
  deadline: StoredDeadline,
  index: number,
  reminders: Deadline['reminders'],
): Promise<void> {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: deadlineKey(deadline.deadlineId),
        UpdateExpression: `SET reminders[${index}].sent = :yes, gsi3sk = :next`,
        ConditionExpression: '#status = :waiting',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':yes': true,
          ':next': `${nextAt({ reminders, dueAt: deadline.dueAt })}#DEADLINE#${deadline.deadlineId}`,
          ':waiting': 'waiting',
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
