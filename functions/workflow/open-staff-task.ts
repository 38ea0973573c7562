/** Workflow callback: open a staff task holding the task token; a decision completes it. */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { openStaffTask } from '../domain/lifecycle/tasks.ts';
import { OpenTaskInput } from './step-input.ts';

// Throws if the task cannot be stored: the state machine retries, never waits on a lost token.
export const handler = workflowStep(OpenTaskInput, async (input) => {
  const task = await openStaffTask(lifecycleDeps(), input);
  return { taskId: task.taskId, dueAt: task.dueAt };
});
