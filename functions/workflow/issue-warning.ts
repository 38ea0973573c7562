/** Workflow step: issue a Community Protection Warning to the source and tell the complainants. */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { issueWarning } from '../domain/lifecycle/steps.ts';
import { CaseStep } from './step-input.ts';

export const handler = workflowStep(CaseStep, async (input) => {
  const c = await issueWarning(lifecycleDeps(), input);
  return { status: c.status, warningIssuedAt: c.warningIssuedAt };
});
