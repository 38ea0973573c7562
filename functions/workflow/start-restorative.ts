/** Workflow step: offer restorative justice to both parties. */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { startRestorative } from '../domain/lifecycle/steps.ts';
import { CaseStep } from './step-input.ts';

export const handler = workflowStep(CaseStep, async (input) => {
  const c = await startRestorative(lifecycleDeps(), input);
  return { status: c.status };
});
