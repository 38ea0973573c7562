import { describe, expect, it } from 'vitest';
import { fieldProblems } from '../../functions/commons/http/middleware.ts';
import { Address } from '../../functions/domain/model/address.ts';
import {
  ComplaintRequest,
  complaintRequestAt,
  NoiseDetails,
  occurrenceProblems,
} from '../../functions/domain/model/complaint.ts';
import { checkUkPhoneNumber, phoneMessages, UkPhoneNumber } from '../../functions/domain/people/phone.ts';
import { freeText, personName } from '../../functions/domain/people/text-input.ts';

const now = new Date('2026-11-26T12:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000).toISOString();

function report(overrides: { name?: string; phone?: string; occurredAt?: string; endedAt?: string } = {}) {
  return {
    complainant: {
      name: overrides.name ?? 'Ann Example',
      email: 'ann@example.com',
      ...(overrides.phone !== undefined ? { phone: overrides.phone } : {}),
      address: { line1: '1 Mare Street', postcode: 'E8 1DY' },
    },
    source: { address: { line1: 'Flat 3, 12 Mare Street', postcode: 'E8 1DY' }, kind: 'domestic' },
    noise: {
      category: 'music',
      description: 'Loud bass until 3am',
      occurredAt: overrides.occurredAt ?? minutes(-60),
      ...(overrides.endedAt ? { endedAt: overrides.endedAt } : {}),
    },
  };
}

/** The field messages a 400 would carry for this body. */
function problemsOf(body: unknown, schema: { safeParse(value: unknown): unknown } = ComplaintRequest) {
  const result = schema.safeParse(body) as { success: boolean; error?: { issues: never[] } };
  return result.success ? [] : fieldProblems(result.error?.issues ?? []);
}

describe('when the noise happened', () => {
  it('noise from the last hour, or a few minutes ahead of a fast clock, is in bounds', () => {
    expect(occurrenceProblems({ occurredAt: minutes(-60), endedAt: minutes(-10) }, now)).toEqual([]);
    expect(occurrenceProblems({ occurredAt: minutes(4) }, now)).toEqual([]);
  });

  it('noise that starts more than five minutes in the future is refused with a message on occurredAt', () => {
    expect(occurrenceProblems({ occurredAt: minutes(6) }, now)).toEqual([
      { path: 'noise.occurredAt', message: 'The time the noise started must not be in the future' },
    ]);
  });

  it('noise from more than a year ago is refused, noise from just within the year is not', () => {
    expect(occurrenceProblems({ occurredAt: '2025-11-26T12:01:00Z' }, now)).toEqual([]);
    expect(occurrenceProblems({ occurredAt: '2025-11-26T11:59:00Z' }, now)).toEqual([
      { path: 'noise.occurredAt', message: 'The time the noise started must be within the last 12 months' },
    ]);
  });

  it('an end time in the future is refused with a message on endedAt', () => {
    expect(occurrenceProblems({ occurredAt: minutes(-60), endedAt: minutes(30) }, now)).toEqual([
      { path: 'noise.endedAt', message: 'The time the noise stopped must not be in the future' },
    ]);
  });

  it('an end time at or before the start is refused whatever the clock says', () => {
    for (const endedAt of [minutes(-60), minutes(-61)]) {
      expect(problemsOf(report({ occurredAt: minutes(-60), endedAt }), ComplaintRequest)).toEqual([
        { path: 'noise.endedAt', message: 'The time the noise stopped must be after it started' },
      ]);
    }
    expect(NoiseDetails.safeParse(report({ endedAt: minutes(-59) }).noise).success).toBe(true);
  });

  it('the schema for a given moment reports the bounds as field messages', () => {
    const schema = complaintRequestAt(now);
    expect(problemsOf(report({ occurredAt: '2020-01-01T00:00:00Z' }), schema)).toEqual([
      { path: 'noise.occurredAt', message: 'The time the noise started must be within the last 12 months' },
    ]);
    expect(problemsOf(report({ occurredAt: '9999-12-31T23:59:59Z' }), schema)).toEqual([
      { path: 'noise.occurredAt', message: 'The time the noise started must not be in the future' },
    ]);
    expect(problemsOf(report(), schema)).toEqual([]);
  });
});

describe('names and other typed text', () => {
  const name = personName('your full name', 100);

  it.each([
    ['Ann Example', 'Ann Example'],
    ['  Siobhán   Ní Bhriain ', 'Siobhán Ní Bhriain'],
    ['李小龍', '李小龍'],
    ['محمد عبد الله', 'محمد عبد الله'],
    ['Ὀδυσσεύς', 'Ὀδυσσεύς'],
    ["O'Brien-Smythe", "O'Brien-Smythe"],
    // Invisible direction marks and overrides are removed, the letters kept.
    ['\u202EAnn Example\u202C', 'Ann Example'],
    ['\u200Fمحمد\u200E', 'محمد'],
    ['Ann\u2066 Example\u2069', 'Ann Example'],
    ['Ann\u200B Exam\u00ADple\uFEFF', 'Ann Example'],
    // Decomposed accents are stored composed.
    ['Zoe\u0308', 'Zo\u00EB'],
  ])('the name %j is accepted as %j', (written, stored) => {
    expect(name.parse(written)).toBe(stored);
  });

  it('a zero-width non-joiner, which Persian spelling needs, is kept', () => {
    expect(name.parse('نرگس\u200Cزاده')).toBe('نرگس\u200Cزاده');
  });

  it.each([
    ['', 'Enter your full name'],
    ['   ', 'Enter your full name'],
    ['\u202E\u202C', 'Enter your full name'],
    ['12345', 'Enter your full name in letters'],
    ['!!! ???', 'Enter your full name in letters'],
    ['Ann\u0000Example', 'Your full name must be one line, without control characters'],
    ['Ann\nExample', 'Your full name must be one line, without control characters'],
    ['Ann\u0085Example', 'Your full name must be one line, without control characters'],
    ['Ann\u2028Example', 'Your full name must be one line, without control characters'],
    ['Ann\uD800Example', 'Your full name has characters we cannot read; type it again'],
    ['x'.repeat(101), 'Your full name must be 100 characters or fewer'],
  ])('the name %j is refused: %s', (written, message) => {
    const result = name.safeParse(written);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
  });

  it('a complaint with a bad name gets a message on complainant.name', () => {
    expect(problemsOf(report({ name: '\u0007\u0007' }))).toEqual([
      { path: 'complainant.name', message: 'Your full name must be one line, without control characters' },
    ]);
  });

  it('descriptions keep their line breaks and tabs but lose direction overrides', () => {
    const description = freeText('what the noise is like', 2000, { multiline: true });
    expect(description.parse('Bass\n\tuntil 3am\r\nevery night\u202E')).toBe(
      'Bass\n\tuntil 3am\r\nevery night',
    );
    expect(description.safeParse('Bass\u0007 until 3am').success).toBe(false);
  });

  it('every free-text field of the complaint strips overrides and refuses control characters', () => {
    const body = report();
    body.noise.description = 'Loud \u202Ebass';
    (body.source as Record<string, unknown>).description = 'the flat\u2066 above\u2069';
    body.source.address.line1 = '\u202EFlat 3, 12 Mare Street';
    const parsed = ComplaintRequest.parse(body);
    expect(parsed.noise.description).toBe('Loud bass');
    expect(parsed.source.description).toBe('the flat above');
    expect(parsed.source.address.line1).toBe('Flat 3, 12 Mare Street');

    const hostile = report();
    hostile.complainant.address.line1 = '1 Mare\u0000 Street';
    (hostile.noise as Record<string, unknown>).impact = 'I cannot\u001b[31m sleep';
    expect(problemsOf(hostile).map((problem) => problem.path)).toEqual([
      'complainant.address.line1',
      'noise.impact',
    ]);
  });

  it('address lines are one line each', () => {
    expect(Address.safeParse({ line1: '1 Mare Street\n2 Mare Street', postcode: 'E8 1DY' }).success).toBe(
      false,
    );
  });
});

describe('UK telephone numbers', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['07700900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['+447700900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['07700-900-123', '+447700900123'],
    ['(020) 7946 0018', '+442079460018'],
    ['020 7946 0018', '+442079460018'],
    ['+44 (0)20 7946 0018', '+442079460018'],
    ['01632 960 001', '+441632960001'],
    ['0161 496 0000', '+441614960000'],
    ['0800 123 4567', '+448001234567'],
    ['01534 123456', '+441534123456'],
  ])('%j is stored as %j', (written, e164) => {
    expect(UkPhoneNumber.parse(written)).toBe(e164);
  });

  it.each([
    ['+33 1 23 45 67 89', phoneMessages.abroad],
    ['+1 212 555 0123', phoneMessages.abroad],
    ['0123', phoneMessages.invalid],
    ['999', phoneMessages.invalid],
    ['07700 90012', phoneMessages.invalid],
    ['020 7946 001', phoneMessages.invalid],
    ['01000 000000', phoneMessages.invalid],
    ['not a number', phoneMessages.invalid],
    ['020 7946 0018 ext. 123', phoneMessages.extension],
    [`0${'7'.repeat(60)}`, phoneMessages.invalid],
  ])('%j is refused: %s', (written, message) => {
    const result = UkPhoneNumber.safeParse(written);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it('the check reports the number or the problem, never throws', () => {
    expect(checkUkPhoneNumber('07700 900123')).toEqual({ e164: '+447700900123' });
    expect(checkUkPhoneNumber('\u0000\uD800')).toEqual({ problem: phoneMessages.invalid });
  });

  it('a complaint with a foreign number gets a message on complainant.phone', () => {
    expect(problemsOf(report({ phone: '+33 1 23 45 67 89' }))).toEqual([
      { path: 'complainant.phone', message: phoneMessages.abroad },
    ]);
  });
});
