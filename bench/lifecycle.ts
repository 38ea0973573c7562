/**
 * Lifecycle throughput and cost per case. Whole cases run through the local stack over HTTP in
 * virtual time (FPN issued and paid within the discount; restorative justice to a kept agreement),
 * metered as AWS would bill them, and priced at eu-west-2 list prices.
 * `npx tsx bench/lifecycle.ts` runs both alone.
 */
import { pathToFileURL } from 'node:url';
import { DEFAULT_MEMORY_MB } from '../infra/constructs/abate-function.ts';
import { functions } from '../infra/functions.ts';
import { startLocalStack } from '../infra/local/stack.ts';
import { caseDriver, type Scenario } from './drive.ts';
import { createMeter, stateTransitions } from './meter.ts';
import type { BenchResult, BenchRow } from './run.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

const SCENARIOS: { scenario: Scenario; label: string }[] = [
  { scenario: 'fpn-paid', label: 'warning → breach → CPN → breach → FPN → paid £75 on day 5 → closed' },
  { scenario: 'restorative', label: 'RJ consent → conference → agreement → review complied → closed' },
];

/**
 * AWS list prices, eu-west-2 (London), USD, on-demand, without free tiers. Check before quoting.
 * Step Functions: https://aws.amazon.com/step-functions/pricing/ (Standard, per state transition)
 * Lambda: https://aws.amazon.com/lambda/pricing/ (Arm, per request and per GB-second)
 * DynamoDB: https://aws.amazon.com/dynamodb/pricing/on-demand/ (per write / read request unit)
 * API Gateway: https://aws.amazon.com/api-gateway/pricing/ (HTTP API, first 300 million)
 * EventBridge Scheduler: https://aws.amazon.com/eventbridge/pricing/ (per scheduled invocation)
 */
export const PRICE_USD = {
  STEP_FUNCTIONS_PER_TRANSITION: 0.025 / 1_000,
  LAMBDA_PER_REQUEST: 0.2 / 1_000_000,
  LAMBDA_ARM_PER_GB_SECOND: 0.0000133334,
  DYNAMODB_PER_WRITE_UNIT: 0.7425 / 1_000_000,
  DYNAMODB_PER_READ_UNIT: 0.1485 / 1_000_000,
  API_GATEWAY_HTTP_PER_REQUEST: 1.11 / 1_000_000,
  SCHEDULER_PER_INVOCATION: 1.0 / 1_000_000,
} as const;

const memoryGbOf = new Map(functions.map((spec) => [spec.id, (spec.memoryMb ?? DEFAULT_MEMORY_MB) / 1024]));

/** What one case used, in the units AWS bills. */
export interface CaseUsage {
  transitions: number;
  invocations: number;
  gbSeconds: number;
  writeUnits: number;
  readUnits: number;
  apiRequests: number;
}

export function usdOf(usage: CaseUsage): number {
  return (
    usage.transitions * PRICE_USD.STEP_FUNCTIONS_PER_TRANSITION +
    usage.invocations * PRICE_USD.LAMBDA_PER_REQUEST +
    usage.gbSeconds * PRICE_USD.LAMBDA_ARM_PER_GB_SECOND +
    usage.writeUnits * PRICE_USD.DYNAMODB_PER_WRITE_UNIT +
    usage.readUnits * PRICE_USD.DYNAMODB_PER_READ_UNIT +
    usage.apiRequests * PRICE_USD.API_GATEWAY_HTTP_PER_REQUEST
  );
}

/** Lambda invocations and GB-s a meter saw, leaving out the sweeper (a fixed schedule in AWS). */
export function lambdaUsage(invocations: Map<string, { count: number; ms: number }>) {
  let count = 0;
  let gbSeconds = 0;
  let sweeps = 0;
  for (const [functionId, entry] of invocations) {
    if (functionId === 'Sweeper') {
      sweeps += entry.count;
      continue;
    }
    count += entry.count;
    gbSeconds += (Math.ceil(entry.ms) / 1000) * (memoryGbOf.get(functionId) ?? 0.5);
  }
  return { invocations: count, gbSeconds, sweeps };
}

const CASES_PER_YEAR = 5_000;
/** The sweeper's schedule in AWS (infra/stage-config.ts): every 15 minutes, whatever the case load. */
const SWEEPS_PER_YEAR = (365 * 24 * 60) / 15;

export async function benchLifecycle(options: { cases?: number } = {}): Promise<BenchResult> {
  const cases = options.cases ?? 20;
  const stack = await startLocalStack({ sweepEveryMs: 0, retryDelayScale: 0.001 });
  const rows: BenchRow[] = [];
  try {
    const driver = caseDriver(stack);
    await driver.runBatch('fpn-paid', 2); // warm up
    await driver.runBatch('restorative', 2);
    for (const { scenario, label } of SCENARIOS) {
      const started = performance.now();
      await driver.runBatch(scenario, cases);
      const seconds = (performance.now() - started) / 1000;
      rows.push({
        path: scenario,
        steps: label,
        cases,
        'wall s': Number(seconds.toFixed(2)),
        'cases/s': Number((cases / seconds).toFixed(2)),
      });
    }
  } finally {
    await stack.close();
  }
  return {
    name: 'lifecycle',
    rows,
    notes: [
      `${cases} cases per path driven over HTTP at once, step by step (complaint, staff decisions with a queue listing and a case read before each, breach, payment), virtual days moved by the clock; every case checked closed at the end.`,
      'The runtime overhead against the bare interpreter on the same definition is the sfn-runtime table.',
    ],
  };
}

