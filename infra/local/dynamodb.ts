/**
 * Local DynamoDB: dynalite in this process, on disk under the data folder for `npm start` (so a
 * restart keeps every case) or in memory for tests. Tables are created from the same definitions
 * the CDK stack uses.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { TableDefinition } from '../table/schema.ts';

export interface LocalDynamoOptions {
  /** Folder for the on-disk store; omit for an in-memory store. */
  path?: string;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  host?: string;
}

export interface LocalDynamo {
  endpoint: string;
  port: number;
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** Credentials and region the local stand-ins accept; nothing here reaches AWS. */
export const localAwsConfig = {
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${host}:${port}`;
  const client = new DynamoDBClient({ ...localAwsConfig, endpoint });
  return {
    endpoint,
    port,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Creates the table if it does not exist yet (a restart finds it already there). */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  def: TableDefinition,
): Promise<void> {
  const attributes = new Map<string, 'S' | 'N'>();
  for (const key of [def.partitionKey, def.sortKey]) attributes.set(key.name, key.type);
  for (const index of def.globalSecondaryIndexes) {
    attributes.set(index.partitionKey.name, index.partitionKey.type);
    attributes.set(index.sortKey.name, index.sortKey.type);
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
          AttributeName,
          AttributeType,
        })),
        KeySchema: [
          { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  // dynalite reports CREATING briefly even with createTableMs 0; wait until it is usable.
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`table ${tableName} did not become active`);
}

/**
 * Who issued a DynamoDB request (`lambda:<id>`, `sfn:api`, `sfn:execution`), for benchmarks that
 * count requests by origin. Off unless asked: on Node 20 async tracking slows every promise.
 */
const origins = new AsyncLocalStorage<string>();
let trackingOrigins = false;

export function trackRequestOrigins(on: boolean): void {
  trackingOrigins = on;
}

/** Runs `work` as `origin` when origins are tracked; otherwise just runs it. */
export function withRequestOrigin<T>(origin: string, work: () => T): T {
  return trackingOrigins ? origins.run(origin, work) : work();
}

export function requestOrigin(): string | undefined {
  return trackingOrigins ? origins.getStore() : undefined;
}
