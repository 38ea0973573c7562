/**
 * The handlers' Step Functions client on the local stack reaches the runtime in process, with no
 * HTTP or signing, and must read exactly as the same SDK call through the port does.
 */
import {
  DescribeExecutionCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSfnClient } from '../../functions/commons/clients/sfn.ts';
import { localAwsConfig } from '../../infra/local/dynamodb.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/stack.ts';
import { commandsSeen, outcome, requestsThroughTransport } from '../support/sdk-probes.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.close();
});

/** The handlers' client, with what reached its HTTP transport. */
function handlersClient() {
  const client = createSfnClient();
  return { client, overHttp: requestsThroughTransport(client) };
}

describe("the handlers' Step Functions client on the local stack", () => {
  it('answers and refuses as the same SDK call through the port does, without HTTP', async () => {
    const { client, overHttp } = handlersClient();
    const port = new SFNClient({ ...localAwsConfig, endpoint: String(process.env.SFN_ENDPOINT) });
    const prefix = String(process.env.STATE_MACHINE_ARN_PREFIX);
    const calls = (suffix: string) => [
      new ListStateMachinesCommand({}),
      new StartExecutionCommand({
        stateMachineArn: `${prefix}no-such-phase`,
        name: `x-${suffix}`,
        input: '{}',
      }),
      new DescribeExecutionCommand({
        executionArn: `${prefix.replace(':stateMachine:', ':execution:')}investigation:none-${suffix}`,
      }),
      new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }),
      new StopExecutionCommand({ executionArn: 'arn:aws:states:eu-west-2:000000000000:execution:nope:nope' }),
    ];
    const direct = [];
    const viaPort = [];
    for (const command of calls('a')) direct.push(await outcome(client.send(command as never)));
    for (const command of calls('a')) viaPort.push(await outcome(port.send(command as never)));
    port.destroy();
    expect(direct).toEqual(viaPort);
    const listed = (direct[0] as { answer: { stateMachines: { creationDate: unknown }[] } }).answer;
    expect(listed.stateMachines.length).toBeGreaterThan(0);
    expect(listed.stateMachines[0]?.creationDate).toBeInstanceOf(Date);
    expect(direct.slice(1).map((result) => (result as { sdkClass: string }).sdkClass)).not.toContain('Error');
    expect(overHttp).toEqual([]);
  });

  it('goes through the SDK and HTTP once middleware is added to the client', async () => {
    const { client, overHttp } = handlersClient();
    const seen = commandsSeen(client);
    await client.send(new ListStateMachinesCommand({}));
    expect(seen).toEqual(['ListStateMachinesCommand']);
    expect(overHttp).toEqual(['AWSStepFunctions.ListStateMachines']);
  });
});
