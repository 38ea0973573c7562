import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authenticateClient, hashApiKey, parseClientKeys } from '../../functions/domain/open311/clients.ts';
import { Open311Error } from '../../functions/domain/open311/errors.ts';
import { parseForm } from '../../functions/domain/open311/form.ts';
import { mapServiceRequest, postcodeIn } from '../../functions/domain/open311/mapping.ts';
import { parseReportedTime, w3cDateTime } from '../../functions/domain/open311/times.ts';
import { fmsForm } from './support.ts';

function refusal(run: () => unknown): Open311Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Open311Error) return error;
    throw error;
  }
  throw new Error('expected an Open311 refusal');
}

const map = (form: URLSearchParams) => mapServiceRequest(parseForm(form.toString()));

describe('postcodes written in an address', () => {
  it('finds the last postcode in any case or spacing and leaves the rest of the address', () => {
    expect(postcodeIn('Flat 3, 12 Mare Street, London e81dy')).toEqual({
      postcode: 'E81DY',
      rest: 'Flat 3, 12 Mare Street, London',
    });
    expect(postcodeIn('E8 1DY')).toEqual({ postcode: 'E8 1DY', rest: '' });
    expect(postcodeIn('12 Mare Street')).toEqual({ rest: '12 Mare Street' });
  });

  it('any address line followed by any postcode gives back both', () => {
    const letter = fc.constantFrom(...'ABCDEFGHJKLMNOPRSTUWYZ');
    const postcode = fc
      .tuple(letter, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 9 }), letter, letter)
      .map(([area, district, sector, a, b]) => `${area}${district} ${sector}${a}${b}`);
    const line = fc
      .tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('Mare Street', 'Graham Road', 'Wren House'))
      .map(([number, street]) => `${number} ${street}`);
    fc.assert(
      fc.property(line, postcode, (written, code) => {
        expect(postcodeIn(`${written}, ${code}`)).toEqual({ postcode: code, rest: written });
      }),
    );
  });
});

describe('times FixMyStreet sends', () => {
  it('reads a datetime-local value as UK time: GMT in winter, BST in summer', () => {
    expect(parseReportedTime('2026-01-10T23:30')).toBe('2026-01-10T23:30:00.000Z');
    expect(parseReportedTime('2026-07-10T23:30')).toBe('2026-07-10T22:30:00.000Z');
    expect(parseReportedTime('2026-07-10 23:30:15')).toBe('2026-07-10T22:30:15.000Z');
  });

  it('keeps the zone a client gives', () => {
    expect(parseReportedTime('2026-07-10T23:30:00Z')).toBe('2026-07-10T23:30:00.000Z');
    expect(parseReportedTime('2026-07-10T23:30:00+02:00')).toBe('2026-07-10T21:30:00.000Z');
    expect(parseReportedTime('2026-07-10T23:30:00.5-0130')).toBe('2026-07-11T01:00:00.500Z');
  });

  it('refuses what is not a real date and time instead of moving it', () => {
    for (const text of [
      '2026-04-31T10:00',
      '2026-02-29T10:00',
      '2026-01-10T24:00',
      'last night',
      '2026-01-10',
      '',
    ])
      expect(parseReportedTime(text), text).toBeUndefined();
  });

  it('any UK wall-clock time a form shows reads back as the same wall-clock time', () => {
    const london = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/London',
      dateStyle: 'short',
      timeStyle: 'medium',
    });
    const wall = (at: Date) => london.format(at).replace(' ', 'T');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
        (at) => {
          const parsed = parseReportedTime(wall(at));
          expect(parsed).toBeDefined();
          expect(wall(new Date(parsed as string))).toBe(wall(at));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('answers in whole seconds with a Z, as W3CDTF readers expect', () => {
    expect(w3cDateTime('2026-11-25T23:30:00.987Z')).toBe('2026-11-25T23:30:00Z');
  });
});

describe('a FixMyStreet form as a report', () => {
  it('becomes the report the web form would make', () => {
    const now = new Date();
    const mapped = map(fmsForm({ name: 'Ann Van Example', fixmystreetId: '4242' }, now));
    expect(mapped.service.category).toBe('music');
    expect(mapped.clientReportId).toBe('4242');
    expect(mapped.request.complainant).toEqual({
      name: 'Ann Van Example',
      email: 'ann@example.com',
      address: { line1: '14 Mare Street', postcode: 'E8 1DY' },
      willingToGiveEvidence: true,
    });
    expect(mapped.request.source).toEqual({
      address: { line1: 'Flat 3, 12 Mare Street', postcode: 'E8 1DY' },
      kind: 'domestic',
    });
    expect(mapped.request.noise.description).toMatch(/^title: Loud music every night\n\ndetail: /);
    expect(mapped.request.noise.impact).toBe('I cannot sleep');
  });

  it('takes the postcode written in the source address when no attribute carries it', () => {
    const mapped = map(fmsForm({ postcode: null, sourceAddress: 'Flat 3, 12 Mare Street, E8 1DY' }));
    expect(mapped.request.source.address).toEqual({ line1: 'Flat 3, 12 Mare Street', postcode: 'E8 1DY' });
  });

  it('takes the place from address_string when a client sends no source address', () => {
    const mapped = map(
      fmsForm({ postcode: null, sourceAddress: null, addressString: '7 Graham Road, London E8 1DY' }),
    );
    expect(mapped.request.source.address).toEqual({ line1: '7 Graham Road, London', postcode: 'E8 1DY' });
  });

  it('refuses a report with no postcode for the place, naming attribute[postcode]', () => {
    const error = refusal(() => map(fmsForm({ postcode: null, sourceAddress: '12 Mare Street' })));
    expect(error.status).toBe(400);
    expect(error.errors.map((e) => e.description)).toEqual([
      'attribute[postcode]: A postcode for the place the noise comes from is required: send attribute[postcode] or include it in address_string',
    ]);
  });

  it('refuses a report with no location at all, as the spec requires one', () => {
    const form = fmsForm();
    form.delete('lat');
    form.delete('long');
    expect(refusal(() => map(form)).errors[0]?.description).toBe(
      'A location is required: send lat and long, or address_string',
    );
  });

  it('refuses a single-valued field sent twice rather than guessing which one was meant', () => {
    const form = fmsForm();
    form.append('attribute[postcode]', 'N1 1AA');
    expect(refusal(() => map(form)).errors[0]?.description).toBe(
      'attribute[postcode] was sent more than once',
    );
  });

  it('answers an unknown service_code with 404', () => {
    expect(refusal(() => map(fmsForm({ serviceCode: 'potholes' }))).status).toBe(404);
  });
});

describe('client API keys', () => {
  const clients = parseClientKeys(
    JSON.stringify({
      fixmystreet: hashApiKey('key-one-long-and-random'),
      'other-app': hashApiKey('key-two'),
    }),
  );

  it('knows each client by its own key', () => {
    expect(authenticateClient(clients, 'key-one-long-and-random')).toBe('fixmystreet');
    expect(authenticateClient(clients, 'key-two')).toBe('other-app');
  });

  it('refuses a missing or unknown key with 403', () => {
    expect(refusal(() => authenticateClient(clients, undefined)).status).toBe(403);
    expect(refusal(() => authenticateClient(clients, 'key-one')).status).toBe(403);
  });

  it('refuses a secret that holds keys rather than their hashes', () => {
    expect(() => parseClientKeys('{"fixmystreet":"key-one-long-and-random"}')).toThrow(/malformed/);
    expect(() => parseClientKeys('not json')).toThrow(/not JSON/);
  });
});
