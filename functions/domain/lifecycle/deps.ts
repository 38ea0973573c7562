/** What lifecycle code needs from outside: the case table, the clock, the policy, the workflow engine and the evidence store. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WorkflowEngine } from '../../commons/clients/sfn.ts';
import type { Clock } from '../../commons/clock.ts';
import type { PolicyBook } from '../../config/policy.ts';
import type { CaseStore } from '../case-store.ts';
import type { DocumentRenderer } from '../documents/pdf.ts';
import type { EvidenceStore } from '../evidence/store.ts';

export interface LifecycleDeps {
  db: DynamoDBDocumentClient;
  table: string;
  store: CaseStore;
  clock: Clock;
  policy: PolicyBook;
  engine: WorkflowEngine;
  /** Where evidence files live (S3, or the data folder locally); absent where a function has no access. */
  evidence?: EvidenceStore;
  /**
   * Renders a notice to PDF so its hash can be recorded when it is served. Only the functions
   * that serve notices are given it, so pdfmake and its fonts stay out of every other bundle.
   */
  documents?: DocumentRenderer;
  log?: {
    error(message: string, extra?: Record<string, unknown>): void;
    info(message: string, extra?: Record<string, unknown>): void;
  };
}

export interface Caller {
  id: string;
  name?: string;
  groups: string[];
}

export const systemActor = { kind: 'system' as const };
export const staffActor = (caller: Caller) => ({
  kind: 'staff' as const,
  id: caller.id,
  groups: caller.groups,
  ...(caller.name ? { name: caller.name } : {}),
});

/**
 * Completes a callback, following its token if it moved: a workflow that retried its callback
 * state (after a restart) waits on a newer token than the one first read. False when nothing
 * waits for it any more.
 */
export async function completeCallback(
  deps: Pick<LifecycleDeps, 'engine'>,
  token: string,
  output: Record<string, unknown>,
  currentToken: () => Promise<string | undefined>,
): Promise<boolean> {
  let used = token;
  let waiting = await deps.engine.complete(used, output);
  for (let attempt = 0; !waiting && attempt < 3; attempt++) {
    const fresh = await currentToken();
    if (!fresh || fresh === used) break;
    used = fresh;
    waiting = await deps.engine.complete(used, output);
  }
  return waiting;
}
