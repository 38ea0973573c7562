import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { afterEach, beforeAll, expect, it, describe as suite } from 'vitest';
import { OffsetClock } from '../../functions/commons/clock.ts';
import type { LocalDynamo } from '../../infra/local/dynamodb.ts';
import type { LocalStateMachine } from '../../infra/local/sfn/definitions.ts';
import {
  DAY_MS,
  describe,
  type HistoryEventShape,
  history,
  inMemoryDynamo,
  loadWorkflows,
  machineArn,
  start,
  startTestRuntime,
  statesEntered,
  type TestRuntime,
} from './helpers.ts';

let machines: LocalStateMachine[];
const opened: LocalDynamo[] = [];

beforeAll(() => {
  machines = loadWorkflows(
    [
      {
        id: 'enforcement',
        build: ({ stack, fn }) =>
          new tasks.LambdaInvoke(stack, 'IssueWarning', {
            lambdaFunction: fn('IssueWarning'),
            payloadResponseOnly: true,
            resultPath: '$.warning',
          })
            .next(
              new tasks.LambdaInvoke(stack, 'AwaitCompliance', {
                lambdaFunction: fn('StoreToken'),
                integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
                payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken }),
                taskTimeout: sfn.Timeout.duration(Duration.days(28)),
                resultPath: '$.compliance',
              }),
            )
            .next(
              new tasks.LambdaInvoke(stack, 'CloseCase', {
                lambdaFunction: fn('CloseCase'),
                payloadResponseOnly: true,
              }),
            ),
      },
      {
        id: 'reminder',
        build: ({ stack, fn }) =>
          new tasks.LambdaInvoke(stack, 'IssueWarning', {
            lambdaFunction: fn('IssueWarning'),
            payloadResponseOnly: true,
            resultPath: '$.warning',
          })
            .next(new sfn.Wait(stack, 'CompliancePeriod', { time: sfn.WaitTime.duration(Duration.days(14)) }))
            .next(
              new tasks.LambdaInvoke(stack, 'CloseCase', {
                lambdaFunction: fn('CloseCase'),
                payloadResponseOnly: true,
              }),
            ),
      },
    ],
    ['IssueWarning', 'StoreToken', 'CloseCase'],
  );
});

afterEach(async () => {
  for (const dynamo of opened.splice(0)) await dynamo.close();
});

/** Side effects counted across both process lifetimes: a replay must not repeat any. */
function sideEffects() {
  const counts = { IssueWarning: 0, StoreToken: 0, CloseCase: 0 };
  const tokens: string[] = [];
  const functions = {
    IssueWarning: () => ({ letter: `warning-${++counts.IssueWarning}` }),
    StoreToken: (payload: unknown) => {
      counts.StoreToken++;
      tokens.push((payload as { token: string }).token);
      return {};
    },
    CloseCase: () => ({ closed: ++counts.CloseCase }),
  };
  return { counts, tokens, functions };
}

async function freshStore(): Promise<LocalDynamo> {
  const dynamo = await inMemoryDynamo();
  opened.push(dynamo);
  return dynamo;
}

/** The process dies: nothing more is written, no timer fires, no handler runs. */
function crash(process: TestRuntime): void {
  process.runtime.engine.halt();
}

function assertNoDuplicateEvents(events: HistoryEventShape[]): void {
  expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
  const starts = events.filter((event) => event.type === 'ExecutionStarted');
  expect(starts).toHaveLength(1);
}

