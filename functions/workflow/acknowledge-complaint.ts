/** Workflow step: acknowledge the report to every complainant (the outbox sends the letter). */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { acknowledgeComplaint } from '../domain/lifecycle/steps.ts';
import { CaseStep } from './step-input.ts';

export const handler = workflowStep(CaseStep, async (input) => {
  const c = await acknowledgeComplaint(lifecycleDeps(), input);
  return { status: c.status };
});
