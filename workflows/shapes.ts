/**
 * The shapes every case workflow is made of: a system step, a staff decision with a deadline and
 * escalation, a deadline wait, the hand-over to the next phase, and the catch-all that escalates a
 * failed phase to a manager. Each returns states; workflows compose them.
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { WorkflowContext } from './types.ts';

/**
 * Backstops: how long a callback may wait before Step Functions gives up on it. They are safety
 * nets behind the sweeper (which escalates overdue tasks and ends periods on their due date), so
 * they sit well beyond the longest period any policy version sets; a test keeps them there.
 */
export const backstops = {
  // Long: the sweeper escalates an overdue decision within days, and a decision that waits on a
  // manager for months (an escalated breach decision) must still meet the law's own refusals.
  staffDecision: Duration.days(300),
  deadline: Duration.days(120),
  /** A court case takes months: its outcome waits longest (a Standard execution lives a year). */
  courtOutcome: Duration.days(360),
};

const caseRef = sfn.JsonPath.stringAt('$.caseRef');
const execution = sfn.JsonPath.stringAt('$$.Execution.Name');
/** Ids carried from phase to phase (always present, null when unknown): never personal data. */
const context = sfn.JsonPath.objectAt('$.context');

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
    resultPath: '$.stall',
    retryOnServiceExceptions: false,
  });
  record.addRetry({
    errors: [sfn.Errors.ALL],
    interval: Duration.seconds(5),
    maxAttempts: 5,
    backoffRate: 2,
  });
  // A failure of an execution the case has moved on from (a manager restarted or closed it by
  // hand) is not a stall: it ends quietly.
  const superseded = new sfn.Choice(ctx.scope, 'Superseded?')
    .when(
      sfn.Condition.booleanEquals('$.stall.stale', true),
      new sfn.Succeed(ctx.scope, 'Superseded by a newer workflow'),
    )
    .otherwise(
      new sfn.Fail(ctx.scope, 'Case workflow stalled', {
        error: 'CaseStalled',
        cause: 'escalated to a manager',
      }),
    );
  return { ctx, stalled: record.next(superseded) };
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

/** A route's system step (see the routes' catalogue), its result kept at `resultPath` (or dropped). */
export function systemStep(
  phase: PhaseBuilder,
  name: string,
  step: string,
  options: { args?: Record<string, unknown>; resultPath?: string } = {},
): tasks.LambdaInvoke {
  return guarded(
    phase,
    new tasks.LambdaInvoke(phase.ctx.scope, name, {
      lambdaFunction: phase.ctx.fn('CaseStep'),
      payload: sfn.TaskInput.fromObject({
        caseRef,
        execution,
        context,
        step,
        ...(options.args ? { args: options.args } : {}),
      }),
      payloadResponseOnly: true,
      resultPath: options.resultPath ?? sfn.JsonPath.DISCARD,
      retryOnServiceExceptions: false,
    }),
  );
}

/** A staff decision: the task token is stored on a task with a due date; the outcome lands at `$.decision`. */
export function awaitStaffDecision(
  phase: PhaseBuilder,
  name: string,
  type: string,
  options: { variant?: string; backstop?: Duration } = {},
): tasks.LambdaInvoke {
  return guarded(
    phase,
    new tasks.LambdaInvoke(phase.ctx.scope, name, {
      lambdaFunction: phase.ctx.fn('OpenStaffTask'),
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        token: sfn.JsonPath.taskToken,
        caseRef,
        execution,
        context,
        type,
        ...(options.variant ? { variant: options.variant } : {}),
      }),
      resultPath: '$.decision',
      taskTimeout: sfn.Timeout.duration(options.backstop ?? backstops.staffDecision),
      retryOnServiceExceptions: false,
    }),
  );
}

/** A deadline wait: ends when its period elapses (the sweeper) or an event ends it early; lands at `$.wait`. */
export function awaitDeadline(
  phase: PhaseBuilder,
  name: string,
  kind: string,
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
        context,
        kind,
        ...extra,
      }),
      resultPath: '$.wait',
      taskTimeout: sfn.Timeout.duration(backstops.deadline),
      retryOnServiceExceptions: false,
    }),
  );
}

/** What a phase hands to the next: JSONPaths to ids; each defaults to the one this phase carries. */
export interface Carry {
  decisionTaskId?: string;
  offenceId?: string;
}

/**
 * Hands the case to its next phase, a new execution, and ends this one. `next` is a phase id, or
 * `{ path }` for a phase a step chose (restorative justice returning to its route's decision).
 */
export function nextPhase(
  phase: PhaseBuilder,
  name: string,
  next: string | { path: string },
  carry: Carry = {},
): sfn.IChainable {
  const start = new tasks.LambdaInvoke(phase.ctx.scope, name, {
    lambdaFunction: phase.ctx.fn('StartPhase'),
    payload: sfn.TaskInput.fromObject({
      caseRef,
      from: execution,
      phase: typeof next === 'string' ? next : sfn.JsonPath.stringAt(next.path),
      context: {
        decisionTaskId: sfn.JsonPath.stringAt(carry.decisionTaskId ?? '$.context.decisionTaskId'),
        offenceId: sfn.JsonPath.stringAt(carry.offenceId ?? '$.context.offenceId'),
      },
    }),
    payloadResponseOnly: true,
    resultPath: sfn.JsonPath.DISCARD,
    retryOnServiceExceptions: false,
  });
  return guarded(phase, start).next(new sfn.Succeed(phase.ctx.scope, `${name}: handed over`));
}

/** Closes the case with its outcome, in words for the residents; either may come from a JSONPath. */
export function closeCase(
  phase: PhaseBuilder,
  name: string,
  outcome: string,
  residentOutcome: string,
): sfn.IChainable {
  const fromPath = (value: string) => (value.startsWith('$.') ? sfn.JsonPath.stringAt(value) : value);
  return systemStep(phase, name, 'case.close', {
    args: { outcome: fromPath(outcome), residentOutcome: fromPath(residentOutcome) },
  }).next(new sfn.Succeed(phase.ctx.scope, `${name}: closed`));
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

export const decided = '$.decision.outcome';
export const waited = '$.wait.outcome';
