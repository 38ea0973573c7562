/**
 * Open311 clients and their API keys. Each client (a FixMyStreet installation, another reporting
 * service) has its own key, so one can be revoked without the others, and a report is known by
 * the client that sent it. The keys are configured as one secret (`open311Clients`), a JSON
 * object of client id → SHA-256 (hex) of that client's key: the key itself is never stored, and
 * a leaked copy of the secret does not let anyone post.
 *
 * Keys are random and long (32 bytes or more: `openssl rand -base64 32`), so a plain SHA-256 is
 * enough; a slow hash would guard only guessable passwords. Every configured hash is compared in
 * constant time, whether or not an earlier one matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { open311Error } from './errors.ts';

export const CLIENT_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

const ClientKeyHashes = z.record(
  z.string().regex(CLIENT_ID),
  z.string().regex(/^[0-9a-f]{64}$/, { error: 'each client needs the hex SHA-256 of its key' }),
);

export type ClientKeys = { clientId: string; hash: Buffer }[];

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The configured clients; a malformed secret is a configuration error, never the caller's. */
export function parseClientKeys(secret: string): ClientKeys {
  let json: unknown;
  try {
    json = JSON.parse(secret);
  } catch {
    throw new Error('the open311Clients secret is not JSON');
  }
  const parsed = ClientKeyHashes.safeParse(json);
  if (!parsed.success) throw new Error(`the open311Clients secret is malformed: ${parsed.error.message}`);
  return Object.entries(parsed.data).map(([clientId, hex]) => ({ clientId, hash: Buffer.from(hex, 'hex') }));
}

/** The client an api_key belongs to; a missing or unknown key is refused with 403, as the spec says. */
export function authenticateClient(clients: ClientKeys, apiKey: string | undefined): string {
  if (!apiKey) throw open311Error(403, 'api_key was not provided -- cannot proceed with create_request');
  const presented = createHash('sha256').update(apiKey, 'utf8').digest();
  let found: string | undefined;
  for (const client of clients) {
    if (timingSafeEqual(presented, client.hash) && found === undefined) found = client.clientId;
  }
  if (!found) throw open311Error(403, 'Invalid api_key received -- cannot proceed with create_request');
  return found;
}
