/** The inputs state machines pass to workflow functions: one schema per shape. */
import * as z from 'zod';
import { phases } from '../domain/lifecycle/steps.ts';
import { DeadlineKind, TaskType } from '../domain/model/workflow.ts';

export const CaseStep = z.object({ caseRef: z.string().min(1), execution: z.string().min(1) });
export const Callback = CaseStep.extend({ token: z.string().min(1) });
export const OpenTaskInput = Callback.extend({ type: TaskType });
export const AwaitDeadlineInput = Callback.extend({ kind: DeadlineKind, penaltyRef: z.string().optional() });
export const CloseCaseInput = CaseStep.extend({
  outcome: z.string().min(1),
  residentOutcome: z.string().min(1),
});
export const StartPhaseInput = z.object({
  caseRef: z.string().min(1),
  phase: z.enum(phases),
  from: z.string().min(1),
  reason: z.string().optional(),
});
export const ReturnInput = CaseStep.extend({ why: z.string().min(1) });
export const StallInput = CaseStep.extend({
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
