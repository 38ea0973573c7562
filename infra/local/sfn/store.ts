/**
 * The runtime's checkpoints in local DynamoDB: executions, the journal of task results, pending
 * tokens and timers, and history events. Every read is a GetItem or a Query; nothing scans.
 *
 * | item        | pk              | sk                         | byMachine (ListExecutions)     | work (what to resume / fire)        |
 * |-------------|-----------------|----------------------------|--------------------------------|-------------------------------------|
 * | execution   | EXEC#<arn>      | EXECUTION                  | MACHINE#<smArn> / <start>#name | RUNNING / <start>#<arn> while open  |
 * | step        | EXEC#<arn>      | STEP#<state>#<occurrence>  |                                | DUE / <dueAt>#<pk>#<sk> while timed |
 * | exec timeout| EXEC#<arn>      | DEADLINE                   |                                | DUE / <dueAt>#<pk>#<sk> while open  |
 * | history     | EXEC#<arn>      | EVENT#<last id, 8 digits>  |                                |                                     |
 *
 * History is written at checkpoints, each checkpoint's events in one item (`first`, and `events`:
 * the events as one JSON array; a checkpoint past `HISTORY_ITEM_BYTES` takes several items), so a
 * checkpoint is one small write whatever the number of events. The sort key names the item's last
 * event, so the item holding event n is the first at or after `EVENT#<n>`. (An item of the first
 * version of this store holds one event, as `id` and `event`, and reads the same.) History doubles
 * as the journal of synchronous tasks: the event that closes a task attempt carries its step key
 * and outcome, and a callback's TaskSubmitted carries its step key. Only an unbroken run of events
 * from id 1 counts.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type GetCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TableDefinition } from '../../table/schema.ts';
import {
  DOCUMENT_COMMANDS,
  type DocumentOperation,
  type DocumentOutput,
  type DocumentRequest,
  inProcessDocumentRequests,
} from '../dynamodb.ts';
import { StepFunctionsError } from './errors.ts';

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

/** What a history event records about the step it belongs to, so a replay can trust it. */
export interface EventJournal {
  /** Step key of the task attempt the event belongs to. */
  step?: string;
  /** On the event that closes a synchronous task attempt: how it ended. */
  outcome?: { status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT'; output?: string; error?: string; cause?: string };
  /** On a callback's TaskSubmitted: its Lambda (or child start) was called. */
  submitted?: boolean;
}

export interface JournaledEvent extends HistoryEventRecord, EventJournal {}

/** Everything stored about one execution, read at once to resume it. */
export interface StoredExecution {
  record: ExecutionRecord;
  steps: StepRecord[];
  /** History events in id order (possibly with gaps, where a batch was cut short). */
  events: JournaledEvent[];
  /** The history items those events came from, in order: each one's sort key and first event id. */
  historyItems: { sortKey: string; first: number }[];
}

/** A checkpoint's contents: history events with their journal notes, and step records. */
export interface Checkpoint {
  events: JournaledEvent[];
  steps: StepRecord[];
}

const executionKey = (arn: string) => ({ pk: `EXEC#${arn}`, sk: 'EXECUTION' });
const stepSortKey = (stepKey: string) => (stepKey === 'DEADLINE' ? 'DEADLINE' : `STEP#${stepKey}`);
const eventSortKey = (id: number) => `EVENT#${String(id).padStart(8, '0')}`;

const BATCH_LIMIT = 25;

/*
 * Conditions and updates are written with DynamoDB's Expected and AttributeUpdates parameters
 * rather than expressions: they say the same, and dynalite parses an expression (with a PEG
 * parser) on every request, which cost more than the rest of a conditional write.
 */

/** Condition: no item with this key yet. */
const ABSENT = { pk: { Exists: false } };

/** AttributeUpdates that set the defined fields and remove the named attributes. */
function updates(fields: Record<string, unknown>, remove: string[]): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined) changes[field] = { Action: 'PUT', Value: value };
  }
  for (const attribute of remove) changes[attribute] = { Action: 'DELETE' };
  return changes;
}
/** Most bytes of event JSON in one history item (DynamoDB's item limit is 400 KB). */
export const HISTORY_ITEM_BYTES = 350_000;
const HISTORY_END = 'EVENT#~';

/**
 * Requests in document form through the SDK's document client, for a client that is not the
 * in-process one `startLocalDynamo` made (the http transport, or any other endpoint).
 */
function sdkDocumentRequests(client: DynamoDBClient): DocumentRequest {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return async (operation, input) => {
    const Command = DOCUMENT_COMMANDS[operation] as new (input: unknown) => GetCommand;
    return (await documents.send(new Command(input))) as unknown as DocumentOutput;
  };
}

