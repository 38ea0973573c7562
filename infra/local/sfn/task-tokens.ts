/**
 * Task tokens: each names its execution and step (so a completion finds the journaled task with
 * one GetItem) and carries a signature from a per-execution secret (so it cannot be guessed).
 */
import { createHash } from 'node:crypto';
import type { ExecutionRecord } from './store.ts';

/** Stands in for `$$.Task.Token` in what the interpreter sees; the handler swaps in the real token. */
export const TOKEN_PLACEHOLDER = '__abate_local_task_token__';

export function encodeToken(record: ExecutionRecord, stepKey: string): string {
  const address = Buffer.from(JSON.stringify([record.executionArn, stepKey])).toString('base64url');
  const signature = createHash('sha256').update(`${record.tokenSecret}|${stepKey}`).digest('base64url');
  return `${address}.${signature}`;
}

export function decodeToken(token: string): { executionArn: string; stepKey: string } | undefined {
  const [address, signature, extra] = token.split('.');
  if (!address || !signature || extra !== undefined) return undefined;
  try {
    const [executionArn, stepKey] = JSON.parse(
      Buffer.from(address, 'base64url').toString('utf8'),
    ) as unknown[];
    if (typeof executionArn !== 'string' || typeof stepKey !== 'string') return undefined;
    return { executionArn, stepKey };
  } catch {
    return undefined;
  }
}

export function replaceToken(value: unknown, token: string): unknown {
  if (typeof value === 'string') return value.split(TOKEN_PLACEHOLDER).join(token);
  if (Array.isArray(value)) return value.map((item) => replaceToken(item, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, replaceToken(inner, token)]));
  }
  return value;
}
