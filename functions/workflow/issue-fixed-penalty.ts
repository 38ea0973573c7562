/** Workflow step: issue a fixed penalty notice with its statutory particulars. */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { issueFixedPenalty } from '../domain/lifecycle/steps.ts';
import { CaseStep } from './step-input.ts';

export const handler = workflowStep(CaseStep, (input) => issueFixedPenalty(lifecycleDeps(), input));
