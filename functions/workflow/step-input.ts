/** The inputs state machines pass to workflow functions: one schema per shape. */
import * as z from 'zod';
import { phaseIds } from '../domain/routes/catalogue.ts';

const Context = z
  .object({ decisionTaskId: z.string().nullish(), offenceId: z.string().nullish() })
  .nullish()
  .transform((value) => value ?? {});

export const CaseStep = z.object({
  caseRef: z.string().min(1),
  execution: z.string().min(1),
  context: Context,
});
export const RouteStepInput = CaseStep.extend({
  step: z.string().min(1),
  args: z.record(z.string(), z.unknown()).optional(),
});
export const Callback = CaseStep.extend({ token: z.string().min(1) });
export const OpenTaskInput = Callback.extend({ type: z.string().min(1), variant: z.string().optional() });
export const AwaitDeadlineInput = Callback.extend({
  kind: z.string().min(1),
  penaltyRef: z.string().optional(),
  facts: z.record(z.string(), z.string()).optional(),
});
export const StartPhaseInput = z.object({
  caseRef: z.string().min(1),
  phase: z.string().refine((phase) => phaseIds().includes(phase), { error: 'Unknown phase' }),
  from: z.string().min(1),
  context: Context,
});
export const StallInput = z.object({
  caseRef: z.string().min(1),
  execution: z.string().min(1),
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
