/**
 * Audited changes to a case follow one rule: append the audit event under a deterministic key
 * (`EVENT#<version>`, written only if absent), then update the case item conditioned on the
 * version it was read at. The event carries the change it makes, so a writer that finds an event
 * whose change never reached the case (a crash between the two writes) applies it first, and a
 * reader shows the case with it applied.
 *
 * The case item is updated attribute by attribute (never replaced), so counters other requests
 * add to atomically (complaints) survive an audited change made at the same moment. Every applied
 * change adds its operation's hash to `ops`: a retried operation recognises its own work in the
 * case it has already read, with no read of the audit trail.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { VersionConflict } from '../commons/errors.ts';
import { keys } from './keys.ts';
import type { AuditEvent } from './model/audit-event.ts';
import type { NoiseCase } from './model/case.ts';
import { queryAll, stripKeys } from './table-access.ts';

export type CasePatch = Partial<Omit<NoiseCase, 'caseRef' | 'version' | 'ops' | 'flags'>>;

export interface EventDraft extends Omit<AuditEvent, 'caseRef' | 'version'> {}

/** One audited change: its event, the attributes it sets (undefined removes one) and flag changes. */
export interface CaseChange {
  event: EventDraft;
  patch: CasePatch;
  addFlags?: string[];
  removeFlags?: string[];
}

export interface CaseStore {
  /** The case item as stored (one consistent read). */
  get(caseRef: string): Promise<NoiseCase | undefined>;
  /** The case with any change a crashed writer left in the audit trail applied: for views. */
  read(caseRef: string): Promise<NoiseCase | undefined>;
  /** Creates a case with its first event; fails with VersionConflict when it exists. */
  create(initial: NoiseCase, event: EventDraft): Promise<NoiseCase>;
  apply(current: NoiseCase, change: CaseChange): Promise<NoiseCase>;
  events(caseRef: string): Promise<AuditEvent[]>;
  /** The case with the change of an event its writer died before applying (at most one) applied. */
  settle(current: NoiseCase): Promise<NoiseCase>;
}

/** The hash an operation leaves in `ops` (96 bits: collisions within one case are not a concern). */
export function opKey(opId: string): string {
  return createHash('sha256').update(opId).digest('base64url').slice(0, 16);
}

/** Whether an operation's change is already on the case. */
export function hasApplied(c: Pick<NoiseCase, 'ops'>, opId: string): boolean {
  return c.ops?.includes(opKey(opId)) ?? false;
}

/** A case whose workflow has not started this long after it asked is started by the sweeper. */
export const WORKFLOW_START_GRACE_MS = 2 * 60_000;

const MAX_ATTEMPTS = 25;

/**
 * Index attributes derived from the case: cases by status (most recently updated first), and a
 * due entry while the case waits for its workflow to start, or, once closed, for its recordings'
 * deletion and then for anonymisation.
 */
export function caseIndexAttributes(
  c: Pick<
    NoiseCase,
    | 'status'
    | 'updatedAt'
    | 'caseRef'
    | 'awaitingWorkflowSince'
    | 'retainUntil'
    | 'recordingsRetainUntil'
    | 'phase'
  >,
): Record<string, string | undefined> {
  const due = c.awaitingWorkflowSince
    ? {
        at: new Date(Date.parse(c.awaitingWorkflowSince) + WORKFLOW_START_GRACE_MS).toISOString(),
        kind: 'case-start',
      }
    : c.recordingsRetainUntil && (!c.retainUntil || c.recordingsRetainUntil < c.retainUntil)
      ? { at: c.recordingsRetainUntil, kind: 'recording-retention' }
      : c.retainUntil
        ? { at: c.retainUntil, kind: 'retention' }
        : undefined;
  return {
    gsi1pk: `STATUS#${c.status}`,
    gsi1sk: `${c.updatedAt}#${c.caseRef}`,
    gsi4pk: c.status === 'closed' ? undefined : 'OPEN',
    gsi4sk: c.status === 'closed' ? undefined : `${c.updatedAt}#${c.caseRef}`,
    gsi3pk: due ? 'DUE' : undefined,
    gsi3sk: due ? `${due.at}#CASE#${c.caseRef}` : undefined,
    dueKind: due?.kind,
  };
}

