/**
 * The whole of Abate on one machine: dynalite for DynamoDB, the HTTP gateway over the same handler
 * modules the Lambdas export, and a movable clock. `npm start` and the integration tests both
 * start it through here, so tests exercise what a developer runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { processClock } from '../../functions/commons/clock.ts';
import { functions, routes } from '../functions.ts';
import { caseTable, LOCAL_TABLE_NAME } from '../table/schema.ts';
import { ensureTable, startLocalDynamo } from './dynamodb.ts';
import { createGateway, type LambdaHandler, type LocalRoute } from './gateway.ts';
import { serveWeb } from './web.ts';

export interface LocalStackOptions {
  /** Folder for on-disk data; omit for an in-memory stack (tests). */
  dataDir?: string;
  port?: number;
  dynamoPort?: number;
  host?: string;
  log?: (line: Record<string, unknown>) => void;
}

export interface LocalStack {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  /** Moves local time forward (days/hours), persisted with the data so a restart keeps it. */
  advanceClock(ms: number): Promise<Date>;
  close(): Promise<void>;
}

const projectRoot = resolve(import.meta.dirname, '../..');
const DAY_MS = 86_400_000;

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const dynamo = await startLocalDynamo({
    ...(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {}),
    port: options.dynamoPort ?? 0,
    host,
  });
  await ensureTable(dynamo.client, LOCAL_TABLE_NAME, caseTable);

  // Handlers read their configuration from the environment, as in Lambda.
  Object.assign(process.env, {
    TABLE_NAME: LOCAL_TABLE_NAME,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: 'eu-west-2',
    STAGE: 'local',
    ABATE_LOCAL: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });

  const clockFile = options.dataDir ? join(options.dataDir, 'clock.json') : undefined;
  if (clockFile && existsSync(clockFile)) {
    processClock.setOffset(Number(JSON.parse(readFileSync(clockFile, 'utf8')).offsetMs) || 0);
  } else {
    processClock.setOffset(0);
  }
  const advanceClock = async (ms: number) => {
    const now = processClock.advance(ms);
    if (clockFile) writeFileSync(clockFile, JSON.stringify({ offsetMs: processClock.offset }));
    return now;
  };

  const handlers = new Map<string, Promise<LambdaHandler>>();
  const handlerFor = (functionId: string) => {
    let loaded = handlers.get(functionId);
    if (!loaded) {
      const spec = functions.find((candidate) => candidate.id === functionId);
      if (!spec) throw new Error(`no function ${functionId} in infra/functions.ts`);
      loaded = import(pathToFileURL(join(projectRoot, spec.entry)).href).then((module) => module.handler as LambdaHandler);
      handlers.set(functionId, loaded);
    }
    return loaded;
  };

  const clockRoute: LocalRoute = async (request, body) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/_local/clock/advance') return undefined;
    if (request.method !== 'POST') return { status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED', message: 'POST only' } } };
    let parsed: { days?: unknown; hours?: unknown };
    try {
      parsed = JSON.parse(body || '{}');
    } catch {
      return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'Send {"days": n} or {"hours": n}' } } };
    }
    const days = Number(parsed.days ?? 0);
    const hours = Number(parsed.hours ?? 0);
    if (!Number.isFinite(days) || !Number.isFinite(hours) || days < 0 || hours < 0 || days + hours === 0) {
      return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'Send {"days": n} or {"hours": n} with n > 0' } } };
    }
    const now = await advanceClock(days * DAY_MS + hours * 3_600_000);
    return { status: 200, body: { now: now.toISOString() } };
  };

  const gateway = createGateway({
    routes,
    handlerFor,
    localRoutes: [clockRoute],
    fallback: serveWeb,
    ...(options.log ? { log: options.log } : {}),
  });
  const port = await gateway.listen(options.port ?? 0, host);

  return {
    url: `http://${host}:${port}`,
    dynamoEndpoint: dynamo.endpoint,
    tableName: LOCAL_TABLE_NAME,
    advanceClock,
    async close() {
      await gateway.close();
      await dynamo.close();
    },
  };
}
