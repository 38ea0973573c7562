/** What the casework tests need beyond the lifecycle helpers: the workflow engine's view, raw items, snapshots. */
import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { phaseOf } from '../../functions/domain/lifecycle/phases.ts';
import { asStaff, openTask } from '../support/lifecycle.ts';
import { call, type startTestStack } from '../support/local-stack.ts';

export type TestEnv = Awaited<ReturnType<typeof startTestStack>>;

export const manager = (env: TestEnv, method: string, path: string, json?: unknown) =>
  asStaff(env, 'manager', method, path, json, 'Mina Manager');

export const caseworker = (
  env: TestEnv,
  method: string,
  path: string,
  json?: unknown,
  name = 'Cara Caseworker',
) => asStaff(env, 'caseworker', method, path, json, name);

/** The sign-in subject the local dev token gives a caseworker of that name (see infra/local/dev-auth.ts). */
export const caseworkerId = (name = 'Cara Caseworker') =>
  `dev-caseworker-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

/** The case item as stored. */
export async function storedCase(env: TestEnv, caseRef: string) {
  const { Item } = await env.db.send(
    new GetCommand({
      TableName: env.stack.tableName,
      Key: { pk: `CASE#${caseRef}`, sk: 'CASE' },
      ConsistentRead: true,
    }),
  );
  return Item as Record<string, unknown> & {
    execution?: string;
    phase?: string;
    version: number;
    flags?: Set<string>;
  };
}

function sfnClient(env: TestEnv) {
  return new SFNClient({
    endpoint: env.stack.sfnEndpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** An execution's status as the (local) Step Functions API reports it. */
export async function executionStatus(env: TestEnv, execution: string): Promise<string | undefined> {
  const prefix = String(process.env.STATE_MACHINE_ARN_PREFIX).replace(':stateMachine:', ':execution:');
  const client = sfnClient(env);
  try {
    const described = await client.send(
      new DescribeExecutionCommand({ executionArn: `${prefix}${phaseOf(execution)}:${execution}` }),
    );
    return described.status;
  } finally {
    client.destroy();
  }
}

/**
 * Makes a case's workflow stall as a broken integration would: the task's token is completed with
 * an outcome its workflow has no branch for, so the workflow's catch-all escalates the case.
 */
export async function stallAtTask(env: TestEnv, caseRef: string, type: string, group = 'manager') {
  const task = await openTask(env, caseRef, type, group);
  const { Item } = await env.db.send(
    new GetCommand({
      TableName: env.stack.tableName,
      Key: { pk: `TASK#${task.taskId}`, sk: 'TASK' },
      ConsistentRead: true,
    }),
  );
  const client = sfnClient(env);
  try {
    await client.send(
      new SendTaskSuccessCommand({
        taskToken: String(Item?.token),
        output: JSON.stringify({
          outcome: 'no-such-outcome',
          taskId: task.taskId,
          decidedBy: 'a broken client',
        }),
      }),
    );
  } finally {
    client.destroy();
  }
  await env.stack.settle();
  return task;
}

/** Everything stored about a case (its partition and the items listed under it), for "nothing changed" checks. */
export async function snapshot(env: TestEnv, caseRef: string): Promise<string> {
  const [own, listed] = await Promise.all([
    env.db.send(
      new QueryCommand({
        TableName: env.stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${caseRef}` },
        ConsistentRead: true,
      }),
    ),
    env.db.send(
      new QueryCommand({
        TableName: env.stack.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${caseRef}` },
      }),
    ),
  ]);
  const items = [...(own.Items ?? []), ...(listed.Items ?? [])]
    .map((item) => JSON.stringify(item, (_key, value) => (value instanceof Set ? [...value].sort() : value)))
    .sort();
  return items.join('\n');
}

/** The complaints stored in a case's partition. */
export async function storedComplaintCount(env: TestEnv, caseRef: string): Promise<number> {
  const items = await env.partition(`CASE#${caseRef}`);
  return items.filter((item) => String(item.sk).startsWith('COMPLAINT#')).length;
}

export function followCase(env: TestEnv, caseRef: string, token: string) {
  return call(env.stack, 'GET', `/cases/${caseRef}/progress`, { headers: { 'x-tracking-token': token } });
}

export function expectRefused(
  response: { status: number; body: { error?: { code?: string } } },
  code: string,
) {
  expect(response.status, JSON.stringify(response.body)).toBe(409);
  expect(response.body.error?.code).toBe(code);
}
