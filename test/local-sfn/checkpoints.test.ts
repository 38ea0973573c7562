/**
 * When the runtime writes: at blocking points only (a callback, a Wait, a failed attempt, the
 * end), each checkpoint one batch of history with the synchronous results inside it. Counted
 * requests, and what a crash between or inside checkpoints does to side effects and history.
 */

import { DeleteItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { afterEach, beforeAll, expect, it, describe as suite } from 'vitest';
import { OffsetClock } from '../../functions/commons/clock.ts';
import type { LocalDynamo } from '../../infra/local/dynamodb.ts';
import type { LocalStateMachine } from '../../infra/local/sfn/definitions.ts';
import { LOCAL_SFN_TABLE_NAME } from '../../infra/local/sfn/store.ts';
import {
  describe,
  type HistoryEventShape,
  history,
  inMemoryDynamo,
  loadWorkflows,
  start,
  startTestRuntime,
  statesEntered,
  type TestRuntime,
} from './helpers.ts';

let machines: LocalStateMachine[];
const opened: LocalDynamo[] = [];

const step = (stack: import('constructs').Construct, id: string, fn: (id: string) => never) =>
  new tasks.LambdaInvoke(stack, id, {
    lambdaFunction: fn(id),
    payloadResponseOnly: true,
    resultPath: `$.${id}`,
  });

beforeAll(() => {
  machines = loadWorkflows(
    [
      {
        id: 'small',
        build: ({ stack, fn }) =>
          new tasks.LambdaInvoke(stack, 'Classify', {
            lambdaFunction: fn('Classify'),
            payloadResponseOnly: true,
            resultPath: '$.classification',
          }).next(
            new sfn.Choice(stack, 'Loud?')
              .when(
                sfn.Condition.stringEquals('$.classification.band', 'loud'),
                new tasks.LambdaInvoke(stack, 'Escalate', {
                  lambdaFunction: fn('Escalate'),
                  payloadResponseOnly: true,
                }),
              )
              .otherwise(new sfn.Pass(stack, 'Logged')),
          ),
      },
      {
        id: 'segments',
        build: ({ stack, fn }) =>
          step(stack, 'A', fn as never)
            .next(
              new tasks.LambdaInvoke(stack, 'AwaitDecision', {
                lambdaFunction: fn('StoreToken'),
                integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
                payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken }),
                taskTimeout: sfn.Timeout.duration(Duration.days(30)),
                resultPath: '$.decision',
              }),
            )
            .next(step(stack, 'C', fn as never))
            .next(step(stack, 'D', fn as never)),
      },
      {
        id: 'retrying',
        build: ({ stack, fn }) =>
          step(stack, 'Flaky', fn as never).addRetry({
            errors: ['States.ALL'],
            interval: Duration.hours(1),
            maxAttempts: 2,
            backoffRate: 1,
          }),
      },
    ],
    ['Classify', 'Escalate', 'A', 'StoreToken', 'C', 'D', 'Flaky'],
  );
});

afterEach(async () => {
  for (const dynamo of opened.splice(0)) await dynamo.close();
});

async function freshStore(): Promise<LocalDynamo> {
  const dynamo = await inMemoryDynamo();
  opened.push(dynamo);
  return dynamo;
}

/** Every request the runtime sends to its store from now on, by SDK command. */
function countRequests(dynamo: LocalDynamo): string[] {
  const sent: string[] = [];
  dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: `countRequests${Math.random()}` },
  );
  return sent;
}

/** The items stored for one execution, read past the runtime. */
async function storedItems(dynamo: LocalDynamo, executionArn: string) {
  const { Items = [] } = await dynamo.client.send(
    new QueryCommand({
      TableName: LOCAL_SFN_TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `EXEC#${executionArn}` } },
      ConsistentRead: true,
    }),
  );
  return Items;
}

function crash(process: TestRuntime): void {
  process.runtime.engine.halt();
}

