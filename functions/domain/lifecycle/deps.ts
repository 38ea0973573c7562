/** What lifecycle code needs from outside: the case table, the clock, the policy and the workflow engine. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WorkflowEngine } from '../../commons/clients/sfn.ts';
import type { Clock } from '../../commons/clock.ts';
import type { PolicyBook } from '../../config/policy.ts';
import type { CaseStore } from '../case-store.ts';

export interface LifecycleDeps {
  db: DynamoDBDocumentClient;
  table: string;
  store: CaseStore;
  clock: Clock;
  policy: PolicyBook;
  engine: WorkflowEngine;
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
});
