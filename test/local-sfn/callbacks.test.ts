import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { afterAll, afterEach, beforeAll, expect, it, describe as suite } from 'vitest';
import type { LocalDynamo } from '../../infra/local/dynamodb.ts';
import { clockAdvanceMs } from '../../infra/local/sfn/clock-advance.ts';
import type { LocalStateMachine } from '../../infra/local/sfn/definitions.ts';
import {
  DAY_MS,
  describe,
  history,
  inMemoryDynamo,
  loadWorkflows,
  machineArn,
  start,
  startTestRuntime,
  statesEntered,
  type TestRuntime,
  TokenInbox,
} from './helpers.ts';

/** A caseworker decision: callback with deadline, heartbeat, and explicit escalation routes. */
function awaitDecision(
  scope: Construct,
  fn: (id: string) => lambda.IFunction,
  timeouts: { task: sfn.Timeout; heartbeat?: sfn.Timeout },
): sfn.IChainable {
  const decide = new tasks.LambdaInvoke(scope, 'AwaitDecision', {
    lambdaFunction: fn('StoreToken'),
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken, 'caseRef.$': '$.caseRef' }),
    taskTimeout: timeouts.task,
    ...(timeouts.heartbeat ? { heartbeatTimeout: timeouts.heartbeat } : {}),
    resultPath: '$.decision',
  });
  // TaskFailed first: AWS does not let it match States.Timeout, so timeouts must reach Escalate.
  decide.addCatch(new sfn.Pass(scope, 'DecisionRefused'), {
    errors: ['States.TaskFailed'],
    resultPath: '$.error',
  });
  decide.addCatch(new sfn.Pass(scope, 'Escalate'), { errors: ['States.Timeout'], resultPath: '$.error' });
  return decide.next(new sfn.Pass(scope, 'Decided'));
}

let machines: LocalStateMachine[];
let dynamo: LocalDynamo;
let current: TestRuntime | undefined;
let inbox: TokenInbox;

beforeAll(async () => {
  machines = loadWorkflows(
    [
      {
        id: 'decision',
        build: ({ stack, fn }) => awaitDecision(stack, fn, { task: sfn.Timeout.duration(Duration.days(14)) }),
      },
      {
        id: 'long-decision',
        build: ({ stack, fn }) => awaitDecision(stack, fn, { task: sfn.Timeout.duration(Duration.days(40)) }),
      },
      {
        id: 'chased-decision',
        build: ({ stack, fn }) =>
          awaitDecision(stack, fn, {
            task: sfn.Timeout.at('$.deadlineSeconds'),
            heartbeat: sfn.Timeout.duration(Duration.hours(1)),
          }),
      },
      {
        id: 'cooling-off',
        build: ({ stack, fn }) =>
          new sfn.Wait(stack, 'CoolingOff', { time: sfn.WaitTime.duration(Duration.days(14)) }).next(
            new tasks.LambdaInvoke(stack, 'SendReminder', {
              lambdaFunction: fn('StoreToken'),
              payloadResponseOnly: true,
            }),
          ),
      },
      {
        id: 'await-child',
        build: ({ stack }) =>
          new tasks.StepFunctionsStartExecution(stack, 'RunChildPhase', {
            stateMachine: sfn.StateMachine.fromStateMachineName(stack, 'Child', 'abate-test-cooling-off'),
            integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
            input: sfn.TaskInput.fromObject({ parentToken: sfn.JsonPath.taskToken }),
          }),
      },
      {
        id: 'self-approving',
        build: ({ stack, fn }) =>
          awaitDecision(stack, (id) => fn(id === 'StoreToken' ? 'ApproveAtOnce' : id), {
            task: sfn.Timeout.duration(Duration.days(1)),
          }),
      },
      {
        id: 'broken-store',
        build: ({ stack, fn }) =>
          awaitDecision(stack, (id) => fn(id === 'StoreToken' ? 'CannotStoreToken' : id), {
            task: sfn.Timeout.duration(Duration.days(1)),
          }),
      },
      {
        id: 'bounded',
        timeout: Duration.days(30),
        build: ({ stack, fn }) =>
          new tasks.LambdaInvoke(stack, 'AwaitForever', {
            lambdaFunction: fn('StoreToken'),
            integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
            payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken }),
          }),
      },
    ],
    ['StoreToken', 'ApproveAtOnce', 'CannotStoreToken'],
  );
  dynamo = await inMemoryDynamo();
});

