/**
 * Deadlines: a workflow waits (with a task token) until a period ends or an event ends it early:
 * a compliance period ended by a breach, a payment period ended by payment, an agreement review
 * date. The token and due date live in DynamoDB; the sweeper fires reminders and the end of the
 * period. Ending a wait is recorded first and delivered second, so a lost delivery is repeated.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mutateCase } from '../case-store.ts';
import type { Deadline, DeadlineKind, Penalty } from '../model/workflow.ts';
import { childrenOfCase, getItem, putIfAbsent, setAttributes } from '../table-access.ts';
import { addDays } from '../time.ts';
import { completeCallback, type LifecycleDeps, systemActor } from './deps.ts';
import { writeToSource } from './outbox.ts';
import { getPenalty, updatePenalty } from './penalties.ts';

type StoredDeadline = Deadline & { token: string };

const deadlineKey = (deadlineId: string) => ({ pk: `DEADLINE#${deadlineId}`, sk: 'DEADLINE' });

export const deadlineIdFor = (execution: string, kind: DeadlineKind) =>
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
  input: {
    caseRef: string;
    kind: DeadlineKind;
    token: string;
    execution: string;
    penaltyRef?: string | undefined;
  },
): Promise<Deadline> {
  const now = deps.clock.now();
  const policy = deps.policy.at(now);
  const deadlineId = deadlineIdFor(input.execution, input.kind);
  const existing = await getDeadline(deps, deadlineId);
  if (existing) {
    // The workflow retried this state with a fresh token: the deadline stays, the token moves on.
    await setAttributes(deps, deadlineKey(deadlineId), { token: input.token });
    // Read again after moving the token: an outcome signalled meanwhile may have used the old one.
    const current = (await getDeadline(deps, deadlineId)) ?? existing;
    if (current.status !== 'waiting') await deliver(deps, { ...current, token: input.token });
    return current;
  }
  let dueAt: string;
  let reminders: Deadline['reminders'] = [];
  let penalty: Penalty | undefined;
  if (input.kind === 'payment-period') {
    if (!input.penaltyRef) throw new Error('a payment period needs a penaltyRef');
    penalty = await getPenalty(deps, input.penaltyRef);
    if (!penalty) throw new Error(`penalty ${input.penaltyRef} does not exist`);
    dueAt = penalty.dueBy;
    reminders = policy.fixedPenalty.reminderDays.map((days) => ({
      at: addDays(new Date(penalty?.issuedAt ?? now), days).toISOString(),
      template: 'paymentReminder',
      sent: false,
    }));
  } else if (input.kind === 'compliance-period') {
    dueAt = addDays(now, policy.warning.complianceDays).toISOString();
  } else {
    dueAt = addDays(now, policy.restorative.reviewAfterDays).toISOString();
  }
  const deadline: StoredDeadline = {
    deadlineId,
    caseRef: input.caseRef,
    kind: input.kind,
    dueAt,
    status: 'waiting',
    reminders,
    ...(input.penaltyRef ? { penaltyRef: input.penaltyRef } : {}),
    execution: input.execution,
    createdAt: now.toISOString(),
    token: input.token,
  };
  await putIfAbsent(deps, {
    ...deadlineKey(deadlineId),
    ...deadline,
    gsi2pk: `CASE#${input.caseRef}`,
    gsi2sk: `DEADLINE#${input.kind}#${deadlineId}`,
    gsi3pk: 'DUE',
    gsi3sk: `${nextAt(deadline)}#DEADLINE#${deadlineId}`,
    dueKind: 'deadline',
  });
  const opId = `deadline:${deadlineId}`;
  await mutateCase(deps.store, input.caseRef, async (c) =>
    (await deps.store.eventOf(c.caseRef, opId))
      ? null
      : {
          event: {
            type: 'DeadlineSet',
            at: now.toISOString(),
            actor: systemActor,
            visibility: 'staff',
            data: { deadlineId, kind: input.kind, dueAt, reminders: reminders.map((r) => r.at) },
            opId,
          },
          patch: { updatedAt: now.toISOString() },
        },
  );
  return deadline;
}

/** Ends the case's waiting deadline of a kind early; false when no such wait is running. */
export async function endDeadlineEarly(
  deps: LifecycleDeps,
  caseRef: string,
  kinds: readonly DeadlineKind[],
  outcome: Record<string, unknown>,
): Promise<boolean> {
  const waiting = (await childrenOfCase<StoredDeadline>(deps, caseRef, 'DEADLINE#')).find(
    (deadline) => deadline.status === 'waiting' && kinds.includes(deadline.kind),
  );
  if (!waiting) return false;
  return signal(deps, waiting, outcome);
}

