/**
 * Meters what a local run would cost on AWS: DynamoDB capacity units (an SDK middleware asks every
 * handler call for `ReturnConsumedCapacity: 'TOTAL'` and sums what comes back), Lambda invocations
 * and their durations, and Step Functions state transitions read from the local runtime's history.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { localAwsConfig, requestOrigin } from '../infra/local/dynamodb.ts';
import { LOCAL_SFN_TABLE_NAME } from '../infra/local/sfn/store.ts';
import { LOCAL_TABLE_NAME } from '../infra/table/schema.ts';

const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand']);
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

type Capacity = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;

export interface Meter {
  readUnits: number;
  writeUnits: number;
  /** Writes refused by a condition: AWS bills them as writes, dynalite reports no capacity for them. */
  refusedWrites: number;
  invocations: Map<string, { count: number; ms: number }>;
  instrumentDynamo(client: DynamoDBClient): void;
  onInvoke(functionId: string, ms: number): void;
  reset(): void;
}

const sum = (capacity: Capacity) =>
  (Array.isArray(capacity) ? capacity : capacity ? [capacity] : []).reduce(
    (total, entry) => total + (entry.CapacityUnits ?? 0),
    0,
  );

export function createMeter(): Meter {
  const meter: Meter = {
    readUnits: 0,
    writeUnits: 0,
    refusedWrites: 0,
    invocations: new Map(),
    instrumentDynamo(client) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const command = String(context.commandName ?? '');
          const isRead = READS.has(command);
          const isWrite = WRITES.has(command);
          if (isRead || isWrite) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
          try {
            const result = await next(args);
            const units = sum((result.output as { ConsumedCapacity?: Capacity }).ConsumedCapacity);
            if (isRead) meter.readUnits += units;
            if (isWrite) meter.writeUnits += units;
            return result;
          } catch (error) {
            if (isWrite && (error as Error).name === 'ConditionalCheckFailedException') meter.refusedWrites++;
            throw error;
          }
        },
        { step: 'initialize', name: 'abateBenchConsumedCapacity' },
      );
    },
    onInvoke(functionId, ms) {
      const entry = meter.invocations.get(functionId) ?? { count: 0, ms: 0 };
      entry.count++;
      entry.ms += ms;
      meter.invocations.set(functionId, entry);
    },
    reset() {
      meter.readUnits = 0;
      meter.writeUnits = 0;
      meter.refusedWrites = 0;
      meter.invocations = new Map();
    },
  };
  return meter;
}

/** The operations the request meter names; anything else (table admin) counts as `other`. */
export const OPERATIONS = ['Get', 'Put', 'Update', 'Query', 'BatchWrite', 'BatchGet', 'Delete'] as const;
export type Operation = (typeof OPERATIONS)[number] | 'other';

const OPERATION_OF: Record<string, Operation> = {
  GetItemCommand: 'Get',
  PutItemCommand: 'Put',
  UpdateItemCommand: 'Update',
  QueryCommand: 'Query',
  BatchWriteItemCommand: 'BatchWrite',
  BatchGetItemCommand: 'BatchGet',
  DeleteItemCommand: 'Delete',
};

/** The case table (billed in AWS) or the local runtime's checkpoint table (Step Functions' own store in AWS). */
export type TableGroup = 'case' | 'runtime' | 'other';

export interface RequestTally {
  /** `${group}|${operation}|${origin}` → requests. */
  counts: Map<string, number>;
}

/**
 * Counts DynamoDB requests by table, operation and origin over windows the caller starts and
 * stops. Requests are counted once per `send` (before the SDK's retries, which never happen
 * locally), so the figures are exact and the same on every run.
 */
export interface RequestMeter {
  instrument(client: DynamoDBClient): void;
  start(): void;
  /** Ends the window and returns what it counted. */
  stop(): RequestTally;
}

export function createRequestMeter(): RequestMeter {
  let window: RequestTally | undefined;
  return {
    instrument(client) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (window) {
            const operation = OPERATION_OF[String(context.commandName)] ?? 'other';
            const input = args.input as { TableName?: string; RequestItems?: Record<string, unknown> };
            const table = input.TableName ?? Object.keys(input.RequestItems ?? {})[0] ?? '';
            const group: TableGroup =
              table === LOCAL_SFN_TABLE_NAME ? 'runtime' : table === LOCAL_TABLE_NAME ? 'case' : 'other';
            const key = `${group}|${operation}|${requestOrigin() ?? 'unattributed'}`;
            window.counts.set(key, (window.counts.get(key) ?? 0) + 1);
          }
          return next(args);
        },
        { step: 'initialize', name: 'abateBenchRequestCount' },
      );
    },
    start() {
      window = { counts: new Map() };
    },
    stop() {
      const ended = window ?? { counts: new Map() };
      window = undefined;
      return ended;
    },
  };
}

/** Requests in a tally that match the filters (any value when a filter is left out). */
export function countOf(
  tally: RequestTally,
  filter: { group?: TableGroup; operation?: Operation; origin?: (origin: string) => boolean } = {},
): number {
  let total = 0;
  for (const [key, count] of tally.counts) {
    const [group, operation, origin] = key.split('|') as [TableGroup, Operation, string];
    if (filter.group && filter.group !== group) continue;
    if (filter.operation && filter.operation !== operation) continue;
    if (filter.origin && !filter.origin(origin)) continue;
    total += count;
  }
  return total;
}

/**
 * State transitions of every execution so far (AWS bills each state entered; the local runtime
 * records `<Type>StateEntered` as AWS does), and the number of executions.
 */
export async function stateTransitions(sfnEndpoint: string) {
  const sfn = new SFNClient({ ...localAwsConfig, endpoint: sfnEndpoint });
  let transitions = 0;
  let executions = 0;
  try {
    const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
    for (const machine of stateMachines) {
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new ListExecutionsCommand({
            stateMachineArn: machine.stateMachineArn,
            maxResults: 1000,
            nextToken,
          }),
        );
        for (const execution of page.executions ?? []) {
          executions++;
          let historyToken: string | undefined;
          do {
            const history = await sfn.send(
              new GetExecutionHistoryCommand({
                executionArn: execution.executionArn,
                maxResults: 1000,
                nextToken: historyToken,
              }),
            );
            transitions += (history.events ?? []).filter((event) =>
              event.type?.endsWith('StateEntered'),
            ).length;
            historyToken = history.nextToken;
          } while (historyToken);
        }
        nextToken = page.nextToken;
      } while (nextToken);
    }
  } finally {
    sfn.destroy();
  }
  return { transitions, executions };
}
