/**
 * Local DynamoDB: dynalite in this process, on disk under the data folder for `npm start` (so a
 * restart keeps every case) or in memory for tests; on the main thread or in a worker thread of its
 * own (`thread`). Tables are created from the same definitions the CDK stack uses. SDK clients in
 * this process reach it without a socket (see `inProcessTransport`), and with dynalite on this
 * thread, local infrastructure (the Step Functions runtime's store) can send requests below the
 * SDK, straight to dynalite's actions (see `inProcessDocumentRequests`); its port serves the AWS
 * CLI and other tools.
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
import * as DynamoDB from '@aws-sdk/client-dynamodb';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  DynamoDBServiceException,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type marshallOptions as MarshallOptions,
  marshall,
  type unmarshallOptions as UnmarshallOptions,
  unmarshall,
} from '@aws-sdk/util-dynamodb';
import type { DirectSend } from '../../functions/commons/clients/local-direct.ts';
import type { TableDefinition } from '../table/schema.ts';
import { type DynaliteChecks, type DynaliteError, runOperation, startDynalite } from './dynalite-direct.mjs';
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
  /**
   * With the in-process transport: for a client just made with `clientConfig`, a way to send its
   * document client's commands below the SDK (see `directDocumentSends`). Undefined over http.
   */
  directDocumentSends?: ((client: DynamoDBClient) => DirectSend) | undefined;
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
  const { server } = local;
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
  if (transport === 'in-process') documentRequests.set(client, documentRequester(client, local.operate));
  return {
    endpoint,
    port,
    client,
    clientConfig,
    directDocumentSends: transport === 'in-process' ? directDocumentSends(local.operate) : undefined,
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
/** Rejects with dynalite's refusal (a `DynaliteError`), not yet the SDK's exception. */
type Operate = (
  operation: string,
  body: Record<string, unknown>,
  checks: DynaliteChecks,
) => Promise<Record<string, unknown>>;

interface RunningDynalite {
  /** The HTTP server for the port (not yet listening). */
  server: Server;
  /** Runs one operation with its body as an object, below dynalite's HTTP front (`dynalite-direct.mjs`). */
  operate: Operate;
  /** Hands one request to dynalite without a socket. */
  dispatch: Dispatch;
  close(): Promise<void>;
}

/** dynalite on this thread: its own HTTP server for the port, its listener called directly otherwise. */
function dynaliteHere(dynaliteOptions: Record<string, unknown>): RunningDynalite {
  const { server, store } = startDynalite(dynaliteOptions);
  if (!store) throw new Error('dynalite made no store');
  const [dynaliteListener] = server.listeners('request') as RequestListener[];
  if (!dynaliteListener) throw new Error('dynalite has no request listener to guard');
  server.removeAllListeners('request');
  server.on('request', refuseBrowserRequests(dynaliteListener));
  return {
    server,
    operate: (operation, body, checks) => runOperation(store, operation, body, checks),
    dispatch: (request) => callListener(dynaliteListener as Listener, request),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the worker sends back: ready, closed, or the answer to one request. */
interface WorkerMessage extends Partial<DynamoResponse> {
  ready?: true;
  closed?: true;
  id?: number;
  output?: Record<string, unknown>;
  error?: { message?: string; statusCode?: number; body?: DynaliteError['body'] };
}

/**
 * dynalite in a worker thread (`dynamodb-worker.mjs`): requests go over as messages; the port is
 * served here, guarded, and relayed the same way.
 */
async function dynaliteInWorker(dynaliteOptions: Record<string, unknown>): Promise<RunningDynalite> {
  const worker = new Worker(join(import.meta.dirname, 'dynamodb-worker.mjs'), {
    workerData: dynaliteOptions,
  });
  // biome-ignore lint/suspicious/noExplicitAny: an HTTP answer or an operation's output, by request
  const pending = new Map<number, { resolve: (answer: any) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let closed: (() => void) | undefined;
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: WorkerMessage) => {
      if (message.ready) return resolve();
      if (message.closed) return closed?.();
      const waiting = pending.get(message.id ?? -1);
      if (!waiting) return;
      pending.delete(message.id ?? -1);
      if (message.error)
        waiting.reject(
          Object.assign(new Error(message.error.message), {
            statusCode: message.error.statusCode,
            body: message.error.body,
          }),
        );
      else waiting.resolve(message.output ?? message);
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
  const operate: Operate = (operation, body, checks) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, operation, body, checks });
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
    operate,
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

// ------------------------------------------------------------------ requests below the SDK

/**
 * The operations sent below the SDK, each with its document client command (which says where its
 * items are). The handlers' commands of any other kind go through the SDK.
 */
export const DOCUMENT_COMMANDS = {
  GetItem: GetCommand,
  PutItem: PutCommand,
  UpdateItem: UpdateCommand,
  DeleteItem: DeleteCommand,
  Query: QueryCommand,
  BatchGetItem: BatchGetCommand,
  BatchWriteItem: BatchWriteCommand,
} as const;

export type DocumentOperation = keyof typeof DOCUMENT_COMMANDS;

/**
 * Sends one DynamoDB request with its items in document form (plain strings, numbers, booleans,
 * lists and maps, as `@aws-sdk/lib-dynamodb` takes and gives them, undefined attributes left
 * out); rejects with the SDK's exception for a refusal (`ConditionalCheckFailedException`, ...).
 */
export type DocumentRequest = (
  operation: DocumentOperation,
  input: Record<string, unknown>,
) => Promise<DocumentOutput>;

type DocumentItem = Record<string, unknown>;

/** What comes back, in document form. */
export interface DocumentOutput {
  Item?: DocumentItem;
  Items?: DocumentItem[];
  Attributes?: DocumentItem;
  LastEvaluatedKey?: DocumentItem;
  UnprocessedItems?: Record<
    string,
    { PutRequest?: { Item: DocumentItem }; DeleteRequest?: { Key: DocumentItem } }[]
  >;
  [field: string]: unknown;
}

const documentRequests = new WeakMap<DynamoDBClient, DocumentRequest>();

/**
 * For a client `startLocalDynamo` made with the in-process transport: a way to send it requests
 * below the SDK, straight to dynalite's own request validation and actions (the same ones its
 * HTTP listener runs, on the same store, on this thread or the worker's), with none of the SDK's
 * serialisation, endpoint, retry or HTTP emulation. Middleware added to the client after it was
 * made (request counters, test probes) still sees every such request, as `{ input }` with the
 * command's name, and its result as `{ output }`, in document form as a document client's
 * middleware sees them. Undefined for any other client: send through the SDK then.
 */
export function inProcessDocumentRequests(client: DynamoDBClient): DocumentRequest | undefined {
  return documentRequests.get(client);
}

/** dynalite's refusal as the exception the SDK would have raised from the same answer. */
function sdkError(error: DynaliteError): Error {
  if (!error.statusCode || !error.body) return error;
  const name = String(error.body.__type ?? '').split('#')[1] ?? 'UnknownError';
  const message = error.body.message ?? error.body.Message ?? name;
  const $metadata = { httpStatusCode: error.statusCode, attempts: 1, totalRetryDelay: 0 };
  const modeled = (DynamoDB as unknown as Record<string, unknown>)[name];
  if (typeof modeled === 'function' && modeled.prototype instanceof DynamoDBServiceException) {
    return new (modeled as new (options: unknown) => Error)({ message, $metadata });
  }
  return new DynamoDBServiceException({
    name,
    message,
    $fault: error.statusCode >= 500 ? 'server' : 'client',
    $metadata,
  });
}

/** One operation below the SDK, refused with the SDK's exception. */
async function operateAsSdk(
  operate: Operate,
  operation: string,
  body: Record<string, unknown>,
  checks: DynaliteChecks,
): Promise<Record<string, unknown>> {
  try {
    return await operate(operation, body, checks);
  } catch (error) {
    throw sdkError(error as DynaliteError);
  }
}

type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output: DocumentOutput }>;
type Middleware = (next: Handler, context: Record<string, unknown>) => Handler;
interface StackEntry {
  middleware: Middleware;
  step?: keyof typeof STEP_WEIGHTS;
  priority?: keyof typeof PRIORITY_WEIGHTS;
}
type Stack = DynamoDBClient['middlewareStack'];

const STEP_WEIGHTS = { initialize: 5, serialize: 4, build: 3, finalizeRequest: 2, deserialize: 1 };
const PRIORITY_WEIGHTS = { high: 3, normal: 2, low: 1 };

/** Every middleware in a stack, with its options, in the order it was added. */
function stackEntries(stack: Stack): StackEntry[] {
  const entries: StackEntry[] = [];
  const collect = (middleware: Middleware, options: object) => entries.push({ ...options, middleware });
  stack.applyToStack({ add: collect, addRelativeTo: collect, identifyOnResolve: () => false } as never);
  return entries;
}

function weight(entry: StackEntry): number {
  // A relative entry has no step: innermost.
  if (!entry.step) return 0;
  return STEP_WEIGHTS[entry.step] * 10 + PRIORITY_WEIGHTS[entry.priority ?? 'normal'];
}

/**
 * The middleware added to a client from now on (what the SDK put there itself is left out), in
 * the SDK's order: by step, then priority; one placed relative to another goes innermost. The list
 * is sorted again only when the client's stack changes.
 */
function addedMiddleware(client: DynamoDBClient): () => StackEntry[] {
  const stack = client.middlewareStack;
  const own = new Set(stackEntries(stack).map((entry) => entry.middleware));
  let version = 0;
  for (const method of ['add', 'addRelativeTo', 'remove', 'removeByTag'] as const) {
    const original = stack[method] as (...args: unknown[]) => unknown;
    (stack as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      version++;
      return original.apply(stack, args);
    };
  }
  let added: StackEntry[] = [];
  let sortedAt = -1;
  return () => {
    if (sortedAt !== version) {
      sortedAt = version;
      added = stackEntries(stack)
        .filter((entry) => !own.has(entry.middleware))
        .map((entry, order) => ({ entry, order }))
        .sort((a, b) => weight(b.entry) - weight(a.entry) || a.order - b.order)
        .map(({ entry }) => entry);
    }
    return added;
  };
}

/** `terminal` with the middleware around it, outermost first, as the SDK would call them. */
function around(entries: StackEntry[], terminal: Handler, commandName: string): Handler {
  let chain = terminal;
  const context = { clientName: 'DynamoDBClient', commandName };
  for (let index = entries.length - 1; index >= 0; index--)
    chain = (entries[index] as StackEntry).middleware(chain, context);
  return chain;
}

/**
 * The document requester for the runtime's store: the middleware added to the client since it
 * was made around marshalling and dynalite. Its requests are fixed in code (and run through
 * dynalite's full HTTP front on the http transport in tests), so dynalite's generic walk of the
 * body against the operation's schema is left out: the operation's own checks (every attribute
 * value, the item size limit, expressions and conditions) still run.
 */
function documentRequester(client: DynamoDBClient, operate: Operate): DocumentRequest {
  const added = addedMiddleware(client);
  const chains = new Map<DocumentOperation, Handler>();
  let chainedWith: StackEntry[] | undefined;
  const request = async (operation: DocumentOperation, input: Record<string, unknown>) => {
    const { inputKeyNodes, outputKeyNodes } = keyNodesOf(operation);
    const body = toDynalite(input, inputKeyNodes, STORE_MARSHALL);
    return fromDynalite(
      await operateAsSdk(operate, operation, body, 'own'),
      outputKeyNodes,
      STORE_UNMARSHALL,
    ) as DocumentOutput;
  };
  return async (operation, input) => {
    const entries = added();
    if (entries.length === 0) return request(operation, input);
    if (chainedWith !== entries) {
      chainedWith = entries;
      chains.clear();
    }
    let chain = chains.get(operation);
    if (!chain) {
      chain = around(
        entries,
        async ({ input }) => ({ output: { ...(await request(operation, input)), $metadata: {} } }),
        `${operation}Command`,
      );
      chains.set(operation, chain);
    }
    return (await chain({ input })).output;
  };
}

// ------------------------------------------------------------------ the handlers' document clients

const OPERATION_OF_COMMAND = new Map<unknown, DocumentOperation>(
  Object.entries(DOCUMENT_COMMANDS).map(([operation, command]) => [command, operation as DocumentOperation]),
);

/** Where a document command's items are, in its input and its output. */
interface ItemPositions {
  inputKeyNodes: KeyNodes;
  outputKeyNodes: KeyNodes;
}

const keyNodes = new Map<DocumentOperation, ItemPositions>();

/** An operation's item positions, as its document client command declares them. */
function keyNodesOf(operation: DocumentOperation): ItemPositions {
  let found = keyNodes.get(operation);
  if (!found) {
    const { inputKeyNodes, outputKeyNodes } = new DOCUMENT_COMMANDS[operation](
      {} as never,
    ) as unknown as ItemPositions;
    found = { inputKeyNodes, outputKeyNodes };
    keyNodes.set(operation, found);
  }
  return found;
}

/** The runtime store's translation, as a document client with `removeUndefinedValues` would do it. */
const STORE_MARSHALL = { removeUndefinedValues: true, convertTopLevelContainer: true };
const STORE_UNMARSHALL = { convertWithoutMapWrapper: true };

/** A command's input as dynalite's HTTP front would parse it: items marshalled at their positions. */
function toDynalite(
  input: Record<string, unknown>,
  nodes: KeyNodes,
  options: TranslateConfig['marshallOptions'],
) {
  return toWire(processKeysInObj(input, (value) => marshall(value, options), nodes)) as Record<
    string,
    unknown
  >;
}

/** dynalite's answer as a document client reads it: items unmarshalled at their positions, bytes as bytes. */
function fromDynalite(
  answer: Record<string, unknown>,
  nodes: KeyNodes,
  options: TranslateConfig['unmarshallOptions'],
) {
  // What dynalite leaves undefined (`ConsumedCapacity` unless asked for) its JSON answer leaves out.
  const sent: Record<string, unknown> = {};
  for (const field in answer) if (answer[field] !== undefined) sent[field] = answer[field];
  return processKeysInObj(sent, (value) => unmarshall(binaryFromWire(value) as never, options), nodes);
}

/**
 * For a client made with the in-process transport's configuration, at its making (before any
 * middleware is added to it): a way to send its document client's commands below the SDK. A
 * command is marshalled as `@aws-sdk/lib-dynamodb` marshals it (the same item positions, the
 * client's own translation options), given to dynalite's whole validation and its action as its
 * HTTP front would give it the parsed body, and its answer unmarshalled the same way. Middleware
 * added to the client in the initialize step (request counters, test probes) sees the command
 * as it would through the SDK; middleware in a later step (fault injection inside the retries)
 * sends the command through the SDK instead, as does a command not in `DOCUMENT_COMMANDS`.
 */
function directDocumentSends(operate: Operate): (client: DynamoDBClient) => DirectSend {
  return (client) => {
    const added = addedMiddleware(client);
    return (command) => {
      const operation = OPERATION_OF_COMMAND.get(command.constructor);
      if (!operation) return undefined;
      const entries = added();
      if (entries.some((entry) => entry.step !== 'initialize')) return undefined;
      const { input } = command as { input: Record<string, unknown> };
      const { inputKeyNodes, outputKeyNodes } = command as unknown as ItemPositions;
      const translate = (client.config as { translateConfig?: TranslateConfig }).translateConfig ?? {};
      const marshallOptions = { ...translate.marshallOptions };
      marshallOptions.convertTopLevelContainer ??= true;
      const unmarshallOptions = { ...translate.unmarshallOptions };
      unmarshallOptions.convertWithoutMapWrapper ??= true;
      const terminal: Handler = async (args) => {
        const body = toDynalite(args.input, inputKeyNodes, marshallOptions);
        const answer = await operateAsSdk(operate, operation, body, 'full');
        const output = fromDynalite(answer, outputKeyNodes, unmarshallOptions);
        return {
          output: { ...output, $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 } },
        };
      };
      return around(entries, terminal, `${operation}Command`)({ input }).then((result) => result.output);
    };
  };
}

interface TranslateConfig {
  marshallOptions?: MarshallOptions & { convertTopLevelContainer?: boolean };
  unmarshallOptions?: UnmarshallOptions & { convertWithoutMapWrapper?: boolean };
}

/**
 * Where items are in a command's input or output, as `@aws-sdk/lib-dynamodb` describes them:
 * `null` the value itself, `{}` or `[]` each of its members, `{ '*': nodes }` each member one level
 * down, other keys the named fields.
 */
type KeyNodes = { [key: string]: KeyNodes } | KeyNodes[] | null;
type Convert = (value: unknown) => unknown;

// The walk below follows `@aws-sdk/lib-dynamodb`'s own (`processObj`), which it does not export.
function processObj(value: unknown, convert: Convert, nodes: KeyNodes): unknown {
  if (value === undefined) return undefined;
  if (nodes === null) return convert(value);
  const keys = Object.keys(nodes);
  if (keys.length === 1 && keys[0] === '*') {
    const next = (nodes as Record<string, KeyNodes>)['*'] ?? null;
    const mapped: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
    for (const [key, member] of Object.entries(value ?? {}))
      if (typeof member !== 'function')
        (mapped as Record<string, unknown>)[key] = processObj(member, convert, next);
    return mapped;
  }
  if (keys.length >= 1) return processKeysInObj(value, convert, nodes);
  return processAllKeysInObj(value, convert);
}

function processKeysInObj(value: unknown, convert: Convert, nodes: KeyNodes): Record<string, unknown> {
  const result: Record<string, unknown> = Array.isArray(value)
    ? (value.filter((member) => typeof member !== 'function') as unknown as Record<string, unknown>)
    : {};
  if (!Array.isArray(value))
    for (const [key, member] of Object.entries(value as object))
      if (typeof member !== 'function') result[key] = member;
  for (const [key, inner] of Object.entries(nodes ?? {})) {
    const member = (value as Record<string, unknown>)[key];
    if (typeof member === 'function') continue;
    const processed = processObj(member, convert, inner as KeyNodes);
    if (processed !== undefined && typeof processed !== 'function') result[key] = processed;
  }
  return result;
}

function processAllKeysInObj(value: unknown, convert: Convert): unknown {
  if (Array.isArray(value))
    return value
      .filter((member) => typeof member !== 'function')
      .map((member) => (member === undefined ? undefined : convert(member)));
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value as object)) {
    if (typeof member === 'function' || member === undefined) continue;
    const processed = convert(member);
    if (processed !== undefined && typeof processed !== 'function') result[key] = processed;
  }
  return result;
}

