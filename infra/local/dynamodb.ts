/**
 * Local DynamoDB: dynalite in this process, on disk under the data folder for `npm start` (so a
 * restart keeps every case) or in memory for tests; on the main thread or in a worker thread of its
 * own (`thread`). Tables are created from the same definitions the CDK stack uses. SDK clients in
 * this process reach it without a socket (see `inProcessTransport`); its port serves the AWS CLI
 * and other tools.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { TableDefinition } from '../table/schema.ts';
import { refuseBrowserRequests } from './same-origin.ts';

export interface LocalDynamoOptions {
  /** Folder for the on-disk store; omit for an in-memory store. */
  path?: string;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  host?: string;
  /**
   * How this process's SDK clients reach dynalite: `in-process` calls its request handler directly
   * (no socket, no signing), `http` goes through the port. Default: `in-process`, or
   * `ABATE_DYNAMODB_TRANSPORT`. The port listens either way, for the AWS CLI and tools.
   */
  transport?: LocalDynamoTransport;
  /**
   * Where dynalite runs: `main`, on this thread; `worker`, in a worker thread of its own, so its
   * work runs on another core than the event loop of the API and the workflows (`npm start` does
   * this). Default: `main`, or `ABATE_DYNAMODB_THREAD`.
   */
  thread?: LocalDynamoThread;
}

export type LocalDynamoTransport = 'in-process' | 'http';
export type LocalDynamoThread = 'main' | 'worker';

export interface LocalDynamo {
  endpoint: string;
  port: number;
  /** A client for this dynalite over the chosen transport. */
  client: DynamoDBClient;
  /** What any other SDK client in this process needs to reach this dynalite the same way. */
  clientConfig: DynamoDBClientConfig;
  close(): Promise<void>;
}

/** Credentials and region the local stand-ins accept; nothing here reaches AWS. */
export const localAwsConfig = {
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const dynaliteOptions = {
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  };
  const thread = options.thread ?? (process.env.ABATE_DYNAMODB_THREAD === 'worker' ? 'worker' : 'main');
  const local = thread === 'worker' ? await dynaliteInWorker(dynaliteOptions) : dynaliteHere(dynaliteOptions);
  // dynalite answers any Origin with `Access-Control-Allow-Origin: *`; no web page may use it.
  const server = local.server;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${host}:${port}`;
  const transport =
    options.transport ?? (process.env.ABATE_DYNAMODB_TRANSPORT === 'http' ? 'http' : 'in-process');
  const clientConfig: DynamoDBClientConfig = {
    ...localAwsConfig,
    endpoint,
    ...(transport === 'in-process' ? inProcessTransport(local.dispatch) : {}),
  };
  const client = new DynamoDBClient(clientConfig);
  return {
    endpoint,
    port,
    client,
    clientConfig,
    close: async () => {
      client.destroy();
      await local.close();
    },
  };
}

/** A request as dynalite's HTTP listener reads it, and what it answers. */
interface DynamoRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array | undefined;
}
interface DynamoResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
type Dispatch = (request: DynamoRequest) => Promise<DynamoResponse>;

interface RunningDynalite {
  /** The HTTP server for the port (not yet listening). */
  server: Server;
  /** Hands one request to dynalite without a socket. */
  dispatch: Dispatch;
  close(): Promise<void>;
}

/** dynalite on this thread: its own HTTP server for the port, its listener called directly otherwise. */
function dynaliteHere(dynaliteOptions: Record<string, unknown>): RunningDynalite {
  const server = dynalite(dynaliteOptions);
  const [dynaliteListener] = server.listeners('request') as RequestListener[];
  if (!dynaliteListener) throw new Error('dynalite has no request listener to guard');
  server.removeAllListeners('request');
  server.on('request', refuseBrowserRequests(dynaliteListener));
  return {
    server,
    dispatch: (request) => callListener(dynaliteListener as Listener, request),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * dynalite in a worker thread (`dynamodb-worker.mjs`): requests go over as messages; the port is
 * served here, guarded, and relayed the same way.
 */
async function dynaliteInWorker(dynaliteOptions: Record<string, unknown>): Promise<RunningDynalite> {
  const worker = new Worker(join(import.meta.dirname, 'dynamodb-worker.mjs'), {
    workerData: dynaliteOptions,
  });
  const pending = new Map<
    number,
    { resolve: (response: DynamoResponse) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let closed: (() => void) | undefined;
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: { ready?: true; closed?: true; id?: number } & DynamoResponse) => {
      if (message.ready) return resolve();
      if (message.closed) return closed?.();
      const waiting = pending.get(message.id ?? -1);
      if (!waiting) return;
      pending.delete(message.id ?? -1);
      waiting.resolve(message);
    });
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the DynamoDB worker stopped (exit code ${code})`)));
  const dispatch: Dispatch = (request) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...request });
    });
  const server = createServer(
    refuseBrowserRequests((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers))
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
        dispatch({
          method: request.method ?? 'POST',
          url: request.url ?? '/',
          headers,
          body: Buffer.concat(chunks),
        })
          .then((answer) => {
            response.writeHead(answer.statusCode, answer.headers);
            response.end(answer.body);
          })
          .catch((error: Error) => {
            response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
            response.end(JSON.stringify({ __type: 'InternalFailure', message: error.message }));
          });
      });
    }),
  );
  return {
    server,
    dispatch,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // dynalite closes its store (LevelDB, so a restart in this process can open it again), then the thread ends.
      await new Promise<void>((resolve) => {
        closed = resolve;
        worker.postMessage({ close: true });
      });
      await worker.terminate();
    },
  };
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;
type HttpHandler = Extract<NonNullable<DynamoDBClientConfig['requestHandler']>, { handle: unknown }>;
type SdkRequest = Parameters<HttpHandler['handle']>[0];

