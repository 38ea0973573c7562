/** Workflow catch-all: a phase failed or timed out; escalate the case to a manager (quietly if superseded). */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { recordWorkflowStall } from '../domain/lifecycle/stall.ts';
import { StallInput } from './step-input.ts';

export const handler = workflowStep(StallInput, (input) =>
  recordWorkflowStall(lifecycleDeps(), {
    caseRef: input.caseRef,
    execution: input.execution,
    ...(input.failure?.Error ? { error: input.failure.Error } : {}),
    ...(input.failure?.Cause ? { cause: input.failure.Cause } : {}),
  }),
);
