/**
 * The whole of Abate on one machine: dynalite for DynamoDB, the local Step Functions runtime
 * running the state machines the CDK app synthesizes, the HTTP gateway over the same handler
 * modules the Lambdas export, a local sweeper on an interval, and a movable clock. `npm start`
 * and the integration tests both start it through here, so tests exercise what a developer runs.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serveLocalEvidence } from '../../functions/adapters/evidence-store/local.ts';
import {
  configureLocalDynamoClients,
  instrumentLocalDynamoClients,
} from '../../functions/commons/clients/dynamodb.ts';
import { configureLocalSfnClients } from '../../functions/commons/clients/sfn.ts';
import { processClock } from '../../functions/commons/clock.ts';
import { errorBody } from '../../functions/commons/http/responses.ts';
import { functions, routes } from '../functions.ts';
import { caseTable, LOCAL_TABLE_NAME } from '../table/schema.ts';
import {
  ensureTable,
  type LocalDynamoThread,
  startLocalDynamo,
  trackRequestOrigins,
  withRequestOrigin,
} from './dynamodb.ts';
import { createGateway, type LambdaHandler, type LocalRoute } from './gateway.ts';
import { localRouteRefusal } from './same-origin.ts';
import { stateMachineArn } from './sfn/arns.ts';
import { invokerFromModules } from './sfn/functions.ts';
import { createLocalStepFunctions } from './sfn/server.ts';
import { type NotifyStandIn, startNotifyStandIn } from './standins/notify.ts';
import { type PayStandIn, startPayStandIn } from './standins/pay.ts';
import { LOCAL_WORKFLOW_STAGE, synthesizedStateMachines } from './workflows.ts';

export interface LocalStackOptions {
  /** Folder for on-disk data; omit for an in-memory stack (tests). */
  dataDir?: string;
  port?: number;
  dynamoPort?: number;
  /** Where dynalite runs (see `startLocalDynamo`): `npm start` gives it a worker thread; tests keep it on the main one. */
  dynamoThread?: LocalDynamoThread;
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
  /** Ports of the GOV.UK Notify and Pay stand-ins (0, the default, picks free ones). */
  notifyPort?: number;
  payPort?: number;
  /** Real-time interval of the outbox drain; 0 turns it off (tests call `deliverOutbox`). */
  deliverEveryMs?: number;
}

export interface DrainSummary {
  examined: number;
  outcomes: Record<string, number>;
  failures: number;
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
  /** Where evidence files are kept (`<data folder>/evidence`, or a temporary folder for an in-memory stack). */
  evidenceDir: string;
  /** Moves local time forward, fires whatever became due, and returns when all is quiet again. */
  advanceClock(ms: number): Promise<Date>;
  /** Runs the sweeper once, as the schedule would. */
  sweep(): Promise<SweepSummary>;
  /** Runs the outbox drain once, as its schedule would. */
  deliverOutbox(): Promise<DrainSummary>;
  /** The GOV.UK Notify and Pay stand-ins the handlers talk to. */
  notify: NotifyStandIn;
  pay: PayStandIn;
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
    ...(options.dynamoThread ? { thread: options.dynamoThread } : {}),
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
  configureLocalDynamoClients(dynamo.endpoint, dynamo.clientConfig, dynamo.directDocumentSends);
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
  // The handlers' Step Functions clients reach the runtime in process; the port serves the AWS CLI.
  configureLocalSfnClients(sfnEndpoint, (client) => sfn.directSends(client));

  // Evidence files live in the data folder; an in-memory stack (tests) gets a folder it removes on close.
  const evidenceDir = options.dataDir
    ? join(options.dataDir, 'evidence')
    : mkdtempSync(join(tmpdir(), 'abate-evidence-'));
  mkdirSync(evidenceDir, { recursive: true });
  const evidence = {
    dir: evidenceDir,
    signingKey: randomBytes(32).toString('base64url'),
    clock: processClock,
  };

