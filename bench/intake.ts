/**
 * Intake under load: complaints per second, latency and server CPU per complaint through the local
 * HTTP gateway at 1, 8 and 32 concurrent clients, against the server run as `npm start` runs it in
 * its own process, next to raw dynalite PutItem throughput at the same concurrency in the same run
 * (the floor the stack stands on). Each complaint is about a new source, so each opens a case and
 * starts its investigation workflow, as a real first report does. The server runs twice: with the
 * in-process DynamoDB transport and over HTTP. `npx tsx bench/intake.ts` runs it alone.
 */
import { pathToFileURL } from 'node:url';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import { processClock } from '../functions/commons/clock.ts';
import { localAwsConfig } from '../infra/local/dynamodb.ts';
import { LOCAL_TABLE_NAME } from '../infra/table/schema.ts';
import type { BenchResult, BenchRow } from './run.ts';
import { compareRoot, type ServerProcess, settleServer, startServerProcess } from './server-process.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

const CONCURRENCY_LEVELS = [1, 8, 32];

let sourceNumber = 0;
/** A first report about a new source; `now` is the server's time (a server in another process keeps its own clock). */
export function benchComplaint(tag: string, now: Date = processClock.now()) {
  sourceNumber++;
  return JSON.stringify({
    complainant: {
      name: 'Ann Example',
      email: 'ann@example.com',
      address: { line1: '1 Mare Street', postcode: 'E8 1DY' },
    },
    source: {
      address: { line1: `${sourceNumber} Bench Road ${tag}`, postcode: 'E8 1DY' },
      kind: 'domestic',
      description: 'The flat above mine',
    },
    noise: {
      category: 'music',
      description: 'Loud bass until 3am',
      occurredAt: new Date(now.getTime() - 3_600_000).toISOString(),
      impact: 'I cannot sleep',
    },
  });
}

interface LoadFigures {
  perSecond: number;
  p50: number;
  p99: number;
  count: number;
  errors: number;
}

async function loadComplaints(url: string, connections: number, seconds: number): Promise<LoadFigures> {
  const tag = `c${connections}-${Date.now()}`;
  const result = await autocannon({
    url: `${url}/complaints`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // The server runs in its own process, its clock at real time (this process's may have moved).
    requests: [{ setupRequest: (request) => ({ ...request, body: benchComplaint(tag, new Date()) }) }],
  });
  const created = result['2xx'];
  return {
    perSecond: created / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    count: created,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** PutItem of an item the size of a case record, `concurrency` writers for `seconds`, over HTTP. */
async function loadPutItem(endpoint: string, table: string, concurrency: number, seconds: number) {
  const client = new DynamoDBClient({ ...localAwsConfig, endpoint, maxAttempts: 1 });
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const n = next++;
        const started = performance.now();
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              pk: { S: `BENCH#${concurrency}#${n}` },
              sk: { S: 'CASE' },
              status: { S: 'received' },
              sourceKey: { S: `bench road ${n}|E8 1DY` },
              body: { S: 'x'.repeat(600) },
            },
          }),
        );
        latencies.push(performance.now() - started);
      }
    }),
  );
  client.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), count: latencies.length };
}

/** Loads a server with complaints, lets it finish the workflows they started, and reads its CPU time. */
async function measureIntake(server: ServerProcess, connections: number, seconds: number) {
  const cpuBefore = server.cpuMs();
  const mainBefore = server.mainThreadCpuMs();
  const intake = await loadComplaints(server.url, connections, seconds);
  if (intake.count === 0) throw new Error(`the server accepted no complaint (${intake.errors} errors)`);
  await settleServer(server.url);
  const cpuAfter = server.cpuMs();
  const mainAfter = server.mainThreadCpuMs();
  const per = (before: number | undefined, after: number | undefined) =>
    before !== undefined && after !== undefined && intake.count > 0
      ? (after - before) / intake.count
      : Number.NaN;
  return {
    ...intake,
    cpuPerComplaint: per(cpuBefore, cpuAfter),
    mainThreadCpuPerComplaint: per(mainBefore, mainAfter),
  };
}

type Transport = 'in-process' | 'http';

/** A way to run the server: this checkout with one transport, or another checkout as it is. */
interface ServerVariant {
  label: string;
  transport?: Transport;
  /** Where dynalite runs (`npm start`: a worker thread). */
  thread?: 'main' | 'worker';
  root?: string;
}

