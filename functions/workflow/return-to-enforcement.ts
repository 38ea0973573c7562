/** Workflow step: restorative justice ended without a kept agreement; enforcement resumes where it left off. */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { returnToEnforcement } from '../domain/lifecycle/steps.ts';
import { ReturnInput } from './step-input.ts';

export const handler = workflowStep(ReturnInput, (input) => returnToEnforcement(lifecycleDeps(), input));
