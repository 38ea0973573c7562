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
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  QueryCommand as DocumentQueryCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterEach, expect, it, describe as suite } from 'vitest';
import {
  configureLocalDynamoClients,
  createDynamoClient,
  documentClient,
} from '../../functions/commons/clients/dynamodb.ts';
import {
  ensureTable,
  inProcessDocumentRequests,
  type LocalDynamo,
  localAwsConfig,
  startLocalDynamo,
} from '../../infra/local/dynamodb.ts';
import { startLocalStack } from '../../infra/local/stack.ts';
import { caseTable } from '../../infra/table/schema.ts';
import { faultError } from '../faults/dynamo-faults.ts';
import { commandsSeen, outcome, requestsThroughTransport } from '../support/sdk-probes.ts';

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

/** The items the status index holds under `received`, read through the port. */
const receivedOnTheIndex = (port: DynamoDBClient) =>
  port.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :status',
      ExpressionAttributeValues: { ':status': { S: 'STATUS#received' } },
    }),
  );

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
    const { Items } = await receivedOnTheIndex(port);
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

suite.each(['main', 'worker'] as const)(
  'document requests below the SDK, dynalite on the %s thread',
  (thread) => {
    it('are offered for the in-process client only', async () => {
      expect(inProcessDocumentRequests((await localDynamo('in-process', { thread })).client)).toBeDefined();
      expect(inProcessDocumentRequests((await localDynamo('http', { thread })).client)).toBeUndefined();
      const other = overThePort(await localDynamo('in-process', { thread }));
      expect(inProcessDocumentRequests(other)).toBeUndefined();
    });

    it('write to the same dynalite, index entries included, and read back what the SDK wrote', async () => {
      const dynamo = await localDynamo('in-process', { thread });
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
      const { Items } = await receivedOnTheIndex(port);
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
      const dynamo = await localDynamo('in-process', { thread });
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
      const dynamo = await localDynamo('in-process', { thread });
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
          send('PutItem', {
            TableName: TABLE,
            Item: { pk: 'CASE#7', sk: 'CASE', text: 'x'.repeat(410_000) },
          }),
        ),
      ).toBe('ValidationException: Item size has exceeded the maximum allowed size');
      expect(await refusal(send('PutItem', { TableName: TABLE, Item: { pk: 'CASE#8' } }))).toMatch(
        /^ValidationException: One or more parameter values were invalid: Missing the key sk/,
      );
      expect(
        await refusal(send('PutItem', { TableName: 'no-such-table', Item: { pk: 'CASE#8', sk: 'CASE' } })),
      ).toBe('ResourceNotFoundException: Requested resource not found');
    });
  },
);

