import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { afterAll, afterEach, beforeAll, expect, it, describe as suite } from 'vitest';
import type { LocalDynamo } from '../../infra/local/dynamodb.ts';
import type { LocalStateMachine } from '../../infra/local/sfn/definitions.ts';
import { StepFunctionsError } from '../../infra/local/sfn/errors.ts';
import {
  describe,
  history,
  inMemoryDynamo,
  loadWorkflows,
  machineArn,
  start,
  startTestRuntime,
  statesEntered,
  type TestRuntime,
} from './helpers.ts';

const functionIds = ['Classify', 'Flaky', 'Explode', 'Record', 'Hang'];

let machines: LocalStateMachine[];
let dynamo: LocalDynamo;
let current: TestRuntime | undefined;
const calls: Record<string, unknown[]> = {};
let flakyFailuresLeft = 0;

beforeAll(async () => {
  machines = loadWorkflows(
    [
      {
        id: 'triage',
        build: ({ stack, fn }) =>
          new sfn.Pass(stack, 'Normalise', { parameters: { 'caseRef.$': '$.caseRef', 'level.$': '$.level' } })
            .next(
              new tasks.LambdaInvoke(stack, 'Classify', {
                lambdaFunction: fn('Classify'),
                payloadResponseOnly: true,
                resultPath: '$.classification',
              }),
            )
            .next(
              new sfn.Choice(stack, 'Loud?')
                .when(
                  sfn.Condition.stringEquals('$.classification.band', 'loud'),
                  new sfn.Succeed(stack, 'Escalated'),
                )
                .otherwise(
                  new sfn.Pass(stack, 'Logged', { result: sfn.Result.fromObject({ logged: true }) }),
                ),
            ),
      },
      {
        id: 'retrying',
        build: ({ stack, fn }) =>
          new tasks.LambdaInvoke(stack, 'CallFlaky', {
            lambdaFunction: fn('Flaky'),
            resultSelector: { 'value.$': '$.Payload.value' },
          }).addRetry({
            errors: ['ProviderUnavailable'],
            interval: Duration.seconds(2),
            maxAttempts: 3,
            backoffRate: 2,
          }),
      },
      {
        id: 'catching',
        build: ({ stack, fn }) =>
          new tasks.LambdaInvoke(stack, 'CallExplode', {
            lambdaFunction: fn('Explode'),
            payloadResponseOnly: true,
          }).addCatch(
            new tasks.LambdaInvoke(stack, 'RecordFailure', {
              lambdaFunction: fn('Record'),
              payloadResponseOnly: true,
            }),
            {
              errors: ['CaseNotFound'],
              resultPath: '$.failure',
            },
          ),
      },
      {
        id: 'phase-chain',
        build: ({ stack }) =>
          new tasks.StepFunctionsStartExecution(stack, 'StartTriage', {
            stateMachine: sfn.StateMachine.fromStateMachineName(stack, 'Triage', 'abate-test-triage'),
            name: sfn.JsonPath.format('{}-triage', sfn.JsonPath.stringAt('$.caseRef')),
            input: sfn.TaskInput.fromObject({ 'caseRef.$': '$.caseRef', level: 95 }),
          }),
      },
      {
        id: 'fan-out',
        build: ({ stack, fn }) =>
          new sfn.Parallel(stack, 'Assess', { resultPath: '$.assessment' })
            .branch(
              new tasks.LambdaInvoke(stack, 'ClassifyInBranch', {
                lambdaFunction: fn('Classify'),
                payloadResponseOnly: true,
              }),
            )
            .branch(new sfn.Pass(stack, 'NoteInBranch', { result: sfn.Result.fromObject({ noted: true }) }))
            .next(
              new sfn.Map(stack, 'NotifyEach', {
                itemsPath: '$.neighbours',
                resultPath: '$.notified',
              }).itemProcessor(
                new tasks.LambdaInvoke(stack, 'NotifyNeighbour', {
                  lambdaFunction: fn('Record'),
                  payloadResponseOnly: true,
                }),
              ),
            ),
      },
      {
        id: 'hanging',
        build: ({ stack, fn }) =>
          new tasks.LambdaInvoke(stack, 'NeverReturns', { lambdaFunction: fn('Hang') }),
      },
    ],
    functionIds,
  );
  dynamo = await inMemoryDynamo();
});

