/**
 * Test support for the local Step Functions runtime: purpose-built CDK stacks that follow the
 * stack's metadata contract, an in-memory dynalite, and fake Lambda functions passed in.
 */
import { type App, type Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { OffsetClock } from '../../functions/commons/clock.ts';
import { type LocalDynamo, startLocalDynamo } from '../../infra/local/dynamodb.ts';
import {
  FUNCTION_ID_METADATA,
  type LocalStateMachine,
  loadStateMachines,
  WORKFLOW_ID_METADATA,
} from '../../infra/local/sfn/definitions.ts';
import { createLocalStepFunctions, type LocalStepFunctions } from '../../infra/local/sfn/server.ts';
import { synthesizeTemplate } from '../../infra/local/sfn/synthesize.ts';

export interface MachineContext {
  /** Scope for this workflow's states (state ids only need to be unique within a workflow). */
  stack: Construct;
  /** The Lambda function for a registry id, tagged as the real stack tags it. */
  fn(functionId: string): lambda.IFunction;
}

export interface TestWorkflow {
  id: string;
  build(ctx: MachineContext): sfn.IChainable;
  /** Execution timeout (the top-level TimeoutSeconds). */
  timeout?: Duration;
}

/** Builds one stack holding the given workflows and synthesizes it, the way the real stack is read. */
export function synthesizeWorkflows(workflows: TestWorkflow[]): Record<string, unknown> {
  return synthesizeTemplate((app: App) => {
    const stack = new Stack(app, 'AbateLocalSfnTest');
    const functionScope = new Construct(stack, 'Functions');
    const functions = new Map<string, lambda.IFunction>();
    const fn = (functionId: string): lambda.IFunction => {
      let created = functions.get(functionId);
      if (!created) {
        const concrete = new lambda.Function(functionScope, functionId, {
          runtime: lambda.Runtime.NODEJS_22_X,
          handler: 'index.handler',
          code: lambda.Code.fromInline('exports.handler = async () => ({})'),
        });
        (concrete.node.defaultChild as lambda.CfnFunction).cfnOptions.metadata = {
          [FUNCTION_ID_METADATA]: functionId,
        };
        functions.set(functionId, concrete);
        created = concrete;
      }
      return created;
    };
    for (const workflow of workflows) {
      const machine = new sfn.StateMachine(stack, workflow.id, {
        stateMachineName: `abate-test-${workflow.id}`,
        definitionBody: sfn.DefinitionBody.fromChainable(
          workflow.build({ stack: new Construct(stack, `${workflow.id}States`), fn }),
        ),
        ...(workflow.timeout ? { timeout: workflow.timeout } : {}),
      });
      (machine.node.defaultChild as sfn.CfnStateMachine).cfnOptions.metadata = {
        [WORKFLOW_ID_METADATA]: workflow.id,
      };
    }
    return stack;
  });
}

export function loadWorkflows(workflows: TestWorkflow[], functionIds: string[]): LocalStateMachine[] {
  return loadStateMachines(synthesizeWorkflows(workflows), { functionIds });
}

export const machineArn = (workflowId: string) =>
  `arn:aws:states:eu-west-2:000000000000:stateMachine:abate-test-${workflowId}`;

export type FakeFunction = (payload: unknown) => unknown;

export interface TestRuntime {
  runtime: LocalStepFunctions;
  clock: OffsetClock;
  logLines: Record<string, unknown>[];
}

/** A runtime over the given dynalite with fake functions; retries pause 1/1000 of AWS backoff by default. */
export async function startTestRuntime(options: {
  dynamo: LocalDynamo;
  machines: LocalStateMachine[];
  functions: Record<string, FakeFunction>;
  clock?: OffsetClock;
  /** Fraction of AWS Retry backoff actually paused; default 1/1000. */
  retryDelayScale?: number;
}): Promise<TestRuntime> {
  const clock = options.clock ?? new OffsetClock(0);
  const logLines: Record<string, unknown>[] = [];
  const runtime = await createLocalStepFunctions({
    dynamo: options.dynamo.client,
    stateMachines: options.machines,
    clock,
    logger: (line) => logLines.push(line),
    retryDelayScale: options.retryDelayScale ?? 0.001,
    tickMs: 50,
    invokeFunction: async (functionId, payload) => {
      const fake = options.functions[functionId];
      if (!fake) throw new Error(`no fake function ${functionId}`);
      return fake(payload);
    },
  });
  return { runtime, clock, logLines };
}

export async function inMemoryDynamo(): Promise<LocalDynamo> {
  return startLocalDynamo();
}

/** Starts an execution and returns its ARN. */
export async function start(
  runtime: LocalStepFunctions,
  workflowId: string,
  input: unknown,
  name?: string,
): Promise<string> {
  const output = await runtime.api('StartExecution', {
    stateMachineArn: machineArn(workflowId),
    input: JSON.stringify(input),
    ...(name ? { name } : {}),
  });
  return String(output.executionArn);
}

export async function describe(runtime: LocalStepFunctions, executionArn: string) {
  return runtime.api('DescribeExecution', { executionArn }) as Promise<{
    status: string;
    output?: string;
    error?: string;
    cause?: string;
  }>;
}

export interface HistoryEventShape {
  id: number;
  type: string;
  [details: string]: unknown;
}

export async function history(
  runtime: LocalStepFunctions,
  executionArn: string,
): Promise<HistoryEventShape[]> {
  const output = await runtime.api('GetExecutionHistory', { executionArn });
  return output.events as HistoryEventShape[];
}

/** The state names entered, in order, as AWS history shows them. */
export function statesEntered(events: HistoryEventShape[]): string[] {
  return events
    .filter((event) => event.type.endsWith('StateEntered'))
    .map((event) => (event.stateEnteredEventDetails as { name: string }).name);
}

/** Collects task tokens the way a Lambda that stores tokens would. */
export class TokenInbox {
  readonly tokens: string[] = [];
  readonly store = (payload: unknown) => {
    this.tokens.push((payload as { token: string }).token);
    return { stored: true };
  };

  latest(): string {
    const token = this.tokens.at(-1);
    if (!token) throw new Error('no token was delivered');
    return token;
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000;
