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
import { localAwsConfig } from '../infra/local/dynamodb.ts';

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
