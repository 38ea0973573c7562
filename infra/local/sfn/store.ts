/**
 * The runtime's checkpoints in local DynamoDB: executions, the journal of task results, pending
 * tokens and timers, and history events. Every read is a GetItem or a Query; nothing scans.
 *
 * | item        | pk              | sk                         | byMachine (ListExecutions)     | work (what to resume / fire)        |
 * |-------------|-----------------|----------------------------|--------------------------------|-------------------------------------|
 * | execution   | EXEC#<arn>      | EXECUTION                  | MACHINE#<smArn> / <start>#name | RUNNING / <start>#<arn> while open  |
 * | step        | EXEC#<arn>      | STEP#<state>#<occurrence>  |                                | DUE / <dueAt>#<pk>#<sk> while timed |
 * | exec timeout| EXEC#<arn>      | DEADLINE                   |                                | DUE / <dueAt>#<pk>#<sk> while open  |
 * | history     | EXEC#<arn>      | EVENT#<id, 8 digits>       |                                |                                     |
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TableDefinition } from '../../table/schema.ts';

export const LOCAL_SFN_TABLE_NAME = 'abate-local-sfn';

export const localSfnTable: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'byMachine',
      partitionKey: { name: 'machinePk', type: 'S' },
      sortKey: { name: 'machineSk', type: 'S' },
    },
    {
      indexName: 'work',
      partitionKey: { name: 'workPk', type: 'S' },
      sortKey: { name: 'workSk', type: 'S' },
    },
  ],
};

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** JSON text, exactly as given to StartExecution. */
  input: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** Secret mixed into this execution's task tokens, so tokens cannot be guessed. */
  tokenSecret: string;
}

export type StepKind = 'task' | 'callback' | 'wait' | 'deadline';
export type StepStatus = 'STARTED' | 'WAITING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'CLOSED';

/** One journaled task attempt, callback token, Wait timer or execution deadline. */
export interface StepRecord {
  executionArn: string;
  /** `<state>#<occurrence>`; `DEADLINE` for the execution timeout. */
  stepKey: string;
  stateName: string;
  kind: StepKind;
  status: StepStatus;
  token?: string;
  /** A callback task's Lambda (or child start) has been called. */
  invoked?: boolean;
  /** The callback's Lambda call itself failed (so no TaskSubmitted happened). */
  invokeFailed?: boolean;
  output?: string;
  error?: string;
  cause?: string;
  timeoutAt?: string;
  heartbeatAt?: string;
  heartbeatSeconds?: number;
  /** Earliest deadline; the item sits in the DUE index while it has one. */
  dueAt?: string;
}

export interface HistoryEventRecord {
  id: number;
  event: Record<string, unknown>;
}

const executionKey = (arn: string) => ({ pk: `EXEC#${arn}`, sk: 'EXECUTION' });
const stepSortKey = (stepKey: string) => (stepKey === 'DEADLINE' ? 'DEADLINE' : `STEP#${stepKey}`);
const eventSortKey = (id: number) => `EVENT#${String(id).padStart(8, '0')}`;

