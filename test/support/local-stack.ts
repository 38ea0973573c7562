/** Starts the real local stack (dynalite + HTTP gateway) for a test file and talks to it over HTTP. */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/commons/clients/dynamodb.ts';
import { processClock } from '../../functions/commons/clock.ts';
import { localAwsConfig } from '../../infra/local/dynamodb.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../infra/local/stack.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies of many shapes and assert on them
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function call<T = any>(
  stack: Pick<LocalStack, 'url'>,
  method: string,
  path: string,
  options: { json?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  } else if (options.raw !== undefined) {
    body = options.raw;
  }
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // leave as text: a test asserting JSON will say so
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

export async function startTestStack(options: LocalStackOptions = {}) {
  const stack = await startLocalStack(options);
  const raw = new DynamoDBClient({ ...localAwsConfig, endpoint: stack.dynamoEndpoint });
  const db = documentClient(raw);
  return {
    stack,
    db,
    /** Every item in one partition, for assertions about what was (not) written. */
    async partition(pk: string) {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: stack.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        }),
      );
      return Items ?? [];
    },
    /** The people listed under a case (complainants, the source), as stored. */
    async peopleOf(caseRef: string) {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: stack.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :person)',
          ExpressionAttributeValues: { ':pk': `CASE#${caseRef}`, ':person': 'PERSON#' },
        }),
      );
      return Items ?? [];
    },
    async casesWithStatus(status: string) {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: stack.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `STATUS#${status}` },
        }),
      );
      return Items ?? [];
    },
    async close() {
      await stack.settle();
      raw.destroy();
      await stack.close();
    },
  };
}

let sourceCounter = 0;

/** A valid complaint; each call is about a different source unless `sourceLine1` is given. */
export function complaintBody(
  overrides: {
    sourceLine1?: string;
    sourcePostcode?: string;
    occurredAt?: string;
    name?: string;
    email?: string;
  } = {},
) {
  sourceCounter++;
  return {
    complainant: {
      name: overrides.name ?? 'Ann Example',
      email: overrides.email ?? 'ann@example.com',
      phone: '01632 960 001',
      address: { line1: '1 Mare Street', town: 'London', postcode: 'E8 1DY' },
    },
    source: {
      address: {
        line1: overrides.sourceLine1 ?? `${100 + sourceCounter} Test Road ${process.pid}`,
        postcode: overrides.sourcePostcode ?? 'E8 1DY',
      },
      kind: 'domestic',
      description: 'The flat above mine',
    },
    noise: {
      category: 'music',
      description: 'Loud bass music with shouting',
      occurredAt: overrides.occurredAt ?? new Date(processClock.now().getTime() - 3_600_000).toISOString(),
      impact: 'I cannot sleep',
    },
  };
}
