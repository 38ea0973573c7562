/**
 * Appeals against a notice: a CPN to a magistrates' court within 21 days of service (2014 Act
 * s.46), an abatement notice within 21 days (EPA 1990 s.80(3)). While an appeal is pending a CPN's
 * "do" requirements are suspended (its "stop" requirements are not); an abatement notice is
 * suspended if it says so (reg. 3). A manager records the court's decision: dismissed, varied or
 * quashed. A quashed notice is no longer in force and its watch ends.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { conflict, notFound, validationFailed } from '../../commons/errors.ts';
import { hasApplied } from '../case-store.ts';
import { outboxItem, toComplainants, toSource } from '../letters/outbox.ts';
import { day, greeting, signOff } from '../letters/words.ts';
import { endDeadlineEarly } from '../lifecycle/deadlines.ts';
import { type Caller, type LifecycleDeps, staffActor, systemActor } from '../lifecycle/deps.ts';
import { applyChange, writeItems } from '../lifecycle/step.ts';
import { caseTaskItem } from '../lifecycle/tasks.ts';
import type { Decision, StaffTask } from '../model/workflow.ts';
import { peopleOf } from '../people/parties.ts';
import { noticeSpecOf } from '../routes/catalogue.ts';
import type { RouteModule } from '../routes/types.ts';
import { addDays } from '../time.ts';
import { appealOutcomeToSource, appealOutcomeWords } from './appeal-letters.ts';
import { RequirementInput } from './model.ts';
import { getNotice, liveNoticeOf, noticeKey, noticesOf, recipientAsPerson, suspensionOf } from './notices.ts';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface AppealLodged {
  noticeId: string;
  lodgedAt: string;
  court: string;
}

export async function lodgeAppeal(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  appeal: AppealLodged,
) {
  const now = deps.clock.now();
  if (Date.parse(appeal.lodgedAt) > now.getTime() + FUTURE_TOLERANCE_MS)
    throw validationFailed([
      { path: 'lodgedAt', message: 'The date the appeal was lodged must not be in the future' },
    ]);
  const c = await deps.store.get(caseRef);
  if (!c) throw notFound('No case with that reference');
  const notice = await getNotice(deps, appeal.noticeId);
  if (!notice || notice.caseRef !== caseRef)
    throw validationFailed([{ path: 'noticeId', message: 'No notice with that id on this case' }]);
  if (!notice.appealUntil)
    throw validationFailed([
      { path: 'noticeId', message: `A ${noticeSpecOf(notice.kind).title} cannot be appealed` },
    ]);
  if (notice.status !== 'in-force')
    throw conflict('NOTICE_NOT_IN_FORCE', 'This notice is no longer in force');
  if (Date.parse(appeal.lodgedAt) < Date.parse(notice.servedAt))
    throw validationFailed([
      { path: 'lodgedAt', message: 'An appeal cannot be lodged before the notice was served' },
    ]);
  if (Date.parse(appeal.lodgedAt) > Date.parse(notice.appealUntil))
    throw validationFailed([
      {
        path: 'lodgedAt',
        message: `The time to appeal ended on ${day(notice.appealUntil)}: the appeal was lodged too late`,
      },
    ]);
  if (notice.appeal?.status === 'pending')
    throw conflict('APPEAL_PENDING', 'An appeal against this notice is already pending');
  const appealId = `apl_${createHash('sha256').update(`${notice.noticeId}|${appeal.lodgedAt}|${appeal.court}`).digest('hex').slice(0, 16)}`;
  const opId = `appeal:${appealId}`;
  const { taskId, item } = caseTaskItem(deps, c, { type: 'appeal-outcome', key: appealId });
  // The same appeal sent again answers as the first time did.
  if (hasApplied(c, opId))
    return { appealId, caseRef, noticeId: notice.noticeId, taskId, suspends: suspensionOf(notice) };
  const record = {
    appealId,
    lodgedAt: appeal.lodgedAt,
    court: appeal.court,
    status: 'pending' as const,
    taskId,
  };
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: noticeKey(notice.noticeId),
        UpdateExpression: 'SET appeal = :appeal',
        ConditionExpression:
          'attribute_not_exists(appeal) OR appeal.#status <> :pending OR appeal.appealId = :id',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':appeal': record, ':pending': 'pending', ':id': appealId },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      throw conflict('APPEAL_PENDING', 'An appeal against this notice is already pending');
    throw error;
  }
  await writeItems(deps, opId, [item]);
  const at = now.toISOString();
  const appealed = { ...notice, appeal: record };
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'AppealLodged',
            at,
            actor: staffActor(caller),
            visibility: 'staff',
            data: {
              appealId,
              noticeId: notice.noticeId,
              lodgedAt: appeal.lodgedAt,
              court: appeal.court,
              suspends: suspensionOf(notice),
              taskId,
            },
            opId,
          },
          patch: {
            updatedAt: at,
            ...(current.liveNotice?.noticeId === notice.noticeId
              ? { liveNotice: liveNoticeOf(appealed) }
              : {}),
          },
        },
  );
  return { appealId, caseRef, noticeId: notice.noticeId, taskId, suspends: suspensionOf(notice) };
}

const Varied = z.strictObject({
  requirements: z
    .array(RequirementInput)
    .min(1, { error: 'List the requirements as the court varied them' })
    .max(10)
    .optional(),
});

const outcomeWords: Record<string, string> = appealOutcomeWords;

/** The court's decision, acted on: the notice stands, changes, or falls (ending its watch). */
async function applyAppealOutcome(
  deps: LifecycleDeps,
  task: StaffTask,
  decision: Decision,
  caller: Caller | 'system',
) {
  const c = await deps.store.get(task.caseRef);
  if (!c) return;
  const opId = `appeal-outcome:${task.taskId}`;
  if (hasApplied(c, opId)) return;
  const notice = (await noticesOf(deps, c)).find((n) => n.appeal?.taskId === task.taskId);
  if (!notice?.appeal) return;
  const outcome = decision.outcome as 'dismissed' | 'varied' | 'quashed';
  const varied =
    outcome === 'varied' ? (decision.details as z.infer<typeof Varied> | undefined)?.requirements : undefined;
  const updated = {
    ...notice,
    appeal: { ...notice.appeal, status: outcome, decidedAt: decision.decidedAt },
    ...(varied
      ? { requirements: varied.map((r, i) => ({ id: `r${i + 1}v`, kind: r.kind, text: r.text })) }
      : {}),
    ...(outcome === 'quashed' ? { status: 'quashed' as const } : {}),
  };
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: noticeKey(notice.noticeId),
      UpdateExpression: 'SET appeal = :appeal, requirements = :requirements, #status = :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':appeal': updated.appeal,
        ':requirements': updated.requirements,
        ':status': updated.status,
      },
    }),
  );
  const at = deps.clock.now().toISOString();
  const people = await peopleOf(deps, c);
  const letters = [
    ...toComplainants(
      c,
      people.complainants,
      'appealOutcome',
      (to) => ({
        subject: `Case ${c.caseRef}: the outcome of the appeal`,
        body: `${greeting(to.name)}\n\nThe notice served in case ${c.caseRef} was appealed. ${outcomeWords[outcome]}\n\n${signOff()}`,
      }),
      opId,
      at,
    ),
    ...toSource(
      c,
      [recipientAsPerson(c, notice.recipient, people.source[0], at)],
      'appealOutcome',
      (to) => appealOutcomeToSource(to, c, notice, outcome, varied, at),
      opId,
      at,
    ),
  ];
  await writeItems(deps, opId, letters.map(outboxItem));
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'AppealDecided',
            at,
            actor: caller === 'system' ? systemActor : staffActor(caller),
            visibility: 'resident',
            data: {
              noticeId: notice.noticeId,
              appealId: notice.appeal?.appealId,
              outcome,
              residentTitle: outcomeWords[outcome],
              messages: letters.map((m) => m.messageId),
            },
            opId,
          },
          patch: {
            updatedAt: at,
            ...(current.liveNotice?.noticeId === notice.noticeId
              ? { liveNotice: outcome === 'quashed' ? undefined : liveNoticeOf(updated) }
              : {}),
          },
        },
  );
  if (outcome === 'quashed')
    await endDeadlineEarly(deps, c.caseRef, [noticeSpecOf(notice.kind).watchKind], {
      outcome: 'quashed',
      noticeId: notice.noticeId,
    });
}

export const appeals: RouteModule = {
  id: 'appeals',
  title: 'Appeals against notices',
  phases: [],
  tasks: {
    'appeal-outcome': {
      title: "Record the court's decision on an appeal against a notice",
      groups: ['manager'],
      outcomes: ['dismissed', 'varied', 'quashed'],
      due: (policy, from) => addDays(from, policy.decisions.appealOutcomeDueDays),
      onOverdue: 'escalate',
      details: { varied: Varied },
      standalone: { apply: applyAppealOutcome },
    },
  },
  steps: {},
};
