/**
 * Writes to a case follow one rule: append the audit event under a deterministic key
 * (`EVENT#<version>`, written only if absent), then update the case item conditioned on the
 * version it was read at. The event carries the change it makes, so a writer that finds an event
 * whose change never reached the case (a crash between the two writes) applies it first.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { VersionConflict } from '../commons/errors.ts';
import { keys } from './keys.ts';
import type { AuditEvent } from './model/audit-event.ts';
import type { NoiseCase } from './model/case.ts';
import { queryAll, stripKeys } from './table-access.ts';

export type CasePatch = Partial<Omit<NoiseCase, 'caseRef' | 'version'>>;

export interface EventDraft extends Omit<AuditEvent, 'caseRef' | 'version'> {}

export interface CaseStore {
  get(caseRef: string): Promise<NoiseCase | undefined>;
  create(initial: NoiseCase, event: EventDraft): Promise<NoiseCase>;
  apply(current: NoiseCase, event: EventDraft, patch: CasePatch): Promise<NoiseCase>;
  events(caseRef: string): Promise<AuditEvent[]>;
  /** Whether an operation already left its event on the case (so a retried step does nothing). */
  eventOf(caseRef: string, opId: string): Promise<AuditEvent | undefined>;
  /** The case with the change of any event its writer died before applying (at most one) applied. */
  settle(current: NoiseCase): Promise<NoiseCase>;
}

const MAX_ATTEMPTS = 8;

/** A case whose workflow has not started this long after it asked is started by the sweeper. */
export const WORKFLOW_START_GRACE_MS = 2 * 60_000;

/**
 * Index attributes derived from the case: cases by status (most recently updated first), and a
 * due entry while the case waits for its workflow to start, or, once closed, for anonymisation.
 */
function indexAttributes(
  c: Pick<NoiseCase, 'status' | 'updatedAt' | 'caseRef' | 'awaitingWorkflowSince' | 'retainUntil'>,
) {
  const due = c.awaitingWorkflowSince
    ? {
        at: new Date(Date.parse(c.awaitingWorkflowSince) + WORKFLOW_START_GRACE_MS).toISOString(),
        kind: 'case-start',
      }
    : c.retainUntil
      ? { at: c.retainUntil, kind: 'retention' }
      : undefined;
  return {
    gsi1pk: `STATUS#${c.status}`,
    gsi1sk: `${c.updatedAt}#${c.caseRef}`,
    ...(due ? { gsi3pk: 'DUE', gsi3sk: `${due.at}#CASE#${c.caseRef}`, dueKind: due.kind } : {}),
  };
}

export function dynamoCaseStore(db: DynamoDBDocumentClient, table: string): CaseStore {
  const access = { db, table };
  async function get(caseRef: string): Promise<NoiseCase | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.case(caseRef), ConsistentRead: true }),
    );
    return Item ? stripKeys<NoiseCase>(Item) : undefined;
  }

  async function getEvent(caseRef: string, version: number) {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.event(caseRef, version), ConsistentRead: true }),
    );
    return Item as (AuditEvent & { patch: CasePatch | NoiseCase; creates?: boolean }) | undefined;
  }

  /** Writes the event; true if written now or by an earlier try of the same operation. */
  async function putEvent(
    event: AuditEvent,
    patch: CasePatch | NoiseCase,
    creates: boolean,
  ): Promise<'written' | 'ours' | 'theirs'> {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...keys.event(event.caseRef, event.version), ...event, patch, creates },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'written';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await getEvent(event.caseRef, event.version);
      return existing?.opId === event.opId ? 'ours' : 'theirs';
    }
  }

  async function writeCaseItem(next: NoiseCase, expectedVersion: number | undefined): Promise<boolean> {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...keys.case(next.caseRef), ...next, ...indexAttributes(next) },
          ConditionExpression:
            expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion === undefined
            ? {}
            : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Applies an event whose change is not on the case yet (left by a crashed writer); false if none. */
  async function rollForward(caseRef: string, current: NoiseCase | undefined): Promise<boolean> {
    const nextVersion = (current?.version ?? 0) + 1;
    const orphan = await getEvent(caseRef, nextVersion);
    if (!orphan) return false;
    const next = orphan.creates
      ? ({ ...(orphan.patch as NoiseCase), version: nextVersion } as NoiseCase)
      : ({ ...(current as NoiseCase), ...(orphan.patch as CasePatch), version: nextVersion } as NoiseCase);
    await writeCaseItem(next, current?.version);
    return true;
  }

  async function create(initial: NoiseCase, draft: EventDraft): Promise<NoiseCase> {
    const next: NoiseCase = { ...initial, version: 1 };
    const event: AuditEvent = { ...draft, caseRef: initial.caseRef, version: 1 };
    const outcome = await putEvent(event, next, true);
    if (outcome === 'theirs') throw new VersionConflict(initial.caseRef);
    if (await writeCaseItem(next, undefined)) return next;
    const existing = await get(initial.caseRef);
    if (existing && outcome === 'ours') return existing;
    throw new VersionConflict(initial.caseRef);
  }

  async function apply(current: NoiseCase, draft: EventDraft, patch: CasePatch): Promise<NoiseCase> {
    const version = current.version + 1;
    const next: NoiseCase = { ...current, ...patch, version };
    const event: AuditEvent = { ...draft, caseRef: current.caseRef, version };
    const outcome = await putEvent(event, patch, false);
    if (outcome === 'theirs') {
      await rollForward(current.caseRef, current);
      throw new VersionConflict(current.caseRef);
    }
    if (await writeCaseItem(next, current.version)) return next;
    // Someone else moved the case on. If it was this operation's own earlier try, that is success.
    const latest = await get(current.caseRef);
    if (latest && latest.version >= version && outcome === 'ours') return latest;
    throw new VersionConflict(current.caseRef);
  }

  async function events(caseRef: string): Promise<AuditEvent[]> {
    const items = await queryAll(access, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.case(caseRef).pk, ':prefix': 'EVENT#' },
      ConsistentRead: true,
    });
    return items.map((item) => {
      const {
        patch: _patch,
        creates: _creates,
        ...event
      } = stripKeys<AuditEvent & { patch: unknown; creates: unknown }>(item);
      return event;
    });
  }

  async function eventOf(caseRef: string, opId: string): Promise<AuditEvent | undefined> {
    return (await events(caseRef)).find((event) => event.opId === opId);
  }

  async function settle(current: NoiseCase): Promise<NoiseCase> {
    if (!(await rollForward(current.caseRef, current))) return current;
    return (await get(current.caseRef)) ?? current;
  }

  return { get, create, apply, events, eventOf, settle };
}

/**
 * Reads the case, computes a change and applies it, retrying from a fresh read when another
 * writer got there first. `decide` returns null when there is nothing to do.
 */
export async function mutateCase(
  store: CaseStore,
  caseRef: string,
  decide: (
    current: NoiseCase,
  ) =>
    | { event: EventDraft; patch: CasePatch }
    | null
    | Promise<{ event: EventDraft; patch: CasePatch } | null>,
): Promise<NoiseCase | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(caseRef);
    if (!current) return undefined;
    const change = await decide(current);
    // Nothing to write, often because a retried operation found its own event: the writer that
    // left it may have died before applying it, and with nothing written after it no later writer
    // would, so apply it here.
    if (!change) return store.settle(current);
    try {
      return await store.apply(current, change.event, change.patch);
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
