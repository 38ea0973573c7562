/** Helpers for the hostile tests: what a proper refusal looks like, and the table's size. */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';
import { localAwsConfig } from '../../infra/local/dynamodb.ts';
import type { ApiResponse } from '../support/local-stack.ts';

/** A 4xx with an error code a client can act on, a message, and for validation a message per field. */
export function expectRefusal(response: ApiResponse, context: string): void {
  const where = `${context} → ${response.status} ${JSON.stringify(response.body)?.slice(0, 400)}`;
  expect(response.status, where).toBeGreaterThanOrEqual(400);
  expect(response.status, where).toBeLessThan(500);
  const error = response.body?.error;
  expect(typeof error?.code, where).toBe('string');
  expect(typeof error?.message, where).toBe('string');
  if (error.code === 'VALIDATION_FAILED' && response.status === 400) {
    expect(Array.isArray(error.fields) && error.fields.length > 0, where).toBe(true);
    for (const field of error.fields) {
      expect(typeof field.path, where).toBe('string');
      expect(String(field.message ?? '').length, where).toBeGreaterThan(0);
    }
  }
  expect(JSON.stringify(response.body), where).not.toMatch(/\.ts:\d+|at \w+ \(|node:internal/);
}

/** Every item in the case table (tests may scan; product code never does). */
export async function countItems(endpoint: string, table: string): Promise<number> {
  const client = new DynamoDBClient({ ...localAwsConfig, endpoint });
  try {
    let total = 0;
    let ExclusiveStartKey: Record<string, never> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey }),
      );
      total += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (ExclusiveStartKey);
    return total;
  } finally {
    client.destroy();
  }
}
