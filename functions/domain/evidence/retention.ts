/**
 * At the end of a case's retention its evidence files leave the store (every version); their
 * records keep the facts (type, size, SHA-256, dates) and lose their names with the rest of the
 * free text. Deleting what is already gone is not an error, so a sweep that dies half way is
 * finished by the next.
 */
import type { LifecycleDeps } from '../lifecycle/deps.ts';
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
