/**
 * Moving a stalled case on (its workflow failed and `recordWorkflowStall` flagged it): a manager
 * restarts the phase it was in, sends it to a decision (triage, or a notice's breach decision), or
 * closes it with a reason. The new execution is recorded on the case before it starts; the flag
 * is cleared only once it has started, so a case whose restart failed stays in the managers' list.
 */
import { randomUUID } from 'node:crypto';
import { conflict, validationFailed } from '../../commons/errors.ts';
import { hasApplied, mutateCase } from '../case-store.ts';
import { keys } from '../keys.ts';
import { released } from '../letters/outbox.ts';
import { type Caller, type LifecycleDeps, staffActor } from '../lifecycle/deps.ts';
import { clearFlag } from '../lifecycle/flags.ts';
import { executionInput, phaseExecutionName } from '../lifecycle/phases.ts';
import type { CaseStatus, NoiseCase, NoticeKind } from '../model/case.ts';
import type { MoveOnRequest } from '../model/requests.ts';
import type { BreachRecord } from '../notices/model.ts';
import { noticeSpecs, phaseIds, routeOfPhase } from '../routes/catalogue.ts';
import type { PhaseContext } from '../routes/types.ts';
import { queryAll, stripKeys } from '../table-access.ts';
import { closeByHand } from './closing.ts';
import { caseOrNotFound, refuseClosed } from './guards.ts';
import { STALLED_FLAG } from './names.ts';
import { stopWorkflow } from './workflow.ts';

/** Phases that begin with a decision a manager can send a case to: triage, and each notice's breach decision. */
export function decisionPhases(): string[] {
  return ['investigation', ...new Set(Object.values(noticeSpecs()).map((spec) => spec.breachPhase))];
}

/** The notice kinds whose breach is decided in a phase, and the case status while it waits. */
function breachDecisionOf(phase: string): { kinds: NoticeKind[]; status: CaseStatus } | undefined {
  const specs = Object.entries(noticeSpecs()).filter(([, spec]) => spec.breachPhase === phase);
  const first = specs[0]?.[1];
  return first ? { kinds: specs.map(([kind]) => kind as NoticeKind), status: first.caseStatus } : undefined;
}

const notStalled = (caseRef: string) =>
  conflict(
    'CASE_NOT_STALLED',
    `Case ${caseRef}'s workflow has not stalled: decide its open task, or close it with a reason`,
  );

/** The counting breach a breach decision acts on: the one named, or the latest witnessed. */
async function offenceFor(
  deps: LifecycleDeps,
  c: NoiseCase,
  kinds: NoticeKind[],
  named: string | undefined,
): Promise<string> {
  const breaches = (
    await queryAll(deps, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :breach)',
      ExpressionAttributeValues: { ':pk': keys.case(c.caseRef).pk, ':breach': 'BREACH#' },
      ConsistentRead: true,
    })
  )
    .map((item) => stripKeys<BreachRecord>(item))
    .filter((b) => released(c, b) && b.counts && b.noticeKind !== undefined && kinds.includes(b.noticeKind))
    .sort((a, b) => b.witnessedAt.localeCompare(a.witnessedAt));
  if (named) {
    if (!breaches.some((b) => b.breachId === named))
      throw validationFailed([
        { path: 'offenceId', message: 'No breach on this case that counts against a notice of that kind' },
      ]);
    return named;
  }
  const latest = breaches[0];
  if (!latest)
    throw conflict(
      'NO_COUNTING_BREACH',
      'No breach on this case counts against such a notice: a breach decision needs one',
    );
  return latest.breachId;
}

export async function moveStalledCaseOn(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  body: MoveOnRequest,
) {
  const c = await caseOrNotFound(deps, caseRef);
  refuseClosed(c);
  if (!c.flags?.includes(STALLED_FLAG)) throw notStalled(caseRef);
  if (body.action === 'close')
    return { action: body.action, ...(await closeByHand(deps, caseRef, caller, body)) };

  let phase: string;
  let context: PhaseContext = {};
  let status: CaseStatus = c.status;
  if (body.action === 'restart-phase') {
    if (!c.phase || !phaseIds().includes(c.phase))
      throw conflict(
        'NO_PHASE_TO_RESTART',
        'The case records no phase to restart: send it to a decision instead',
      );
    phase = c.phase;
    context = {
      ...(c.startContext?.decisionTaskId ? { decisionTaskId: c.startContext.decisionTaskId } : {}),
      ...(c.startContext?.offenceId ? { offenceId: c.startContext.offenceId } : {}),
    };
  } else {
    if (!decisionPhases().includes(body.phase))
      throw validationFailed([{ path: 'phase', message: `Choose one of: ${decisionPhases().join(', ')}` }]);
    phase = body.phase;
    const breachDecision = breachDecisionOf(phase);
    if (breachDecision)
      context = { offenceId: await offenceFor(deps, c, breachDecision.kinds, body.offenceId) };
    else if (body.offenceId)
      throw validationFailed([{ path: 'offenceId', message: `A ${phase} decision acts on no breach` }]);
  }
  if (phase === 'investigation') status = 'under-investigation';
  else status = breachDecisionOf(phase)?.status ?? c.status;

  const at = deps.clock.now().toISOString();
  const opId = `move-on:${caseRef}:${randomUUID()}`;
  const execution = phaseExecutionName(caseRef, phase, opId);
  let replaced = c;
  const moved = await mutateCase(deps.store, caseRef, (current) => {
    if (hasApplied(current, opId)) return null;
    refuseClosed(current);
    if (!current.flags?.includes(STALLED_FLAG)) throw notStalled(caseRef);
    replaced = current;
    return {
      event: {
        type: 'CaseMovedOn',
        at,
        actor: staffActor(caller),
        reason: body.reason,
        visibility: 'staff',
        data: {
          action: body.action,
          phase,
          execution,
          ...(current.execution ? { previousExecution: current.execution } : {}),
          ...(context.offenceId ? { offenceId: context.offenceId } : {}),
        },
        opId,
      },
      patch: {
        phase,
        execution,
        route: routeOfPhase(phase) ?? current.route,
        status,
        startContext: executionInput(caseRef, context).context,
        updatedAt: at,
      },
    };
  });
  if (!moved) throw notStalled(caseRef);
  await stopWorkflow(deps, replaced, `Case ${caseRef} was moved on by hand`);
  await deps.engine.start(phase, execution, executionInput(caseRef, context));
  await clearFlag(deps, caseRef, STALLED_FLAG);
  return { action: body.action, caseRef, phase, execution, status: moved.status };
}
