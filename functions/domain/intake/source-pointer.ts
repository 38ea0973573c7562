/**
 * The pointer from a noise source to its case: every report about the source reads it, so
 * repeat reports join one case. A first report claims it (a conditional write) before a case
 * reference is allocated, so simultaneous first reports open one case and burn no numbers.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../keys.ts';
import type { TableAccess } from '../table-access.ts';

export interface SourcePointer {
  /** `claimed`: a first report is opening the case; `open`: reports join it; `closed`: a report may reopen it. */
  state: 'claimed' | 'open' | 'closed';
  caseRef?: string;
  /** The request that holds the claim, and since when (a claim left by a dead request is taken over). */
  claim?: string;
  /** The report that opened the case: a retry of it may finish writing the case. */
  openedBy?: string;
  claimedAt?: string;
  closedAt?: string;
  /** Until when the closed case's notice is live: a report that breaches it reopens the case. */
  liveUntil?: string;
}

/** A claim or an opening this old was left by a request that died; another report takes over. */
export const STALE_CLAIM_MS = 10_000;

const failedCondition = (error: unknown) => error instanceof ConditionalCheckFailedException;

export async function readPointer(deps: TableAccess, sourceKey: string): Promise<SourcePointer | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.table, Key: keys.source(sourceKey), ConsistentRead: true }),
  );
  return Item as SourcePointer | undefined;
}

/** Claims the source for a new case: when no pointer exists, or replacing exactly the one seen. */
export async function claimPointer(
  deps: TableAccess,
  sourceKey: string,
  claim: string,
  at: string,
  seen: SourcePointer | undefined,
): Promise<boolean> {
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.source(sourceKey), state: 'claimed', claim, claimedAt: at },
        ...(seen
          ? {
              ConditionExpression: '#state = :state AND (claim = :claim OR caseRef = :ref)',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: {
                ':state': seen.state,
                ':claim': seen.claim ?? '-',
                ':ref': seen.caseRef ?? '-',
              },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      }),
    );
    return true;
  } catch (error) {
    if (failedCondition(error)) return false;
    throw error;
  }
}

/** The claim holder names its new case: from now on reports join it. */
export async function openPointer(
  deps: TableAccess,
  sourceKey: string,
  caseRef: string,
  claim: string,
  at: string,
  openedBy: string,
) {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.source(sourceKey),
        UpdateExpression: 'SET #state = :open, caseRef = :ref, claimedAt = :at, openedBy = :by',
        ConditionExpression: 'claim = :claim OR (caseRef = :ref AND openedBy = :by)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':open': 'open',
          ':ref': caseRef,
          ':claim': claim,
          ':at': at,
          ':by': openedBy,
        },
      }),
    );
    return true;
  } catch (error) {
    if (failedCondition(error)) return false;
    throw error;
  }
}

/** A closed case reopened: only the report (or officer) that swaps closed for open does it. */
export async function reopenPointer(deps: TableAccess, sourceKey: string, caseRef: string, at: string) {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.source(sourceKey),
        UpdateExpression: 'SET #state = :open, claimedAt = :at REMOVE closedAt, liveUntil',
        ConditionExpression: 'caseRef = :ref AND #state = :closed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':open': 'open', ':closed': 'closed', ':ref': caseRef, ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if (failedCondition(error)) return false;
    throw error;
  }
}

/** The case closed: later reports reopen it for a while, then start a new one. */
export async function closePointer(
  deps: TableAccess,
  sourceKey: string,
  caseRef: string,
  closedAt: string,
  liveUntil: string | undefined,
): Promise<boolean> {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.source(sourceKey),
        UpdateExpression: `SET #state = :closed, closedAt = :at${liveUntil ? ', liveUntil = :live' : ''}${liveUntil ? '' : ' REMOVE liveUntil'}`,
        ConditionExpression: 'caseRef = :ref',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':closed': 'closed',
          ':at': closedAt,
          ':ref': caseRef,
          ...(liveUntil ? { ':live': liveUntil } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (failedCondition(error)) return false;
    throw error;
  }
}

/** Points the source at another case (a merge or a split moved it), whatever it pointed at. */
export async function pointSourceAt(deps: TableAccess, sourceKey: string, pointer: SourcePointer) {
  await deps.db.send(
    new PutCommand({ TableName: deps.table, Item: { ...keys.source(sourceKey), ...pointer } }),
  );
}
