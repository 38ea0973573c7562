/**
 * Lifecycle dependencies plus the evidence store, for the handlers that touch evidence files (and
 * the sweeper, which deletes them at the end of retention). Kept apart from `lifecycleDeps` so the
 * S3 client is bundled only into the functions that use it.
 */
import { evidenceStoreFromEnv } from '../adapters/evidence-store/index.ts';
import type { LifecycleDeps } from '../domain/lifecycle/deps.ts';
import { lifecycleDeps } from './lifecycle-deps.ts';

export function evidenceDeps(): LifecycleDeps {
  const evidence = evidenceStoreFromEnv();
  return { ...lifecycleDeps(), ...(evidence ? { evidence } : {}) };
}
