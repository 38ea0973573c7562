/**
 * Flags mark a case for a person's attention (`workflow-stalled`, `payment-mismatch`, `refund-due`).
 * A flag is set atomically on the case (no version: it never contends with an audited change) and
 * listed under its own partition, so managers can page through flagged cases without a scan.
 */
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../keys.ts';
import type { TableAccess } from '../table-access.ts';

export const caseFlags = [
  'workflow-stalled',
  'payment-mismatch',
  'refund-due',
  'late-payment',
  'payment-after-closure',
  'occupier-without-enquiries',
  'undeliverable',
  'high-risk',
] as const;

export const flagKey = (flag: string, caseRef: string) => ({ pk: `FLAGGED#${flag}`, sk: `CASE#${caseRef}` });

export async function flagCase(
  deps: TableAccess & { clock?: { now(): Date } },
  caseRef: string,
  flag: string,
): Promise<void> {
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: keys.case(caseRef),
      UpdateExpression: 'ADD flags :flag',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':flag': new Set([flag]) },
    }),
  );
  await deps.db.send(
    new PutCommand({
      TableName: deps.table,
      Item: {
        ...flagKey(flag, caseRef),
        caseRef,
        flag,
        flaggedAt: (deps.clock?.now() ?? new Date()).toISOString(),
      },
    }),
  );
}

export async function clearFlag(deps: TableAccess, caseRef: string, flag: string): Promise<void> {
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: keys.case(caseRef),
      UpdateExpression: 'DELETE flags :flag',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':flag': new Set([flag]) },
    }),
  );
  await deps.db.send(new DeleteCommand({ TableName: deps.table, Key: flagKey(flag, caseRef) }));
}

/** Case references carrying a flag, a page at a time (oldest reference first). */
export async function casesFlagged(
  deps: TableAccess,
  flag: string,
  options: { limit: number; after?: string | undefined },
): Promise<{ caseRefs: string[]; last?: string }> {
  const page = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: options.after ? 'pk = :pk AND sk > :after' : 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': `FLAGGED#${flag}`,
        ...(options.after ? { ':after': `CASE#${options.after}` } : {}),
      },
      Limit: options.limit + 1,
      ConsistentRead: true,
    }),
  );
  const refs = (page.Items ?? []).map((item) => String(item.caseRef));
  const more = refs.length > options.limit;
  const caseRefs = refs.slice(0, options.limit);
  return { caseRefs, ...(more ? { last: caseRefs[caseRefs.length - 1] } : {}) };
}
