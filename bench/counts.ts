/**
 * DynamoDB requests, counted (not timed), by operation and table, side by side for: one report up
 * to its 201, one report up to its triage task waiting, one whole fixed-penalty-paid case, one
 * whole restorative case (all over HTTP against the real local stack, flows from `drive.ts`), and
 * one run-to-completion execution of a small state machine in the local runtime. The case columns
 * are also priced as AWS would bill them. `npx tsx bench/counts.ts` runs it alone.
 */
import { pathToFileURL } from 'node:url';
import { OffsetClock } from '../functions/commons/clock.ts';
import { routes } from '../infra/functions.ts';
import { startLocalDynamo, trackRequestOrigins } from '../infra/local/dynamodb.ts';
import { prepareDefinition } from '../infra/local/sfn/definitions.ts';
import { createLocalStepFunctions } from '../infra/local/sfn/server.ts';
import { startLocalStack } from '../infra/local/stack.ts';
import { caseDriver, flows } from './drive.ts';
import { lambdaUsage, usdOf } from './lifecycle.ts';
import {
  countOf,
  createMeter,
  createRequestMeter,
  OPERATIONS,
  type Operation,
  type RequestTally,
  stateTransitions,
  type TableGroup,
} from './meter.ts';
import type { BenchResult, BenchRow } from './run.ts';
import { inputFor, triageDefinition as smallDefinition, functions as smallFunctions } from './sfn-runtime.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

/** Who made a request, grouped as the report shows them. */
const ORIGIN_GROUPS: { label: string; matches: (origin: string) => boolean }[] = [
  { label: 'from API handlers', matches: (o) => o.startsWith('lambda:') && isApiFunction(o) },
  { label: 'from workflow step Lambdas', matches: (o) => o.startsWith('lambda:') && isStepFunction(o) },
  { label: 'from the local sweeper (every settle)', matches: (o) => o === 'lambda:Sweeper' },
  { label: 'runtime: API (StartExecution, SendTask*)', matches: (o) => o === 'sfn:api' },
  { label: 'runtime: executions (checkpoints, history)', matches: (o) => o === 'sfn:execution' },
  { label: 'runtime: timers and idle checks', matches: (o) => o === 'sfn:timers' },
  { label: 'other', matches: (o) => !o.startsWith('lambda:') && !o.startsWith('sfn:') },
];

const API_FUNCTIONS = new Set(routes.map((route) => route.functionId));
const isApiFunction = (origin: string) => API_FUNCTIONS.has(origin.slice('lambda:'.length));
const isStepFunction = (origin: string) => !isApiFunction(origin) && origin !== 'lambda:Sweeper';

interface Column {
  label: string;
  tally: RequestTally;
  /** Per-case AWS usage, for the case columns. */
  usd?: number;
  invocations?: number;
  transitions?: number;
}

/** A report is answered by its handler and the StartExecution it makes; the workflow runs after. */
const answersTheReport = (origin: string) => origin === 'lambda:ReportComplaint' || origin === 'sfn:api';

async function countCaseFlows(): Promise<Column[]> {
  const requests = createRequestMeter();
  const capacity = createMeter();
  const stack = await startLocalStack({
    sweepEveryMs: 0,
    retryDelayScale: 0.001,
    instrumentDynamo: (client) => {
      capacity.instrumentDynamo(client);
      requests.instrument(client);
    },
    instrumentRuntimeDynamo: requests.instrument,
    onInvoke: capacity.onInvoke,
    trackRequestOrigins: true,
  });
  const columns: Column[] = [];
  try {
    const driver = caseDriver(stack);
    // Warm up (module loading, first executions), not counted.
    await driver.runBatch('fpn-paid', 1);
    await driver.runBatch('restorative', 1);

    requests.start();
    await driver.api.report(1);
    const report = requests.stop();
    columns.push({ label: 'report → 201', tally: onlyOrigins(report, answersTheReport) });
    columns.push({ label: 'report → triage waiting', tally: report });

    for (const scenario of ['fpn-paid', 'restorative'] as const) {
      await stack.settle();
      const before = await stateTransitions(stack.sfnEndpoint);
      capacity.reset();
      driver.apiRequests = 0;
      requests.start();
      const caseRefs = await driver.api.report(1);
      await flows[scenario](driver.api, caseRefs);
      const tally = requests.stop();
      const after = await stateTransitions(stack.sfnEndpoint);
      const lambda = lambdaUsage(capacity.invocations);
      const transitions = after.transitions - before.transitions;
      columns.push({
        label: scenario === 'fpn-paid' ? 'FPN paid case' : 'restorative case',
        tally,
        transitions,
        invocations: lambda.invocations,
        usd: usdOf({
          transitions,
          invocations: lambda.invocations,
          gbSeconds: lambda.gbSeconds,
          writeUnits: capacity.writeUnits + capacity.refusedWrites,
          readUnits: capacity.readUnits,
          apiRequests: driver.apiRequests,
        }),
      });
    }
  } finally {
    await stack.close();
  }
  return columns;
}

