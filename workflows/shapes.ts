/**
 * The shapes every case workflow is made of: a system step, a staff decision with a deadline and
 * escalation, a deadline wait, the hand-over to the next phase, and the catch-all that escalates a
 * failed phase to a manager. Each returns states; workflows compose them.
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { DeadlineKind, TaskType } from '../functions/domain/model/workflow.ts';
import type { WorkflowContext } from './registry.ts';

/**
 * Backstops: how long a callback may wait before Step Functions gives up on it. They are safety
 * nets behind the sweeper (which escalates overdue tasks and ends periods on their due date), so
 * they sit well beyond the longest period any policy version sets; a test keeps them there.
 */
export const backstops = {
  staffDecision: Duration.days(90),
  deadline: Duration.days(120),
};

const caseRef = sfn.JsonPath.stringAt('$.caseRef');
const execution = sfn.JsonPath.stringAt('$$.Execution.Name');

/**
 * Errors worth retrying: Lambda's own throttles and faults, and DynamoDB's (a step's error is named
 * after the SDK exception it threw); never a domain error, which goes to the stall path.
 */
const transientErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'TimeoutError',
];

export interface PhaseBuilder {
  ctx: WorkflowContext;
  /** Where every failure in this phase goes: the stall step, then a failed execution (alarmed). */
  stalled: sfn.IChainable;
}

export function phaseBuilder(ctx: WorkflowContext): PhaseBuilder {
  const record = new tasks.LambdaInvoke(ctx.scope, 'Escalate stalled case', {
    lambdaFunction: ctx.fn('RecordWorkflowStall'),
    payload: sfn.TaskInput.fromObject({ caseRef, execution, failure: sfn.JsonPath.objectAt('$.failure') }),
    payloadResponseOnly: true,
    resultPath: sfn.JsonPath.DISCARD,
    retryOnServiceExceptions: false,
  });
  record.addRetry({
    errors: [sfn.Errors.ALL],
    interval: Duration.seconds(5),
    maxAttempts: 5,
    backoffRate: 2,
  });
  return {
    ctx,
    stalled: record.next(
      new sfn.Fail(ctx.scope, 'Case workflow stalled', {
        error: 'CaseStalled',
        cause: 'escalated to a manager',
      }),
    ),
  };
}

function guarded<T extends tasks.LambdaInvoke>(phase: PhaseBuilder, task: T): T {
  task.addRetry({
    errors: transientErrors,
    interval: Duration.seconds(2),
    maxAttempts: 6,
    backoffRate: 2,
    jitterStrategy: sfn.JitterType.FULL,
  });
  task.addCatch(phase.stalled, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
  return task;
}

/** A system step: a Lambda given the case and execution, its result kept at `resultPath` (or dropped). */
export function systemStep(
  phase: PhaseBuilder,
  name: string,
  functionId: string,
  options: { payload?: Record<string, unknown>; resultPath?: string } = {},
): tasks.LambdaInvoke {
  return guarded(
    phase,
    new tasks.LambdaInvoke(phase.ctx.scope, name, {
      lambdaFunction: phase.ctx.fn(functionId),
      payload: sfn.TaskInput.fromObject({ caseRef, execution, ...options.payload }),
      payloadResponseOnly: true,
      resultPath: options.resultPath ?? sfn.JsonPath.DISCARD,
      retryOnServiceExceptions: false,
    }),
  );
}

/** A staff decision: the task token is stored on a task with a due date; the outcome lands at `$.decision`. */
export function awaitStaffDecision(phase: PhaseBuilder, name: string, type: TaskType): tasks.LambdaInvoke {
  return guarded(
    phase,
    new tasks.LambdaInvoke(phase.ctx.scope, name, {
      lambdaFunction: phase.ctx.fn('OpenStaffTask'),
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken, caseRef, execution, type }),
      resultPath: '$.decision',
      taskTimeout: sfn.Timeout.duration(backstops.staffDecision),
      retryOnServiceExceptions: false,
    }),
  );
}

/** A deadline wait: ends when its period elapses (the sweeper) or an event ends it early; lands at `$.wait`. */
export function awaitDeadline(
  phase: PhaseBuilder,
  name: string,
  kind: DeadlineKind,
  extra: Record<string, unknown> = {},
): tasks.LambdaInvoke {
  return guarded(
    phase,
    new tasks.LambdaInvoke(phase.ctx.scope, name, {
      lambdaFunction: phase.ctx.fn('AwaitDeadline'),
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        token: sfn.JsonPath.taskToken,
        caseRef,
        execution,
        kind,
        ...extra,
      }),
      resultPath: '$.wait',
      taskTimeout: sfn.Timeout.duration(backstops.deadline),
      retryOnServiceExceptions: false,
    }),
  );
}

/** Hands the case to its next phase, a new execution, and ends this one. */
export function nextPhase(phase: PhaseBuilder, name: string, next: string, reason: string): sfn.IChainable {
  return systemStep(phase, name, 'StartPhase', {
    payload: { phase: next, from: execution, reason },
  }).next(new sfn.Succeed(phase.ctx.scope, `${name}: handed over`));
}

export function closeCase(
  phase: PhaseBuilder,
  name: string,
  outcome: string,
  residentOutcome: string,
): sfn.IChainable {
  return systemStep(phase, name, 'CloseCase', { payload: { outcome, residentOutcome } }).next(
    new sfn.Succeed(phase.ctx.scope, `${name}: closed`),
  );
}

export function returnToEnforcement(phase: PhaseBuilder, name: string, why: string): sfn.IChainable {
  return systemStep(phase, name, 'ReturnToEnforcement', { payload: { why } }).next(
    new sfn.Succeed(phase.ctx.scope, `${name}: handed over`),
  );
}

/** Routes on a decision's outcome; anything unexpected is a stall, never a silent end. */
export function routeOutcome(
  phase: PhaseBuilder,
  name: string,
  path: string,
  routes: Record<string, sfn.IChainable>,
  otherwise?: sfn.IChainable,
): sfn.Choice {
  const choice = new sfn.Choice(phase.ctx.scope, name);
  for (const [outcome, next] of Object.entries(routes))
    choice.when(sfn.Condition.stringEquals(path, outcome), next);
  if (otherwise) return choice.otherwise(otherwise);
  const unexpected = new sfn.Pass(phase.ctx.scope, `${name}: unexpected outcome`, {
    parameters: { Error: 'UnexpectedOutcome', 'Cause.$': path },
    resultPath: '$.failure',
  }).next(phase.stalled);
  return choice.otherwise(unexpected);
}
