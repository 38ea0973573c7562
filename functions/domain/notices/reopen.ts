/**
 * A breach of a notice that is still live on a closed case (a report of new noise, or an officer
 * who witnessed it) reopens the case at that notice's breach decision, not at triage.
 */
import { hasApplied } from '../case-store.ts';
import { reopenPointer } from '../intake/source-pointer.ts';
import type { LifecycleDeps } from '../lifecycle/deps.ts';
import { executionInput, phaseExecutionName } from '../lifecycle/phases.ts';
import { noRetention } from '../lifecycle/retention-dates.ts';
import { applyChange } from '../lifecycle/step.ts';
import type { NoiseCase } from '../model/case.ts';
import { noticeSpecOf } from '../routes/catalogue.ts';

export async function reopenAtBreachDecision(
  deps: LifecycleDeps,
  c: NoiseCase,
  input: { breachId: string; opId: string },
): Promise<NoiseCase> {
  const notice = c.liveNotice;
  if (!notice) return c;
  const spec = noticeSpecOf(notice.kind);
  const opId = `reopen:${input.opId}`;
  const at = deps.clock.now().toISOString();
  const execution = phaseExecutionName(c.caseRef, spec.breachPhase, opId);
  const reopened = await applyChange(deps, c, (current) =>
    hasApplied(current, opId) || current.status !== 'closed'
      ? null
      : {
          event: {
            type: 'CaseReopened',
            at,
            actor: { kind: 'system' as const },
            visibility: 'resident' as const,
            reason: `A breach of the ${spec.title} while it is still in force`,
            data: { breachId: input.breachId, phase: spec.breachPhase, previouslyClosedAt: current.closedAt },
            opId,
          },
          patch: {
            status: spec.caseStatus,
            reopenedAt: at,
            closedAt: undefined,
            closedReason: undefined,
            ...noRetention,
            phase: spec.breachPhase,
            execution,
            awaitingWorkflowSince: at,
            startContext: { offenceId: input.breachId },
            updatedAt: at,
          },
        },
  );
  if (reopened.execution !== execution) return reopened;
  await reopenPointer(deps, reopened.sourceKey, reopened.caseRef, at);
  try {
    await deps.engine.start(
      spec.breachPhase,
      execution,
      executionInput(c.caseRef, { offenceId: input.breachId }),
    );
  } catch (error) {
    deps.log?.error('could not start the breach decision; the sweeper will', {
      caseRef: c.caseRef,
      error: String(error),
    });
  }
  return reopened;
}
