/**
 * HMAC-SHA256 signatures over a raw request body, in the `sha256=<64 hex digits>` form webhook
 * providers send. Verifying never throws: a header of any length, bytes or number of values is
 * simply not a match.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

export function bodySignature(rawBody: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/**
 * True only for exactly one well-formed signature that matches. API Gateway joins repeated headers
 * with commas, so two signatures never match, and the digests are compared in constant time.
 */
export function isSignedBody(header: string | undefined, rawBody: string, secret: string): boolean {
  const given = typeof header === 'string' ? SIGNATURE.exec(header.trim())?.[1] : undefined;
  if (!given) return false;
  const expected = createHmac('sha256', secret).update(rawBody, 'utf8').digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}
