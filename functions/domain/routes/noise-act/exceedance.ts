/**
 * A measurement against a Noise Act warning notice. Noise above the permitted level within the
 * warning period is the offence (s.4 for a dwelling, s.4A for licensed premises), once per period:
 * the first such measurement claims the period, later ones are further evidence of it (one fixed
 * penalty per warning period). Outside the period, or not above the level, it is evidence only and
 * acts on nothing.
 *
 * An offence takes the case to the manager's offence decision (`noise-act-offence`):
 * - from triage, or from a route's own phase (statutory nuisance, ASB): that phase's waiting task
 *   or watch is withdrawn; its notice stays the case's live notice, so a later breach of it still
 *   counts, and "no further action" closes the case (the notice stays live) or returns to triage;
 * - a closed case is reopened there;
 * - while a penalty, prosecution or restorative process is under way, or a decision on a breach
 *   (or an earlier offence) waits, nothing is taken over: the offence is on the case, with its
 *   limitation date, and the managers are told.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conflict, notFound, validationFailed } from '../../../commons/errors.ts';
import type { CasePatch } from '../../case-store.ts';
import { hasApplied } from '../../case-store.ts';
import { reopenPointer } from '../../intake/source-pointer.ts';
import { outboxItem, toStaff } from '../../letters/outbox.ts';
import { day, dayAndTime } from '../../letters/words.ts';
import { cancelDeadlines } from '../../lifecycle/deadlines.ts';
import { type Caller, type LifecycleDeps, staffActor } from '../../lifecycle/deps.ts';
import { executionInput, phaseExecutionName } from '../../lifecycle/phases.ts';
import { noRetention } from '../../lifecycle/retention-dates.ts';
import { applyChange, writeItems } from '../../lifecycle/step.ts';
import { cancelOpenTasks } from '../../lifecycle/tasks.ts';
import type { NoiseCase } from '../../model/case.ts';
import type { NoiseActExceedanceRequest } from '../../model/requests.ts';
import { breachKey } from '../../notices/breaches.ts';
import type { BreachRecord, NoticeRecord } from '../../notices/model.ts';
import { noticeKey, noticesOf } from '../../notices/notices.ts';
import { peopleOf } from '../../people/parties.ts';
import { addMonths } from '../../time.ts';
import { noticeSpecs, routeOfPhase } from '../catalogue.ts';
import { isLicensedPremises, NOISE_ACT, offenceSection } from './rules.ts';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

export const OFFENCE_PHASE = 'noise-act-offence';

export interface ExceedanceJudgement {
  counts: boolean;
  why: string;
}

/** Whether a measurement is the offence a warning notice warned of, and why (or why not). */
export function judgeExceedance(
  c: Pick<NoiseCase, 'sourceKind'>,
  notice: NoticeRecord | undefined,
  measuredAt: string,
  levelDb: number,
): ExceedanceJudgement {
  if (!notice?.period || !notice.levels)
    return {
      counts: false,
      why: 'No Noise Act warning notice had been served on this case before this measurement: kept as evidence only',
    };
  const at = Date.parse(measuredAt);
  const { permittedDb } = notice.levels;
  if (at < Date.parse(notice.period.from))
    return {
      counts: false,
      why: `The measurement came before the warning period began, on ${dayAndTime(notice.period.from)}: kept as evidence only`,
    };
  if (at > Date.parse(notice.period.until))
    return {
      counts: false,
      why: `The measurement came after the warning period ended, on ${dayAndTime(notice.period.until)}: kept as evidence only`,
    };
  if (levelDb <= permittedDb)
    return {
      counts: false,
      why: `${levelDb} dB(A) is not above the permitted level of ${permittedDb} dB(A): kept as evidence only`,
    };
  return {
    counts: true,
    why: `An offence under section ${offenceSection(c)} of the ${NOISE_ACT}: ${levelDb} dB(A), above the permitted level of ${permittedDb} dB(A), in the period of the warning notice served on ${dayAndTime(notice.servedAt)}`,
  };
}

