/**
 * A workflow failed in a way its own steps could not handle (a backstop timeout, an unexpected
 * outcome, a step that kept failing): a person must look at the case now. Its open tasks and
 * waits are cancelled, so nobody decides something no workflow will act on, and the case is
 * flagged for a manager to move on by hand. A superseded execution (the case moved on) is quiet.
 */
import { hasApplied } from '../case-store.ts';
import { outboxItem, toStaff } from '../letters/outbox.ts';
import { cancelDeadlines } from './deadlines.ts';
import type { LifecycleDeps } from './deps.ts';
import { flagCase } from './flags.ts';
import { applyChange, writeItems } from './step.ts';
import { cancelOpenTasks } from './tasks.ts';

export async function recordWorkflowStall(
  deps: LifecycleDeps,
  input: { caseRef: string; execution: string; error?: string; cause?: string },
): Promise<{ stale: boolean; status?: string }> {
  const c = await deps.store.get(input.caseRef);
  if (!c || (c.execution !== undefined && c.execution !== input.execution)) {
    deps.log?.info('a superseded workflow ended', { caseRef: input.caseRef, execution: input.execution });
    return { stale: true };
  }
  deps.log?.error('workflow stalled: case escalated for a manager', {
    caseRef: input.caseRef,
    execution: input.execution,
    error: input.error,
  });
  const why = `the case's workflow stopped (${input.error ?? 'unknown error'}) and a manager must move it on`;
  await cancelOpenTasks(deps, c, why, { execution: input.execution });
  await cancelDeadlines(deps, c, { execution: input.execution });
  const opId = `${input.execution}:stalled`;
  const at = deps.clock.now().toISOString();
  const alert = toStaff(
    c,
    'managers',
    'workflow-stalled',
    {
      subject: `Case ${c.caseRef} needs attention`,
      body: `The automated workflow for case ${c.caseRef} stopped (${input.error ?? 'unknown error'}). Its open tasks were withdrawn. Move the case on by hand: restart the phase, send it to a decision, or close it with a reason.`,
    },
    opId,
    at,
  );
  await writeItems(deps, opId, [outboxItem(alert)]);
  const updated = await applyChange(deps, c, (current) => {
    if (hasApplied(current, opId)) return null;
    return {
      event: {
        type: 'WorkflowStalled',
        at,
        actor: { kind: 'system' as const },
        visibility: 'staff' as const,
        ...(input.cause ? { reason: input.cause.slice(0, 500) } : {}),
        data: { error: input.error ?? 'unknown', execution: input.execution, messages: [alert.messageId] },
        opId,
      },
      patch: { status: 'escalated' as const, updatedAt: at },
    };
  });
  await flagCase(deps, c.caseRef, 'workflow-stalled');
  return { stale: false, status: updated.status };
}
