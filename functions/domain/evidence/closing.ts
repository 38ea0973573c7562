/**
 * Closing a case on a caseworker's decision that no workflow waits for (a diary sheet that never
 * came back). The case first moves to the marker a case closed by hand records, named from the
 * decision, so the workflow it was on becomes stale: its steps are refused, its open tasks and
 * waits are cancelled, and when its wait's backstop ends it, it ends quietly. (Unlike a manager's
 * closure by hand, it does not stop the execution: the functions that decide tasks may not.) Then
 * the one closing step every route uses runs, with its letters and retention clock. Every part can
 * run again after a crash and does nothing twice.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { closedExecution } from '../casework/workflow.ts';
import { keys } from '../keys.ts';
import { closeCase } from '../lifecycle/closing.ts';
import { cancelDeadlines } from '../lifecycle/deadlines.ts';
import type { LifecycleDeps } from '../lifecycle/deps.ts';
import { cancelTask, tasksOfCase } from '../lifecycle/tasks.ts';

export async function closeByDecision(
  deps: LifecycleDeps,
  caseRef: string,
  input: { decidedBy: string; outcome: string; residentOutcome: string },
): Promise<void> {
  // The marker a case closed by hand records: no phase has this name, so the old steps are stale.
  const execution = closedExecution(caseRef, input.decidedBy);
  for (let attempt = 0; ; attempt++) {
    const c = await deps.store.get(caseRef);
    if (!c || (c.status === 'closed' && c.execution !== execution)) return;
    if (c.execution === execution) break;
    try {
      await deps.db.send(
        new UpdateCommand({
          TableName: deps.table,
          Key: keys.case(caseRef),
          UpdateExpression: 'SET execution = :next',
          ConditionExpression: c.execution ? 'execution = :from' : 'attribute_not_exists(execution)',
          ExpressionAttributeValues: { ':next': execution, ...(c.execution ? { ':from': c.execution } : {}) },
        }),
      );
      break;
    } catch (error) {
      // Another phase started meanwhile: close from where the case is now.
      if (!(error instanceof ConditionalCheckFailedException) || attempt >= 5) throw error;
    }
  }
  const closed = await closeCase(deps, {
    caseRef,
    execution,
    outcome: input.outcome,
    residentOutcome: input.residentOutcome,
  });
  const reason = 'the case was closed by a caseworker’s decision';
  for (const task of await tasksOfCase(deps, closed)) {
    if (task.status === 'open' && task.execution !== undefined && task.execution !== execution)
      await cancelTask(deps, task, reason);
  }
  await cancelDeadlines(deps, closed);
}
