/**
 * The whole of Abate on one machine: dynalite for DynamoDB, the local Step Functions runtime
 * running the state machines the CDK app synthesizes, the HTTP gateway over the same handler
 * modules the Lambdas export, a local sweeper on an interval, and a movable clock. `npm start`
 * and the integration tests both start it through here, so tests exercise what a developer runs.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  configureLocalDynamoClients,
  instrumentLocalDynamoClients,
} from '../../functions/commons/clients/dynamodb.ts';
import { processClock } from '../../functions/commons/clock.ts';
import { errorBody } from '../../functions/commons/http/responses.ts';
import { functions, routes } from '../functions.ts';
import { caseTable, LOCAL_TABLE_NAME } from '../table/schema.ts';
import { ensureTable, startLocalDynamo, trackRequestOrigins, withRequestOrigin } from './dynamodb.ts';
import { createGateway, type LambdaHandler, type LocalRoute } from './gateway.ts';
import { stateMachineArn } from './sfn/arns.ts';
import { invokerFromModules } from './sfn/functions.ts';
import { createLocalStepFunctions } from './sfn/server.ts';
import { LOCAL_WORKFLOW_STAGE, synthesizedStateMachines } from './workflows.ts';

export interface LocalStackOptions {
  /** Folder for on-disk data; omit for an in-memory stack (tests). */
  dataDir?: string;
  port?: number;
  dynamoPort?: number;
  /** Port of the Step Functions API (`SFN_PORT`, 8083 by default for `npm start`; 0 in tests). */
  sfnPort?: number;
  host?: string;
  /** Real-time interval of the local sweeper; 0 turns it off (tests move the clock instead). */
  sweepEveryMs?: number;
  /** How much faster than real time Step Functions retry pauses run locally (tests: fast). */
  retryDelayScale?: number;
  log?: (line: Record<string, unknown>) => void;
  /** Local only: called with each DynamoDB client the handlers build (fault injection, capacity counts). */
  instrumentDynamo?: (client: DynamoDBClient) => void;
  /** Local only: told of every Lambda invocation and its duration (benchmarks price them). */
  onInvoke?: (functionId: string, ms: number) => void;
  /** Local only: called with the Step Functions runtime's own DynamoDB client (request counts). */
  instrumentRuntimeDynamo?: (client: DynamoDBClient) => void;
  /** Local only: tag DynamoDB requests with who made them (`requestOrigin()`); costs CPU, benchmarks only. */
  trackRequestOrigins?: boolean;
}

export interface SweepSummary {
  examined: number;
  outcomes: Record<string, number>;
  failures: number;
}

