/**
 * The refusals every casework action shares. Each is checked before anything is written, so a
 * refused request leaves the case exactly as it was (a property the casework tests check).
 */
import { conflict, notFound } from '../../commons/errors.ts';
import type { LifecycleDeps } from '../lifecycle/deps.ts';
import type { NoiseCase } from '../model/case.ts';

export async function caseOrNotFound(
  deps: Pick<LifecycleDeps, 'store'>,
  caseRef: string,
): Promise<NoiseCase> {
  const c = await deps.store.get(caseRef);
  if (!c) throw notFound('No case with that reference');
  return c;
}

/** A merged case is a closed record; everything about it now happens on the case it joined. */
export function refuseMerged(c: NoiseCase): void {
  if (c.mergedInto)
    throw conflict(
      'CASE_MERGED',
      `Case ${c.caseRef} was merged into ${c.mergedInto}; act on that case instead`,
    );
}

export function refuseClosed(c: NoiseCase, hint = 'reopen it first'): void {
  refuseMerged(c);
  if (c.status === 'closed') throw conflict('CASE_CLOSED', `Case ${c.caseRef} is closed; ${hint}`);
}
