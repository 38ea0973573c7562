/**
 * The dependencies handlers pass into domain functions, built once per Lambda container from the
 * environment. Domain code never reaches for these itself, so tests pass their own.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type PolicyBook, policyBook } from '../config/policy.ts';
import { type CaseStore, dynamoCaseStore } from '../domain/case-store.ts';
import { sharedDynamo, tableName } from './clients/dynamodb.ts';
import { type Clock, processClock } from './clock.ts';

export interface CaseDeps {
  raw: DynamoDBClient;
  db: DynamoDBDocumentClient;
  table: string;
  store: CaseStore;
  clock: Clock;
  policy: PolicyBook;
}

let deps: CaseDeps | undefined;

export function caseDeps(): CaseDeps {
  const { raw, doc } = sharedDynamo();
  const table = tableName();
  // Rebuilt only when the client changed: never in Lambda, after a restart of the local stack.
  if (!deps || deps.raw !== raw || deps.table !== table) {
    deps = {
      raw,
      db: doc,
      table,
      store: dynamoCaseStore(doc, table),
      clock: processClock,
      policy: policyBook(),
    };
  }
  return deps;
}
