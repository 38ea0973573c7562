/**
 * Risk to a complainant. Each assessment (at intake, or by staff at any time) is kept as its own
 * item; the case's priority follows the latest assessment of each complainant: high if any of
 * them is high. A high assessment also flags the case `high-risk` and opens a manager's task to
 * consider a safeguarding referral. At intake all of it rides in the report's own batch and its
 * one update, so a report costs no extra round trip.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { validationFailed } from '../../commons/errors.ts';
import type { PolicyValues } from '../../config/policy.ts';
import { hasApplied } from '../case-store.ts';
import { released } from '../letters/outbox.ts';
import { type Caller, type LifecycleDeps, staffActor } from '../lifecycle/deps.ts';
import { clearFlag, flagCase, flagKey } from '../lifecycle/flags.ts';
import { applyChange, writeItems } from '../lifecycle/step.ts';
import { caseTaskItem, taskKey, tasksOfCase } from '../lifecycle/tasks.ts';
import type { Actor } from '../model/audit-event.ts';
import type { NoiseCase } from '../model/case.ts';
import { type RiskAnswers, type RiskLevel, riskQuestions } from '../model/risk.ts';
import type { StaffTask } from '../model/workflow.ts';
import { peopleOf } from '../people/parties.ts';
import { taskKindOf } from '../routes/catalogue.ts';
import { childrenOfCase, type TableAccess } from '../table-access.ts';
import { caseOrNotFound, refuseClosed } from './guards.ts';
import { HIGH_RISK_FLAG, SAFEGUARDING_TASK } from './names.ts';

export { HIGH_RISK_FLAG, SAFEGUARDING_TASK };

export interface RiskAssessment {
  assessmentId: string;
  caseRef: string;
  /** The complainant assessed. */
  partyId: string;
  answers: RiskAnswers;
  score: number;
  level: RiskLevel;
  assessedAt: string;
  assessedBy: Actor;
  /** Staff notes (free text: removed at the end of the retention period). */
  notes?: string;
  /** The manager's task this assessment opened, when it was high. */
  safeguardingTaskId?: string;
  op?: string;
}

/** The score and level the policy in force gives a set of answers; only a "yes" scores. */
export function scoreRisk(answers: RiskAnswers, policy: PolicyValues): { score: number; level: RiskLevel } {
  const yes = riskQuestions.filter((question) => answers[question] === 'yes');
  const score = yes.reduce((sum, question) => sum + policy.risk.points[question], 0);
  const level: RiskLevel =
    score >= policy.risk.highFrom || yes.some((question) => policy.risk.highWhenYes.includes(question))
      ? 'high'
      : score >= policy.risk.mediumFrom
        ? 'medium'
        : 'low';
  return { score, level };
}

export const riskKey = (assessmentId: string) => ({ pk: `RISK#${assessmentId}`, sk: 'ASSESSMENT' });

export function riskItem(assessment: RiskAssessment): Record<string, unknown> {
  return {
    ...riskKey(assessment.assessmentId),
    ...assessment,
    gsi2pk: `CASE#${assessment.caseRef}`,
    gsi2sk: `RISK#${assessment.assessedAt}#${assessment.assessmentId}`,
  };
}

/** Every assessment that counts on the case, oldest first. */
export async function assessmentsOf(deps: TableAccess, c: NoiseCase): Promise<RiskAssessment[]> {
  return (await childrenOfCase<RiskAssessment>(deps, c.caseRef, 'RISK#')).filter((a) => released(c, a));
}

/** The newest assessment of each complainant. */
export function latestByComplainant(assessments: RiskAssessment[]): Map<string, RiskAssessment> {
  const latest = new Map<string, RiskAssessment>();
  for (const a of [...assessments].sort((x, y) => x.assessedAt.localeCompare(y.assessedAt)))
    latest.set(a.partyId, a);
  return latest;
}

const answered = (answers: RiskAnswers | undefined): answers is RiskAnswers =>
  answers !== undefined && riskQuestions.some((question) => answers[question] !== undefined);

/** The level of a report's assessment; undefined when the resident answered none of the questions. */
export function intakeRiskLevel(
  policy: PolicyValues,
  answers: RiskAnswers | undefined,
): RiskLevel | undefined {
  return answered(answers) ? scoreRisk(answers, policy).level : undefined;
}

/**
 * The report's risk assessment, as items for its batch: the assessment, and when high the
 * safeguarding task and the flag's listing entry. Undefined when the resident answered nothing.
 * `c` is the case as far as the report knows it (the new case, or a stand-in built from the
 * report when it joins one): the task's summary is recomputed from the case whenever it is shown.
 */
export function intakeRiskItems(
  deps: LifecycleDeps,
  input: {
    answers: RiskAnswers | undefined;
    c: NoiseCase;
    partyId: string;
    complaintId: string;
    receivedAt: string;
    op: string;
  },
): { level: RiskLevel; high: boolean; items: Record<string, unknown>[] } | undefined {
  if (!answered(input.answers)) return undefined;
  const { score, level } = scoreRisk(input.answers, deps.policy.at(new Date(input.receivedAt)));
  const assessmentId = `rsk_${input.complaintId.slice(0, 24)}`;
  const high = level === 'high';
  const task = high
    ? caseTaskItem(deps, { ...input.c, priority: 'high' }, { type: SAFEGUARDING_TASK, key: assessmentId })
    : undefined;
  const assessment: RiskAssessment = {
    assessmentId,
    caseRef: input.c.caseRef,
    partyId: input.partyId,
    answers: input.answers,
    score,
    level,
    assessedAt: input.receivedAt,
    assessedBy: { kind: 'resident', id: input.partyId },
    ...(task ? { safeguardingTaskId: task.taskId } : {}),
    op: input.op,
  };
  return {
    level,
    high,
    items: [
      riskItem(assessment),
      ...(task ? [{ ...task.item, op: input.op }] : []),
      ...(high
        ? [
            {
              ...flagKey(HIGH_RISK_FLAG, input.c.caseRef),
              caseRef: input.c.caseRef,
              flag: HIGH_RISK_FLAG,
              flaggedAt: input.receivedAt,
            },
          ]
        : []),
    ],
  };
}

