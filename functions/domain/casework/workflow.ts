/**
 * Taking a case's workflow out of the way when a person acts on the case by hand (closing,
 * reopening, moving a stalled case on, merging). The case first records something that is not the
 * old execution, so any step the old execution still runs is refused as stale; then the execution
 * is stopped through the engine port and its open tasks and waits are cancelled, so nothing is
 * left waiting on a decision nobody can make.
 */

import { cancelDeadlines } from '../lifecycle/deadlines.ts';
import type { LifecycleDeps } from '../lifecycle/deps.ts';
import { phaseExecutionName, phaseOf } from '../lifecycle/phases.ts';
import { cancelTask } from '../lifecycle/tasks.ts';
import type { NoiseCase } from '../model/case.ts';
import type { StaffTask } from '../model/workflow.ts';
import { phaseIds } from '../routes/catalogue.ts';
import { childrenOfCase } from '../table-access.ts';

/**
 * What a case closed by hand records as its execution: no phase has this name, so every step of
 * the execution it replaces is stale from the moment the closure is applied.
 */
export function closedExecution(caseRef: string, opId: string): string {
  return phaseExecutionName(caseRef, 'closed', opId);
}

/**
 * Stops the execution the case ran before (as read before the change that replaced it) and
 * cancels whatever it, or the case, left waiting. Safe to repeat.
 */
export async function stopWorkflow(
  deps: LifecycleDeps,
  before: NoiseCase,
  why: string,
  options: { keepCaseTasks?: boolean } = {},
): Promise<{ stopped?: string; cancelledTasks: string[] }> {
  const execution = before.execution;
  const phase = execution ? phaseOf(execution) : undefined;
  // A marker (a case closed by hand) names no state machine: there is nothing to stop.
  const stoppable = execution !== undefined && phase !== undefined && phaseIds().includes(phase);
  if (stoppable) await deps.engine.stop(phase, execution, why);
  const cancelledTasks: string[] = [];
  for (const task of await childrenOfCase<StaffTask>(deps, before.caseRef, 'TASK#')) {
    if (task.status !== 'open') continue;
    // A case task (a safeguarding referral) waits on no workflow: a merge carries it over open.
    if (options.keepCaseTasks && task.execution === undefined) continue;
    if (await cancelTask(deps, task, why)) cancelledTasks.push(task.taskId);
  }
  await cancelDeadlines(deps, before);
  return { ...(stoppable ? { stopped: execution } : {}), cancelledTasks };
}
