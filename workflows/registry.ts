/**
 * The list of Abate's state machines. Each workflow is CDK code that builds a chain of states;
 * the stack turns every entry into a Standard state machine named from `stateMachineName`, and
 * the local runtime runs exactly what the stack synthesizes.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { casePhases } from './case-phases.ts';

export interface WorkflowContext {
  scope: Construct;
  /** The Lambda function the stack created for a `functions` registry id. */
  fn(functionId: string): lambda.IFunction;
  /** Stage name (`dev`, `prod`, `local`), for names built from fixed parts. */
  stage: string;
}

export interface WorkflowSpec {
  /** Stable id: construct id, and the suffix of the state machine's fixed name. */
  id: string;
  description: string;
  build(ctx: WorkflowContext): sfn.IChainable;
}

/**
 * State machine names are fixed so that a function can build the ARN of a machine it starts
 * without a CloudFormation reference (which would make a dependency cycle).
 */
export function stateMachineName(stage: string, workflowId: string): string {
  return `abate-${stage}-${workflowId}`;
}

export const workflows: WorkflowSpec[] = casePhases;
