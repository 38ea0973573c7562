import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  InvalidToken,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { afterAll, beforeAll, expect, it, describe as suite } from 'vitest';
import type { LocalDynamo } from '../../infra/local/dynamodb.ts';
import {
  inMemoryDynamo,
  loadWorkflows,
  machineArn,
  startTestRuntime,
  type TestRuntime,
  TokenInbox,
} from './helpers.ts';

let dynamo: LocalDynamo;
let current: TestRuntime;
let client: SFNClient;
let endpoint: string;
const inbox = new TokenInbox();

beforeAll(async () => {
  const machines = loadWorkflows(
    [
      {
        id: 'sdk-decision',
        build: ({ stack, fn }) =>
          new tasks.LambdaInvoke(stack, 'AwaitDecision', {
            lambdaFunction: fn('StoreToken'),
            integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
            payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken }),
          }),
      },
    ],
    ['StoreToken'],
  );
  dynamo = await inMemoryDynamo();
  current = await startTestRuntime({ dynamo, machines, functions: { StoreToken: inbox.store } });
  ({ endpoint } = await current.runtime.listen(0));
  client = new SFNClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client.destroy();
  await current.runtime.close();
  await dynamo.close();
});

suite('the AWS SDK against the HTTP endpoint', () => {
  it('starts, signals and describes an execution with the unchanged SFNClient', async () => {
    const listed = await client.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((machine) => machine.stateMachineArn)).toContain(
      machineArn('sdk-decision'),
    );
    const started = await client.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn('sdk-decision'),
        name: 'NN-2026-0200-investigation',
        input: JSON.stringify({ caseRef: 'NN-2026-0200' }),
      }),
    );
    expect(started.startDate).toBeInstanceOf(Date);
    await current.runtime.idle();
    await client.send(
      new SendTaskSuccessCommand({ taskToken: inbox.latest(), output: '{"outcome":"warn"}' }),
    );
    await current.runtime.idle();
    const described = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? 'null')).toEqual({ outcome: 'warn' });
    expect(described.stopDate).toBeInstanceOf(Date);
    const { events } = await client.send(
      new GetExecutionHistoryCommand({ executionArn: started.executionArn }),
    );
    expect(events?.[0]?.type).toBe('ExecutionStarted');
    expect(events?.[0]?.timestamp).toBeInstanceOf(Date);
    expect(events?.find((event) => event.type === 'TaskSucceeded')?.taskSucceededEventDetails?.output).toBe(
      '{"outcome":"warn"}',
    );
  });

  it('raises the SDK exception classes for token and name errors', async () => {
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: 'garbage', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);
    const forged = `${Buffer.from(JSON.stringify(['arn:aws:states:eu-west-2:000000000000:execution:x:y', 'S#000001'])).toString('base64url')}.sig`;
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: forged, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: inbox.latest(), output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    const input = JSON.stringify({ caseRef: 'NN-2026-0201' });
    const first = await client.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn('sdk-decision'),
        name: 'NN-2026-0201-x',
        input,
      }),
    );
    const again = await client.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn('sdk-decision'),
        name: 'NN-2026-0201-x',
        input,
      }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    await expect(
      client.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn('sdk-decision'),
          name: 'NN-2026-0201-x',
          input: '{}',
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    const stopped = await client.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await client.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
    expect(described.status).toBe('ABORTED');
  });

  it('answers in the AWS JSON 1.0 error shape, as the CLI and other SDKs expect', async () => {
    const post = (target: string | undefined, body: unknown) =>
      fetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.0',
          ...(target ? { 'X-Amz-Target': target } : {}),
        },
        body: JSON.stringify(body),
      });
    const missing = await post('AWSStepFunctions.DescribeExecution', {
      executionArn: 'arn:aws:states:eu-west-2:000000000000:execution:abate-test-sdk-decision:nobody',
    });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await missing.json()).toMatchObject({
      __type: 'com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist',
    });
    const unknown = await post('AWSStepFunctions.CreateActivity', { name: 'x' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toMatch(/UnknownOperationException$/);
    const untargeted = await post(undefined, {});
    expect(untargeted.status).toBe(400);
  });
});