/** dynalite checks that a request looks signed (never the signature itself); unsigned requests carry this. */
const UNCHECKED_SIGNATURE =
  'AWS4-HMAC-SHA256 Credential=local/20260101/eu-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=local';

/**
 * SDK configuration that hands each request straight to dynalite (its HTTP request listener, on
 * this thread or the worker's), with a stand-in request and response instead of a socket, and
 * skips SigV4 signing. The SDK still serializes, parses and retries as it does against AWS; only
 * the bytes never travel.
 */
function inProcessTransport(dispatch: Dispatch): DynamoDBClientConfig {
  const requestHandler = {
    metadata: { handlerProtocol: 'abate/in-process' },
    handle: (request: SdkRequest) => handleInProcess(dispatch, request),
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
    // The client is done with it; dynalite itself stays up for the other clients.
    destroy: () => {},
  } as unknown as HttpHandler;
  return {
    requestHandler,
    httpAuthSchemeProvider: () => [{ schemeId: 'smithy.api#noAuth' }],
    httpAuthSchemes: [
      {
        schemeId: 'smithy.api#noAuth',
        identityProvider: () => async () => ({}),
        signer: { sign: async (request: unknown) => request },
      },
    ],
  } as DynamoDBClientConfig;
}

async function handleInProcess(dispatch: Dispatch, request: SdkRequest) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = String(value);
  headers.authorization ??= UNCHECKED_SIGNATURE;
  headers['x-amz-date'] ??= '20260101T000000Z';
  const body = request.body as string | Uint8Array | undefined;
  // The SDK's JSON body is a Uint8Array that warns when read as a string: take its bytes as they are.
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const answer = await dispatch({ method: request.method, url: request.path || '/', headers, body: bytes });
  return {
    response: { statusCode: answer.statusCode, headers: answer.headers, body: Buffer.from(answer.body) },
  };
}

/** Calls dynalite's HTTP request listener on this thread with a stand-in request and response. */
function callListener(listener: Listener, request: DynamoRequest): Promise<DynamoResponse> {
  return new Promise((resolve) => {
    const incoming = Object.assign(new EventEmitter(), {
      method: request.method,
      url: request.url,
      headers: request.headers,
    });
    const responseHeaders: Record<string, string> = {};
    const outgoing = {
      statusCode: 200,
      setHeader(name: string, value: unknown) {
        responseHeaders[name.toLowerCase()] = String(value);
      },
      end(body?: string) {
        resolve({ statusCode: this.statusCode, headers: responseHeaders, body: body ?? '' });
      },
    };
    listener(incoming as unknown as IncomingMessage, outgoing as unknown as ServerResponse);
    const bytes = request.body;
    if (bytes && bytes.byteLength > 0)
      incoming.emit('data', Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    incoming.emit('end');
  });
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