suite('durability across a crash', () => {
  it('resumes an execution waiting on a token after a crash, and the token the caseworker holds still works', async () => {
    const dynamo = await freshStore();
    const clock = new OffsetClock(0);
    const effects = sideEffects();
    const before = await startTestRuntime({ dynamo, machines, functions: effects.functions, clock });
    const arn = await start(before.runtime, 'enforcement', { caseRef: 'NN-2026-0100' });
    await before.runtime.idle();
    expect(effects.counts).toEqual({ IssueWarning: 1, StoreToken: 1, CloseCase: 0 });
    const heldToken = effects.tokens[0];
    const historyBeforeCrash = await history(before.runtime, arn);
    crash(before);
    clock.advance(DAY_MS);

    const after = await startTestRuntime({ dynamo, machines, functions: effects.functions, clock });
    expect(await after.runtime.recover()).toEqual([arn]);
    await after.runtime.idle();
    // The replay regenerates the same events; the stored ones (and their timestamps) stay as they were.
    expect((await history(after.runtime, arn)).slice(0, historyBeforeCrash.length)).toEqual(
      historyBeforeCrash,
    );
    expect(after.logLines.filter((line) => line.message === 'state entered')).toEqual([]);
    expect(effects.counts).toEqual({ IssueWarning: 1, StoreToken: 1, CloseCase: 0 });
    expect((await describe(after.runtime, arn)).status).toBe('RUNNING');

    await after.runtime.api('SendTaskSuccess', { taskToken: heldToken, output: '{"complied":true}' });
    await after.runtime.idle();
    const execution = await describe(after.runtime, arn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(effects.counts).toEqual({ IssueWarning: 1, StoreToken: 1, CloseCase: 1 });
    const events = await history(after.runtime, arn);
    assertNoDuplicateEvents(events);
    expect(statesEntered(events)).toEqual(['IssueWarning', 'AwaitCompliance', 'CloseCase']);
    expect(events.filter((event) => event.type === 'LambdaFunctionScheduled')).toHaveLength(2);
    await after.runtime.close();
  });

  it('resumes an execution in a Wait state after a crash and fires the timer at its original due time', async () => {
    const dynamo = await freshStore();
    const clock = new OffsetClock(0);
    const effects = sideEffects();
    const before = await startTestRuntime({ dynamo, machines, functions: effects.functions, clock });
    const arn = await start(before.runtime, 'reminder', { caseRef: 'NN-2026-0101' });
    await before.runtime.idle();
    await before.runtime.advanceClock(10 * DAY_MS);
    crash(before);

    const after = await startTestRuntime({ dynamo, machines, functions: effects.functions, clock });
    await after.runtime.recover();
    await after.runtime.advanceClock(3 * DAY_MS);
    expect((await describe(after.runtime, arn)).status).toBe('RUNNING');
    await after.runtime.advanceClock(DAY_MS);
    expect((await describe(after.runtime, arn)).status).toBe('SUCCEEDED');
    expect(effects.counts).toEqual({ IssueWarning: 1, StoreToken: 0, CloseCase: 1 });
    const events = await history(after.runtime, arn);
    assertNoDuplicateEvents(events);
    expect(statesEntered(events)).toEqual(['IssueWarning', 'CompliancePeriod', 'CloseCase']);
    await after.runtime.close();
  });

  it('completes a timer that fell due while the process was down as soon as it restarts', async () => {
    const dynamo = await freshStore();
    const clock = new OffsetClock(0);
    const effects = sideEffects();
    const before = await startTestRuntime({ dynamo, machines, functions: effects.functions, clock });
    const arn = await start(before.runtime, 'reminder', { caseRef: 'NN-2026-0102' });
    await before.runtime.idle();
    crash(before);
    clock.advance(20 * DAY_MS);

    const after = await startTestRuntime({ dynamo, machines, functions: effects.functions, clock });
    await after.runtime.recover();
    await after.runtime.idle();
    expect((await describe(after.runtime, arn)).status).toBe('SUCCEEDED');
    expect(effects.counts).toEqual({ IssueWarning: 1, StoreToken: 0, CloseCase: 1 });
    await after.runtime.close();
  });

  it('survives two crashes in a row without repeating side effects or history', async () => {
    const dynamo = await freshStore();
    const clock = new OffsetClock(0);
    const effects = sideEffects();
    const first = await startTestRuntime({ dynamo, machines, functions: effects.functions, clock });
    const arn = await start(first.runtime, 'enforcement', { caseRef: 'NN-2026-0103' });
    await first.runtime.idle();
    crash(first);
    const second = await startTestRuntime({ dynamo, machines, functions: effects.functions, clock });
    await second.runtime.recover();
    await second.runtime.idle();
    crash(second);
    const third = await startTestRuntime({ dynamo, machines, functions: effects.functions, clock });
    await third.runtime.recover();
    await third.runtime.api('SendTaskSuccess', { taskToken: effects.tokens[0], output: '{}' });
    await third.runtime.idle();
    expect((await describe(third.runtime, arn)).status).toBe('SUCCEEDED');
    expect(effects.counts).toEqual({ IssueWarning: 1, StoreToken: 1, CloseCase: 1 });
    assertNoDuplicateEvents(await history(third.runtime, arn));
    await third.runtime.close();
  });

  it('runs a Lambda again after a crash in the middle of its invocation, and nothing before it', async () => {
    const dynamo = await freshStore();
    const clock = new OffsetClock(0);
    const effects = sideEffects();
    let closeCaseCalled: () => void = () => {};
    const closeCaseStarted = new Promise<void>((resolve) => {
      closeCaseCalled = resolve;
    });
    const hangingCloseCase = {
      ...effects.functions,
      CloseCase: () => {
        closeCaseCalled();
        return new Promise<never>(() => {});
      },
    };
    const before = await startTestRuntime({ dynamo, machines, functions: hangingCloseCase, clock });
    const arn = await start(before.runtime, 'enforcement', { caseRef: 'NN-2026-0104' });
    await before.runtime.idle();
    await before.runtime.api('SendTaskSuccess', {
      taskToken: effects.tokens[0],
      output: '{"complied":true}',
    });
    // CloseCase is running (and never returns) when the process dies.
    await closeCaseStarted;
    crash(before);

    const after = await startTestRuntime({ dynamo, machines, functions: effects.functions, clock });
    await after.runtime.recover();
    await after.runtime.idle();
    const execution = await describe(after.runtime, arn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(String(execution.output))).toEqual({ closed: 1 });
    expect(effects.counts).toEqual({ IssueWarning: 1, StoreToken: 1, CloseCase: 1 });
    assertNoDuplicateEvents(await history(after.runtime, arn));
    await after.runtime.close();
  });
  it('does not resume an execution whose start never completed, though its index entry survived the crash', async () => {
    const dynamo = await freshStore();
    const clock = new OffsetClock(0);
    const effects = sideEffects();
    // What dynalite leaves when killed between writing an item's index entries and the item
    // itself: the work index lists a running execution that does not exist. (Added to the
    // answer the runtime's document client reads, so in document form.)
    const arn = machineArn('enforcement').replace(':stateMachine:', ':execution:').concat(':never-started');
    const phantom = {
      pk: `EXEC#${arn}`,
      sk: 'EXECUTION',
      executionArn: arn,
      stateMachineArn: machineArn('enforcement'),
      name: 'never-started',
      input: '{"caseRef":"NN-2026-0105"}',
      status: 'RUNNING',
      startDate: clock.now().toISOString(),
      tokenSecret: 'abc',
      workPk: 'RUNNING',
      workSk: `${clock.now().toISOString()}#${arn}`,
    };
    dynamo.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as { IndexName?: string };
        if (context.commandName === 'QueryCommand' && input.IndexName === 'work') {
          const output = result.output as { Items?: unknown[] };
          if (JSON.stringify(args.input).includes('"RUNNING"'))
            output.Items = [...(output.Items ?? []), phantom];
        }
        return result;
      },
      { step: 'initialize', name: 'staleWorkIndexEntry' },
    );
    const after = await startTestRuntime({ dynamo, machines, functions: effects.functions, clock });
    expect(await after.runtime.recover()).toEqual([]);
    await after.runtime.idle();
    expect(effects.counts).toEqual({ IssueWarning: 0, StoreToken: 0, CloseCase: 0 });
    // The starter, never told the start succeeded, starts it again: it runs, once.
    expect(await start(after.runtime, 'enforcement', { caseRef: 'NN-2026-0105' }, 'never-started')).toBe(arn);
    await after.runtime.idle();
    expect(effects.counts).toEqual({ IssueWarning: 1, StoreToken: 1, CloseCase: 0 });
    assertNoDuplicateEvents(await history(after.runtime, arn));
    await after.runtime.close();
  });
});
