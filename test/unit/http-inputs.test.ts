import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../functions/commons/errors.ts';
import { decodeCursor, encodeCursor } from '../../functions/commons/http/cursor.ts';
import { bodySignature, isSignedBody } from '../../functions/commons/http/signature.ts';
import { decodePathSegment } from '../../infra/local/gateway.ts';

const seed = Number(process.env.ABATE_FUZZ_SEED ?? 20261126);
const SECRET = 'abate-local-payment-secret';
const BODY = '{"amountPence":7500,"paidAt":"2026-11-30T10:00:00Z","providerReference":"PAY-123"}';

describe('payment signatures', () => {
  it('the signature of the body, in either case of hex, is accepted', () => {
    const signature = bodySignature(BODY, SECRET);
    expect(isSignedBody(signature, BODY, SECRET)).toBe(true);
    expect(isSignedBody(`sha256=${signature.slice(7).toUpperCase()}`, BODY, SECRET)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the prefix alone', 'sha256='],
    ['another algorithm', `sha1=${'0'.repeat(40)}`],
    ['no prefix', 'HEX'],
    ['the prefix in capitals', 'SHA256=HEX'],
    ['an odd number of hex digits', 'sha256=HEX'.slice(0, -1)],
    ['one digit too many', 'sha256=HEX0'],
    ['non-hex digits', `sha256=${'g'.repeat(64)}`],
    ['bytes outside ASCII of the right length', `sha256=${'é'.repeat(64)}`],
    ['two values joined by a comma', 'sha256=HEX,sha256=HEX'],
    ['the signature of another body', `sha256=${'0'.repeat(64)}`],
  ])('%s is refused without throwing', (_what, header) => {
    const good = bodySignature(BODY, SECRET).slice(7);
    const written = header?.replaceAll('HEX', good);
    expect(() => isSignedBody(written, BODY, SECRET)).not.toThrow();
    expect(isSignedBody(written, BODY, SECRET)).toBe(false);
  });

  it('any header that is not the exact signature is refused, and none throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^sha256=[0-9a-f]{0,70}$/)),
        (header) => {
          fc.pre(header.toLowerCase() !== bodySignature(BODY, SECRET));
          expect(isSignedBody(header, BODY, SECRET)).toBe(false);
        },
      ),
      { numRuns: 1000, seed },
    );
  });
});

describe('paging cursors', () => {
  const shape = { attributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], expect: { gsi1pk: 'STATUS#received' } };
  const position = {
    pk: 'CASE#NN-2026-000001',
    sk: 'CASE',
    gsi1pk: 'STATUS#received',
    gsi1sk: '2026-11-26T10:00:00.000Z#NN-2026-000001',
  };

  it('a cursor we gave out reads back as the same position', () => {
    expect(decodeCursor(encodeCursor(position), shape)).toEqual(position);
  });

  const refusedWith400 = (cursor: string) => {
    try {
      decodeCursor(cursor, shape);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(400);
      expect((error as AppError).fields?.[0]?.path).toBe('cursor');
      return true;
    }
    return false;
  };
  const forged = (key: unknown) => `c1.${Buffer.from(JSON.stringify(key)).toString('base64url')}`;

  it.each([
    ['garbage', '%%%not-a-cursor'],
    ['plain base64 of the old unversioned form', Buffer.from(JSON.stringify(position)).toString('base64url')],
    ['a version prefix and nothing else', 'c1.'],
    ['an extra dot', `${encodeCursor(position)}.x`],
    ['base64 that is not JSON', 'c1.AAAA'],
    ['JSON that is not an object', forged([1, 2])],
    ['null', forged(null)],
    ['a missing attribute', forged({ pk: position.pk, sk: position.sk, gsi1pk: position.gsi1pk })],
    ['an extra attribute', forged({ ...position, extra: 'x' })],
    ['a number where a string belongs', forged({ ...position, sk: 5 })],
    ['a DynamoDB attribute value object', forged({ ...position, pk: { S: 'CASE#x' } })],
    ['another status list', forged({ ...position, gsi1pk: 'STATUS#closed' })],
    ['an empty value', forged({ ...position, sk: '' })],
    ['a control character', forged({ ...position, sk: 'CA\u0000SE' })],
    ['a very long cursor', `c1.${'A'.repeat(5000)}`],
  ])('%s is a 400 on the cursor field', (_what, cursor) => {
    expect(refusedWith400(cursor)).toBe(true);
  });

  it('no string at all makes decoding fail with anything but a 400', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String().map((s) => `c1.${s}`),
        ),
        (cursor) => {
          fc.pre(cursor !== encodeCursor(position));
          expect(refusedWith400(cursor)).toBe(true);
        },
      ),
      { numRuns: 1000, seed },
    );
  });
});

describe('path segments', () => {
  it('malformed percent escapes decode to nothing instead of throwing', () => {
    for (const segment of ['%', '%E0%A4%A', '%zz', '%ED%A0%80', 'a%2'])
      expect(decodePathSegment(segment)).toBeUndefined();
    expect(decodePathSegment('NN-2026-000001')).toBe('NN-2026-000001');
    expect(decodePathSegment('%E0%A4%A8')).toBe('न');
  });
});