/** The request as its JSON would parse: undefined members left out, binary values as base64 text. */
function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((member) => (member === undefined ? null : toWire(member)));
  if (value && typeof value === 'object') {
    const wire: Record<string, unknown> = {};
    for (const key in value) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) wire[key] = toWire(member);
    }
    return wire;
  }
  return value;
}

const bytesOf = (base64: string) => Uint8Array.from(Buffer.from(base64, 'base64'));

/** One attribute value from dynalite's answer with its binary values as bytes, as the SDK reads them. */
function binaryFromWire(attribute: unknown): unknown {
  if (!attribute || typeof attribute !== 'object') return attribute;
  const value = attribute as Record<string, unknown>;
  if (typeof value.B === 'string') return { B: bytesOf(value.B) };
  if (Array.isArray(value.BS)) return { BS: value.BS.map((member) => bytesOf(String(member))) };
  if (Array.isArray(value.L)) {
    const list = value.L.map(binaryFromWire);
    return list.some((member, index) => member !== (value.L as unknown[])[index]) ? { L: list } : value;
  }
  if (value.M && typeof value.M === 'object') {
    const map = value.M as Record<string, unknown>;
    let converted: Record<string, unknown> | undefined;
    for (const key in map) {
      const member = binaryFromWire(map[key]);
      if (member !== map[key]) {
        converted ??= { ...map };
        converted[key] = member;
      }
    }
    return converted ? { M: converted } : value;
  }
  return value;
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
