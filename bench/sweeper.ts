/**
 * Scaling of the sweeper: DynamoDB read units of one sweep with 1,000 and with 100,000 closed
 * cases in the table and the same number of due items (overdue triage tasks of real cases). The
 * sweeper queries the due index up to now, so its cost should follow the due items, not the table.
 * Closed cases are written straight to the table with BatchWriteItem, shaped as the case store
 * writes them (case item with its status in gsi1 and its retention date in the due index, and its
 * closing audit event). `npx tsx bench/sweeper.ts` runs it alone.
 */
import { pathToFileURL } from 'node:url';
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { processClock } from '../functions/commons/clock.ts';
import { localAwsConfig } from '../infra/local/dynamodb.ts';
import { startLocalStack } from '../infra/local/stack.ts';
import { benchComplaint } from './intake.ts';
import { createMeter } from './meter.ts';
import type { BenchResult, BenchRow } from './run.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

const DAY_MS = 86_400_000;

function closedCaseItems(index: number): WriteRequest[] {
  const caseRef = `NN-2019-${String(index).padStart(6, '0')}`;
  // Closed within the last few weeks: retention (six years) keeps them in the due index, not yet due.
  const closedAt = new Date(Date.now() - (index % 1000) * 3_600_000).toISOString();
  const retainUntil = new Date(Date.parse(closedAt) + 6 * 365 * DAY_MS).toISOString();
  const put = (item: Record<string, string | number>) => ({
    PutRequest: {
      Item: Object.fromEntries(
        Object.entries(item).map(([key, value]) => [
          key,
          typeof value === 'number' ? { N: String(value) } : { S: value },
        ]),
      ),
    },
  });
  return [
    put({
      pk: `CASE#${caseRef}`,
      sk: 'CASE',
      caseRef,
      status: 'closed',
      closedReason: 'complied',
      version: 9,
      openedAt: '2019-12-01T10:00:00.000Z',
      updatedAt: closedAt,
      sourceKey: `${index} closed road|E8 1DY`,
      gsi1pk: 'STATUS#closed',
      gsi1sk: `${closedAt}#${caseRef}`,
      gsi3pk: 'DUE',
      gsi3sk: `${retainUntil}#CASE#${caseRef}`,
    }),
    put({
      pk: `CASE#${caseRef}`,
      sk: 'EVENT#000009',
      type: 'CaseClosed',
      at: closedAt,
      reason: 'The source complied for the whole compliance period',
    }),
  ];
}

async function writeClosedCases(endpoint: string, table: string, count: number) {
  const client = new DynamoDBClient({ ...localAwsConfig, endpoint });
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        let pending: WriteRequest[] = [];
        const flush = async () => {
          let unprocessed: WriteRequest[] | undefined = pending;
          pending = [];
          while (unprocessed?.length) {
            const written: BatchWriteItemCommandOutput = await client.send(
              new BatchWriteItemCommand({ RequestItems: { [table]: unprocessed } }),
            );
            unprocessed = written.UnprocessedItems?.[table];
          }
        };
        while (next < count) {
          pending.push(...closedCaseItems(next++));
          if (pending.length >= 24) await flush();
        }
        await flush();
      }),
    );
  } finally {
    client.destroy();
  }
  return (performance.now() - started) / 1000;
}

async function measureSweep(closedCases: number, dueItems: number) {
  const meter = createMeter();
  const stack = await startLocalStack({
    sweepEveryMs: 0,
    retryDelayScale: 0.001,
    instrumentDynamo: meter.instrumentDynamo,
  });
  try {
    const loadSeconds = await writeClosedCases(stack.dynamoEndpoint, stack.tableName, closedCases);
    const tag = `sweep-${closedCases}`;
    let opened = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (opened < dueItems) {
          opened++;
          const response = await fetch(`${stack.url}/complaints`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: benchComplaint(tag),
          });
          if (response.status !== 201) throw new Error(`complaint refused: ${response.status}`);
        }
      }),
    );
    await stack.settle();
    // Five days on, without settling: every triage task (due in 2 working days) is overdue.
    processClock.setOffset(processClock.offset + 5 * DAY_MS);
    meter.reset();
    const started = performance.now();
    const report = await stack.sweep();
    const ms = performance.now() - started;
    return { loadSeconds, report, ms, readUnits: meter.readUnits, writeUnits: meter.writeUnits };
  } finally {
    await stack.close();
    processClock.setOffset(0);
  }
}

export async function benchSweeper(
  options: { small?: number; large?: number; due?: number } = {},
): Promise<BenchResult> {
  const small = options.small ?? 1_000;
  const large = options.large ?? 100_000;
  const due = options.due ?? 50;
  const rows: BenchRow[] = [];
  const figures = [];
  for (const [closed, dueItems] of [
    [small, due],
    [large, due],
    [small, due * 2],
  ] as const) {
    const measured = await measureSweep(closed, dueItems);
    figures.push(measured);
    rows.push({
      'closed cases in table': closed,
      'due items': dueItems,
      'items examined': measured.report.examined,
      'read units': Number(measured.readUnits.toFixed(1)),
      'write units': Number(measured.writeUnits.toFixed(1)),
      'sweep ms': Number(measured.ms.toFixed(0)),
      'table load s': Number(measured.loadSeconds.toFixed(1)),
    });
  }
  const [first, second, third] = figures;
  const ratio = first && second && first.readUnits > 0 ? second.readUnits / first.readUnits : Number.NaN;
  const dueRatio = first && third && first.readUnits > 0 ? third.readUnits / first.readUnits : Number.NaN;
  return {
    name: 'sweeper',
    rows,
    notes: [
      `Read units of one sweep, ${large.toLocaleString('en-GB')} vs ${small.toLocaleString('en-GB')} closed cases: ×${ratio.toFixed(2)} (table ×${large / small}). The cost follows the ${due} due items, not the table.`,
      `Twice the due items (${due * 2}) in the small table: read units ×${dueRatio.toFixed(2)}.`,
      'Due items: overdue triage tasks of real cases opened over HTTP. Closed cases carry their retention date in the due index, as the key schema documents, so the sweep reads past none of them.',
      'Read units from ReturnConsumedCapacity (dynalite); the writes are the escalations of the overdue tasks.',
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchSweeper();
  console.table(result.rows);
  for (const note of result.notes ?? []) console.log(note);
  process.exit(0);
}
