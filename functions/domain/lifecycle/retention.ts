/**
 * Retention: when a closed case reaches the end of its retention period (policy, default six
 * years after closure), personal data goes from every place it can hide: the people's details,
 * and every piece of free text anyone wrote on the case (complaints, decision reasons, breach and
 * evidence descriptions, agreed actions, notice requirements and recipients, letters), because
 * staff may have written a name into any of them. The facts, counts, dates and outcomes stay for
 * statistics. Execution history never holds any of it: workflows carry ids and outcomes only.
 * Every step can run again without harm, so a sweep that dies half way is finished by the next.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { hasApplied, mutateCase } from '../case-store.ts';
import { deleteEvidenceContent, deleteRecordingContent } from '../evidence/retention.ts';
import { keys } from '../keys.ts';
import { postcodeDistrict } from '../model/address.ts';
import { queryAll } from '../table-access.ts';
import { type LifecycleDeps, systemActor } from './deps.ts';

export const REMOVED = '[removed at the end of the retention period]';

/** Keys whose values are free text or personal details, wherever they appear in an item. */
const REDACTED_KEYS = new Set([
  'name',
  'email',
  'phone',
  'description',
  'impact',
  'reason',
  'text',
  'action',
  'body',
  'location',
  'enquiries',
  'enquiry',
  'sourceDescription',
  'statement',
  'notes',
  'comment',
  'relationship',
  'partnersInformed',
  'fileName',
  'entries',
  'heard',
  'effect',
  'why',
  // Structured letters and notices (documents): their paragraphs, particulars and address blocks.
  'paragraphs',
  'value',
  'addressLines',
  // Staff-typed fields that may carry names.
  'court',
  'residentOutcome',
  'findings',
  // Statutory nuisance and Noise Act decisions and records: staff's own words.
  'finding',
  'steps',
  'works',
  'contractor',
  'measuredFrom',
  'note',
]);

/** Keys that are not free text even where a redacted key's name repeats (system wording, ids). */
const KEPT_INSIDE = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
]);

function redactAddress(value: unknown): unknown {
  if (!value || typeof value !== 'object') return REMOVED;
  const postcode = (value as { postcode?: unknown }).postcode;
  return {
    line1: REMOVED,
    ...(typeof postcode === 'string' ? { postcode: postcodeDistrict(postcode) } : {}),
  };
}

/** A copy of an item with every free-text and personal value replaced; ids, dates and outcomes stay. */
export function redact(value: unknown, key?: string): unknown {
  if (key && KEPT_INSIDE.has(key)) return value;
  // A notice or letter as a structured document (on notices, penalties and letters) goes whole:
  // its text, particulars and addresses are all personal. Its hash stays, for proof.
  if (key === 'document' && value !== undefined) return REMOVED;
  if (key === 'address') return redactAddress(value);
  if (key === 'recipient' && value && typeof value === 'object') {
    const recipient = value as Record<string, unknown>;
    return { kind: recipient.kind, address: redactAddress(recipient.address) };
  }
  if (key && REDACTED_KEYS.has(key)) {
    if (typeof value === 'string') return REMOVED;
    if (Array.isArray(value))
      return value.map((entry) => (typeof entry === 'string' ? REMOVED : redact(entry)));
    if (value && typeof value === 'object') return redact(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((entry) => redact(entry));
  if (value instanceof Set) return value;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redact(v, k)]),
    );
  }
  return value;
}

export async function anonymiseCase(deps: LifecycleDeps, caseRef: string): Promise<string> {
  const c = await deps.store.get(caseRef);
  const now = deps.clock.now();
  if (
    c?.status !== 'closed' ||
    c.anonymisedAt ||
    !c.retainUntil ||
    Date.parse(c.retainUntil) > now.getTime()
  ) {
    return 'nothing-due';
  }
  const at = now.toISOString();
  // Files first: a sweep that fails here leaves the case due, and the next one deletes them.
  await deleteEvidenceContent(deps, caseRef);
  const [own, children] = await Promise.all([
    queryAll(deps, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.case(caseRef).pk },
      ConsistentRead: true,
    }),
    queryAll(deps, {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseRef}` },
    }),
  ]);
  let items = 0;
  for (const stored of [...own.filter((item) => item.sk !== 'CASE'), ...children]) {
    // The index copy may lag; each item is rewritten from itself, read again by its key.
    const redacted = redact(stored) as Record<string, unknown>;
    if (JSON.stringify(redacted, setsAsArrays) === JSON.stringify(stored, setsAsArrays)) continue;
    const original = String(stored.pk).startsWith('PERSON#') ? { ...redacted, anonymisedAt: at } : redacted;
    await deps.db.send(new PutCommand({ TableName: deps.table, Item: original }));
    items++;
  }
  await mutateCase(deps.store, caseRef, (current) =>
    hasApplied(current, `anonymise:${caseRef}`)
      ? null
      : {
          event: {
            type: 'PeopleAnonymised',
            at,
            actor: systemActor,
            visibility: 'staff',
            data: { items },
            opId: `anonymise:${caseRef}`,
          },
          patch: {
            anonymisedAt: at,
            retainUntil: undefined,
            recordingsRetainUntil: undefined,
            updatedAt: at,
          },
        },
  );
  return 'anonymised';
}

/**
 * A closed case at the end of its recordings' retention (policy, commonly two years after closure):
 * the recordings' content is deleted and the case says when; the rest waits for `anonymiseCase`.
 * A case reopened meanwhile has no date set, so nothing goes.
 */
export async function deleteRecordings(deps: LifecycleDeps, caseRef: string): Promise<string> {
  const c = await deps.store.get(caseRef);
  const now = deps.clock.now();
  const due = c?.recordingsRetainUntil;
  if (c?.status !== 'closed' || !due || Date.parse(due) > now.getTime()) return 'nothing-due';
  const at = now.toISOString();
  // Content first: a sweep that fails here leaves the case due, and the next one finishes.
  const files = await deleteRecordingContent(deps, c, at);
  const opId = `recordings-deleted:${caseRef}:${due}`;
  await mutateCase(deps.store, caseRef, (current) =>
    hasApplied(current, opId) || current.recordingsRetainUntil !== due
      ? null
      : {
          event: {
            type: 'RecordingsDeleted',
            at,
            actor: systemActor,
            visibility: 'staff',
            data: { files },
            opId,
          },
          patch: { recordingsRetainUntil: undefined, updatedAt: at },
        },
  );
  return 'recordings-deleted';
}

const setsAsArrays = (_key: string, value: unknown) => (value instanceof Set ? [...value] : value);
