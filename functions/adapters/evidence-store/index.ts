/**
 * The evidence store a handler gets, from its environment: S3 when the stack gave the function a
 * bucket (`EVIDENCE_BUCKET`), the data folder when the local stack runs it (`ABATE_EVIDENCE_DIR`),
 * none otherwise. Built once per container, like the other clients.
 */
import { type Clock, processClock } from '../../commons/clock.ts';
import type { EvidenceStore } from '../../domain/evidence/store.ts';
import { localEvidenceStore } from './local.ts';
import { s3Client, s3EvidenceStore } from './s3.ts';

let shared: { config: string; store: EvidenceStore } | undefined;

export function evidenceStoreFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  clock: Clock = processClock,
): EvidenceStore | undefined {
  const bucket = env.EVIDENCE_BUCKET;
  const dir = env.ABATE_EVIDENCE_DIR;
  const signingKey = env.ABATE_EVIDENCE_SIGNING_KEY;
  const config = bucket ? `s3:${bucket}` : dir && signingKey ? `local:${dir}:${signingKey}` : undefined;
  if (!config) return undefined;
  // Rebuilt only when the configuration changed: never in Lambda, after a restart of the local stack.
  if (shared?.config !== config) {
    const store = bucket
      ? s3EvidenceStore(s3Client(), bucket, clock)
      : localEvidenceStore({ dir: dir as string, signingKey: signingKey as string, clock });
    shared = { config, store };
  }
  return shared.store;
}
