/**
 * What differs between the `dev` and `prod` stacks, read from CDK context (`-c stage=prod`,
 * `-c corsOrigins=https://a,https://b`, ...) so one app definition serves both.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

export type StageName = 'dev' | 'prod';

export interface StageConfig {
  stage: StageName;
  /** Table, user pool, secrets and log groups: kept in prod so a stack deletion loses no case data. */
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
  /** Browser origins allowed by CORS; empty means no cross-origin access at all. */
  corsOrigins: string[];
  sweeperRate: Duration;
  /** Where the alarm topic sends mail; without it the topic has no subscriber until one is added. */
  alarmEmail?: string;
  /** OAuth callback and sign-out URLs of the staff web app, for the hosted UI client. */
  staffCallbackUrls: string[];
  staffLogoutUrls: string[];
  /** Steady-state requests per second and burst for the whole API (the default stage). */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Tighter limits on unauthenticated routes, which anyone on the internet can call. */
  publicRouteRateLimit: number;
  publicRouteBurstLimit: number;
  /** DynamoDB contributor insights (most-used keys); useful when tuning, billed per event. */
  tableContributorInsights: boolean;
}

export const STAGES: readonly StageName[] = ['dev', 'prod'];

const defaults: Record<StageName, Omit<StageConfig, 'stage' | 'alarmEmail'>> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_WEEK,
    corsOrigins: ['http://localhost:3000'],
    sweeperRate: Duration.minutes(15),
    staffCallbackUrls: ['http://localhost:3000/staff/callback'],
    staffLogoutUrls: ['http://localhost:3000/staff'],
    apiRateLimit: 50,
    apiBurstLimit: 100,
    publicRouteRateLimit: 10,
    publicRouteBurstLimit: 20,
    tableContributorInsights: false,
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    // Logs hold case references and staff actions: kept long enough to investigate a complaint
    // about how a case was handled, then dropped (the audit trail itself lives in DynamoDB).
    logRetention: RetentionDays.SIX_MONTHS,
    corsOrigins: [],
    sweeperRate: Duration.minutes(15),
    staffCallbackUrls: [],
    staffLogoutUrls: [],
    apiRateLimit: 100,
    apiBurstLimit: 200,
    publicRouteRateLimit: 20,
    publicRouteBurstLimit: 40,
    tableContributorInsights: false,
  },
};

/** Context values arrive as strings from `-c` and as JSON values from cdk.json or tests. */
function listFrom(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).filter((item) => item.length > 0);
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function positiveNumberFrom(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new Error(`Context ${name} must be a positive number, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function booleanFrom(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return value === true || value === 'true';
}

export function stageConfigFrom(node: Node): StageConfig {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  if (!STAGES.includes(stage as StageName)) {
    throw new Error(`Context stage must be one of ${STAGES.join(', ')}, got ${JSON.stringify(stage)}`);
  }
  const base = defaults[stage as StageName];
  const sweeperMinutes = positiveNumberFrom(node.tryGetContext('sweeperRateMinutes'), 'sweeperRateMinutes');
  const alarmEmail = node.tryGetContext('alarmEmail');
  return {
    ...base,
    stage: stage as StageName,
    corsOrigins: listFrom(node.tryGetContext('corsOrigins')) ?? base.corsOrigins,
    sweeperRate: sweeperMinutes === undefined ? base.sweeperRate : Duration.minutes(sweeperMinutes),
    staffCallbackUrls: listFrom(node.tryGetContext('staffCallbackUrls')) ?? base.staffCallbackUrls,
    staffLogoutUrls: listFrom(node.tryGetContext('staffLogoutUrls')) ?? base.staffLogoutUrls,
    apiRateLimit: positiveNumberFrom(node.tryGetContext('apiRateLimit'), 'apiRateLimit') ?? base.apiRateLimit,
    apiBurstLimit:
      positiveNumberFrom(node.tryGetContext('apiBurstLimit'), 'apiBurstLimit') ?? base.apiBurstLimit,
    tableContributorInsights:
      booleanFrom(node.tryGetContext('tableContributorInsights')) ?? base.tableContributorInsights,
    ...(alarmEmail ? { alarmEmail: String(alarmEmail) } : {}),
  };
}