export class CheckpointStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName = LOCAL_SFN_TABLE_NAME,
  ) {
    this.documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  /** Writes a new execution; false when one with that ARN already exists. */
  async createExecution(record: ExecutionRecord): Promise<boolean> {
    const { pk, sk } = executionKey(record.executionArn);
    return this.conditional(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk,
          sk,
          ...record,
          machinePk: `MACHINE#${record.stateMachineArn}`,
          machineSk: `${record.startDate}#${record.name}`,
          workPk: 'RUNNING',
          workSk: `${record.startDate}#${record.executionArn}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getExecution(executionArn: string): Promise<ExecutionRecord | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: executionKey(executionArn), ConsistentRead: true }),
    );
    return Item ? stripKeys<ExecutionRecord>(Item) : undefined;
  }

  /** Closes a running execution; false when it was no longer running (first close wins). */
  async closeExecution(
    executionArn: string,
    closing: Pick<ExecutionRecord, 'status' | 'stopDate' | 'output' | 'error' | 'cause'>,
  ): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':running': 'RUNNING' };
    const sets: string[] = [];
    for (const [field, value] of Object.entries(closing)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: executionKey(executionArn),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE workPk, workSk`,
        ConditionExpression: '#status = :running',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async listExecutions(
    stateMachineArn: string,
    options: { statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string },
  ): Promise<{ executions: ExecutionRecord[]; nextToken?: string }> {
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: 'byMachine',
      KeyConditionExpression: 'machinePk = :machine',
      ExpressionAttributeValues: { ':machine': `MACHINE#${stateMachineArn}` },
      ScanIndexForward: false,
      Limit: options.maxResults || 100,
      ...(options.nextToken ? { ExclusiveStartKey: decodePageToken(options.nextToken) } : {}),
    };
    if (options.statusFilter) {
      input.FilterExpression = '#status = :status';
      input.ExpressionAttributeNames = { '#status': 'status' };
      input.ExpressionAttributeValues = {
        ...input.ExpressionAttributeValues,
        ':status': options.statusFilter,
      };
    }
    const page = await this.documents.send(new QueryCommand(input));
    return {
      executions: (page.Items ?? []).map((item) => stripKeys<ExecutionRecord>(item)),
      ...(page.LastEvaluatedKey ? { nextToken: encodePageToken(page.LastEvaluatedKey) } : {}),
    };
  }

  /** Every execution still RUNNING, oldest first: what a restart must resume. */
  async runningExecutions(): Promise<ExecutionRecord[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'work',
      KeyConditionExpression: 'workPk = :running',
      ExpressionAttributeValues: { ':running': 'RUNNING' },
    });
    return items.map((item) => stripKeys<ExecutionRecord>(item));
  }

  async getStep(executionArn: string, stepKey: string): Promise<StepRecord | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `EXEC#${executionArn}`, sk: stepSortKey(stepKey) },
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<StepRecord>(Item) : undefined;
  }

  /** Journals a step the first time; false when it is already journaled. */
  async createStep(step: StepRecord): Promise<boolean> {
    return this.conditional(
      new PutCommand({
        TableName: this.tableName,
        Item: stepItem(step),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /**
   * Replaces a step if it is still in `expectedStatus` (WAITING → SUCCEEDED happens once);
   * false when another writer got there first.
   */
  async replaceStep(step: StepRecord, expectedStatus: StepStatus | StepStatus[]): Promise<boolean> {
    const expected = Array.isArray(expectedStatus) ? expectedStatus : [expectedStatus];
    const values = Object.fromEntries(expected.map((status, index) => [`:expected${index}`, status]));
    return this.conditional(
      new PutCommand({
        TableName: this.tableName,
        Item: stepItem(step),
        ConditionExpression: `#status IN (${Object.keys(values).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Steps still waiting in one execution (to close them when it stops). */
  async openSteps(executionArn: string): Promise<StepRecord[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :step)',
      FilterExpression: '#status IN (:waiting, :started)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': `EXEC#${executionArn}`,
        ':step': 'STEP#',
        ':waiting': 'WAITING',
        ':started': 'STARTED',
      },
    });
    return items.map((item) => stripKeys<StepRecord>(item));
  }

  /** Steps whose deadline is at or before `now`, earliest first. */
  async dueSteps(now: Date): Promise<StepRecord[]> {
    // '$' sorts just after '#', so the bound includes every item due exactly at `now`.
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'work',
      KeyConditionExpression: 'workPk = :due AND workSk < :bound',
      ExpressionAttributeValues: { ':due': 'DUE', ':bound': `${now.toISOString()}$` },
    });
    return items.map((item) => stripKeys<StepRecord>(item));
  }

  async appendEvent(executionArn: string, id: number, event: Record<string, unknown>): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `EXEC#${executionArn}`, sk: eventSortKey(id), id, event: JSON.stringify(event) },
      }),
    );
  }

  /** Writes a run of consecutive history events (at most 25) in one request. */
  async appendEvents(executionArn: string, events: HistoryEventRecord[]): Promise<void> {
    let requests = events.map((record) => ({
      PutRequest: {
        Item: {
          pk: `EXEC#${executionArn}`,
          sk: eventSortKey(record.id),
          id: record.id,
          event: JSON.stringify(record.event),
        },
      },
    }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 10) throw new Error('history events stayed unprocessed after 10 attempts');
      const result = await this.documents.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
      );
      requests = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
    }
  }

  async lastEventId(executionArn: string): Promise<number> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `EXEC#${executionArn}`, ':event': 'EVENT#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Number(page.Items?.[0]?.id ?? 0);
  }

  async events(
    executionArn: string,
    options: { reverseOrder?: boolean; maxResults?: number; nextToken?: string },
  ): Promise<{ events: HistoryEventRecord[]; nextToken?: string }> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `EXEC#${executionArn}`, ':event': 'EVENT#' },
        ScanIndexForward: !options.reverseOrder,
        Limit: options.maxResults || 1000,
        ConsistentRead: true,
        ...(options.nextToken ? { ExclusiveStartKey: decodePageToken(options.nextToken) } : {}),
      }),
    );
    return {
      events: (page.Items ?? []).map((item) => ({
        id: Number(item.id),
        event: JSON.parse(String(item.event)),
      })),
      ...(page.LastEvaluatedKey ? { nextToken: encodePageToken(page.LastEvaluatedKey) } : {}),
    };
  }

  private async queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  private async conditional(command: PutCommand | UpdateCommand): Promise<boolean> {
    try {
      await this.documents.send(command as PutCommand);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

function stepItem(step: StepRecord): Record<string, unknown> {
  const pk = `EXEC#${step.executionArn}`;
  const sk = stepSortKey(step.stepKey);
  const pending = step.status === 'WAITING' || step.status === 'STARTED';
  return {
    pk,
    sk,
    ...step,
    ...(pending && step.dueAt ? { workPk: 'DUE', workSk: `${step.dueAt}#${pk}#${sk}` } : {}),
  };
}

function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, machinePk: _mp, machineSk: _ms, workPk: _wp, workSk: _ws, ...rest } = item;
  return rest as T;
}

function encodePageToken(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodePageToken(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
}
