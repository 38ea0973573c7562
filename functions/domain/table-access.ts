/**
 * The few ways domain code reads and writes the table, in one place: items without their key
 * attributes, write-once puts, and paged queries (by partition, or by case through gsi2).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

export interface TableAccess {
  db: DynamoDBDocumentClient;
  table: string;
}

/** An item as the domain sees it: without the table's key and index attributes. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    gsi3pk: _e,
    gsi3sk: _f,
    dueKind: _g,
    gsi4pk: _h,
    gsi4sk: _i,
    ...rest
  } = item;
  return setsToArrays<T>(rest);
}

export async function getItem<T>(
  access: TableAccess,
  key: { pk: string; sk: string },
): Promise<T | undefined> {
  const { Item } = await access.db.send(
    new GetCommand({ TableName: access.table, Key: key, ConsistentRead: true }),
  );
  return Item ? stripKeys<T>(Item) : undefined;
}

/** Writes an item only if its key is new; false when it was already there (an earlier try wrote it). */
export async function putIfAbsent(access: TableAccess, item: Record<string, unknown>): Promise<boolean> {
  try {
    await access.db.send(
      new PutCommand({
        TableName: access.table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Every page of a query. */
export async function queryAll(
  access: TableAccess,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
) {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await access.db.send(
      new QueryCommand({ ...input, TableName: access.table, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Items that belong to a case but live in their own partitions (people, tasks, deadlines, penalties, letters). */
export async function childrenOfCase<T>(access: TableAccess, caseRef: string, prefix: string): Promise<T[]> {
  const items = await queryAll(access, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `CASE#${caseRef}`, ':prefix': prefix },
  });
  return items.map((item) => stripKeys<T>(item));
}

/** Sets attributes on an existing item (no condition: callers use it for idempotent values). */
export async function setAttributes(
  access: TableAccess,
  key: { pk: string; sk: string },
  changes: Record<string, unknown>,
): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(changes).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:v${i}`] = value;
    return `#a${i} = :v${i}`;
  });
  await access.db.send(
    new UpdateCommand({
      TableName: access.table,
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * Writes independent items in as few requests as possible (25 to a batch), retrying what DynamoDB
 * leaves unprocessed. Not conditional and not atomic: callers write only items whose key is theirs
 * alone (derived from their own operation), so writing one twice writes the same thing.
 */
export async function batchPut(access: TableAccess, items: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = items
      .slice(start, start + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
      if (attempt >= 10) throw new Error('DynamoDB left items of a batch unprocessed ten times');
      const result = await access.db.send(
        new BatchWriteCommand({ RequestItems: { [access.table]: requests } }),
      );
      requests = (result.UnprocessedItems?.[access.table] ?? []) as typeof requests;
    }
  }
}

/** Several items by key in one request (100 at most), in no particular order. */
export async function batchGet<T>(access: TableAccess, itemKeys: { pk: string; sk: string }[]): Promise<T[]> {
  const found: T[] = [];
  for (let start = 0; start < itemKeys.length; start += 100) {
    let Keys: Record<string, unknown>[] = itemKeys.slice(start, start + 100);
    for (let attempt = 0; Keys.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
      if (attempt >= 10) throw new Error('DynamoDB left keys of a batch read unprocessed ten times');
      const result = await access.db.send(
        new BatchGetCommand({ RequestItems: { [access.table]: { Keys, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[access.table] ?? []).map((item) => stripKeys<T>(item)));
      Keys = result.UnprocessedKeys?.[access.table]?.Keys ?? [];
    }
  }
  return found;
}

/** Sets become arrays: the domain model speaks arrays, DynamoDB stores some lists as string sets. */
export function setsToArrays<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item))
    out[name] = value instanceof Set ? [...value].sort() : value;
  return out as T;
}
