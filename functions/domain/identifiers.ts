/** Case references, tracking tokens and the key that recognises a noise source across reports. */
import { createHash, createHmac } from 'node:crypto';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';
import type { Address } from './model/address.ts';
import { sourceKeyFor } from './people/source-identity.ts';

/** `NN-2026-000123`: the year it was opened and a per-year sequence, easy to read out on the phone. */
export async function allocateCaseRef(db: DynamoDBDocumentClient, table: string, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.caseRefCounter(year),
      UpdateExpression: 'ADD #n :one',
      ExpressionAttributeNames: { '#n': 'next' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const sequence = Number(Attributes?.next);
  return `NN-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * A resident's tracking token: 256 bits derived with a server-held key from their random party id.
 * Only its hash is stored, so neither the table nor the idempotency record of the report (which
 * keeps the party id, not the token) can open a case; a replayed report re-derives the same token.
 */
export function trackingTokenFor(partyId: string, key: string): string {
  return createHmac('sha256', key).update(`tracking-token:${partyId}`).digest('base64url');
}

export function hashTrackingToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Two reports about one dwelling, however written ("Flat 3, 12 High St." and "12 high street, flat
 * 3"), share a key; two flats in one building do not. The rules are in `people/source-identity.ts`.
 */
export function sourceKeyOf(address: Pick<Address, 'line1' | 'line2' | 'postcode'>): string {
  return sourceKeyFor(address);
}