function startVariant(variant: ServerVariant, nodeFlags: string[] = []) {
  return startServerProcess({
    nodeFlags,
    ...(variant.root ? { root: variant.root } : {}),
    env: {
      ...(variant.transport === 'http' ? { ABATE_DYNAMODB_TRANSPORT: 'http' } : {}),
      ...(variant.thread ? { ABATE_DYNAMODB_THREAD: variant.thread } : {}),
    },
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** One run of a variant at one concurrency: warm up, load, settle, then the PutItem floor on the same server. */
async function runVariant(variant: ServerVariant, connections: number, seconds: number) {
  const server = await startVariant(variant);
  try {
    await loadComplaints(server.url, 4, 2);
    await settleServer(server.url);
    await loadPutItem(server.dynamoEndpoint, LOCAL_TABLE_NAME, 4, 1);
    const intake = await measureIntake(server, connections, seconds);
    const put = await loadPutItem(server.dynamoEndpoint, LOCAL_TABLE_NAME, connections, seconds);
    return { intake, put };
  } finally {
    await server.stop();
  }
}

export async function benchIntake(
  options: { seconds?: number; levels?: number[]; rounds?: number } = {},
): Promise<BenchResult> {
  const seconds = options.seconds ?? 5;
  const levels = options.levels ?? CONCURRENCY_LEVELS;
  const rounds = options.rounds ?? 3;
  const rows: BenchRow[] = [];
  const figures: Record<string, number> = {};

  // By concurrency, the server as npm start runs it.
  for (const connections of levels) {
    const { intake, put } = await runVariant(
      { label: 'in-process', transport: 'in-process' },
      connections,
      seconds,
    );
    rows.push({
      server: 'this checkout, in-process transport',
      clients: connections,
      runs: 1,
      'complaints/s': Number(intake.perSecond.toFixed(1)),
      'p50 ms': intake.p50,
      'p99 ms': intake.p99,
      'CPU ms/complaint': Number(intake.cpuPerComplaint.toFixed(1)),
      'main-thread CPU ms/complaint': Number(intake.mainThreadCpuPerComplaint.toFixed(1)),
      'non-2xx/errors': intake.errors,
      'dynalite PutItem/s': Number(put.perSecond.toFixed(1)),
      'complaints per PutItem': Number((intake.perSecond / put.perSecond).toFixed(4)),
    });
  }

  // At 8 clients, the variants alternate run by run, so a busy moment on the machine is shared.
  const variants: ServerVariant[] = [
    { label: 'this checkout, in-process transport', transport: 'in-process' },
    { label: 'this checkout, dynalite on the main thread', transport: 'in-process', thread: 'main' },
    { label: 'this checkout, http transport', transport: 'http' },
    ...(compareRoot ? [{ label: `${compareRoot} (as it is)`, root: compareRoot }] : []),
  ];
  const runs = new Map<string, Awaited<ReturnType<typeof runVariant>>[]>();
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      const measured = await runVariant(variant, 8, seconds);
      runs.set(variant.label, [...(runs.get(variant.label) ?? []), measured]);
    }
  }
  for (const variant of variants) {
    const measured = runs.get(variant.label) ?? [];
    const perSecond = median(measured.map((run) => run.intake.perSecond));
    const cpu = median(measured.map((run) => run.intake.cpuPerComplaint));
    const mainCpu = median(measured.map((run) => run.intake.mainThreadCpuPerComplaint));
    const p99 = median(measured.map((run) => run.intake.p99));
    const putPerSecond = median(measured.map((run) => run.put.perSecond));
    const ratio = median(measured.map((run) => run.intake.perSecond / run.put.perSecond));
    rows.push({
      server: variant.label,
      clients: 8,
      runs: measured.length,
      'complaints/s': Number(perSecond.toFixed(1)),
      'p50 ms': median(measured.map((run) => run.intake.p50)),
      'p99 ms': p99,
      'CPU ms/complaint': Number(cpu.toFixed(1)),
      'main-thread CPU ms/complaint': Number(mainCpu.toFixed(1)),
      'CPU ms/complaint, each run': measured.map((run) => run.intake.cpuPerComplaint.toFixed(1)).join(' / '),
      'non-2xx/errors': measured.reduce((sum, run) => sum + run.intake.errors, 0),
      'dynalite PutItem/s': Number(putPerSecond.toFixed(1)),
      'complaints per PutItem': Number(ratio.toFixed(4)),
    });
    const key = variant.root
      ? 'Compared'
      : variant.transport === 'http'
        ? 'Http'
        : variant.thread === 'main'
          ? 'MainThread'
          : 'InProcess';
    figures[`complaintsPerSecond8${key}`] = Number(perSecond.toFixed(2));
    figures[`p99Ms8${key}`] = p99;
    figures[`cpuMsPerComplaint8${key}`] = Number(cpu.toFixed(2));
    figures[`mainThreadCpuMsPerComplaint8${key}`] = Number(mainCpu.toFixed(2));
    figures[`putItemPerSecond8${key}`] = Number(putPerSecond.toFixed(1));
    figures[`complaintsPerPutItem8${key}`] = Number(ratio.toFixed(4));
  }
  return {
    name: 'intake',
    rows,
    figures,
    notes: [
      `POST /complaints (autocannon, ${seconds} s per run) against the server run as npm start runs it, in its own process on a fresh on-disk data folder; each complaint is about a new source, so it opens a case and starts its investigation workflow in the server process.`,
      `The 8-client rows are medians of ${rounds} runs per server, the servers alternating run by run; the first rows are one run per concurrency.`,
      "CPU ms/complaint: the server process's user + system time over the load and until its workflows were idle again, per complaint created (all its threads: dynalite's worker and the GC helpers too); main-thread: the event loop alone, which serves the API and runs the handlers and workflows, and so bounds throughput and latency.",
      'npm start runs dynalite in a worker thread; "dynalite on the main thread" is the same server with it on the event loop (ABATE_DYNAMODB_THREAD=main), as the tests run it.',
      'dynalite PutItem: one ~700-byte item per call from the AWS SDK in this process to the same server\'s DynamoDB port (HTTP), same concurrency, right after: the floor the stack stands on, and the divisor of "complaints per PutItem".',
      "transport: how the server's handlers and runtime reach dynalite (in-process: below the SDK, each command marshalled and handed to dynalite's validation and action, on its thread or posted to its worker; http: the whole SDK, through its port with SigV4). The handlers reach the local Step Functions runtime in process either way. ABATE_BENCH_COMPARE_ROOT=<checkout> adds another checkout's server to the alternation.",
    ],
  };
}

/** What `--trace-gc` lines say the collector did: how many young and full collections, and their pauses. */
function gcTally() {
  const tally = { scavenges: 0, markCompacts: 0, pauseMs: 0 };
  let partial = '';
  return {
    tally,
    read(text: string) {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const kind = line.includes('Scavenge')
          ? 'scavenges'
          : line.includes('Mark-Compact')
            ? 'markCompacts'
            : undefined;
        if (!kind) continue;
        tally[kind]++;
        // "... MB, 1.2 / 0.0 ms  (average mu = ..." : the first figure is the pause.
        const pause = /MB, ([\d.]+) \/ [\d.]+ ms/.exec(line);
        if (pause) tally.pauseMs += Number(pause[1]);
      }
    },
  };
}

