/**
 * The list of Abate's state machines, one workflow file per route. The stack turns every phase into
 * a Standard state machine named from `stateMachineName`, and the local runtime runs exactly what
 * the stack synthesizes. A new route is a new workflow file and one line here.
 */
import { asbWorkflows } from './asb.ts';
import { investigationWorkflows } from './investigation.ts';
import { noiseActWorkflows } from './noise-act.ts';
import { penaltyWorkflows } from './penalty.ts';
import { prosecutionWorkflows } from './prosecution.ts';
import { restorativeWorkflows } from './restorative.ts';
import { statutoryNuisanceWorkflows } from './statutory-nuisance.ts';
import type { RouteWorkflows, WorkflowSpec } from './types.ts';

export type { WorkflowContext, WorkflowSpec } from './types.ts';

/**
 * State machine names are fixed so that a function can build the ARN of a machine it starts
 * without a CloudFormation reference (which would make a dependency cycle).
 */
export function stateMachineName(stage: string, workflowId: string): string {
  return `abate-${stage}-${workflowId}`;
}

export const routeWorkflows: RouteWorkflows[] = [
  asbWorkflows,
  restorativeWorkflows,
  penaltyWorkflows,
  prosecutionWorkflows,
  statutoryNuisanceWorkflows,
  noiseActWorkflows,
];

export const workflows: WorkflowSpec[] = [
  investigationWorkflows(routeWorkflows.flatMap((route) => route.triage ?? [])),
  ...routeWorkflows.flatMap((route) => route.phases),
];
