/**
 * The Noise Act's clock and levels, without the stack: a warning period must start at least 10
 * minutes after service and end with the following 07:00 UK time, across the clock changes; the
 * permitted level; and the policy values that the law bounds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicyVersions, policyBook } from '../../functions/config/policy.ts';
import {
  followingLondonHour,
  isNight,
  permittedLevel,
  warningPeriodProblems,
} from '../../functions/domain/routes/noise-act/rules.ts';

const policy = policyBook().at(new Date('2026-06-01T12:00:00Z')).noiseAct;
const MINUTE = 60_000;

/**
 * What `toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23' })` gives, from
 * one formatter: building a formatter per call, as toLocaleTimeString does, took seconds here.
 */
const ukTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** The UK wall-clock hour and minute, read independently of the code under test. */
function ukHourMinute(at: Date): [number, number] {
  const text = ukTime.format(at);
  const [hour, minute] = text.split(':').map(Number);
  return [hour ?? -1, minute ?? -1];
}

/** The oracle for "the following 07:00": walk forward a quarter-hour at a time until UK time reads 07:00. */
function following7am(served: Date): Date {
  let at = Math.floor(served.getTime() / (15 * MINUTE)) * 15 * MINUTE + 15 * MINUTE;
  for (;;) {
    const [hour, minute] = ukHourMinute(new Date(at));
    if (hour === 7 && minute === 0) return new Date(at);
    at += 15 * MINUTE;
  }
}

/** Instants from 2025 to 2030 at night in UK time, to the second: both sides of every clock change. */
const nightInstant = fc
  .integer({ min: Date.parse('2025-01-01T00:00:00Z') / 1000, max: Date.parse('2030-12-31T00:00:00Z') / 1000 })
  .map((seconds) => new Date(seconds * 1000))
  .filter((at) => {
    const [hour] = ukHourMinute(at);
    return hour >= 23 || hour < 7;
  });

/** The nights the clocks change: late March and late October, where mistakes about UTC show. */
const clockChangeNight = fc
  .record({
    year: fc.integer({ min: 2025, max: 2030 }),
    month: fc.constantFrom(2, 9),
    day: fc.integer({ min: 24, max: 31 }),
    minutes: fc.integer({ min: 0, max: 8 * 60 - 1 }),
  })
  .map(({ year, month, day, minutes }) => new Date(Date.UTC(year, month, day, 22, 0) + minutes * MINUTE))
  .filter((at) => {
    const [hour] = ukHourMinute(at);
    return hour >= 23 || hour < 7;
  });

const served = fc.oneof(nightInstant, clockChangeNight);

const problemPaths = (servedAt: Date, from: Date, until: Date) =>
  warningPeriodProblems(policy, {
    servedAt: servedAt.toISOString(),
    period: { from: from.toISOString(), until: until.toISOString() },
  }).map((problem) => problem.path);