export class CheckpointStore {
  /**
   * How requests reach the table: below the SDK, straight into dynalite, when the client is the
   * in-process one (still counted by middleware on it); through the document client otherwise.
   */
  private readonly send: DocumentRequest;
  /**
   * A lower bound on the earliest `dueAt` in the DUE index, or null when nothing is due: every
   * write of a timed item lowers it, so `mayHaveDue` can skip the query until something can be due.
   */
  private earliestDue: string | null = null;
  /** While `refreshEarliestDue` queries, the writes it might miss are noted here too. */
  private dueNotedDuringRefresh: string | null | undefined;

  constructor(
    client: DynamoDBClient,
    private readonly tableName = LOCAL_SFN_TABLE_NAME,
  ) {
    this.send = inProcessDocumentRequests(client) ?? sdkDocumentRequests(client);
  }

  /** Writes a new execution; false when one with that ARN already exists. */
  async createExecution(record: ExecutionRecord): Promise<boolean> {
    const { pk, sk } = executionKey(record.executionArn);
    return this.conditional('PutItem', {
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
      Expected: ABSENT,
    });
  }

  async getExecution(executionArn: string): Promise<ExecutionRecord | undefined> {
    const { Item } = await this.send('GetItem', {
      TableName: this.tableName,
      Key: executionKey(executionArn),
      ConsistentRead: true,
    });
    return Item ? stripKeys<ExecutionRecord>(Item) : undefined;
  }

  /** Closes a running execution; false when it was no longer running (first close wins). */
  async closeExecution(
    executionArn: string,
    closing: Pick<ExecutionRecord, 'status' | 'stopDate' | 'output' | 'error' | 'cause'>,
  ): Promise<boolean> {
    return this.conditional('UpdateItem', {
      TableName: this.tableName,
      Key: executionKey(executionArn),
      AttributeUpdates: updates(closing, ['workPk', 'workSk']),
      Expected: { status: { Value: 'RUNNING' } },
    });
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
    const page = await this.send('Query', input);
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
    const { Item } = await this.send('GetItem', {
      TableName: this.tableName,
      Key: { pk: `EXEC#${executionArn}`, sk: stepSortKey(stepKey) },
      ConsistentRead: true,
    });
    return Item ? stripKeys<StepRecord>(Item) : undefined;
  }

  /** Journals a step the first time; false when it is already journaled. */
  async createStep(step: StepRecord): Promise<boolean> {
    return this.conditional('PutItem', {
      TableName: this.tableName,
      Item: this.stepItem(step),
      Expected: ABSENT,
    });
  }

  /**
   * Completes a callback that still waits with this token, in one conditional update; false when
   * it no longer waits (completed, timed out, closed) or the token is not its own.
   */
  async completeStep(
    executionArn: string,
    stepKey: string,
    token: string,
    outcome: NonNullable<EventJournal['outcome']>,
  ): Promise<boolean> {
    return this.conditional('UpdateItem', {
      TableName: this.tableName,
      Key: { pk: `EXEC#${executionArn}`, sk: stepSortKey(stepKey) },
      AttributeUpdates: updates(outcome, ['dueAt', 'workPk', 'workSk']),
      Expected: { status: { Value: 'WAITING' }, token: { Value: token } },
    });
  }