/** Requests per run-to-completion execution of the small machine, averaged over `executions` run one at a time. */
async function countSmallMachine(executions: number): Promise<{ column: Column; perExecution: number }> {
  const dynamo = await startLocalDynamo();
  const requests = createRequestMeter();
  requests.instrument(dynamo.client);
  trackRequestOrigins(true);
  const machine = prepareDefinition('abate-bench-counts', smallDefinition, {
    functionIds: Object.keys(smallFunctions),
  });
  const runtime = await createLocalStepFunctions({
    dynamo: dynamo.client,
    stateMachines: [machine],
    clock: new OffsetClock(0),
    logger: () => {},
    invokeFunction: async (functionId, payload) => smallFunctions[functionId]?.(payload),
  });
  try {
    requests.start();
    for (let index = 0; index < executions; index++) {
      await runtime.api('StartExecution', {
        stateMachineArn: machine.arn,
        name: `count-${index}`,
        input: JSON.stringify(inputFor(index)),
      });
      await runtime.idle();
    }
    const tally = scaled(requests.stop(), 1 / executions);
    const perExecution = countOf(tally, {
      group: 'runtime',
      origin: (origin) => origin === 'sfn:api' || origin === 'sfn:execution',
    });
    return { column: { label: 'small machine, one execution', tally }, perExecution };
  } finally {
    await runtime.close();
    await dynamo.close();
    trackRequestOrigins(false);
  }
}

function onlyOrigins(tally: RequestTally, keep: (origin: string) => boolean): RequestTally {
  return {
    counts: new Map([...tally.counts].filter(([key]) => keep(key.split('|')[2] ?? ''))),
  };
}

function scaled(tally: RequestTally, factor: number): RequestTally {
  return { counts: new Map([...tally.counts].map(([key, count]) => [key, count * factor])) };
}

const round = (value: number) => Number(value.toFixed(2));

export async function benchCounts(options: { smallExecutions?: number } = {}): Promise<BenchResult> {
  const smallExecutions = options.smallExecutions ?? 100;
  const caseColumns = await countCaseFlows();
  const small = await countSmallMachine(smallExecutions);
  const columns = [...caseColumns, small.column];
  const rows: BenchRow[] = [];
  const row = (label: string, value: (column: Column) => number | string) =>
    rows.push(Object.fromEntries([['requests', label], ...columns.map((c) => [c.label, value(c)])]));
  const groups: [TableGroup, string][] = [
    ['case', 'case table'],
    ['runtime', 'runtime table'],
  ];
  for (const [group, name] of groups) {
    for (const operation of [...OPERATIONS, 'other'] as Operation[]) {
      if (columns.every((column) => countOf(column.tally, { group, operation }) === 0)) continue;
      row(`${name}: ${operation}`, (column) => round(countOf(column.tally, { group, operation })));
    }
    row(`${name}: all`, (column) => round(countOf(column.tally, { group })));
    if (group === 'case')
      // What the case itself costs: the sweeper's settling after each step here is a fixed-rate
      // schedule in AWS (96 queries a day for every case together), measured by its own benchmark.
      row(`${name}: the case's own (no settling sweeps)`, (column) =>
        round(countOf(column.tally, { group, origin: (origin) => origin !== 'lambda:Sweeper' })),
      );
  }
  row('all requests', (column) => round(countOf(column.tally)));
  for (const { label, matches } of ORIGIN_GROUPS) {
    if (columns.every((column) => countOf(column.tally, { origin: matches }) === 0)) continue;
    row(`  ${label}`, (column) => round(countOf(column.tally, { origin: matches })));
  }
  row('Lambda invocations (no sweeper)', (column) => column.invocations ?? '');
  row('state transitions', (column) => column.transitions ?? '');
  row('USD on AWS (eu-west-2)', (column) => (column.usd === undefined ? '' : Number(column.usd.toFixed(6))));
  return {
    name: 'counts',
    rows,
    figures: { runtimeRequestsPerSmallExecution: round(small.perExecution) },
    notes: [
      'Counted once per request: per SDK call, and per request the runtime store sends below the SDK, which the counter on its client sees all the same (the runtime table is the local Step Functions store; in AWS, Step Functions keeps that itself and bills state transitions instead).',
      '"report → 201" is the part of the report window made by the intake handler and its StartExecution; the workflow it starts runs on in "report → triage waiting".',
      `The small machine column averages ${smallExecutions} executions run one at a time (same definition as sfn-runtime); requests per execution by the runtime: ${round(small.perExecution)}.`,
      'Each case column is one case from its report to its end, over HTTP, with a settle (idle + sweeps) after each step; the sweeper and idle rows are that local settling.',
      'USD: the case columns priced as benchCost prices them (capacity units of the same counted case-table requests, Lambda calls, state transitions, API requests).',
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchCounts();
  console.table(result.rows);
  for (const note of result.notes ?? []) console.log(note);
  process.exit(0);
}
