/** Workflow step: prepare the prosecution file for the legal team and escalate the case. */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { prepareProsecutionFile } from '../domain/lifecycle/steps.ts';
import { CaseStep } from './step-input.ts';

export const handler = workflowStep(CaseStep, async (input) => {
  const c = await prepareProsecutionFile(lifecycleDeps(), input);
  return { status: c.status };
});