/** A member of staff assesses (or reassesses) a complainant; every assessment is kept. */
export async function assessRisk(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  body: { complainantPartyId: string; answers: RiskAnswers; notes?: string | undefined },
) {
  const c = await caseOrNotFound(deps, caseRef);
  refuseClosed(c);
  if (!answered(body.answers))
    throw validationFailed([{ path: 'answers', message: 'Answer at least one question' }]);
  const people = await peopleOf(deps, c);
  if (!people.complainants.some((p) => p.partyId === body.complainantPartyId))
    throw validationFailed([
      { path: 'complainantPartyId', message: 'No complainant with that party id on this case' },
    ]);
  const now = deps.clock.now();
  const at = now.toISOString();
  const { score, level } = scoreRisk(body.answers, deps.policy.at(now));
  const assessmentId = `rsk_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
  const opId = `risk:${assessmentId}`;
  const earlier = await assessmentsOf(deps, c);
  const openTasks = new Set(
    (await tasksOfCase(deps, c))
      .filter((task) => task.type === SAFEGUARDING_TASK && task.status === 'open')
      .map((task) => task.taskId),
  );
  // One open safeguarding task per complainant is enough: a second high score adds to the record.
  const alreadyOpen = earlier.some(
    (a) =>
      a.partyId === body.complainantPartyId &&
      a.safeguardingTaskId !== undefined &&
      openTasks.has(a.safeguardingTaskId),
  );
  const task =
    level === 'high' && !alreadyOpen
      ? caseTaskItem(deps, { ...c, priority: 'high' }, { type: SAFEGUARDING_TASK, key: assessmentId })
      : undefined;
  const assessment: RiskAssessment = {
    assessmentId,
    caseRef,
    partyId: body.complainantPartyId,
    answers: body.answers,
    score,
    level,
    assessedAt: at,
    assessedBy: staffActor(caller),
    ...(body.notes ? { notes: body.notes } : {}),
    ...(task ? { safeguardingTaskId: task.taskId } : {}),
  };
  const latest = latestByComplainant([...earlier, assessment]);
  const high = [...latest.values()].some((a) => a.level === 'high');
  const previous = latestByComplainant(earlier).get(body.complainantPartyId);
  await writeItems(deps, opId, [riskItem(assessment), ...(task ? [task.item] : [])]);
  const updated = await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'RiskAssessed',
            at,
            actor: staffActor(caller),
            visibility: 'staff',
            data: {
              assessmentId,
              partyId: body.complainantPartyId,
              level,
              score,
              ...(previous ? { previousLevel: previous.level } : {}),
              priority: high ? 'high' : 'normal',
              ...(task ? { taskId: task.taskId } : {}),
            },
            opId,
          },
          patch: { priority: high ? 'high' : 'normal', updatedAt: at },
          ...(high ? { addFlags: [HIGH_RISK_FLAG] } : { removeFlags: [HIGH_RISK_FLAG] }),
        },
  );
  if (high) {
    await flagCase(deps, caseRef, HIGH_RISK_FLAG);
    await hastenOpenTasks(deps, updated);
  } else if (c.flags?.includes(HIGH_RISK_FLAG)) {
    await clearFlag(deps, caseRef, HIGH_RISK_FLAG);
  }
  return { ...assessment, priority: updated.priority ?? 'normal' };
}

/**
 * A case that became high priority while a task was already open: the task's due date moves to
 * what it would have been had the case been high priority when it opened (triage: one working
 * day instead of two), never later than it was. `read` is the case's task items when the caller
 * has already asked for them (a report asks beside its own writes, to keep its chain short).
 */
export async function hastenOpenTasks(
  deps: LifecycleDeps,
  c: NoiseCase,
  read?: Promise<(StaffTask & { op?: string })[]>,
): Promise<void> {
  for (const task of await tasksOfCase(deps, c, read)) {
    if (task.status !== 'open' || task.escalated) continue;
    const opened = new Date(task.createdAt);
    const dueAt = taskKindOf(task.type)
      .due(deps.policy.at(opened), opened, { ...c, priority: 'high' })
      .toISOString();
    if (dueAt >= task.dueAt) continue;
    const reminder = task.reminders?.find((r) => !r.sent && r.at < dueAt);
    try {
      await deps.db.send(
        new UpdateCommand({
          TableName: deps.table,
          Key: taskKey(task.taskId),
          UpdateExpression: 'SET dueAt = :due, gsi1sk = :queue, gsi3pk = :duePk, gsi3sk = :next',
          ConditionExpression: '#status = :open AND dueAt = :was',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':due': dueAt,
            ':queue': `${dueAt}#${task.taskId}`,
            ':duePk': 'DUE',
            ':next': `${reminder?.at ?? dueAt}#TASK#${task.taskId}`,
            ':open': 'open',
            ':was': task.dueAt,
          },
        }),
      );
    } catch (error) {
      // Decided or moved meanwhile: nothing to hasten.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