function effects() {
  const calls = { A: 0, StoreToken: 0, C: 0, D: 0 };
  const tokens: string[] = [];
  const functions: Record<string, (payload: unknown) => unknown> = {
    Classify: (payload) => ({ band: (payload as { level: number }).level > 50 ? 'loud' : 'quiet' }),
    Escalate: () => ({ priority: 'high' }),
    A: () => ({ n: ++calls.A }),
    StoreToken: (payload) => {
      calls.StoreToken++;
      tokens.push((payload as { token: string }).token);
      return {};
    },
    C: () => ({ n: ++calls.C }),
    D: () => ({ n: ++calls.D }),
  };
  return { calls, tokens, functions };
}

function assertWholeHistory(events: HistoryEventShape[]): void {
  expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
  expect(events.filter((event) => event.type === 'ExecutionStarted')).toHaveLength(1);
}

suite('checkpoints at blocking points only', () => {
  it('runs a small machine to completion with three store requests: its start, one batch of history, its close', async () => {
    const dynamo = await freshStore();
    const { functions } = effects();
    const { runtime } = await startTestRuntime({ dynamo, machines, functions });
    for (const level of [80, 20]) {
      const sent = countRequests(dynamo);
      const arn = await start(runtime, 'small', { level });
      await runtime.idle();
      const counted = [...sent];
      expect((await describe(runtime, arn)).status).toBe('SUCCEEDED');
      expect(counted).toEqual(['PutItem', 'BatchWriteItem', 'UpdateItem']);
      assertWholeHistory(await history(runtime, arn));
    }
    await runtime.close();
  });

  it("writes a callback's token before its Lambda gets it, then waits after one more batch", async () => {
    const dynamo = await freshStore();
    const { functions, tokens } = effects();
    const foundBeforeCall: boolean[] = [];
    const storeToken = functions.StoreToken as (payload: unknown) => unknown;
    const { runtime } = await startTestRuntime({
      dynamo,
      machines,
      functions: {
        ...functions,
        StoreToken: async (payload) => {
          const token = (payload as { token: string }).token;
          const executionArn = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())[0];
          const items = await storedItems(dynamo, executionArn);
          foundBeforeCall.push(items.some((item) => item.token?.S === token && item.status?.S === 'WAITING'));
          return storeToken(payload);
        },
      },
    });
    const sent = countRequests(dynamo);
    const arn = await start(runtime, 'segments', {});
    await runtime.idle();
    // The Lambda's own query went through the same client: leave it out.
    expect(sent.filter((command) => command !== 'Query')).toEqual([
      'PutItem',
      'BatchWriteItem',
      'BatchWriteItem',
    ]);
    expect(foundBeforeCall).toEqual([true]);
    expect((await describe(runtime, arn)).status).toBe('RUNNING');
    await runtime.api('SendTaskSuccess', { taskToken: tokens[0], output: '{}' });
    await runtime.idle();
    expect((await describe(runtime, arn)).status).toBe('SUCCEEDED');
    await runtime.close();
  });

  it('after a crash between checkpoints, runs again the synchronous tasks since the last one and nothing before it', async () => {
    const dynamo = await freshStore();
    const clock = new OffsetClock(0);
    const { calls, tokens, functions } = effects();
    let dStarted: () => void = () => {};
    const dRunning = new Promise<void>((resolve) => {
      dStarted = resolve;
    });
    const before = await startTestRuntime({
      dynamo,
      machines,
      clock,
      functions: {
        ...functions,
        D: () => {
          calls.D++;
          dStarted();
          return new Promise<never>(() => {});
        },
      },
    });
    const arn = await start(before.runtime, 'segments', {});
    await before.runtime.idle();
    await before.runtime.api('SendTaskSuccess', { taskToken: tokens[0], output: '{"decided":true}' });
    // C has finished and D is running (and never returns) when the process dies.
    await dRunning;
    crash(before);
    expect(calls).toMatchObject({ A: 1, StoreToken: 1, C: 1, D: 1 });

    const after = await startTestRuntime({ dynamo, machines, clock, functions });
    expect(await after.runtime.recover()).toEqual([arn]);
    await after.runtime.idle();
    const execution = await describe(after.runtime, arn);
    expect(execution.status).toBe('SUCCEEDED');
    // Waiting for the decision was the last checkpoint: C and D run again, A and the callback do not.
    expect(calls).toMatchObject({ A: 1, StoreToken: 1, C: 2, D: 2 });
    expect(JSON.parse(String(execution.output))).toMatchObject({ A: { n: 1 }, decision: { decided: true } });
    const events = await history(after.runtime, arn);
    assertWholeHistory(events);
    expect(statesEntered(events)).toEqual(['A', 'AwaitDecision', 'C', 'D']);
    await after.runtime.close();
  });

  it('checkpoints a failed attempt before its Retry pause, so a crash during the pause does not run it again', async () => {
    const dynamo = await freshStore();
    const clock = new OffsetClock(0);
    let attempts = 0;
    let firstFailed: () => void = () => {};
    const failed = new Promise<void>((resolve) => {
      firstFailed = resolve;
    });
    const flaky = () => {
      attempts++;
      if (attempts === 1) {
        firstFailed();
        throw new Error('the first attempt fails');
      }
      return { ok: true };
    };
    // An hour of backoff at 1/1000 is 3.6 s of real time: the crash lands inside it.
    const before = await startTestRuntime({ dynamo, machines, clock, functions: { Flaky: flaky } });
    const arn = await start(before.runtime, 'retrying', {});
    await failed;
    await expect
      .poll(async () => (await storedItems(dynamo, arn)).some((item) => item.outcome?.S?.includes('FAILED')))
      .toBe(true);
    crash(before);

    const after = await startTestRuntime({
      dynamo,
      machines,
      clock,
      functions: { Flaky: flaky },
      retryDelayScale: 0,
    });
    await after.runtime.recover();
    await after.runtime.idle();
    expect((await describe(after.runtime, arn)).status).toBe('SUCCEEDED');
    expect(attempts).toBe(2);
    const events = await history(after.runtime, arn);
    assertWholeHistory(events);
    expect(events.filter((event) => event.type === 'LambdaFunctionFailed')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'LambdaFunctionSucceeded')).toHaveLength(1);
    await after.runtime.close();
  });

  it('after a checkpoint cut short by a crash, writes the history past the gap again and hands out the same token', async () => {
    const dynamo = await freshStore();
    const clock = new OffsetClock(0);
    const { calls, tokens, functions } = effects();
    const before = await startTestRuntime({ dynamo, machines, clock, functions });
    const arn = await start(before.runtime, 'segments', {});
    await before.runtime.idle();
    crash(before);
    // As if the batch had written everything but the second event before the kill.
    await dynamo.client.send(
      new DeleteItemCommand({
        TableName: LOCAL_SFN_TABLE_NAME,
        Key: { pk: { S: `EXEC#${arn}` }, sk: { S: 'EVENT#00000002' } },
      }),
    );

    const after = await startTestRuntime({ dynamo, machines, clock, functions });
    await after.runtime.recover();
    await after.runtime.idle();
    // Nothing past the gap is trusted: A and the callback's Lambda run again, with the same token.
    expect(calls).toMatchObject({ A: 2, StoreToken: 2 });
    expect(tokens[1]).toBe(tokens[0]);
    await after.runtime.api('SendTaskSuccess', { taskToken: tokens[0], output: '{}' });
    await after.runtime.idle();
    expect((await describe(after.runtime, arn)).status).toBe('SUCCEEDED');
    const events = await history(after.runtime, arn);
    assertWholeHistory(events);
    expect(statesEntered(events)).toEqual(['A', 'AwaitDecision', 'C', 'D']);
    await after.runtime.close();
  });
});
