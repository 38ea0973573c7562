/**
 * When the runtime writes: at blocking points only (a callback, a Wait, a failed attempt, the
 * end), each checkpoint one item of history with the synchronous results inside it (a batch
 * when step records go with it). Counted requests, and what a crash between or inside
 * checkpoints does to side effects and history.
 */

import { DeleteItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
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
  it('runs a small machine to completion with three store requests: its start, one item of history, its close', async () => {
    const dynamo = await freshStore();
    const { functions } = effects();
    const { runtime } = await startTestRuntime({ dynamo, machines, functions });
    for (const level of [80, 20]) {
      const sent = countRequests(dynamo);
      const arn = await start(runtime, 'small', { level });
      await runtime.idle();
      const counted = [...sent];
      expect((await describe(runtime, arn)).status).toBe('SUCCEEDED');
      expect(counted).toEqual(['PutItem', 'PutItem', 'UpdateItem']);
      assertWholeHistory(await history(runtime, arn));
    }
    await runtime.close();
  });

  it("writes a callback's token before its Lambda gets it, then waits after one more write", async () => {
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
    // Its start; the history so far with the token's step; the history since (TaskSubmitted).
    expect(sent.filter((command) => command !== 'Query')).toEqual(['PutItem', 'BatchWriteItem', 'PutItem']);
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
      .poll(async () =>
        (await storedItems(dynamo, arn)).some((item) =>
          item.events?.S?.includes('"outcome":{"status":"FAILED"'),
        ),
      )
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
    // As if a checkpoint of several history items had lost its first one in the kill: the
    // items left (one per checkpoint here, the token's and the one after the Lambda call).
    const historyKeys = (await storedItems(dynamo, arn))
      .map((item) => String(item.sk?.S))
      .filter((sk) => sk.startsWith('EVENT#'));
    expect(historyKeys).toHaveLength(2);
    await dynamo.client.send(
      new DeleteItemCommand({
        TableName: LOCAL_SFN_TABLE_NAME,
        Key: { pk: { S: `EXEC#${arn}` }, sk: { S: String(historyKeys[0]) } },
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

suite('history items', () => {
  /** Every event through pages of `maxResults`, following nextToken, as a client pages. */
  async function paged(
    runtime: TestRuntime['runtime'],
    executionArn: string,
    maxResults: number,
    reverseOrder: boolean,
  ) {
    const ids: number[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await runtime.api('GetExecutionHistory', {
        executionArn,
        maxResults,
        reverseOrder,
        ...(nextToken ? { nextToken } : {}),
      });
      const events = page.events as HistoryEventShape[];
      expect(events.length).toBeLessThanOrEqual(maxResults);
      ids.push(...events.map((event) => event.id));
      nextToken = page.nextToken as string | undefined;
      pages++;
    } while (nextToken && pages < 100);
    return ids;
  }

  it('holds each checkpoint in one item, and pages through them forwards and backwards from any event', async () => {
    const dynamo = await freshStore();
    const { tokens, functions } = effects();
    const { runtime } = await startTestRuntime({ dynamo, machines, functions });
    const arn = await start(runtime, 'segments', {});
    await runtime.idle();
    await runtime.api('SendTaskSuccess', { taskToken: tokens[0], output: '{}' });
    await runtime.idle();
    expect((await describe(runtime, arn)).status).toBe('SUCCEEDED');
    const whole = await history(runtime, arn);
    assertWholeHistory(whole);
    const ids = whole.map((event) => event.id);
    // The token's checkpoint, the one after its Lambda call, and the last one.
    const historyKeys = (await storedItems(dynamo, arn))
      .map((item) => String(item.sk?.S))
      .filter((sk) => sk.startsWith('EVENT#'));
    expect(historyKeys).toHaveLength(3);
    expect(historyKeys.at(-1)).toBe(`EVENT#${String(ids.length).padStart(8, '0')}`);
    for (const size of [1, 2, 3, 5, ids.length - 1, ids.length, ids.length + 1]) {
      expect(await paged(runtime, arn, size, false), `forwards by ${size}`).toEqual(ids);
      expect(await paged(runtime, arn, size, true), `backwards by ${size}`).toEqual([...ids].reverse());
    }
    await expect(
      runtime.api('GetExecutionHistory', { executionArn: arn, nextToken: 'not-a-token' }),
    ).rejects.toMatchObject({ code: 'InvalidToken' });
    await runtime.close();
  });

  it('splits a checkpoint too large for one item, and replays it', async () => {
    const dynamo = await freshStore();
    const clock = new OffsetClock(0);
    const { calls, tokens, functions } = effects();
    // 120 KB of output, which the next events repeat: the first checkpoint passes 350 KB.
    const big = { ...functions, A: () => ({ n: ++calls.A, text: 'x'.repeat(120_000) }) };
    const before = await startTestRuntime({ dynamo, machines, clock, functions: big });
    const arn = await start(before.runtime, 'segments', {});
    await before.runtime.idle();
    const historyKeys = (await storedItems(dynamo, arn))
      .map((item) => String(item.sk?.S))
      .filter((sk) => sk.startsWith('EVENT#'));
    expect(historyKeys.length).toBeGreaterThan(2);
    const written = await history(before.runtime, arn);
    assertWholeHistory(written);
    crash(before);

    const after = await startTestRuntime({ dynamo, machines, clock, functions: big });
    expect(await after.runtime.recover()).toEqual([arn]);
    await after.runtime.idle();
    // Every item was written: nothing runs again, and the same token still waits.
    expect(calls).toMatchObject({ A: 1, StoreToken: 1 });
    expect(await history(after.runtime, arn)).toEqual(written);
    await after.runtime.api('SendTaskSuccess', { taskToken: tokens[0], output: '{}' });
    await after.runtime.idle();
    expect((await describe(after.runtime, arn)).status).toBe('SUCCEEDED');
    assertWholeHistory(await history(after.runtime, arn));
    await after.runtime.close();
  });

  it('reads the history of a store written one event per item, as the first version wrote it', async () => {
    const dynamo = await freshStore();
    const clock = new OffsetClock(0);
    const { calls, tokens, functions } = effects();
    const before = await startTestRuntime({ dynamo, machines, clock, functions });
    const arn = await start(before.runtime, 'segments', {});
    await before.runtime.idle();
    crash(before);
    for (const item of await storedItems(dynamo, arn)) {
      if (!item.sk?.S?.startsWith('EVENT#')) continue;
      await dynamo.client.send(
        new DeleteItemCommand({
          TableName: LOCAL_SFN_TABLE_NAME,
          Key: { pk: item.pk as never, sk: item.sk },
        }),
      );
      for (const old of JSON.parse(String(item.events?.S)) as Record<string, unknown>[]) {
        await dynamo.client.send(
          new PutItemCommand({
            TableName: LOCAL_SFN_TABLE_NAME,
            Item: {
              pk: { S: `EXEC#${arn}` },
              sk: { S: `EVENT#${String(old.id).padStart(8, '0')}` },
              id: { N: String(old.id) },
              event: { S: JSON.stringify(old.event) },
              ...(old.step ? { step: { S: String(old.step) } } : {}),
              ...(old.outcome ? { outcome: { S: JSON.stringify(old.outcome) } } : {}),
              ...(old.submitted ? { submitted: { BOOL: true } } : {}),
            },
          }),
        );
      }
    }

    const after = await startTestRuntime({ dynamo, machines, clock, functions });
    expect(await after.runtime.recover()).toEqual([arn]);
    await after.runtime.idle();
    expect(calls).toMatchObject({ A: 1, StoreToken: 1 });
    await after.runtime.api('SendTaskSuccess', { taskToken: tokens[0], output: '{}' });
    await after.runtime.idle();
    expect((await describe(after.runtime, arn)).status).toBe('SUCCEEDED');
    const events = await history(after.runtime, arn);
    assertWholeHistory(events);
    expect(statesEntered(events)).toEqual(['A', 'AwaitDecision', 'C', 'D']);
    await after.runtime.close();
  });
});
