/**
 * The local Step Functions service: the engine and the API over HTTP (AWS JSON 1.0, `X-Amz-Target:
 * AWSStepFunctions.<Operation>`) on 127.0.0.1:`SFN_PORT` (8083). The clock controls the local
 * gateway mounts as `/_local/clock/advance` read their request in `clock-advance.ts`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as SFN from '@aws-sdk/client-sfn';
import type { DirectSend } from '../../../functions/commons/clients/local-direct.ts';
import { type Clock, processClock } from '../../../functions/commons/clock.ts';
import { refuseBrowserRequests } from '../same-origin.ts';
import { type ApiInput, type ApiOutput, createApi } from './api.ts';
import type { LocalStateMachine } from './definitions.ts';
import { type InvokeFunction, StepFunctionsEngine, type StructuredLogger } from './engine.ts';
import { StepFunctionsError } from './errors.ts';

export interface LocalStepFunctionsOptions {
  /** Client of the local DynamoDB that holds the checkpoints (see `startLocalDynamo`). */
  dynamo: DynamoDBClient;
  tableName?: string;
  /** From `loadStateMachines(synthesizeTemplate(...))`. */
  stateMachines: LocalStateMachine[];
  /** Runs a Lambda handler by its `infra/functions.ts` id (see `invokerFromModules`). */
  invokeFunction: InvokeFunction;
  /** Defaults to the process clock that `/_local/clock/advance` moves. */
  clock?: Clock;
  /** One JSON object per line; default stdout. */
  logger?: StructuredLogger;
  retryDelayScale?: number;
  tickMs?: number;
}

export interface LocalStepFunctions {
  engine: StepFunctionsEngine;
  /** Calls an operation in process, through the same code as HTTP; throws `StepFunctionsError`. */
  api(operation: string, input: ApiInput): Promise<ApiOutput>;
  /**
   * For an SDK client of this service, at its making: a way to send its commands straight to the
   * API in process (`directSend`), with no HTTP, signing or SDK pipeline.
   */
  directSends(client: SFN.SFNClient): DirectSend;
  /** Serves the API on 127.0.0.1; port defaults to `SFN_PORT` or 8083, 0 picks a free one. */
  listen(port?: number): Promise<{ port: number; endpoint: string }>;
  /** Resumes executions left RUNNING by a previous process; returns their ARNs. */
  recover(): Promise<string[]>;
  /** Moves the runtime clock forward, fires what became due, and resolves once idle again. */
  advanceClock(ms: number): Promise<void>;
  /** Resolves when nothing is runnable (rejects after `timeoutMs` real ms, default 120 s). */
  idle(options?: { timeoutMs?: number }): Promise<void>;
  /** Stops serving and ticking; running executions stay RUNNING in the store for `recover()`. */
  close(): Promise<void>;
}

export async function createLocalStepFunctions(
  options: LocalStepFunctionsOptions,
): Promise<LocalStepFunctions> {
  const engine = new StepFunctionsEngine({ ...options, clock: options.clock ?? processClock });
  await engine.start();
  const api = createApi(engine, new Date());
  let server: Server | undefined;
  return {
    engine,
    api,
    async listen(port = Number(process.env.SFN_PORT ?? 8083)) {
      // No web page may drive the workflows: cross-origin requests and preflights get 403.
      server = createServer(refuseBrowserRequests((request, response) => void serve(api, request, response)));
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, '127.0.0.1', () => resolve());
      });
      const bound = (listening.address() as AddressInfo).port;
      return { port: bound, endpoint: `http://127.0.0.1:${bound}` };
    },
    directSends: (client) => directSend(api, client),
    recover: () => engine.recover(),
    advanceClock: (ms) => engine.advanceClock(ms),
    idle: (idleOptions) => engine.idle(idleOptions),
    async close() {
      await engine.close();
      const open = server;
      if (open) {
        open.closeAllConnections();
        await new Promise<void>((resolve) => open.close(() => resolve()));
      }
    },
  };
}

const TARGET_PREFIX = 'AWSStepFunctions.';

async function serve(
  api: (operation: string, input: ApiInput) => Promise<ApiOutput>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify(body));
  };
  try {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (request.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) {
      throw new StepFunctionsError(
        'UnknownOperationException',
        `Unknown operation ${target || request.method}`,
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let input: ApiInput;
    try {
      input = text ? (JSON.parse(text) as ApiInput) : {};
    } catch {
      throw new StepFunctionsError('ValidationException', 'The request body is not JSON');
    }
    send(200, await api(target.slice(TARGET_PREFIX.length), input));
  } catch (error) {
    if (error instanceof StepFunctionsError) send(400, error.toBody());
    else send(500, { __type: 'InternalFailure', message: (error as Error).message });
  }
}

/**
 * A client's commands straight to the API, as the SDK would have sent and read them: the input as
 * its JSON would parse, timestamps back as dates, a refusal as the SDK's exception of the same
 * name (`ExecutionAlreadyExists`, `TaskDoesNotExist`, ...). Once middleware has been added to the
 * client (a test probe, fault injection), its commands go through the SDK instead, so that the
 * middleware sees them.
 */
function directSend(api: LocalStepFunctions['api'], client: SFN.SFNClient): DirectSend {
  const stack = client.middlewareStack;
  const identify = () => stack.identify().join('\n');
  const own = identify();
  return (command) => {
    const name = command.constructor.name;
    if (!name.endsWith('Command')) return undefined;
    if (identify() !== own) return undefined;
    const input = JSON.parse(JSON.stringify((command as { input: unknown }).input ?? {})) as ApiInput;
    return api(name.slice(0, -'Command'.length), input).then(
      (output) => ({
        ...withDates(output),
        $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 },
      }),
      (error: unknown) => {
        throw error instanceof StepFunctionsError ? sdkError(error) : error;
      },
    );
  };
}

/** The API's epoch-second timestamps (`startDate`, `creationDate`, an event's `timestamp`, ...) as the SDK reads them, at any depth. */
function withDates(output: ApiOutput): Record<string, unknown> {
  const read = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(read);
    if (!value || typeof value !== 'object') return value;
    const converted: Record<string, unknown> = {};
    for (const [field, member] of Object.entries(value))
      converted[field] =
        (field.endsWith('Date') || field === 'timestamp') && typeof member === 'number'
          ? new Date(member * 1000)
          : read(member);
    return converted;
  };
  return read(output) as Record<string, unknown>;
}

function sdkError(error: StepFunctionsError): Error {
  const $metadata = { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 };
  const modeled = (SFN as unknown as Record<string, unknown>)[error.code];
  if (typeof modeled === 'function' && modeled.prototype instanceof SFN.SFNServiceException)
    return new (modeled as new (options: unknown) => Error)({ message: error.message, $metadata });
  return new SFN.SFNServiceException({
    name: error.code,
    message: error.message,
    $fault: 'client',
    $metadata,
  });
}