afterEach(async () => {
  await current?.runtime.close();
  current = undefined;
  for (const key of Object.keys(calls)) delete calls[key];
});

afterAll(async () => {
  await dynamo.close();
});

async function runtime(retryDelayScale?: number): Promise<TestRuntime> {
  const record = (id: string, payload: unknown) => {
    calls[id] = [...(calls[id] ?? []), payload];
  };
  current = await startTestRuntime({
    dynamo,
    machines,
    ...(retryDelayScale !== undefined ? { retryDelayScale } : {}),
    functions: {
      Classify: (payload) => {
        record('Classify', payload);
        return { band: (payload as { level: number }).level > 70 ? 'loud' : 'quiet' };
      },
      Flaky: (payload) => {
        record('Flaky', payload);
        if (flakyFailuresLeft-- > 0) {
          const error = new Error('provider down');
          error.name = 'ProviderUnavailable';
          throw error;
        }
        return { value: 42 };
      },
      Explode: (payload) => {
        record('Explode', payload);
        const error = new Error('no case CASE-9');
        error.name = 'CaseNotFound';
        throw error;
      },
      Hang: () => new Promise(() => {}),
      Record: (payload) => {
        record('Record', payload);
        return { recorded: true };
      },
    },
  });
  return current;
}

suite('executions on the local runtime', () => {
  it('runs Pass, Task and Choice states to success and returns the output AWS would', async () => {
    const { runtime: sfnRuntime, logLines } = await runtime();
    const arn = await start(sfnRuntime, 'triage', { caseRef: 'NN-2026-0001', level: 50, extra: 'dropped' });
    await sfnRuntime.idle();
    const execution = await describe(sfnRuntime, arn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(String(execution.output))).toEqual({ logged: true });
    expect(calls.Classify).toEqual([{ caseRef: 'NN-2026-0001', level: 50 }]);
    const events = await history(sfnRuntime, arn);
    expect(statesEntered(events)).toEqual(['Normalise', 'Classify', 'Loud?', 'Logged']);
    expect(events[0]?.type).toBe('ExecutionStarted');
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events.map((event) => event.type)).toContain('LambdaFunctionSucceeded');
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    const stateLines = logLines.filter((line) => line.message === 'state entered');
    expect(stateLines.map((line) => line.state)).toEqual(['Normalise', 'Classify', 'Loud?', 'Logged']);
    expect(stateLines.every((line) => line.caseRef === 'NN-2026-0001')).toBe(true);
    expect(stateLines[1]).toMatchObject({ type: 'Task', execution: arn.split(':').at(-1) });
  });

  it('takes the Choice branch the Lambda result selects', async () => {
    const { runtime: sfnRuntime } = await runtime();
    const arn = await start(sfnRuntime, 'triage', { caseRef: 'NN-2026-0002', level: 90 });
    await sfnRuntime.idle();
    expect(statesEntered(await history(sfnRuntime, arn))).toEqual([
      'Normalise',
      'Classify',
      'Loud?',
      'Escalated',
    ]);
  });

  it('retries a failing task with backoff and succeeds once the function recovers', async () => {
    const { runtime: sfnRuntime } = await runtime();
    flakyFailuresLeft = 2;
    const arn = await start(sfnRuntime, 'retrying', { caseRef: 'NN-2026-0003' });
    await sfnRuntime.idle();
    const execution = await describe(sfnRuntime, arn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(String(execution.output))).toEqual({ value: 42 });
    expect(calls.Flaky).toHaveLength(3);
    const types = (await history(sfnRuntime, arn)).map((event) => event.type);
    expect(types.filter((type) => type === 'TaskFailed')).toHaveLength(2);
    expect(types.filter((type) => type === 'TaskScheduled')).toHaveLength(3);
  });

  it('pauses between retries for the exponential backoff, scaled by retryDelayScale', async () => {
    // 2 s then 4 s of AWS backoff, at 1/40 speed: at least 50 ms then 100 ms.
    const { runtime: sfnRuntime } = await runtime(1 / 40);
    flakyFailuresLeft = 2;
    const arn = await start(sfnRuntime, 'retrying', {});
    await sfnRuntime.idle();
    const events = await history(sfnRuntime, arn);
    const at = (type: string) =>
      events.filter((event) => event.type === type).map((event) => Number(event.timestamp) * 1000);
    const failed = at('TaskFailed');
    const scheduled = at('TaskScheduled');
    expect(scheduled).toHaveLength(3);
    expect(Number(scheduled[1]) - Number(failed[0])).toBeGreaterThanOrEqual(45);
    expect(Number(scheduled[2]) - Number(failed[1])).toBeGreaterThanOrEqual(95);
  });

  it('fails the execution with the function error once the retries are spent', async () => {
    const { runtime: sfnRuntime } = await runtime();
    flakyFailuresLeft = 10;
    const arn = await start(sfnRuntime, 'retrying', {});
    await sfnRuntime.idle();
    const execution = await describe(sfnRuntime, arn);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ProviderUnavailable');
    expect(JSON.parse(String(execution.cause))).toMatchObject({
      errorType: 'ProviderUnavailable',
      errorMessage: 'provider down',
    });
    expect(calls.Flaky).toHaveLength(4);
  });

  it('routes a caught error to the Catch target with the error at the ResultPath', async () => {
    const { runtime: sfnRuntime } = await runtime();
    const arn = await start(sfnRuntime, 'catching', { caseRef: 'NN-2026-0004' });
    await sfnRuntime.idle();
    expect((await describe(sfnRuntime, arn)).status).toBe('SUCCEEDED');
    expect(calls.Record).toHaveLength(1);
    const [recorded] = (calls.Record ?? []) as { failure: { Error: string; Cause: string } }[];
    const failure = recorded?.failure ?? { Error: '', Cause: 'null' };
    expect(failure.Error).toBe('CaseNotFound');
    expect(JSON.parse(failure.Cause)).toMatchObject({ errorMessage: 'no case CASE-9' });
    expect(statesEntered(await history(sfnRuntime, arn))).toEqual(['CallExplode', 'RecordFailure']);
  });

  it('returns the same execution for the same name and input, and refuses the name with other input', async () => {
    const { runtime: sfnRuntime } = await runtime();
    const input = JSON.stringify({ caseRef: 'NN-2026-0005', level: 10 });
    const first = await sfnRuntime.api('StartExecution', {
      stateMachineArn: machineArn('retrying'),
      name: 'NN-2026-0005-investigation',
      input,
    });
    flakyFailuresLeft = 100;
    const again = await sfnRuntime.api('StartExecution', {
      stateMachineArn: machineArn('retrying'),
      name: 'NN-2026-0005-investigation',
      input,
    });
    expect(again).toEqual(first);
    await expect(
      sfnRuntime.api('StartExecution', {
        stateMachineArn: machineArn('retrying'),
        name: 'NN-2026-0005-investigation',
        input: JSON.stringify({ caseRef: 'other' }),
      }),
    ).rejects.toMatchObject({ code: 'ExecutionAlreadyExists' });
    await sfnRuntime.idle();
    // Once closed, AWS refuses the name even with identical input.
    await expect(
      sfnRuntime.api('StartExecution', {
        stateMachineArn: machineArn('retrying'),
        name: 'NN-2026-0005-investigation',
        input,
      }),
    ).rejects.toBeInstanceOf(StepFunctionsError);
  });

  it('lists executions of a state machine newest first, filtered by status', async () => {
    const { runtime: sfnRuntime, clock } = await runtime();
    const older = await start(sfnRuntime, 'triage', { caseRef: 'A', level: 1 });
    clock.advance(1000);
    const newer = await start(sfnRuntime, 'triage', { caseRef: 'B', level: 1 });
    await sfnRuntime.idle();
    const listed = await sfnRuntime.api('ListExecutions', {
      stateMachineArn: machineArn('triage'),
      statusFilter: 'SUCCEEDED',
    });
    const arns = (listed.executions as { executionArn: string }[]).map((execution) => execution.executionArn);
    expect(arns.indexOf(newer)).toBeLessThan(arns.indexOf(older));
    expect(arns.indexOf(older)).toBeGreaterThanOrEqual(0);
  });

  it('starts the next phase as its own execution and does not wait for it', async () => {
    const { runtime: sfnRuntime } = await runtime();
    const parent = await start(sfnRuntime, 'phase-chain', { caseRef: 'NN-2026-0006' });
    await sfnRuntime.idle();
    const parentExecution = await describe(sfnRuntime, parent);
    expect(parentExecution.status).toBe('SUCCEEDED');
    const child = JSON.parse(String(parentExecution.output)) as { ExecutionArn: string };
    expect(child.ExecutionArn).toBe(
      'arn:aws:states:eu-west-2:000000000000:execution:abate-test-triage:NN-2026-0006-triage',
    );
    expect((await describe(sfnRuntime, child.ExecutionArn)).status).toBe('SUCCEEDED');
    expect(calls.Classify).toEqual([{ caseRef: 'NN-2026-0006', level: 95 }]);
  });

  it('runs Parallel branches and Map iterations, each task with its own journaled result', async () => {
    const { runtime: sfnRuntime } = await runtime();
    const arn = await start(sfnRuntime, 'fan-out', {
      caseRef: 'NN-2026-0007',
      level: 80,
      neighbours: ['n1', 'n2', 'n3'],
    });
    await sfnRuntime.idle();
    const execution = await describe(sfnRuntime, arn);
    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(String(execution.output));
    expect(output.assessment).toEqual([{ band: 'loud' }, { noted: true }]);
    expect(output.notified).toEqual([{ recorded: true }, { recorded: true }, { recorded: true }]);
    expect(calls.Record).toEqual(['n1', 'n2', 'n3']);
    const types = (await history(sfnRuntime, arn)).map((event) => event.type);
    expect(types).toContain('ParallelStateEntered');
    expect(types.filter((type) => type === 'MapIterationSucceeded')).toHaveLength(3);
  });

  it('refuses an execution name AWS would refuse', async () => {
    const { runtime: sfnRuntime } = await runtime();
    await expect(
      sfnRuntime.api('StartExecution', { stateMachineArn: machineArn('triage'), name: 'has space' }),
    ).rejects.toMatchObject({ code: 'InvalidName' });
  });

  it('gives up waiting for idle after its timeout and names the execution still working', async () => {
    const { runtime: sfnRuntime } = await runtime();
    const arn = await start(sfnRuntime, 'hanging', {});
    await expect(sfnRuntime.idle({ timeoutMs: 300 })).rejects.toThrow(arn);
  });

  it('answers unknown executions and machines with the AWS error names', async () => {
    const { runtime: sfnRuntime } = await runtime();
    await expect(
      sfnRuntime.api('DescribeExecution', {
        executionArn: 'arn:aws:states:eu-west-2:000000000000:execution:abate-test-triage:nope',
      }),
    ).rejects.toMatchObject({ code: 'ExecutionDoesNotExist' });
    await expect(sfnRuntime.api('DescribeExecution', { executionArn: 'not-an-arn' })).rejects.toMatchObject({
      code: 'InvalidArn',
    });
    await expect(
      sfnRuntime.api('StartExecution', { stateMachineArn: machineArn('missing') }),
    ).rejects.toMatchObject({ code: 'StateMachineDoesNotExist' });
  });
});
