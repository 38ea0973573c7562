/** What a workflow file is given and returns: the CDK scope, the functions, and its state machines. */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

export interface WorkflowContext {
  scope: Construct;
  /** The Lambda function the stack created for a `functions` registry id. */
  fn(functionId: string): lambda.IFunction;
  /** Stage name (`dev`, `prod`, `local`), for names built from fixed parts. */
  stage: string;
}

export interface WorkflowSpec {
  /** Stable id: construct id, the phase name, and the suffix of the state machine's fixed name. */
  id: string;
  description: string;
  build(ctx: WorkflowContext): sfn.IChainable;
}

/** A triage outcome a route offers, and the phase of that route it starts. */
export interface TriageRoute {
  outcome: string;
  phase: string;
  reason: string;
}

/** One route's workflow file: its phases, and what triage may start it with. */
export interface RouteWorkflows {
  phases: WorkflowSpec[];
  triage?: TriageRoute[];
}
