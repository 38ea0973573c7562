/**
 * Moving a case's records to another case (a split or a merge). An item that lives in its own
 * partition (a person, a task, a risk assessment, an enquiry) moves by changing the case it is
 * listed under; a complaint lives in its case's partition, so it is copied and the original
 * removed once the change that counts it elsewhere is applied. Every moved item carries the
 * moving operation, so it counts on the case it moved to once that operation is applied there,
 * and each step can be repeated: a move that died half way is finished by its retry.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { hashTrackingToken, trackingTokenFor } from '../identifiers.ts';
import type { StoredComplaint } from '../intake/report.ts';
import { keys } from '../keys.ts';
import { released } from '../letters/outbox.ts';
import type { LifecycleDeps } from '../lifecycle/deps.ts';
import type { NoiseCase } from '../model/case.ts';
import { queryAll, stripKeys, type TableAccess } from '../table-access.ts';

export interface CaseworkDeps extends LifecycleDeps {
  /** Derives residents' tracking tokens, so a moved complainant's token can follow them. */
  trackingTokenKey: string;
}

type RawItem = Record<string, unknown>;

/** The complaints that count on a case, as stored (with their keys). */
export async function storedComplaints(deps: TableAccess, c: NoiseCase): Promise<RawItem[]> {
  return (
    await queryAll(deps, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.case(c.caseRef).pk, ':prefix': 'COMPLAINT#' },
      ConsistentRead: true,
    })
  ).filter((item) => released(c, item as { op?: string }));
}

/** The items listed under a case in their own partitions, as stored, that count on it. */
export async function listedUnder(deps: TableAccess, c: NoiseCase, prefixes: string[]): Promise<RawItem[]> {
  const items = await queryAll(deps, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': `CASE#${c.caseRef}` },
  });
  return items.filter(
    (item) =>
      prefixes.some((prefix) => String(item.gsi2sk).startsWith(prefix)) &&
      released(c, item as { op?: string }),
  );
}

export const complaintOf = (item: RawItem) => stripKeys<StoredComplaint>(item);

/** A complaint's copy on another case, counting there once `op` is applied to it. */
export function complaintCopy(item: RawItem, to: string, op: string): RawItem {
  const complaint = complaintOf(item);
  return {
    ...keys.complaint(to, complaint.receivedAt, complaint.complaintId),
    ...complaint,
    caseRef: to,
    op,
  };
}

/** Lists an item under another case (read again by its key, so a concurrent change is kept). */
export async function moveListedItem(
  deps: TableAccess,
  item: RawItem,
  to: string,
  op: string,
): Promise<void> {
  const key = { pk: String(item.pk), sk: String(item.sk) };
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.table, Key: key, ConsistentRead: true }),
  );
  if (!Item) return;
  await deps.db.send(
    new PutCommand({ TableName: deps.table, Item: { ...Item, caseRef: to, gsi2pk: `CASE#${to}`, op } }),
  );
}

/** Removes a complaint from the case it left, once the case it joined counts it. */
export async function removeComplaint(deps: TableAccess, item: RawItem): Promise<void> {
  await deps.db.send(
    new DeleteCommand({ TableName: deps.table, Key: { pk: String(item.pk), sk: String(item.sk) } }),
  );
}

/**
 * The complainant's tracking token now opens the case their report moved to; the reference they
 * were given still opens it too (`formerCaseRefs`, read by the follow view).
 */
export async function moveTrackingToken(
  deps: CaseworkDeps,
  partyId: string,
  from: string,
  to: string,
  op: string,
): Promise<void> {
  const key = keys.tracking(hashTrackingToken(trackingTokenFor(partyId, deps.trackingTokenKey)));
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.table, Key: key, ConsistentRead: true }),
  );
  if (!Item || Item.caseRef !== from) return;
  const former = [...new Set([...((Item.formerCaseRefs as string[] | undefined) ?? []), from])];
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: key,
        UpdateExpression: 'SET caseRef = :to, formerCaseRefs = :former, op = :op',
        ConditionExpression: 'caseRef = :from',
        ExpressionAttributeValues: { ':to': to, ':former': former, ':op': op, ':from': from },
      }),
    );
  } catch (error) {
    // Moved already, by an earlier try of the same move.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** The counters a set of complaints adds to a case. */
export function countsOf(complaints: StoredComplaint[]) {
  return {
    complaintCount: complaints.length,
    nightTimeComplaints: complaints.filter((c) => c.nightTime).length,
    qualifyingComplaints: complaints.filter((c) => c.qualifying).length,
  };
}