  /**
   * Writes a checkpoint: events and step records together, 25 items per BatchWriteItem (one item
   * alone as a PutItem), retrying whatever comes back unprocessed. Not atomic (neither is BatchWriteItem in AWS): a crash part
   * way leaves some items written, which is why only an unbroken run of events counts on replay.
   */
  async writeCheckpoint(executionArn: string, checkpoint: Checkpoint): Promise<number> {
    const items: Record<string, unknown>[] = [
      ...historyItems(executionArn, checkpoint.events),
      ...checkpoint.steps.map((step) => this.stepItem(step)),
    ];
    if (items.length === 1) {
      // One item (the usual checkpoint: its history) is a PutItem: the same write, and dynalite
      // spends as long again on the bookkeeping of a batch.
      await this.send('PutItem', { TableName: this.tableName, Item: items[0] });
      return 1;
    }
    let requests = 0;
    for (let start = 0; start < items.length; start += BATCH_LIMIT) {
      let pending = items.slice(start, start + BATCH_LIMIT).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) {
          if (attempt > 10) throw new Error('checkpoint items stayed unprocessed after 10 attempts');
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 10 * 2 ** attempt)));
        }
        requests++;
        const result = await this.send('BatchWriteItem', { RequestItems: { [this.tableName]: pending } });
        pending = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      }
    }
    return requests;
  }

  /** The execution, its steps and its history, in one consistent query of its partition. */
  async readExecution(executionArn: string): Promise<StoredExecution | undefined> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `EXEC#${executionArn}` },
      ConsistentRead: true,
    });
    let record: ExecutionRecord | undefined;
    const steps: StepRecord[] = [];
    const events: JournaledEvent[] = [];
    const historyItems: StoredExecution['historyItems'] = [];
    for (const item of items) {
      const sk = String(item.sk);
      if (sk === 'EXECUTION') record = stripKeys<ExecutionRecord>(item);
      else if (sk.startsWith('EVENT#')) {
        const held = eventsOf(item);
        historyItems.push({ sortKey: sk, first: held[0]?.id ?? 0 });
        events.push(...held);
      } else steps.push(stripKeys<StepRecord>(item));
    }
    return record ? { record, steps, events, historyItems } : undefined;
  }

  /** Removes history items (those a replay found past a gap, to be written again), by sort key. */
  async deleteHistory(executionArn: string, sortKeys: string[]): Promise<void> {
    for (let start = 0; start < sortKeys.length; start += BATCH_LIMIT) {
      let pending = sortKeys
        .slice(start, start + BATCH_LIMIT)
        .map((sk) => ({ DeleteRequest: { Key: { pk: `EXEC#${executionArn}`, sk } } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error('history deletes stayed unprocessed after 10 attempts');
        const result = await this.send('BatchWriteItem', { RequestItems: { [this.tableName]: pending } });
        pending = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      }
    }
  }

  /** False only when nothing can be due at `now`: no query needed to know it. */
  mayHaveDue(now: Date): boolean {
    return this.earliestDue !== null && this.earliestDue <= now.toISOString();
  }

  /** Reads the earliest due time from the index (at start, and after firing what was due). */
  async refreshEarliestDue(): Promise<void> {
    this.dueNotedDuringRefresh = null;
    try {
      const page = await this.send('Query', {
        TableName: this.tableName,
        IndexName: 'work',
        KeyConditionExpression: 'workPk = :due',
        ExpressionAttributeValues: { ':due': 'DUE' },
        Limit: 1,
      });
      const found = page.Items?.[0]?.dueAt;
      this.earliestDue = earlier(typeof found === 'string' ? found : null, this.dueNotedDuringRefresh);
    } finally {
      this.dueNotedDuringRefresh = undefined;
    }
  }

  /**
   * Replaces a step if it is still in `expectedStatus` (WAITING → SUCCEEDED happens once);
   * false when another writer got there first.
   */
  async replaceStep(step: StepRecord, expectedStatus: StepStatus | StepStatus[]): Promise<boolean> {
    const expected = Array.isArray(expectedStatus) ? expectedStatus : [expectedStatus];
    return this.conditional('PutItem', {
      TableName: this.tableName,
      Item: this.stepItem(step),
      Expected: { status: { ComparisonOperator: 'IN', AttributeValueList: expected } },
    });
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
    const [item] = historyItems(executionArn, [{ id, event }]);
    await this.send('PutItem', { TableName: this.tableName, Item: item });
  }

  async lastEventId(executionArn: string): Promise<number> {
    const page = await this.send('Query', {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': `EXEC#${executionArn}`, ':event': 'EVENT#' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    });
    const sk = page.Items?.[0]?.sk;
    return typeof sk === 'string' ? Number(sk.slice('EVENT#'.length)) : 0;
  }

  /**
   * A page of history, from the start (or the end, in reverse), or from the event a previous
   * page's `nextToken` names. Reads only the items that hold the page's events.
   */
  async events(
    executionArn: string,
    options: { reverseOrder?: boolean; maxResults?: number; nextToken?: string },
  ): Promise<{ events: HistoryEventRecord[]; nextToken?: string }> {
    const limit = options.maxResults || 1000;
    const from = options.nextToken === undefined ? undefined : decodeHistoryToken(options.nextToken);
    const pk = `EXEC#${executionArn}`;
    let upTo = HISTORY_END;
    if (options.reverseOrder && from !== undefined) {
      // The item holding event `from` is the first whose last event is at or after it.
      const holding = await this.send('Query', {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :end',
        ExpressionAttributeValues: { ':pk': pk, ':from': eventSortKey(from), ':end': HISTORY_END },
        Limit: 1,
        ConsistentRead: true,
      });
      upTo = String(holding.Items?.[0]?.sk ?? HISTORY_END);
    }
    const found: HistoryEventRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      // Each item holds one event or more: limit + 1 items are enough to know whether more follow.
      const page = await this.send('Query', {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': pk,
          ':from': options.reverseOrder ? 'EVENT#' : eventSortKey(from ?? 1),
          ':to': options.reverseOrder ? upTo : HISTORY_END,
        },
        ScanIndexForward: !options.reverseOrder,
        Limit: limit + 1 - found.length,
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      for (const item of page.Items ?? []) {
        const held = eventsOf(item);
        if (options.reverseOrder) held.reverse();
        for (const { id, event } of held) {
          if (from !== undefined && (options.reverseOrder ? id > from : id < from)) continue;
          found.push({ id, event });
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && found.length <= limit);
    const next = found[limit];
    return {
      events: found.slice(0, limit),
      ...(next ? { nextToken: encodeHistoryToken(next.id) } : {}),
    };
  }

  /** The item for a step, in the DUE index while it waits with a deadline (noted for `mayHaveDue`). */
  private stepItem(step: StepRecord): Record<string, unknown> {
    const pk = `EXEC#${step.executionArn}`;
    const sk = stepSortKey(step.stepKey);
    const pending = step.status === 'WAITING' || step.status === 'STARTED';
    if (pending && step.dueAt) {
      this.earliestDue = earlier(this.earliestDue, step.dueAt);
      if (this.dueNotedDuringRefresh !== undefined)
        this.dueNotedDuringRefresh = earlier(this.dueNotedDuringRefresh, step.dueAt);
    }
    return {
      pk,
      sk,
      ...step,
      ...(pending && step.dueAt ? { workPk: 'DUE', workSk: `${step.dueAt}#${pk}#${sk}` } : {}),
    };
  }

  private async queryAll(
    input: QueryCommandInput & Record<string, unknown>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.send('Query', {
        ...input,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  private async conditional(operation: DocumentOperation, input: Record<string, unknown>): Promise<boolean> {
    try {
      await this.send(operation, input);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/**
 * The items for a run of consecutive events: one, unless their JSON passes `HISTORY_ITEM_BYTES`
 * (then as many as it takes; an event larger than that alone in its own).
 */
function historyItems(executionArn: string, events: JournaledEvent[]): Record<string, unknown>[] {
  const firstEvent = events[0];
  const lastEvent = events[events.length - 1];
  if (!firstEvent || !lastEvent) return [];
  // The journal notes (step, outcome, submitted) travel with the event they belong to.
  const whole = JSON.stringify(events);
  // No UTF-16 unit takes more than 3 bytes in UTF-8: short enough, it is one item for certain.
  if (whole.length * 3 <= HISTORY_ITEM_BYTES || Buffer.byteLength(whole) <= HISTORY_ITEM_BYTES) {
    return [
      { pk: `EXEC#${executionArn}`, sk: eventSortKey(lastEvent.id), first: firstEvent.id, events: whole },
    ];
  }
  const items: Record<string, unknown>[] = [];
  let pieces: string[] = [];
  let bytes = 0;
  let first = 0;
  let last = 0;
  const flush = () => {
    if (pieces.length === 0) return;
    items.push({
      pk: `EXEC#${executionArn}`,
      sk: eventSortKey(last),
      first,
      events: `[${pieces.join(',')}]`,
    });
    pieces = [];
    bytes = 0;
  };
  for (const event of events) {
    const piece = JSON.stringify(event);
    const size = Buffer.byteLength(piece);
    if (pieces.length > 0 && bytes + size > HISTORY_ITEM_BYTES) flush();
    if (pieces.length === 0) first = event.id;
    pieces.push(piece);
    bytes += size + 1;
    last = event.id;
  }
  flush();
  return items;
}

/** The events a history item holds, with their journal notes, in id order. */
function eventsOf(item: Record<string, unknown>): JournaledEvent[] {
  if (typeof item.events === 'string') return JSON.parse(item.events) as JournaledEvent[];
  // One event per item, as the first version of this store wrote them.
  return [
    {
      id: Number(item.id),
      event: JSON.parse(String(item.event)),
      ...(typeof item.step === 'string' ? { step: item.step } : {}),
      ...(typeof item.outcome === 'string' ? { outcome: JSON.parse(item.outcome) } : {}),
      ...(item.submitted === true ? { submitted: true } : {}),
    },
  ];
}

function earlier(a: string | null, b: string | null | undefined): string | null {
  if (a === null) return b ?? null;
  if (b === null || b === undefined) return a;
  return a < b ? a : b;
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

function encodeHistoryToken(id: number): string {
  return Buffer.from(JSON.stringify({ event: id })).toString('base64url');
}

function decodeHistoryToken(token: string): number {
  let id: unknown;
  try {
    id = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { event?: unknown }).event;
  } catch {
    id = undefined;
  }
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1)
    throw new StepFunctionsError('InvalidToken', 'Invalid Token: not a nextToken this history gave');
  return id;
}
