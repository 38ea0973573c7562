/**
 * The local DynamoDB the runtime and the handlers share: SDK clients in the process reach dynalite
 * through its request handler directly, and the port still serves the AWS CLI and tools.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, expect, it, describe as suite } from 'vitest';
import { createDynamoClient } from '../../functions/commons/clients/dynamodb.ts';
import {
  ensureTable,
  inProcessDocumentRequests,
  type LocalDynamo,
  localAwsConfig,
  startLocalDynamo,
} from '../../infra/local/dynamodb.ts';
import { startLocalStack } from '../../infra/local/stack.ts';
import { caseTable } from '../../infra/table/schema.ts';

const TABLE = 'transport-test';
const opened: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.close();
});

async function localDynamo(
  transport?: 'in-process' | 'http',
  more: Parameters<typeof startLocalDynamo>[0] = {},
): Promise<LocalDynamo> {
  const dynamo = await startLocalDynamo({ ...(transport ? { transport } : {}), ...more });
  opened.push(dynamo);
  await ensureTable(dynamo.client, TABLE, caseTable);
  return dynamo;
}

function overThePort(dynamo: LocalDynamo): DynamoDBClient {
  const client = new DynamoDBClient({ ...localAwsConfig, endpoint: dynamo.endpoint });
  opened.push({ close: async () => client.destroy() });
  return client;
}

const item = (pk: string) => ({
  pk: { S: pk },
  sk: { S: 'CASE' },
  gsi1pk: { S: 'STATUS#received' },
  gsi1sk: { S: pk },
});

suite.each(['main', 'worker'] as const)('the in-process transport to dynalite on the %s thread', (thread) => {
  it('writes what a client over the port then reads, index entries included', async () => {
    const dynamo = await localDynamo('in-process', { thread });
    await dynamo.client.send(new PutItemCommand({ TableName: TABLE, Item: item('CASE#1') }));
    const port = overThePort(dynamo);
    const { Item } = await port.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' } } }),
    );
    expect(Item?.gsi1pk).toEqual({ S: 'STATUS#received' });
    const { Items } = await port.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :status',
        ExpressionAttributeValues: { ':status': { S: 'STATUS#received' } },
      }),
    );
    expect(Items?.map((found) => found.pk?.S)).toEqual(['CASE#1']);
  });

  it('reports a refused conditional write as the SDK exception it is in AWS', async () => {
    const dynamo = await localDynamo('in-process', { thread });
    await dynamo.client.send(new PutItemCommand({ TableName: TABLE, Item: item('CASE#2') }));
    const again = dynamo.client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: item('CASE#2'),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await expect(again).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('refuses a browser page of another origin on the port, as it does every local side door', async () => {
    const dynamo = await localDynamo('in-process', { thread });
    const response = await fetch(dynamo.endpoint, {
      method: 'POST',
      headers: {
        origin: 'https://elsewhere.example',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
      },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('closes its store on disk so that the same process can open it again with what was written', async () => {
    const path = mkdtempSync(join(tmpdir(), 'abate-transport-'));
    try {
      const first = await startLocalDynamo({ path, thread });
      await ensureTable(first.client, TABLE, caseTable);
      await first.client.send(new PutItemCommand({ TableName: TABLE, Item: item('CASE#9') }));
      await first.close();
      const second = await localDynamo('in-process', { path, thread });
      const { Item } = await second.client.send(
        new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'CASE#9' }, sk: { S: 'CASE' } } }),
      );
      expect(Item?.gsi1pk).toEqual({ S: 'STATUS#received' });
      await second.close();
      opened.splice(opened.indexOf(second), 1);
    } finally {
      rmSync(path, { recursive: true, force: true });
    }
  });
});

suite('the SDK transport to dynalite', () => {
  it('sends requests unsigned, and signed again when the http transport is chosen', async () => {
    for (const [transport, signed] of [
      ['in-process', false],
      ['http', true],
    ] as const) {
      const dynamo = await localDynamo(transport);
      const authorization: (string | undefined)[] = [];
      dynamo.client.middlewareStack.add(
        (next) => async (args) => {
          // The last step before the request leaves: whatever signing there is has happened.
          authorization.push((args.request as { headers: Record<string, string> }).headers.authorization);
          return next(args);
        },
        { step: 'deserialize', priority: 'low', name: 'seeAuthorization' },
      );
      await dynamo.client.send(new PutItemCommand({ TableName: TABLE, Item: item('CASE#3') }));
      expect(authorization).toHaveLength(1);
      if (signed) expect(authorization[0]).toMatch(/^AWS4-HMAC-SHA256 /);
      else expect(authorization[0]).toBeUndefined();
    }
  });

  it("hands the handlers' clients the same transport while the local stack runs, and takes it back when it stops", async () => {
    const stack = await startLocalStack();
    const during = createDynamoClient();
    const handlerOf = (client: DynamoDBClient) =>
      (client.config.requestHandler as { metadata?: { handlerProtocol?: string } }).metadata?.handlerProtocol;
    expect(handlerOf(during)).toBe('abate/in-process');
    during.destroy();
    await stack.close();
    const after = createDynamoClient();
    expect(handlerOf(after)).not.toBe('abate/in-process');
    after.destroy();
  });
});

suite('document requests below the SDK', () => {
  it('are offered for the in-process client of a dynalite on this thread only', async () => {
    expect(
      inProcessDocumentRequests((await localDynamo('in-process', { thread: 'main' })).client),
    ).toBeDefined();
    expect(inProcessDocumentRequests((await localDynamo('http', { thread: 'main' })).client)).toBeUndefined();
    const other = overThePort(await localDynamo('in-process', { thread: 'main' }));
    expect(inProcessDocumentRequests(other)).toBeUndefined();
    // In a worker thread, the store is not here: the runtime's store goes through the SDK.
    expect(
      inProcessDocumentRequests((await localDynamo('in-process', { thread: 'worker' })).client),
    ).toBeUndefined();
  });

  it('write to the same dynalite, index entries included, and read back what the SDK wrote', async () => {
    const dynamo = await localDynamo('in-process', { thread: 'main' });
    const send = inProcessDocumentRequests(dynamo.client);
    if (!send) throw new Error('no document requests');
    await send('PutItem', {
      TableName: TABLE,
      Item: {
        pk: 'CASE#4',
        sk: 'CASE',
        gsi1pk: 'STATUS#received',
        gsi1sk: 'CASE#4',
        n: 3,
        ok: true,
        gone: undefined,
      },
    });
    const port = overThePort(dynamo);
    const { Items } = await port.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :status',
        ExpressionAttributeValues: { ':status': { S: 'STATUS#received' } },
      }),
    );
    expect(Items).toEqual([
      {
        pk: { S: 'CASE#4' },
        sk: { S: 'CASE' },
        gsi1pk: { S: 'STATUS#received' },
        gsi1sk: { S: 'CASE#4' },
        n: { N: '3' },
        ok: { BOOL: true },
      },
    ]);
    await port.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { ...item('CASE#5'), list: { L: [{ S: 'a' }, { M: { b: { NULL: true } } }] } },
      }),
    );
    const { Item } = await send('GetItem', { TableName: TABLE, Key: { pk: 'CASE#5', sk: 'CASE' } });
    expect(Item).toEqual({
      pk: 'CASE#5',
      sk: 'CASE',
      gsi1pk: 'STATUS#received',
      gsi1sk: 'CASE#5',
      list: ['a', { b: null }],
    });
  });

  it('refuse a conditional write with the SDK exception, and are seen by middleware added to the client', async () => {
    const dynamo = await localDynamo('in-process', { thread: 'main' });
    const send = inProcessDocumentRequests(dynamo.client);
    if (!send) throw new Error('no document requests');
    const seen: string[] = [];
    dynamo.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        seen.push(
          `${String(context.commandName)} ${JSON.stringify(args.input)} → ${Object.keys(result.output as object).join(',')}`,
        );
        return result;
      },
      { step: 'initialize', name: 'seeDocumentRequests' },
    );
    const put = {
      TableName: TABLE,
      Item: { pk: 'CASE#6', sk: 'CASE' },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    await send('PutItem', put);
    await expect(send('PutItem', put)).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    await send('GetItem', { TableName: TABLE, Key: { pk: 'CASE#6', sk: 'CASE' } });
    expect(seen).toEqual([
      `PutItemCommand ${JSON.stringify(put)} → $metadata`,
      `GetItemCommand {"TableName":"${TABLE}","Key":{"pk":"CASE#6","sk":"CASE"}} → Item,$metadata`,
    ]);
  });

  it("refuse what dynalite's own checks refuse, as the SDK's ValidationException", async () => {
    const dynamo = await localDynamo('in-process', { thread: 'main' });
    const send = inProcessDocumentRequests(dynamo.client);
    if (!send) throw new Error('no document requests');
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => 'accepted',
        (error: Error) => `${error.name}: ${error.message}`,
      );
    expect(await refusal(send('GetItem', { TableName: TABLE }))).toBe(
      "ValidationException: The parameter 'Key' is required but was not present in the request",
    );
    expect(
      await refusal(
        send('PutItem', { TableName: TABLE, Item: { pk: 'CASE#7', sk: 'CASE', text: 'x'.repeat(410_000) } }),
      ),
    ).toBe('ValidationException: Item size has exceeded the maximum allowed size');
    expect(await refusal(send('PutItem', { TableName: TABLE, Item: { pk: 'CASE#8' } }))).toMatch(
      /^ValidationException: One or more parameter values were invalid: Missing the key sk/,
    );
    expect(
      await refusal(send('PutItem', { TableName: 'no-such-table', Item: { pk: 'CASE#8', sk: 'CASE' } })),
    ).toBe('ResourceNotFoundException: Requested resource not found');
  });
});