/**
 * The server's young generation, tried at several sizes (`--max-semi-space-size`, MB) under the
 * same load: does more room for short-lived objects save CPU per complaint? Each setting runs
 * twice, alternating, so a busy moment on the machine does not fall on one setting only.
 */
export async function benchGc(
  options: { seconds?: number; sizes?: (number | undefined)[]; rounds?: number } = {},
): Promise<BenchResult> {
  const seconds = options.seconds ?? 6;
  const sizes = options.sizes ?? [undefined, 32, 64];
  const rounds = options.rounds ?? 2;
  const results = new Map<
    string,
    { perSecond: number[]; cpu: number[]; p99: number[]; gc: ReturnType<typeof gcTally>['tally'][] }
  >();
  for (let round = 0; round < rounds; round++) {
    for (const size of sizes) {
      const label = size === undefined ? 'default' : `${size} MB`;
      const gc = gcTally();
      const server = await startServerProcess({
        nodeFlags: ['--trace-gc', ...(size === undefined ? [] : [`--max-semi-space-size=${size}`])],
        onOutput: gc.read,
      });
      try {
        await loadComplaints(server.url, 4, 2);
        await settleServer(server.url);
        const before = { ...gc.tally };
        const intake = await measureIntake(server, 8, seconds);
        const entry = results.get(label) ?? { perSecond: [], cpu: [], p99: [], gc: [] };
        entry.perSecond.push(intake.perSecond);
        entry.cpu.push(intake.cpuPerComplaint);
        entry.p99.push(intake.p99);
        entry.gc.push({
          scavenges: (gc.tally.scavenges - before.scavenges) / intake.count,
          markCompacts: gc.tally.markCompacts - before.markCompacts,
          pauseMs: (gc.tally.pauseMs - before.pauseMs) / intake.count,
        });
        results.set(label, entry);
      } finally {
        await server.stop();
      }
    }
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const rows: BenchRow[] = [...results].map(([label, entry]) => ({
    'max semi-space': label,
    'complaints/s': Number(mean(entry.perSecond).toFixed(1)),
    'p99 ms': Math.round(mean(entry.p99)),
    'CPU ms/complaint': Number(mean(entry.cpu).toFixed(1)),
    'CPU ms/complaint, each run': entry.cpu.map((value) => value.toFixed(1)).join(' / '),
    'scavenges/complaint': Number(mean(entry.gc.map((g) => g.scavenges)).toFixed(2)),
    'GC pause ms/complaint': Number(mean(entry.gc.map((g) => g.pauseMs)).toFixed(2)),
    'full GCs': entry.gc.map((g) => g.markCompacts).join(' / '),
  }));
  return {
    name: 'gc',
    rows,
    notes: [
      `8 clients, ${seconds} s per run, ${rounds} runs per setting alternating; the server as npm start runs it, with --trace-gc (its pauses are main-thread time; the CPU figure includes the collector's helper threads).`,
      'Keep the default unless a larger young generation lowers CPU ms/complaint by more than the spread between runs.',
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchIntake();
  console.table(result.rows);
  for (const note of result.notes ?? []) console.log(note);
  process.exit(0);
}