/** The first offence in a warning period claims it (a conditional write), so a period has one offence. */
async function claimPeriod(deps: LifecycleDeps, noticeId: string, breachId: string): Promise<boolean> {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: noticeKey(noticeId),
        UpdateExpression: 'SET offenceId = :id',
        ConditionExpression: 'attribute_not_exists(offenceId) OR offenceId = :id',
        ExpressionAttributeValues: { ':id': breachId },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** How an offence reaches the offence decision on this case as it is now (see the module comment). */
function pathFor(c: NoiseCase): 'reopen' | 'take-over' | 'busy' {
  if (c.status === 'closed') return 'reopen';
  const phase = c.phase ?? '';
  // A decision on a breach (or an earlier offence) already waits: it is not withdrawn for this one.
  if (Object.values(noticeSpecs()).some((spec) => spec.breachPhase === phase)) return 'busy';
  return phase === 'investigation' || routeOfPhase(phase) !== undefined ? 'take-over' : 'busy';
}

export async function recordExceedance(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  request: NoiseActExceedanceRequest,
) {
  const now = deps.clock.now();
  const measuredAt = new Date(request.measuredAt).toISOString();
  if (Date.parse(measuredAt) > now.getTime() + FUTURE_TOLERANCE_MS)
    throw validationFailed([
      { path: 'measuredAt', message: 'The time of the measurement must not be in the future' },
    ]);
  const c = await deps.store.get(caseRef);
  if (!c) throw notFound('No case with that reference');
  if (c.mergedInto)
    throw conflict('CASE_MERGED', `This case was merged into ${c.mergedInto}; record the measurement there`);
  const warnings = (await noticesOf(deps, c)).filter((n) => n.kind === 'noise-act-warning');
  let notice: NoticeRecord | undefined;
  if (request.warningNoticeId) {
    notice = warnings.find((n) => n.noticeId === request.warningNoticeId);
    if (!notice)
      throw validationFailed([
        { path: 'warningNoticeId', message: 'No Noise Act warning notice with that id on this case' },
      ]);
  } else {
    notice = warnings
      .filter((n) => Date.parse(n.servedAt) <= Date.parse(measuredAt))
      .sort((a, b) => b.servedAt.localeCompare(a.servedAt))[0];
  }
  const breachId = `br_${createHash('sha256').update(`${caseRef}|noise-act|${measuredAt}|${request.levelDb}`).digest('hex').slice(0, 16)}`;
  const opId = `exceedance:${breachId}`;
  let judgement = judgeExceedance(c, notice, measuredAt, request.levelDb);
  if (judgement.counts && notice && !(await claimPeriod(deps, notice.noticeId, breachId)))
    judgement = {
      counts: false,
      why: 'The offence in this warning period was already recorded: kept as further evidence of it (one fixed penalty per warning period)',
    };

  const at = now.toISOString();
  const policy = deps.policy.at(new Date(measuredAt));
  const people = await peopleOf(deps, c);
  const premises = people.source[0]?.address;
  const premisesWords = isLicensedPremises(c) ? 'the licensed premises' : 'the dwelling';
  const breach: BreachRecord & Record<string, unknown> = {
    breachId,
    caseRef,
    witnessedAt: measuredAt,
    // The offending premises, never where the officer measured from (the complainant's home).
    location: premises
      ? `At ${premises.line1}, ${premises.postcode}`
      : 'The premises named in the warning notice',
    description: judgement.counts
      ? `Noise from ${premisesWords} was measured at ${request.levelDb} dB(A) on ${dayAndTime(measuredAt)}, above the permitted level of ${notice?.levels?.permittedDb} dB(A), during the period of the warning notice served on ${dayAndTime(notice?.servedAt ?? measuredAt)}.`
      : `Noise from ${premisesWords} was measured at ${request.levelDb} dB(A) on ${dayAndTime(measuredAt)}.`,
    recordedAt: at,
    recordedBy: { kind: 'staff', id: caller.id, ...(caller.name ? { name: caller.name } : {}) },
    ...(notice ? { noticeId: notice.noticeId, noticeKind: 'noise-act-warning' as const } : {}),
    requirementKind: 'stop',
    counts: judgement.counts,
    why: judgement.why,
    ...(judgement.counts
      ? { limitationDate: addMonths(new Date(measuredAt), policy.offences.limitationMonths).toISOString() }
      : {}),
    exceedance: {
      levelDb: request.levelDb,
      ...(notice?.levels ? { permittedDb: notice.levels.permittedDb } : {}),
      ...(request.measuredFrom ? { measuredFrom: request.measuredFrom } : {}),
      ...(request.note ? { note: request.note } : {}),
    },
  };

  const execution = phaseExecutionName(caseRef, OFFENCE_PHASE, opId);
  const path = judgement.counts ? pathFor(c) : undefined;
  let superseded: string | undefined;
  let updated = c;
  if (!hasApplied(c, opId)) {
    const alert =
      path === 'busy'
        ? [
            toStaff(
              c,
              'managers',
              'noise-act-offence-recorded',
              {
                subject: `Noise Act offence recorded on case ${caseRef}`,
                body: `A Noise Act offence was recorded on case ${caseRef} (${dayAndTime(measuredAt)}) while the case is in its ${c.phase ?? 'current'} stage, so no offence decision was opened. Proceedings must start by ${day(String(breach.limitationDate))} (Magistrates' Courts Act 1980 s.127).`,
              },
              opId,
              at,
            ),
          ]
        : [];
    await writeItems(deps, opId, [{ ...breachKey(caseRef, breachId), ...breach }, ...alert.map(outboxItem)]);
    updated = await applyChange(deps, c, (current) => {
      if (hasApplied(current, opId)) return null;
      const how = judgement.counts ? pathFor(current) : undefined;
      superseded = how === 'take-over' ? current.execution : undefined;
      const moves: CasePatch =
        how === 'reopen' || how === 'take-over'
          ? {
              phase: OFFENCE_PHASE,
              route: 'noise-act',
              execution,
              awaitingWorkflowSince: at,
              startContext: { offenceId: breachId },
              ...(how === 'reopen'
                ? {
                    status: 'under-investigation' as const,
                    reopenedAt: at,
                    closedAt: undefined,
                    closedReason: undefined,
                    ...noRetention,
                  }
                : {}),
            }
          : {};
      return {
        event: {
          type: judgement.counts ? 'NoiseActOffenceRecorded' : 'NoiseActEvidenceRecorded',
          at,
          actor: staffActor(caller),
          visibility: judgement.counts ? 'resident' : 'staff',
          data: {
            breachId,
            measuredAt,
            levelDb: request.levelDb,
            counts: judgement.counts,
            why: judgement.why,
            ...(notice ? { noticeId: notice.noticeId } : {}),
            ...(breach.limitationDate ? { limitationDate: breach.limitationDate } : {}),
            ...(how
              ? { actedOn: how !== 'busy', ...(how === 'take-over' ? { superseded: current.execution } : {}) }
              : {}),
            ...(how === 'reopen' ? { reopened: true } : {}),
            ...(alert.length ? { messages: alert.map((m) => m.messageId) } : {}),
            ...(judgement.counts
              ? { residentTitle: 'Noise above the permitted level was measured after the warning notice' }
              : {}),
          },
          opId,
        },
        patch: { updatedAt: at, ...moves },
      };
    });
  }
  const moved = updated.execution === execution;
  if (moved) {
    if (updated.reopenedAt === at) await reopenPointer(deps, updated.sourceKey, caseRef, at);
    // The phase the offence took the case from no longer runs: nobody should decide or wait on it.
    if (superseded) {
      const why = 'a Noise Act offence took the case to a manager for a decision';
      await cancelOpenTasks(deps, updated, why, { execution: superseded });
      await cancelDeadlines(deps, updated, { execution: superseded });
    }
    try {
      await deps.engine.start(OFFENCE_PHASE, execution, executionInput(caseRef, { offenceId: breachId }));
    } catch (error) {
      deps.log?.error('could not start the offence decision; the sweeper will', {
        caseRef,
        error: String(error),
      });
    }
  }
  return {
    breachId,
    caseRef,
    counts: judgement.counts,
    why: judgement.why,
    actedOn: moved,
    ...(breach.limitationDate ? { limitationDate: breach.limitationDate } : {}),
    ...(judgement.counts && !moved
      ? {
          note: 'A penalty, prosecution, restorative process or breach decision is under way: the offence is on the case and the managers were told',
        }
      : {}),
  };
}