/** The case item as the domain sees it. */
export function caseFromItem(item: Record<string, unknown>): NoiseCase {
  return stripKeys<NoiseCase>(item);
}

interface StoredEvent extends AuditEvent {
  patch: CasePatch | NoiseCase;
  unset?: string[];
  addFlags?: string[];
  removeFlags?: string[];
  creates?: boolean;
}

/** Builds the UpdateItem that applies a change on top of `current` (conditioned on its version). */
function updateFor(
  current: NoiseCase,
  patch: CasePatch,
  unset: readonly string[],
  opId: string,
  flags: { add?: string[] | undefined; remove?: string[] | undefined },
) {
  const next = { ...current, ...patch } as NoiseCase;
  for (const name of unset) delete (next as Record<string, unknown>)[name];
  const sets: Record<string, unknown> = { ...patch, version: current.version + 1 };
  const removes = new Set(unset);
  for (const [name, value] of Object.entries(caseIndexAttributes(next))) {
    if (value === undefined) removes.add(name);
    else sets[name] = value;
  }
  for (const name of Object.keys(sets)) if (sets[name] === undefined) removes.add(name);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':expected': current.version, ':op': new Set([opKey(opId)]) };
  const name = (attribute: string) => {
    const alias = `#n${Object.keys(names).length}`;
    names[alias] = attribute;
    return alias;
  };
  const setParts: string[] = [];
  for (const [attribute, value] of Object.entries(sets)) {
    if (value === undefined) continue;
    const valueAlias = `:v${setParts.length}`;
    values[valueAlias] = value;
    setParts.push(`${name(attribute)} = ${valueAlias}`);
  }
  for (const attribute of ['version', ...removes])
    if (sets[attribute] !== undefined) removes.delete(attribute);
  const removeParts = [...removes].map(name);
  const addParts = [`${name('ops')} :op`];
  const deleteParts: string[] = [];
  if (flags.add?.length) {
    values[':addFlags'] = new Set(flags.add);
    addParts.push(`${name('flags')} :addFlags`);
  } else if (flags.remove?.length) {
    values[':removeFlags'] = new Set(flags.remove);
    deleteParts.push(`${name('flags')} :removeFlags`);
  }
  const expression = [
    `SET ${setParts.join(', ')}`,
    removeParts.length ? `REMOVE ${removeParts.join(', ')}` : '',
    `ADD ${addParts.join(', ')}`,
    deleteParts.length ? `DELETE ${deleteParts.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    UpdateExpression: expression,
    ConditionExpression: `${name('version')} = :expected`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** Splits a patch into attributes to set and attributes to remove (undefined values). */
function splitPatch(patch: CasePatch): { set: CasePatch; unset: string[] } {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) unset.push(name);
    else set[name] = value;
  }
  return { set: set as CasePatch, unset };
}

export function dynamoCaseStore(db: DynamoDBDocumentClient, table: string): CaseStore {
  const access = { db, table };

  async function get(caseRef: string): Promise<NoiseCase | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.case(caseRef), ConsistentRead: true }),
    );
    return Item ? caseFromItem(Item) : undefined;
  }

  async function getEvent(caseRef: string, version: number): Promise<StoredEvent | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.event(caseRef, version), ConsistentRead: true }),
    );
    return Item ? stripKeys<StoredEvent>(Item) : undefined;
  }

  /** Writes the event; `ours` when an earlier try of the same operation wrote it. */
  async function putEvent(event: StoredEvent): Promise<'written' | 'ours' | 'theirs'> {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...keys.event(event.caseRef, event.version), ...event },
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

  async function putNewCase(next: NoiseCase): Promise<boolean> {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.case(next.caseRef),
            ...Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined)),
            ...(next.ops?.length ? { ops: new Set(next.ops) } : {}),
            ...(next.flags?.length ? { flags: new Set(next.flags) } : {}),
            ...Object.fromEntries(
              Object.entries(caseIndexAttributes(next)).filter(([, value]) => value !== undefined),
            ),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Applies a stored event on top of `current`; undefined when another writer moved the case first. */
  async function applyStored(current: NoiseCase, event: StoredEvent): Promise<NoiseCase | undefined> {
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.case(current.caseRef),
          ...updateFor(current, event.patch as CasePatch, event.unset ?? [], event.opId, {
            add: event.addFlags,
            remove: event.removeFlags,
          }),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? caseFromItem(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** Applies the event after `current` if its writer died before doing so; true if there was one. */
  async function rollForward(caseRef: string, current: NoiseCase | undefined): Promise<boolean> {
    const orphan = await getEvent(caseRef, (current?.version ?? 0) + 1);
    if (!orphan) return false;
    if (orphan.creates || !current) {
      if (orphan.creates) await putNewCase({ ...(orphan.patch as NoiseCase), version: 1 });
      return true;
    }
    await applyStored(current, orphan);
    return true;
  }

  async function create(initial: NoiseCase, draft: EventDraft): Promise<NoiseCase> {
    const next: NoiseCase = { ...initial, version: 1, ops: [...(initial.ops ?? []), opKey(draft.opId)] };
    const event: StoredEvent = { ...draft, caseRef: initial.caseRef, version: 1, patch: next, creates: true };
    const outcome = await putEvent(event);
    if (outcome === 'theirs') throw new VersionConflict(initial.caseRef);
    if (await putNewCase(next)) return next;
    const existing = await get(initial.caseRef);
    if (existing && outcome === 'ours') return existing;
    throw new VersionConflict(initial.caseRef);
  }

  async function apply(current: NoiseCase, change: CaseChange): Promise<NoiseCase> {
    const version = current.version + 1;
    const { set, unset } = splitPatch(change.patch);
    const event: StoredEvent = {
      ...change.event,
      caseRef: current.caseRef,
      version,
      patch: set,
      ...(unset.length ? { unset } : {}),
      ...(change.addFlags?.length ? { addFlags: change.addFlags } : {}),
      ...(change.removeFlags?.length ? { removeFlags: change.removeFlags } : {}),
    };
    const outcome = await putEvent(event);
    if (outcome === 'theirs') {
      await rollForward(current.caseRef, current);
      throw new VersionConflict(current.caseRef);
    }
    // `ours`: an earlier try of this operation wrote the event and died; apply what it stored.
    const applied = await applyStored(
      current,
      outcome === 'ours' ? ((await getEvent(current.caseRef, version)) ?? event) : event,
    );
    if (applied) return applied;
    const latest = await get(current.caseRef);
    if (latest && hasApplied(latest, change.event.opId)) return latest;
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
        unset: _unset,
        addFlags: _addFlags,
        removeFlags: _removeFlags,
        creates: _creates,
        ...event
      } = stripKeys<StoredEvent>(item);
      return event;
    });
  }

  async function settle(current: NoiseCase): Promise<NoiseCase> {
    if (!(await rollForward(current.caseRef, current))) return current;
    return (await get(current.caseRef)) ?? current;
  }

  async function read(caseRef: string): Promise<NoiseCase | undefined> {
    const current = await get(caseRef);
    if (!current) {
      // A creation whose case item never landed: its first event holds the whole case.
      return (await rollForward(caseRef, undefined)) ? get(caseRef) : undefined;
    }
    return settle(current);
  }

  return { get, read, create, apply, events, settle };
}

/**
 * Reads the case, computes a change and applies it, retrying from a fresh read when another
 * writer got there first. `decide` returns null when there is nothing to do (often because the
 * operation finds its own change already applied).
 */
export async function mutateCase(
  store: CaseStore,
  caseRef: string,
  decide: (current: NoiseCase) => CaseChange | null | Promise<CaseChange | null>,
): Promise<NoiseCase | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(caseRef);
    if (!current) return undefined;
    const change = await decide(current);
    if (!change) return current;
    if (hasApplied(current, change.event.opId)) return current;
    try {
      return await store.apply(current, change);
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= MAX_ATTEMPTS) throw error;
      // Full jitter, growing: simultaneous writers spread out instead of colliding again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 5 * 2 ** attempt)));
    }
  }
}
