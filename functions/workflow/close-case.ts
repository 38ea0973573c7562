/** Workflow step: close the case with outcome letters. */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { closeCase } from '../domain/lifecycle/steps.ts';
import { CloseCaseInput } from './step-input.ts';

export const handler = workflowStep(CloseCaseInput, async (input) => {
  const c = await closeCase(lifecycleDeps(), input);
  return { status: c.status, closedAt: c.closedAt };
});
