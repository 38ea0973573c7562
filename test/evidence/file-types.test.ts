/**
 * Judging a file on its content: properties over any bytes and any declared type, checked against
 * a list of accepted signatures written out here independently of the recogniser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicyVersions, policyBook } from '../../functions/config/policy.ts';
import {
  detectFileType,
  fileTypes,
  HEAD_BYTES,
  listOfLabels,
} from '../../functions/domain/evidence/file-types.ts';
import { judgeFile } from '../../functions/domain/evidence/files.ts';
import type { LifecycleDeps } from '../../functions/domain/lifecycle/deps.ts';

/** judgeFile reads only the policy and the clock. */
const deps = {
  policy: policyBook(),
  clock: { now: () => new Date('2026-11-20T12:00:00Z') },
} as unknown as LifecycleDeps;

const judge = (bytes: Uint8Array, contentType: string) =>
  judgeFile(
    deps,
    { size: bytes.length, head: bytes.subarray(0, HEAD_BYTES) },
    { contentType, size: bytes.length },
  );

const ascii = (text: string) => Buffer.from(text, 'latin1');

/** Starts of files the council accepts, as the formats define them. */
function startsLikeAcceptedFile(bytes: Uint8Array): boolean {
  const at = (offset: number, text: string) =>
    Buffer.from(bytes.subarray(offset, offset + text.length)).equals(ascii(text));
  return (
    at(0, 'ID3') ||
    (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) ||
    (at(0, 'RIFF') && (at(8, 'WAVE') || at(8, 'WEBP'))) ||
    at(0, 'OggS') ||
    at(0, 'fLaC') ||
    at(0, '#!AMR') ||
    at(0, '\x1a\x45\xdf\xa3') ||
    at(4, 'ftyp') ||
    at(0, '\xff\xd8\xff') ||
    at(0, '\x89PNG\r\n\x1a\n') ||
    at(0, '%PDF-')
  );
}

const declaredTypes = fc.constantFrom(
  '',
  'application/octet-stream',
  'audio/mpeg',
  'audio/x-m4a',
  'video/mp4',
  'image/jpeg',
  'image/png',
  'application/pdf',
  'text/plain',
  'application/zip',
  'application/x-msdownload',
);

describe('judging a file on its content', () => {
  it('accepts nothing whose first bytes are not those of an accepted format, whatever type it is declared as', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), declaredTypes, (bytes, declared) => {
        const judged = judge(bytes, declared);
        if ('type' in judged) expect(startsLikeAcceptedFile(bytes)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('refuses any content with a disallowed signature, whatever follows and whatever it is declared as', () => {
    const disallowed = [
      'MZ',
      '\x7fELF',
      'PK\x03\x04',
      '<html',
      '<!DOCTYPE',
      'GIF89a',
      'BM',
      '%!PS',
      '{\\rtf',
      '\xca\xfe\xba\xbe',
      '#!/bin/sh',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...disallowed),
        fc.uint8Array({ maxLength: 200 }),
        declaredTypes,
        (signature, tail, declared) => {
          const judged = judge(Buffer.concat([ascii(signature), tail]), declared);
          expect(judged).toEqual({
            refusal: expect.stringMatching(/^The selected file must be an MP3, .* or PDF$/),
          });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('accepts each accepted format declared as itself or as nothing, and refuses it declared as another kind', () => {
    const starts: [keyof typeof fileTypes, Buffer][] = [
      ['mp3', ascii('ID3\x04\x00')],
      ['wav', ascii('RIFF\x10\x00\x00\x00WAVEfmt ')],
      ['png', ascii('\x89PNG\r\n\x1a\n')],
      ['jpeg', ascii('\xff\xd8\xff\xe0')],
      ['pdf', ascii('%PDF-1.7')],
      ['mp4', ascii('\x00\x00\x00\x18ftypisom')],
      ['heic', ascii('\x00\x00\x00\x18ftypheic')],
      ['webm', ascii('\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm')],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...starts), fc.uint8Array({ maxLength: 100 }), ([name, start], tail) => {
        const bytes = Buffer.concat([start, tail]);
        const type = fileTypes[name];
        expect(detectFileType(bytes)).toBe(type);
        expect(judge(bytes, type.mime)).toEqual({ type });
        expect(judge(bytes, '')).toEqual({ type });
        const other = type.kind === 'document' ? 'image/png' : 'application/pdf';
        expect(judge(bytes, other)).toEqual({
          refusal: expect.stringContaining('is not what it says it is'),
        });
      }),
    );
  });

  it('refuses a file over its kind’s limit and an empty one', () => {
    const limit = defaultPolicyVersions[0]?.values.evidence.maxBytes.photo ?? 0;
    const head = ascii('\x89PNG\r\n\x1a\n');
    expect(judgeFile(deps, { size: limit + 1, head }, { contentType: 'image/png', size: limit + 1 })).toEqual(
      {
        refusal: 'The selected file must be smaller than 20MB',
      },
    );
    expect(judge(new Uint8Array(), 'image/png')).toEqual({ refusal: 'The selected file is empty' });
  });

  it('lists types the way GOV.UK messages do', () => {
    expect(listOfLabels([fileTypes.jpeg, fileTypes.png, fileTypes.pdf])).toBe('a JPG, PNG or PDF');
    expect(listOfLabels([fileTypes.mp3])).toBe('an MP3');
    expect(listOfLabels([fileTypes.heic])).toBe('a HEIC');
  });

  it('knows how to recognise every type the default policy accepts', () => {
    const known = new Set(Object.values(fileTypes).map((type) => type.mime));
    for (const version of defaultPolicyVersions)
      for (const mime of version.values.evidence.allowedTypes) expect(known, mime).toContain(mime);
  });
});