afterEach(async () => {
  await current?.runtime.close();
  current = undefined;
});

afterAll(async () => {
  await dynamo.close();
});

async function runtime(): Promise<TestRuntime> {
  inbox = new TokenInbox();
  current = await startTestRuntime({
    dynamo,
    machines,
    functions: {
      StoreToken: inbox.store,
      // Completes its own token before returning, as a Lambda that decides at once may.
      ApproveAtOnce: async (payload) => {
        const { token } = payload as { token: string };
        await current?.runtime.api('SendTaskSuccess', { taskToken: token, output: '{"outcome":"auto"}' });
        return {};
      },
      // Design rule: a Lambda that cannot store its token throws, failing the task.
      CannotStoreToken: () => {
        const error = new Error('table unavailable');
        error.name = 'TokenNotStored';
        throw error;
      },
    },
  });
  return current;
}

suite('callback tasks and timers in clock time', () => {
  it('delivers a unique token per task and resumes with the output sent for it', async () => {
    const { runtime: sfn } = await runtime();
    const first = await start(sfn, 'decision', { caseRef: 'NN-1' });
    const second = await start(sfn, 'decision', { caseRef: 'NN-2' });
    await sfn.idle();
    expect(inbox.tokens).toHaveLength(2);
    expect(new Set(inbox.tokens).size).toBe(2);
    expect((await describe(sfn, first)).status).toBe('RUNNING');
    await sfn.api('SendTaskSuccess', {
      taskToken: inbox.tokens[0],
      output: JSON.stringify({ outcome: 'warn' }),
    });
    await sfn.idle();
    const done = await describe(sfn, first);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(String(done.output))).toEqual({ caseRef: 'NN-1', decision: { outcome: 'warn' } });
    expect((await describe(sfn, second)).status).toBe('RUNNING');
    const types = (await history(sfn, first)).map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']),
    );
  });

  it('routes SendTaskFailure to the Catch for the failure name', async () => {
    const { runtime: sfn } = await runtime();
    const arn = await start(sfn, 'decision', { caseRef: 'NN-3' });
    await sfn.idle();
    await sfn.api('SendTaskFailure', { taskToken: inbox.latest(), error: 'Refused', cause: 'no grounds' });
    await sfn.idle();
    expect((await describe(sfn, arn)).status).toBe('SUCCEEDED');
    expect(statesEntered(await history(sfn, arn))).toEqual(['AwaitDecision', 'DecisionRefused']);
  });

  it('times out a callback after its TimeoutSeconds of clock time and routes States.Timeout to escalation', async () => {
    const { runtime: sfn } = await runtime();
    const arn = await start(sfn, 'decision', { caseRef: 'NN-4' });
    await sfn.idle();
    await sfn.advanceClock(13 * DAY_MS);
    expect((await describe(sfn, arn)).status).toBe('RUNNING');
    await sfn.advanceClock(DAY_MS + 1000);
    expect((await describe(sfn, arn)).status).toBe('SUCCEEDED');
    const events = await history(sfn, arn);
    expect(statesEntered(events)).toEqual(['AwaitDecision', 'Escalate']);
    expect(events.find((event) => event.type === 'TaskTimedOut')).toMatchObject({
      taskTimedOutEventDetails: { error: 'States.Timeout' },
    });
  });

  it('runs a 40-day timeout in virtual time without sleeping', async () => {
    const { runtime: sfn } = await runtime();
    const startedAt = Date.now();
    const arn = await start(sfn, 'long-decision', { caseRef: 'NN-5' });
    await sfn.idle();
    await sfn.advanceClock(39 * DAY_MS);
    expect((await describe(sfn, arn)).status).toBe('RUNNING');
    await sfn.advanceClock(DAY_MS + 1000);
    expect((await describe(sfn, arn)).status).toBe('SUCCEEDED');
    expect(statesEntered(await history(sfn, arn))).toEqual(['AwaitDecision', 'Escalate']);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
  });

  it('fails a callback whose heartbeat stops, and keeps it alive while heartbeats arrive', async () => {
    const { runtime: sfn } = await runtime();
    const arn = await start(sfn, 'chased-decision', { caseRef: 'NN-6', deadlineSeconds: 7 * 24 * 3600 });
    await sfn.idle();
    for (let beat = 0; beat < 3; beat++) {
      await sfn.advanceClock(50 * 60 * 1000);
      await sfn.api('SendTaskHeartbeat', { taskToken: inbox.latest() });
    }
    await sfn.idle();
    expect((await describe(sfn, arn)).status).toBe('RUNNING');
    await sfn.advanceClock(61 * 60 * 1000);
    // HeartbeatTimeout is a task failure for States.TaskFailed, unlike States.Timeout.
    expect((await describe(sfn, arn)).status).toBe('SUCCEEDED');
    const events = await history(sfn, arn);
    expect(statesEntered(events)).toEqual(['AwaitDecision', 'DecisionRefused']);
    expect(events.find((event) => event.type === 'TaskTimedOut')).toMatchObject({
      taskTimedOutEventDetails: { error: 'States.HeartbeatTimeout' },
    });
    await expect(sfn.api('SendTaskHeartbeat', { taskToken: inbox.latest() })).rejects.toMatchObject({
      code: 'TaskTimedOut',
    });
  });

  it('takes the callback deadline from TimeoutSecondsPath', async () => {
    const { runtime: sfn } = await runtime();
    const arn = await start(sfn, 'chased-decision', { caseRef: 'NN-7', deadlineSeconds: 1800 });
    await sfn.idle();
    await sfn.advanceClock(31 * 60 * 1000);
    expect(statesEntered(await history(sfn, arn))).toEqual(['AwaitDecision', 'Escalate']);
  });

  it('refuses a bogus token, an unknown token and a token already used', async () => {
    const { runtime: sfn } = await runtime();
    await start(sfn, 'decision', { caseRef: 'NN-8' });
    await sfn.idle();
    const token = inbox.latest();
    await expect(
      sfn.api('SendTaskSuccess', { taskToken: 'not a token', output: '{}' }),
    ).rejects.toMatchObject({
      code: 'InvalidToken',
    });
    const [address] = token.split('.');
    await expect(
      sfn.api('SendTaskSuccess', { taskToken: `${address}.forged-signature`, output: '{}' }),
    ).rejects.toMatchObject({ code: 'TaskDoesNotExist' });
    await sfn.api('SendTaskSuccess', { taskToken: token, output: '{"outcome":"first"}' });
    await expect(sfn.api('SendTaskSuccess', { taskToken: token, output: '{}' })).rejects.toMatchObject({
      code: 'TaskTimedOut',
    });
    await expect(sfn.api('SendTaskFailure', { taskToken: token, error: 'Late' })).rejects.toMatchObject({
      code: 'TaskTimedOut',
    });
  });

  it('holds a Wait state for 14 days of clock time, then moves on', async () => {
    const { runtime: sfn } = await runtime();
    const arn = await start(sfn, 'cooling-off', { caseRef: 'NN-9' });
    await sfn.idle();
    await sfn.advanceClock(clockAdvanceMs({ days: 13, hours: 23, minutes: 59 }));
    expect((await describe(sfn, arn)).status).toBe('RUNNING');
    expect(inbox.tokens).toHaveLength(0);
    await sfn.advanceClock(clockAdvanceMs({ minutes: 1 }));
    expect((await describe(sfn, arn)).status).toBe('SUCCEEDED');
    const coolingOff = (await history(sfn, arn)).filter((event) =>
      JSON.stringify(event).includes('"name":"CoolingOff"'),
    );
    expect(coolingOff.map((event) => event.type)).toEqual(['WaitStateEntered', 'WaitStateExited']);
    expect(inbox.tokens).toHaveLength(1);
  });

  it('stops an execution waiting on a token, after which the token is refused', async () => {
    const { runtime: sfn } = await runtime();
    const arn = await start(sfn, 'decision', { caseRef: 'NN-10' });
    await sfn.idle();
    const stopped = await sfn.api('StopExecution', {
      executionArn: arn,
      error: 'CaseWithdrawn',
      cause: 'complainant withdrew',
    });
    expect(typeof stopped.stopDate).toBe('number');
    const execution = await describe(sfn, arn);
    expect(execution).toMatchObject({
      status: 'ABORTED',
      error: 'CaseWithdrawn',
      cause: 'complainant withdrew',
    });
    await expect(
      sfn.api('SendTaskSuccess', { taskToken: inbox.latest(), output: '{}' }),
    ).rejects.toMatchObject({
      code: 'TaskTimedOut',
    });
    const events = await history(sfn, arn);
    expect(events.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'CaseWithdrawn' },
    });
    await sfn.advanceClock(15 * DAY_MS);
    expect((await describe(sfn, arn)).status).toBe('ABORTED');
  });

  it('times the whole execution out after the state machine TimeoutSeconds of clock time', async () => {
    const { runtime: sfn } = await runtime();
    const arn = await start(sfn, 'bounded', { caseRef: 'NN-11' });
    await sfn.idle();
    await sfn.advanceClock(29 * DAY_MS);
    expect((await describe(sfn, arn)).status).toBe('RUNNING');
    await sfn.advanceClock(DAY_MS + 1000);
    expect((await describe(sfn, arn)).status).toBe('TIMED_OUT');
    expect((await history(sfn, arn)).at(-1)?.type).toBe('ExecutionTimedOut');
    await expect(
      sfn.api('SendTaskSuccess', { taskToken: inbox.latest(), output: '{}' }),
    ).rejects.toMatchObject({
      code: 'TaskTimedOut',
    });
  });

  it('reads a clock advance request in days, hours or minutes and refuses anything else', () => {
    expect(clockAdvanceMs({ days: 14 })).toBe(14 * DAY_MS);
    expect(clockAdvanceMs({ hours: 2, minutes: 30 })).toBe(2.5 * 60 * 60 * 1000);
    expect(() => clockAdvanceMs({})).toThrow();
    expect(() => clockAdvanceMs({ days: -1 })).toThrow();
    expect(() => clockAdvanceMs({ weeks: 1 })).toThrow();
    // The clock only moves forward, and by a sane amount.
    expect(() => clockAdvanceMs({ days: 0 })).toThrow('greater than 0');
    expect(() => clockAdvanceMs({ days: 3_651 })).toThrow('ten years');
  });

  it('waits for a child execution started with .waitForTaskToken until the token comes back', async () => {
    const { runtime: sfn } = await runtime();
    const parent = await start(sfn, 'await-child', { caseRef: 'NN-12' });
    await sfn.idle();
    const [child] = ((await sfn.api('ListExecutions', { stateMachineArn: machineArn('cooling-off') }))
      .executions ?? []) as {
      executionArn: string;
    }[];
    const childInput = JSON.parse(
      String((await sfn.api('DescribeExecution', { executionArn: child?.executionArn })).input),
    );
    expect((await describe(sfn, parent)).status).toBe('RUNNING');
    await sfn.api('SendTaskSuccess', { taskToken: childInput.parentToken, output: '{"childDone":true}' });
    await sfn.idle();
    const execution = await describe(sfn, parent);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(String(execution.output))).toEqual({ childDone: true });
  });

  it('accepts a token completed by the Lambda itself before it returns', async () => {
    const { runtime: sfn } = await runtime();
    const arn = await start(sfn, 'self-approving', { caseRef: 'NN-13' });
    await sfn.idle();
    const execution = await describe(sfn, arn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(String(execution.output)).decision).toEqual({ outcome: 'auto' });
  });

  it('fails the callback task when its Lambda throws instead of storing the token', async () => {
    const { runtime: sfn } = await runtime();
    const arn = await start(sfn, 'broken-store', { caseRef: 'NN-14' });
    await sfn.idle();
    expect((await describe(sfn, arn)).status).toBe('SUCCEEDED');
    const events = await history(sfn, arn);
    expect(statesEntered(events)).toEqual(['AwaitDecision', 'DecisionRefused']);
    expect(events.find((event) => event.type === 'TaskFailed')).toMatchObject({
      taskFailedEventDetails: { error: 'TokenNotStored' },
    });
    expect(events.map((event) => event.type)).not.toContain('TaskSubmitted');
  });
});