  // Handlers read their configuration from the environment, as in Lambda.
  Object.assign(process.env, {
    TABLE_NAME: LOCAL_TABLE_NAME,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SFN_ENDPOINT: sfnEndpoint,
    STATE_MACHINE_ARN_PREFIX: stateMachineArn(`abate-${LOCAL_WORKFLOW_STAGE}-`),
    AWS_REGION: 'eu-west-2',
    STAGE: 'local',
    ABATE_LOCAL: 'true',
    ABATE_EVIDENCE_DIR: evidence.dir,
    ABATE_EVIDENCE_SIGNING_KEY: evidence.signingKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  // Executions a previous run left waiting carry on, with the tokens staff already hold.
  await sfn.recover();

  // GOV.UK Notify and Pay, as local stand-ins speaking their APIs; handlers reach them through
  // the same environment variables and secrets they read in AWS.
  const [notify, pay] = await Promise.all([
    startNotifyStandIn({
      host,
      port: options.notifyPort ?? 0,
      ...(options.dataDir ? { dataFile: join(options.dataDir, 'notify-standin.json') } : {}),
      log: (line) => log({ service: 'abate-local-notify', ...line }),
    }),
    startPayStandIn({
      host,
      port: options.payPort ?? 0,
      ...(options.dataDir ? { dataFile: join(options.dataDir, 'pay-standin.json') } : {}),
      log: (line) => log({ service: 'abate-local-pay', ...line }),
      clock: processClock,
    }),
  ]);
  const notifyCallbackToken = process.env.ABATE_NOTIFY_CALLBACK_SECRET ?? 'abate-local-notify-callback-token';
  Object.assign(process.env, {
    NOTIFY_BASE_URL: notify.url,
    ABATE_NOTIFICATIONS_SECRET: notify.apiKey,
    ABATE_NOTIFY_CALLBACK_SECRET: notifyCallbackToken,
    PAY_BASE_URL: pay.url,
    ABATE_PAY_API_SECRET: pay.apiKey,
    ABATE_PAY_WEBHOOK_SECRET: pay.webhookSecret,
  });
  const deliverOutbox = async (): Promise<DrainSummary> =>
    (await invoke('DeliverOutbox', {})) as DrainSummary;

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
    // What was already asked of the workflows happens at the time it was asked: a notice a decision
    // just sent for serving is served before the clock moves, not at the later time.
    await sfn.idle();
    // Saved before anything happens at the new time: a process killed mid-advance resumes there
    // instead of going back behind events and deadlines already stamped with it.
    saveClockOffset(processClock.offset + ms);
    await sfn.advanceClock(ms);
    await settle();
    return processClock.now();
  };

  let delivering: Promise<unknown> = Promise.resolve();
  const deliverTimer =
    (options.deliverEveryMs ?? 0) > 0
      ? setInterval(() => {
          delivering = deliverOutbox().catch((error) =>
            log({ level: 'ERROR', message: 'local outbox drain failed', error: String(error) }),
          );
        }, options.deliverEveryMs)
      : undefined;

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
      const refused = localRouteRefusal(request);
      if (refused) return refused;
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
      const refused = request.method === 'POST' ? localRouteRefusal(request) : undefined;
      if (refused) return refused;
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

  localRoutes.push(async (request) => {
    // What the Notify stand-in "sent", for the console's sent page (local only, like the clock).
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/_local/notify/sent' || request.method !== 'GET') return undefined;
    return {
      status: 200,
      body: {
        notifications: notify.sent().map(({ pdf, finalStatus: _final, ...sent }) => ({
          ...sent,
          ...(pdf ? { letterUrl: `/_local/notify/letters/${sent.id}.pdf` } : {}),
        })),
      },
    };
  });
  const serveLetters = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/_local\/notify\/letters\/([0-9a-f-]{36})\.pdf$/.exec(url.pathname);
    const pdf = match?.[1] ? notify.letterPdf(match[1]) : undefined;
    if (!pdf) return (await webPages()).serveWeb(request, response);
    response.writeHead(200, {
      'content-type': 'application/pdf',
      'content-length': pdf.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    response.end(pdf);
    return true;
  };

  const gateway = createGateway({
    routes,
    handlerFor,
    authorizeStaff: async (authorization) => (await devAuth()).verifyDevToken(authorization),
    localRoutes,
    streamingRoutes: [(request, response) => serveLocalEvidence(evidence, request, response)],
    fallback: serveLetters,
    log,
  });
  const port = await gateway.listen(options.port ?? 0, host);
  const url = `http://${host}:${port}`;
  // Receipts and webhooks come back through the gateway, as they reach API Gateway in AWS.
  notify.setCallback({ url: `${url}/providers/notify/receipts`, bearerToken: notifyCallbackToken });
  pay.setWebhookUrl(`${url}/providers/pay/webhooks`);
  process.env.ABATE_WEB_URL = url;

  return {
    url,
    dynamoEndpoint: dynamo.endpoint,
    sfnEndpoint,
    tableName: LOCAL_TABLE_NAME,
    evidenceDir,
    advanceClock,
    sweep,
    deliverOutbox,
    notify,
    pay,
    settle,
    async close() {
      if (sweepTimer) clearInterval(sweepTimer);
      if (deliverTimer) clearInterval(deliverTimer);
      await sweeping;
      await delivering;
      await Promise.all([notify.close(), pay.close()]);
      await gateway.close();
      await sfn.close();
      await dynamo.close();
      configureLocalDynamoClients(dynamo.endpoint, undefined);
      configureLocalSfnClients(sfnEndpoint, undefined);
      if (options.instrumentDynamo) instrumentLocalDynamoClients(undefined);
      if (options.trackRequestOrigins) trackRequestOrigins(false);
      if (!options.dataDir) rmSync(evidenceDir, { recursive: true, force: true });
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
