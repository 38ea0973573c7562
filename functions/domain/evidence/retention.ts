/**
 * At the end of a case's retention its evidence files leave the store (every version); their
 * records keep the facts (type, size, SHA-256, dates) and lose their names with the rest of the
 * free text. Deleting what is already gone is not an error, so a sweep that dies half way is
 * finished by the next.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LifecycleDeps } from '../lifecycle/deps.ts';
import type { NoiseCase } from '../model/case.ts';
import { evidenceKey } from './model.ts';
import { evidenceOf, storeOf } from './records.ts';
import { keptKey } from './store.ts';

export async function deleteEvidenceContent(deps: LifecycleDeps, caseRef: string): Promise<number> {
  const c = await deps.store.get(caseRef);
  if (!c) return 0;
  const { files } = await evidenceOf(deps, c);
  if (files.length === 0) return 0;
  // No store here is a wiring mistake: failing keeps the case due, so the sweep tries again.
  const store = storeOf(deps);
  for (const file of files) await store.remove(keptKey(caseRef, file.fileId));
  return files.length;
}

/**
 * Recordings go sooner than the rest of a closed case (policy, commonly two years after closure
 * against six): each recording's content leaves the store, and its record keeps the facts and says
 * when the content went. Content already gone is skipped, and deleting it again is not an error.
 * Returns how many of the case's recordings are now without their content, the same number
 * however many sweeps it took.
 */
export async function deleteRecordingContent(
  deps: LifecycleDeps,
  c: Pick<NoiseCase, 'caseRef' | 'ops'>,
  at: string,
): Promise<number> {
  const recordings = (await evidenceOf(deps, c)).files.filter((file) => file.kind === 'recording');
  const left = recordings.filter((file) => !file.contentDeletedAt);
  if (left.length === 0) return recordings.length;
  const store = storeOf(deps);
  for (const file of left) {
    // Content first: a sweep that dies between the two leaves the record saying it is there, and
    // the next sweep deletes nothing and marks it.
    await store.remove(keptKey(c.caseRef, file.fileId));
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: evidenceKey.file(c.caseRef, file.fileId),
        UpdateExpression: 'SET contentDeletedAt = if_not_exists(contentDeletedAt, :at)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
  return recordings.length;
}