export interface LocalStack {
  url: string;
  dynamoEndpoint: string;
  sfnEndpoint: string;
  tableName: string;
  /** Moves local time forward, fires whatever became due, and returns when all is quiet again. */
  advanceClock(ms: number): Promise<Date>;
  /** Runs the sweeper once, as the schedule would. */
  sweep(): Promise<SweepSummary>;
  /** Waits until no workflow has anything left to do at the current time. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const projectRoot = resolve(import.meta.dirname, '../..');

/**
 * Modules only some requests need (zod for the clock route, jose and secrets for staff tokens,
 * the page renderer), imported on first use so the server listens without waiting for them.
 */
const onFirstUse = <T>(load: () => Promise<T>) => {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load();
    return loading;
  };
};
const devAuth = onFirstUse(() => import('./dev-auth.ts'));
const webPages = onFirstUse(() => import('./web.ts'));
const clockRequests = onFirstUse(async () => ({
  ...(await import('./sfn/clock-advance.ts')),
  ...(await import('../../functions/commons/http/middleware.ts')),
}));

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const dynamo = await startLocalDynamo({
    ...(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {}),
    port: options.dynamoPort ?? 0,
    host,
  });
  options.instrumentRuntimeDynamo?.(dynamo.client);
  if (options.trackRequestOrigins) trackRequestOrigins(true);
  await ensureTable(dynamo.client, LOCAL_TABLE_NAME, caseTable);

  const clockFile = options.dataDir ? join(options.dataDir, 'clock.json') : undefined;
  /** Written to a temporary file and renamed over the old one, so a kill mid-write leaves one whole. */
  const saveClockOffset = (offsetMs: number) => {
    if (!clockFile) return;
    writeFileSync(`${clockFile}.tmp`, JSON.stringify({ offsetMs }));
    renameSync(`${clockFile}.tmp`, clockFile);
  };
  processClock.setOffset(
    clockFile && existsSync(clockFile)
      ? Number(JSON.parse(readFileSync(clockFile, 'utf8')).offsetMs) || 0
      : 0,
  );

  instrumentLocalDynamoClients(options.instrumentDynamo);
  // The handlers' clients reach dynalite as the runtime's does (in process unless told otherwise).
  configureLocalDynamoClients(dynamo.endpoint, dynamo.clientConfig);
  const loadedModules = invokerFromModules(functions, projectRoot);
  const invokeModule: typeof loadedModules = (functionId, payload) =>
    withRequestOrigin(`lambda:${functionId}`, () => loadedModules(functionId, payload));
  const onInvoke = options.onInvoke;
  const invoke: typeof invokeModule = onInvoke
    ? async (functionId, payload) => {
        const started = performance.now();
        try {
          return await invokeModule(functionId, payload);
        } finally {
          onInvoke(functionId, performance.now() - started);
        }
      }
    : invokeModule;
  const sfn = await createLocalStepFunctions({
    dynamo: dynamo.client,
    stateMachines: await synthesizedStateMachines(),
    invokeFunction: invoke,
    clock: processClock,
    logger: (line) => log({ service: 'abate-local-sfn', ...line }),
    ...(options.retryDelayScale !== undefined ? { retryDelayScale: options.retryDelayScale } : {}),
  });
  const { endpoint: sfnEndpoint } = await sfn.listen(options.sfnPort ?? 0);

  // Handlers read their configuration from the environment, as in Lambda.
  Object.assign(process.env, {
    TABLE_NAME: LOCAL_TABLE_NAME,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SFN_ENDPOINT: sfnEndpoint,
    STATE_MACHINE_ARN_PREFIX: stateMachineArn(`abate-${LOCAL_WORKFLOW_STAGE}-`),
    AWS_REGION: 'eu-west-2',
    STAGE: 'local',
    ABATE_LOCAL: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  // Executions a previous run left waiting carry on, with the tokens staff already hold.
  await sfn.recover();

  const sweep = async (): Promise<SweepSummary> => (await invoke('Sweeper', {})) as SweepSummary;
  const settle = async () => {
    // Sweeping can start executions and executions can create due items: repeat until quiet.
    for (let round = 0; round < 25; round++) {
      await sfn.idle();
      const report = await sweep();
      const acted = Object.entries(report.outcomes).some(
        ([outcome, count]) => outcome !== 'nothing-due' && count > 0,
      );
      if (!acted && report.failures === 0) {
        await sfn.idle();
        return;
      }
    }
    log({ level: 'WARN', message: 'the stack did not settle after 25 sweeps' });
  };
  const advanceClock = async (ms: number) => {
    // Saved before anything happens at the new time: a process killed mid-advance resumes there
    // instead of going back behind events and deadlines already stamped with it.
    saveClockOffset(processClock.offset + ms);
    await sfn.advanceClock(ms);
    await settle();
    return processClock.now();
  };

  let sweeping: Promise<unknown> = Promise.resolve();
  const sweepTimer =
    (options.sweepEveryMs ?? 0) > 0
      ? setInterval(() => {
          sweeping = sweep().catch((error) =>
            log({ level: 'ERROR', message: 'local sweep failed', error: String(error) }),
          );
        }, options.sweepEveryMs)
      : undefined;

  const handlers = new Map<string, Promise<LambdaHandler>>();
  const handlerFor = (functionId: string) => {
    let loaded = handlers.get(functionId);
    if (!loaded) {
      loaded = Promise.resolve(((event: unknown) => invoke(functionId, event)) as LambdaHandler);
      handlers.set(functionId, loaded);
    }
    return loaded;
  };

  const localRoutes: LocalRoute[] = [
    async (request, body) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== '/_local/clock/advance') return undefined;
      if (request.method !== 'POST')
        return { status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED', message: 'POST only' } } };
      const { clockAdvanceRequest, clockAdvanceMs, fieldProblems } = await clockRequests();
      const parsed = clockAdvanceRequest.safeParse(parseJson(body));
      if (!parsed.success) {
        return {
          status: 400,
          body: errorBody(
            'VALIDATION_FAILED',
            'Send {"days": n}, {"hours": n} or {"minutes": n} with n > 0',
            fieldProblems(parsed.error.issues),
          ),
        };
      }
      const now = await advanceClock(clockAdvanceMs(parsed.data));
      return { status: 200, body: { now: now.toISOString() } };
    },
    async (request, body) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== '/_local/dev-token') return undefined;
      const { signDevToken, staffGroups } = await devAuth();
      const parsed = parseJson(body);
      const group = String(parsed?.group ?? '');
      if (request.method !== 'POST' || !(staffGroups as readonly string[]).includes(group)) {
        return {
          status: 400,
          body: {
            error: { code: 'VALIDATION_FAILED', message: `POST {"group": "${staffGroups.join('" | "')}"}` },
          },
        };
      }
      const name =
        typeof parsed?.name === 'string' && parsed.name.trim() ? parsed.name.trim().slice(0, 80) : undefined;
      return { status: 200, body: { token: await signDevToken(group, name ? { name } : {}) } };
    },
  ];

  const gateway = createGateway({
    routes,
    handlerFor,
    authorizeStaff: async (authorization) => (await devAuth()).verifyDevToken(authorization),
    localRoutes,
    fallback: async (request, response) => (await webPages()).serveWeb(request, response),
    log,
  });
  const port = await gateway.listen(options.port ?? 0, host);

  return {
    url: `http://${host}:${port}`,
    dynamoEndpoint: dynamo.endpoint,
    sfnEndpoint,
    tableName: LOCAL_TABLE_NAME,
    advanceClock,
    sweep,
    settle,
    async close() {
      if (sweepTimer) clearInterval(sweepTimer);
      await sweeping;
      await gateway.close();
      await sfn.close();
      await dynamo.close();
      configureLocalDynamoClients(dynamo.endpoint, undefined);
      if (options.instrumentDynamo) instrumentLocalDynamoClients(undefined);
      if (options.trackRequestOrigins) trackRequestOrigins(false);
    },
  };
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