suite.each(['main', 'worker'] as const)(
  "the handlers' document clients, dynalite on the %s thread",
  (thread) => {
    /** A handler's document client on the local stack's configuration, and one over the port through the whole SDK. */
    async function clients() {
      const dynamo = await localDynamo('in-process', { thread });
      configureLocalDynamoClients(dynamo.endpoint, dynamo.clientConfig, dynamo.directDocumentSends);
      opened.push({ close: async () => configureLocalDynamoClients(dynamo.endpoint, undefined) });
      const raw = createDynamoClient({ DYNAMODB_ENDPOINT: dynamo.endpoint });
      opened.push({ close: async () => raw.destroy() });
      const sdkRequests = requestsThroughTransport(raw);
      return { direct: documentClient(raw), raw, sdk: documentClient(overThePort(dynamo)), sdkRequests };
    }

    /** Document values as handlers store them, including what DynamoDB refuses (numbers out of range, empty sets). */
    const value = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string({ maxLength: 12 }),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.uint8Array({ minLength: 1, maxLength: 6 }),
        fc
          .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 3 })
          .map((members) => new Set(members)),
        fc
          .uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 3 })
          .map((members) => new Set(members)),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    const attributes = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 6 }).filter((name) => name !== 'pk' && name !== 'sk'),
      value,
      { maxKeys: 4 },
    );

    it('give the same answer or the same refusal as the whole SDK, for any item', async () => {
      const { direct, sdk, sdkRequests } = await clients();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(attributes, attributes, async (first, second) => {
          run++;
          const results = [];
          for (const [client, name] of [
            [direct, 'direct'],
            [sdk, 'sdk'],
          ] as const) {
            const Key = { pk: `PROP#${run}#${name}`, sk: 'CASE' };
            const seen = [
              await outcome(client.send(new PutCommand({ TableName: TABLE, Item: { ...Key, ...first } }))),
              await outcome(
                client.send(
                  new PutCommand({ TableName: TABLE, Item: { ...Key, ...second }, ReturnValues: 'ALL_OLD' }),
                ),
              ),
              await outcome(client.send(new GetCommand({ TableName: TABLE, Key, ConsistentRead: true }))),
              await outcome(
                client.send(
                  new UpdateCommand({
                    TableName: TABLE,
                    Key,
                    UpdateExpression: 'SET #value = :value',
                    ConditionExpression: 'attribute_exists(pk)',
                    ExpressionAttributeNames: { '#value': 'value' },
                    ExpressionAttributeValues: { ':value': first },
                    ReturnValues: 'ALL_NEW',
                  }),
                ),
              ),
            ];
            // Compared as JSON (bytes and sets written out), field order aside, with the key made the same.
            const json = JSON.stringify(seen, (_key, member) =>
              member instanceof Set ? [...member] : member,
            );
            results.push(JSON.parse(json.replaceAll(`PROP#${run}#${name}`, 'PROP')));
          }
          expect(results[0]).toEqual(results[1]);
        }),
        { numRuns: 60, seed: 20261127 },
      );
      // The handler's client never went through the SDK's transport.
      expect(sdkRequests).toEqual([]);
    });

    it('query, write in batches, read in batches and delete as the SDK does, counted by middleware added to the client', async () => {
      const { direct, raw, sdk, sdkRequests } = await clients();
      const counted = commandsSeen(raw);
      const answers = [];
      for (const [client, prefix] of [
        [direct, 'D'],
        [sdk, 'S'],
      ] as const) {
        const key = (n: number) => ({ pk: `${prefix}#${n}`, sk: 'CASE' });
        const found = [
          await outcome(
            client.send(
              new BatchWriteCommand({
                RequestItems: {
                  [TABLE]: [1, 2, 3].map((n) => ({
                    PutRequest: {
                      Item: {
                        ...key(n),
                        gsi1pk: `BATCH#${prefix}`,
                        gsi1sk: `${n}`,
                        bytes: new Uint8Array([n]),
                      },
                    },
                  })),
                },
              }),
            ),
          ),
          await outcome(
            // In no particular order, in AWS as here.
            client
              .send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: [key(1), key(3)] } } }))
              .then((answer) => {
                answer.Responses?.[TABLE]?.sort((a, b) => String(a.pk).localeCompare(String(b.pk)));
                return answer;
              }),
          ),
          await outcome(
            client.send(
              new DocumentQueryCommand({
                TableName: TABLE,
                IndexName: 'gsi1',
                KeyConditionExpression: 'gsi1pk = :batch',
                ExpressionAttributeValues: { ':batch': `BATCH#${prefix}` },
                Limit: 2,
              }),
            ),
          ),
          await outcome(
            client.send(new DeleteCommand({ TableName: TABLE, Key: key(2), ReturnValues: 'ALL_OLD' })),
          ),
          await outcome(client.send(new GetCommand({ TableName: TABLE, Key: key(2) }))),
          await outcome(client.send(new GetCommand({ TableName: TABLE, Key: { pk: 'no sort key' } }))),
        ];
        answers.push(
          JSON.stringify(found).replaceAll(`${prefix}#`, '*#').replaceAll(`BATCH#${prefix}`, 'BATCH#*'),
        );
      }
      expect(JSON.parse(answers[0] ?? '')).toEqual(JSON.parse(answers[1] ?? ''));
      expect(answers[0]).toContain('"bytes":{"0":2}');
      expect(counted).toEqual([
        'BatchWriteItemCommand',
        'BatchGetItemCommand',
        'QueryCommand',
        'DeleteItemCommand',
        'GetItemCommand',
        'GetItemCommand',
      ]);
      expect(sdkRequests).toEqual([]);
    });

    it('go through the whole SDK when middleware is added inside its request steps, so injected faults are retried', async () => {
      const { direct, raw, sdkRequests } = await clients();
      let faults = 2;
      raw.middlewareStack.add(
        (next) => async (args) => {
          if (faults-- > 0) throw faultError('server-error');
          return next(args);
        },
        { step: 'finalizeRequest', priority: 'low', name: 'injectFaults' },
      );
      await direct.send(new PutCommand({ TableName: TABLE, Item: { pk: 'FAULT#1', sk: 'CASE' } }));
      expect(faults).toBe(-1);
      expect(sdkRequests).toEqual(['DynamoDB_20120810.PutItem']);
    });
  },
);
