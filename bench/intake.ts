/**
 * Intake under load: complaints per second and latency through the local HTTP gateway at 1, 8 and
 * 32 concurrent clients, next to raw dynalite PutItem throughput at the same concurrency in the
 * same run (the floor the stack stands on). Each complaint is about a new source, so each opens a
 * case and starts its investigation workflow, as a real first report does.
 * `npx tsx bench/intake.ts` runs it alone.
 */
import { pathToFileURL } from 'node:url';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import { processClock } from '../functions/commons/clock.ts';
import { localAwsConfig } from '../infra/local/dynamodb.ts';
import { startLocalStack } from '../infra/local/stack.ts';
import type { BenchResult, BenchRow } from './run.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

const CONCURRENCY_LEVELS = [1, 8, 32];

let sourceNumber = 0;
export function benchComplaint(tag: string) {
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
      occurredAt: new Date(processClock.now().getTime() - 3_600_000).toISOString(),
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
    requests: [{ setupRequest: (request) => ({ ...request, body: benchComplaint(tag) }) }],
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

/** PutItem of an item the size of a case record, `concurrency` writers for `seconds`. */
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

export async function benchIntake(options: { seconds?: number } = {}): Promise<BenchResult> {
  const seconds = options.seconds ?? 5;
  const stack = await startLocalStack({ sweepEveryMs: 0 });
  const rows: BenchRow[] = [];
  try {
    // Warm up: module loading, JIT, first executions.
    await loadComplaints(stack.url, 4, 2);
    await loadPutItem(stack.dynamoEndpoint, stack.tableName, 4, 1);
    for (const connections of CONCURRENCY_LEVELS) {
      const intake = await loadComplaints(stack.url, connections, seconds);
      // Let the workflows the complaints started finish before measuring the floor.
      await stack.settle();
      const put = await loadPutItem(stack.dynamoEndpoint, stack.tableName, connections, seconds);
      rows.push({
        clients: connections,
        'complaints/s': Number(intake.perSecond.toFixed(1)),
        'p50 ms': intake.p50,
        'p99 ms': intake.p99,
        'non-2xx/errors': intake.errors,
        'dynalite PutItem/s': Number(put.perSecond.toFixed(1)),
        'PutItem p50 ms': Number(put.p50.toFixed(1)),
        'PutItem p99 ms': Number(put.p99.toFixed(1)),
        'complaints per PutItem': Number((intake.perSecond / put.perSecond).toFixed(3)),
      });
    }
  } finally {
    await stack.close();
  }
  return {
    name: 'intake',
    rows,
    notes: [
      `POST /complaints through the local HTTP gateway (autocannon, ${seconds} s per level), each about a new source: opens a case and starts its investigation workflow in the same process.`,
      'dynalite PutItem: one ~700-byte item per call from the AWS SDK, same concurrency, same dynalite, right after (the floor the stack stands on).',
      'A complaint costs several DynamoDB calls (idempotency record, source lookup, case, complaint, person items, event) plus the workflow start, so the ratio is well below 1 by design.',
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchIntake();
  console.table(result.rows);
  for (const note of result.notes ?? []) console.log(note);
  process.exit(0);
}
