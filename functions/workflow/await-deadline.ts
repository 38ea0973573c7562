/** Workflow callback: store the task token with a due date; the sweeper or an event completes it. */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { awaitDeadline } from '../domain/lifecycle/deadlines.ts';
import { AwaitDeadlineInput } from './step-input.ts';

export const handler = workflowStep(AwaitDeadlineInput, async (input) => {
  const deadline = await awaitDeadline(lifecycleDeps(), input);
  return { deadlineId: deadline.deadlineId, dueAt: deadline.dueAt };
});