export async function benchCost(options: { cases?: number } = {}): Promise<BenchResult> {
  const cases = options.cases ?? 8;
  const meter = createMeter();
  const stack = await startLocalStack({
    sweepEveryMs: 0,
    retryDelayScale: 0.001,
    instrumentDynamo: meter.instrumentDynamo,
    onInvoke: meter.onInvoke,
  });
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  try {
    const driver = caseDriver(stack);
    await driver.runBatch('fpn-paid', 1); // warm up, not counted
    for (const { scenario } of SCENARIOS) {
      await stack.settle();
      const before = await stateTransitions(stack.sfnEndpoint);
      meter.reset();
      driver.apiRequests = 0;
      // One case at a time, so each queue listing reads what one case puts in it.
      for (let index = 0; index < cases; index++) await driver.runBatch(scenario, 1);
      const after = await stateTransitions(stack.sfnEndpoint);
      const transitions = (after.transitions - before.transitions) / cases;
      const executions = (after.executions - before.executions) / cases;
      const lambda = lambdaUsage(meter.invocations);
      const invocations = lambda.invocations / cases;
      const gbSeconds = lambda.gbSeconds / cases;
      const sweeperInvocations = lambda.sweeps;
      const apiRequests = driver.apiRequests / cases;
      const readUnits = meter.readUnits / cases;
      const writeUnits = (meter.writeUnits + meter.refusedWrites) / cases;
      const usd = usdOf({ transitions, invocations, gbSeconds, writeUnits, readUnits, apiRequests });
      rows.push({
        path: scenario,
        'executions/case': Number(executions.toFixed(1)),
        'state transitions/case': Number(transitions.toFixed(1)),
        'Lambda invocations/case': Number(invocations.toFixed(1)),
        'Lambda GB-s/case': Number(gbSeconds.toFixed(3)),
        'DynamoDB WRU/case': Number(writeUnits.toFixed(1)),
        'DynamoDB RRU/case': Number(readUnits.toFixed(1)),
        'API requests/case': Number(apiRequests.toFixed(1)),
        'local sweeps (not billed per case)': sweeperInvocations,
        'USD/case': Number(usd.toFixed(6)),
        [`USD/year at ${CASES_PER_YEAR} cases`]: Number((usd * CASES_PER_YEAR).toFixed(2)),
      });
    }
    // The schedule: one sweep every 15 minutes, empty or not; measure one sweep with nothing due.
    meter.reset();
    await stack.sweep();
    const sweep = meter.invocations.get('Sweeper') ?? { count: 1, ms: 0 };
    const sweepUsd =
      PRICE_USD.SCHEDULER_PER_INVOCATION +
      PRICE_USD.LAMBDA_PER_REQUEST +
      (Math.ceil(sweep.ms) / 1000) * (memoryGbOf.get('Sweeper') ?? 0.5) * PRICE_USD.LAMBDA_ARM_PER_GB_SECOND +
      meter.readUnits * PRICE_USD.DYNAMODB_PER_READ_UNIT;
    rows.push({
      path: 'sweeper schedule (fixed)',
      'Lambda invocations/case': 0,
      'DynamoDB RRU/case': 0,
      'local sweeps (not billed per case)': SWEEPS_PER_YEAR,
      'USD/case': 0,
      [`USD/year at ${CASES_PER_YEAR} cases`]: Number((sweepUsd * SWEEPS_PER_YEAR).toFixed(2)),
    });
    notes.push(
      `${cases} cases per path, one at a time; per-case figures are the average. Prices: eu-west-2 list prices without free tiers (PRICE_USD in bench/lifecycle.ts, with sources).`,
      "State transitions: every <Type>StateEntered in the local runtime history of every phase execution. Lambda: workflow steps and API handlers as invoked in process; GB-s uses the local duration rounded up to 1 ms at each function's configured memory (a rough proxy: no cold starts, a faster disk).",
      'DynamoDB units: ReturnConsumedCapacity TOTAL from dynalite, plus 1 WRU for every conditional write refused. dynalite does not add the write units of global secondary indexes, so AWS bills more writes than this (each index the item is in costs about one more unit per write).',
      `The sweeper runs on a schedule (${SWEEPS_PER_YEAR} times a year at 15 minutes), priced from one measured empty sweep (${sweep.ms.toFixed(1)} ms, ${meter.readUnits} RRU); it is a fixed yearly cost, not per case.`,
    );
  } finally {
    await stack.close();
  }
  return { name: 'cost per case (AWS eu-west-2)', rows, notes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of [await benchLifecycle(), await benchCost()]) {
    console.table(result.rows);
    for (const note of result.notes ?? []) console.log(note);
  }
  process.exit(0);
}
