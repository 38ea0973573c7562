/** Workflow step: start the case's next phase as its own execution (a case can outlive one execution). */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { startPhase } from '../domain/lifecycle/phases.ts';
import { routeOfPhase } from '../domain/routes/catalogue.ts';
import { StartPhaseInput } from './step-input.ts';

export const handler = workflowStep(StartPhaseInput, (input) =>
  startPhase(lifecycleDeps(), { ...input, route: routeOfPhase(input.phase) }),
);
