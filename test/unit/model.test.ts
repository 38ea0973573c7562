import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicyVersions, policyBook } from '../../functions/config/policy.ts';
import { sourceKeyOf } from '../../functions/domain/identifiers.ts';
import { retentionDates } from '../../functions/domain/lifecycle/retention-dates.ts';
import { Postcode } from '../../functions/domain/model/address.ts';
import { addWorkingDays, isNightTime } from '../../functions/domain/time.ts';

describe('postcodes', () => {
  it.each([
    ['e81dy', 'E8 1DY'],
    [' SW1A   1AA ', 'SW1A 1AA'],
    ['m1 1ae', 'M1 1AE'],
    ['cr2 6xh', 'CR2 6XH'],
    ['dn55 1pt', 'DN55 1PT'],
  ])('%j is normalised to %j', (input, expected) => {
    expect(Postcode.parse(input)).toBe(expected);
  });

  it.each(['', '12345', 'E8', 'QQ1 1QQQ', 'E8 1D'])('%j is refused', (input) => {
    expect(Postcode.safeParse(input).success).toBe(false);
  });
});

describe('time rules', () => {
  it('night-time runs from 23:00 to 07:00 UK time, across the clock change', () => {
    expect(isNightTime(new Date('2026-01-15T23:00:00Z'))).toBe(true); // GMT
    expect(isNightTime(new Date('2026-01-15T22:59:00Z'))).toBe(false);
    expect(isNightTime(new Date('2026-07-15T22:00:00Z'))).toBe(true); // 23:00 BST
    expect(isNightTime(new Date('2026-07-15T06:00:00Z'))).toBe(false); // 07:00 BST
    expect(isNightTime(new Date('2026-07-15T05:59:00Z'))).toBe(true);
  });

  it('working days skip weekends and bank holidays', () => {
    // Thursday 24 Dec 2026 + 2 working days: Fri 25 (Christmas) and Mon 28 (substitute Boxing Day) are holidays.
    expect(addWorkingDays(new Date('2026-12-24T10:00:00Z'), 2).toISOString()).toBe(
      '2026-12-30T10:00:00.000Z',
    );
    // Friday + 1 working day is Monday.
    expect(addWorkingDays(new Date('2026-11-20T10:00:00Z'), 1).toISOString()).toBe(
      '2026-11-23T10:00:00.000Z',
    );
  });
});

describe('noise sources', () => {
  it('recognises the same address written differently as one source', () => {
    expect(sourceKeyOf({ line1: 'Flat 3, 12 High Street', postcode: 'E8 1DY' })).toBe(
      sourceKeyOf({ line1: 'flat 3 12 high st.', postcode: 'E8 1DY' }),
    );
    expect(sourceKeyOf({ line1: 'Flat 3, 12 High Street', postcode: 'E8 1DY' })).not.toBe(
      sourceKeyOf({ line1: 'Flat 4, 12 High Street', postcode: 'E8 1DY' }),
    );
  });
});

describe('policy', () => {
  it('applies a new version only from its effective date', () => {
    const base = defaultPolicyVersions[0];
    if (!base) throw new Error('no default policy');
    const raised = {
      effectiveFrom: '2027-04-01',
      note: 'Fixed penalty maximum raised to £500',
      values: {
        ...base.values,
        fixedPenalty: { ...base.values.fixedPenalty, maximumPence: 50_000, amountPence: 50_000 },
      },
    };
    const book = policyBook([raised, base]);
    expect(book.at(new Date('2027-03-31T12:00:00Z')).fixedPenalty.amountPence).toBe(10_000);
    expect(book.at(new Date('2027-04-01T12:00:00Z')).fixedPenalty.amountPence).toBe(50_000);
  });

  it('keeps the 2026 rise of the s.52 maximum out of force until a council confirms its commencement', () => {
    const pending = defaultPolicyVersions.find((v) => v.awaitingCommencement);
    expect(pending?.values.fixedPenalty.maximumPence).toBe(50_000);
    expect(policyBook().at(new Date('2030-01-01T12:00:00Z')).fixedPenalty.maximumPence).toBe(10_000);
    const confirmed = {
      ...pending,
      effectiveFrom: '2027-06-01',
      awaitingCommencement: false,
    } as typeof pending & object;
    const book = policyBook([...defaultPolicyVersions, confirmed]);
    expect(book.at(new Date('2027-05-31T12:00:00Z')).fixedPenalty.maximumPence).toBe(10_000);
    expect(book.at(new Date('2027-06-01T12:00:00Z')).fixedPenalty.maximumPence).toBe(50_000);
  });

  it('refuses a Case Review threshold above 3, an amount above the maximum and an early amount above the full one', () => {
    const base = defaultPolicyVersions[0];
    if (!base) throw new Error('no default policy');
    const broken = (values: object) => () => policyBook([{ ...base, values: { ...base.values, ...values } }]);
    expect(broken({ caseReview: { ...base.values.caseReview, threshold: 4 } })).toThrow(/may not exceed 3/);
    expect(broken({ fixedPenalty: { ...base.values.fixedPenalty, amountPence: 20_000 } })).toThrow(/maximum/);
    expect(broken({ fixedPenalty: { ...base.values.fixedPenalty, discountedAmountPence: 12_000 } })).toThrow(
      /early-payment/,
    );
  });

  it('refuses recordings kept longer than their case, and dates both periods from closure', () => {
    const base = defaultPolicyVersions[0];
    if (!base) throw new Error('no default policy');
    const withRetention = (yearsAfterClosure: number, recordingYearsAfterClosure: number) => () =>
      policyBook([
        { ...base, values: { ...base.values, retention: { yearsAfterClosure, recordingYearsAfterClosure } } },
      ]);
    expect(withRetention(5, 6)).toThrow(/Recordings cannot be kept longer than the case/);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2035-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (a, b, closedAt) => {
          const [recordings, whole] = a <= b ? [a, b] : [b, a];
          const policy = withRetention(whole, recordings)();
          const dates = retentionDates({ policy }, closedAt.toISOString());
          expect(Date.parse(dates.recordingsRetainUntil)).toBeGreaterThan(closedAt.getTime());
          expect(Date.parse(dates.recordingsRetainUntil)).toBeLessThanOrEqual(Date.parse(dates.retainUntil));
          const yearsOf = (iso: string) => new Date(iso).getUTCFullYear() - closedAt.getUTCFullYear();
          expect(yearsOf(dates.recordingsRetainUntil)).toBe(recordings);
          expect(yearsOf(dates.retainUntil)).toBe(whole);
        },
      ),
    );
  });
});