async function signal(
  deps: LifecycleDeps,
  deadline: StoredDeadline,
  outcome: Record<string, unknown>,
): Promise<boolean> {
  const now = deps.clock.now().toISOString();
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: deadlineKey(deadline.deadlineId),
        UpdateExpression: 'SET #status = :signalled, outcome = :outcome, gsi3pk = :due, gsi3sk = :now',
        ConditionExpression: '#status = :waiting',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':signalled': 'signalled',
          ':waiting': 'waiting',
          ':outcome': outcome,
          ':due': 'DUE',
          ':now': `${now}#DEADLINE#${deadline.deadlineId}`,
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
  await deliver(deps, { ...deadline, status: 'signalled', outcome });
  return true;
}

async function deliver(deps: LifecycleDeps, deadline: StoredDeadline): Promise<void> {
  const output = { kind: deadline.kind, ...(deadline.outcome ?? { outcome: 'elapsed' }) };
  const waiting = await completeCallback(
    deps,
    deadline.token,
    output,
    async () => (await getDeadline(deps, deadline.deadlineId))?.token,
  );
  if (!waiting)
    deps.log?.error('deadline outcome could not be delivered', {
      deadlineId: deadline.deadlineId,
      caseRef: deadline.caseRef,
    });
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: deadlineKey(deadline.deadlineId),
      UpdateExpression: 'SET #status = :done REMOVE gsi3pk, gsi3sk',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'done' },
    }),
  );
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
    let current = deadline;
    for (let index = 0; index < current.reminders.length; index++) {
      const reminder = current.reminders[index];
      if (!reminder || reminder.sent || Date.parse(reminder.at) > now.getTime()) continue;
      await sendReminder(deps, current, index);
      current = {
        ...current,
        reminders: current.reminders.map((r, i) => (i === index ? { ...r, sent: true } : r)),
      };
      reminded = true;
    }
    return reminded ? 'reminded' : 'nothing-due';
  }
  return (await signal(deps, deadline, { outcome: 'elapsed' })) ? 'elapsed' : 'nothing-due';
}

async function sendReminder(deps: LifecycleDeps, deadline: StoredDeadline, index: number): Promise<void> {
  const penalty = deadline.penaltyRef ? await getPenalty(deps, deadline.penaltyRef) : undefined;
  // Only an unpaid penalty is chased. The letter's id comes from the reminder, so sending before
  // marking it sent cannot send twice, and a crash in between cannot lose it.
  if (penalty && ['unpaid', 'underpaid'].includes(penalty.status)) {
    const opId = `remind:${deadline.deadlineId}:${index}`;
    const at = deps.clock.now().toISOString();
    await mutateCase(deps.store, deadline.caseRef, async (c) => {
      if (await deps.store.eventOf(c.caseRef, opId)) return null;
      const messages = await writeToSource(deps, c, 'paymentReminder', { penalty, now: at }, opId, at);
      await updatePenalty(deps, penalty.penaltyRef, { remindersSent: index + 1 });
      return {
        event: {
          type: 'PaymentReminderSent',
          at,
          actor: systemActor,
          visibility: 'staff',
          data: { penaltyRef: penalty.penaltyRef, reminder: index + 1, messages },
          opId,
        },
        patch: { updatedAt: at },
      };
    });
  }
  const reminders = deadline.reminders.map((r, i) => (i === index ? { ...r, sent: true } : r));
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: deadlineKey(deadline.deadlineId),
        UpdateExpression: 'SET reminders = :reminders, gsi3sk = :next',
        ConditionExpression: `#status = :waiting AND reminders[${index}].sent = :no`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':reminders': reminders,
          ':next': `${nextAt({ reminders, dueAt: deadline.dueAt })}#DEADLINE#${deadline.deadlineId}`,
          ':waiting': 'waiting',
          ':no': false,
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