describe('the warning period (s.3)', () => {
  it('a period from 10 minutes or more after night-time service to the following 07:00 UK time is accepted', () => {
    fc.assert(
      fc.property(served, fc.integer({ min: 10 * 60, max: 8 * 3600 }), (at, delaySeconds) => {
        const end = following7am(at);
        const from = new Date(at.getTime() + delaySeconds * 1000);
        fc.pre(from < end);
        expect(problemPaths(at, from, end)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a period starting less than 10 minutes after service is refused on period.from', () => {
    fc.assert(
      fc.property(served, fc.integer({ min: -3600, max: 10 * 60 - 1 }), (at, delaySeconds) => {
        const from = new Date(at.getTime() + delaySeconds * 1000);
        expect(problemPaths(at, from, following7am(at))).toEqual(['period.from']);
      }),
      { numRuns: 300 },
    );
  });

  it('a period ending at any time other than the following 07:00 UK time is refused on period.until', () => {
    fc.assert(
      fc.property(
        served,
        fc.integer({ min: -24 * 60, max: 24 * 60 }).filter((m) => m !== 0),
        (at, offsetMinutes) => {
          const end = following7am(at);
          const from = new Date(at.getTime() + 10 * MINUTE);
          fc.pre(from < end);
          expect(problemPaths(at, from, new Date(end.getTime() + offsetMinutes * MINUTE))).toContain(
            'period.until',
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the following 07:00 is 06:00 UTC in summer and 07:00 UTC in winter, across both clock changes', () => {
    // Spring forward, Sunday 29 March 2026: served 23:30 GMT on the 28th, ends 07:00 BST.
    expect(followingLondonHour(new Date('2026-03-28T23:30:00Z'), 7).toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
    // Fall back, Sunday 25 October 2026: served 23:30 BST on the 24th, ends 07:00 GMT.
    expect(followingLondonHour(new Date('2026-10-24T22:30:00Z'), 7).toISOString()).toBe(
      '2026-10-25T07:00:00.000Z',
    );
    // Served after midnight: the same morning.
    expect(followingLondonHour(new Date('2026-07-15T01:00:00Z'), 7).toISOString()).toBe(
      '2026-07-15T06:00:00.000Z',
    );
  });

  it('a notice served in the day is refused on servedAt, whatever its period', () => {
    fc.assert(
      fc.property(
        fc
          .integer({
            min: Date.parse('2025-01-01T00:00:00Z') / 1000,
            max: Date.parse('2030-12-31T00:00:00Z') / 1000,
          })
          .map((seconds) => new Date(seconds * 1000))
          .filter((at) => {
            const [hour] = ukHourMinute(at);
            return hour >= 7 && hour < 23;
          }),
        (at) => {
          expect(isNight(at, policy)).toBe(false);
          expect(problemPaths(at, new Date(at.getTime() + 10 * MINUTE), following7am(at))).toContain(
            'servedAt',
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the permitted level (s.5)', () => {
  it('is 34 dB(A) where the background is 24 dB(A) or less, otherwise 10 dB above the background', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1200 }).map((tenths) => tenths / 10),
        (background) => {
          const expected = background <= 24 ? 34 : Math.round((background + 10) * 10) / 10;
          expect(permittedLevel(policy, background)).toBe(expected);
        },
      ),
    );
  });
});

describe('Noise Act policy values', () => {
  const base = defaultPolicyVersions[0];
  if (!base) throw new Error('no default policy');
  const withNoiseAct = (fixedPenalty: Partial<typeof policy.fixedPenalty>) => () =>
    policyBook([
      {
        ...base,
        values: {
          ...base.values,
          noiseAct: {
            ...base.values.noiseAct,
            fixedPenalty: { ...base.values.noiseAct.fixedPenalty, ...fixedPenalty },
          },
        },
      },
    ]);

  it('defaults to £100 for a dwelling and £500 for licensed premises, with 14 days to pay', () => {
    expect(policy.fixedPenalty).toMatchObject({
      dwellingPence: 10_000,
      licensedPremisesPence: 50_000,
      payWithinDays: 14,
    });
  });

  it('refuses a dwelling amount outside the prescribed range of £75 to £110', () => {
    expect(withNoiseAct({ dwellingPence: 7_400, dwellingEarlyPaymentPence: 7_000 })).toThrow(
      /prescribed range/,
    );
    expect(withNoiseAct({ dwellingPence: 11_100 })).toThrow(/prescribed range/);
    expect(withNoiseAct({ dwellingPence: 7_500, dwellingEarlyPaymentPence: 7_500 })).not.toThrow();
    expect(withNoiseAct({ dwellingPence: 11_000 })).not.toThrow();
  });

  it('refuses an early-payment amount above the full amount', () => {
    expect(withNoiseAct({ licensedPremisesEarlyPaymentPence: 60_000 })).toThrow(/early-payment amount/);
  });

  it('refuses informal resolution longer than the 7 days s.80(2A) allows', () => {
    expect(() =>
      policyBook([
        {
          ...base,
          values: { ...base.values, nuisance: { ...base.values.nuisance, informalResolutionDays: 8 } },
        },
      ]),
    ).toThrow(/at most 7 days/);
  });
});
