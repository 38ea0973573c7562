import { describe, expect, it } from 'vitest';
import { bankHolidaysIn, isBankHolidayEnglandWales } from '../../functions/config/bank-holidays.ts';
import { addWorkingDays, isWorkingDay } from '../../functions/domain/time.ts';

// As published on GOV.UK for England and Wales: the maintained rules must give the same days.
const publishedEnglandAndWales = [
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
];

const weekday = (isoDate: string) => new Date(`${isoDate}T12:00:00Z`).getUTCDay() % 6 !== 0;

describe('bank holidays in England and Wales', () => {
  it.each(['england', 'wales'] as const)(
    'the working days off in %s match the published list for 2025 to 2027',
    (nation) => {
      for (const year of [2025, 2026, 2027]) {
        const offWeekdays = [...bankHolidaysIn(year, nation)].filter(weekday).sort();
        expect(offWeekdays).toEqual(publishedEnglandAndWales.filter((day) => day.startsWith(`${year}`)));
      }
    },
  );

  it('Christmas and Boxing Day on weekdays in 2030 and 2035 keep their dates and bring no substitute', () => {
    for (const year of [2030, 2035]) {
      const days = bankHolidaysIn(year, 'england');
      expect(days.has(`${year}-12-25`)).toBe(true);
      expect(days.has(`${year}-12-26`)).toBe(true);
      expect(days.has(`${year}-12-27`)).toBe(false);
      expect(days.has(`${year}-12-24`)).toBe(false);
    }
  });

  it('a Christmas and Boxing Day at a weekend are made up on the following Monday and Tuesday', () => {
    // 2032: Saturday and Sunday. 2033: Sunday and Monday. 2037: Friday and Saturday.
    expect([...bankHolidaysIn(2032, 'england')].filter(weekday).filter((d) => d >= '2032-12-01')).toEqual([
      '2032-12-27',
      '2032-12-28',
    ]);
    expect([...bankHolidaysIn(2033, 'wales')].filter(weekday).filter((d) => d >= '2033-12-01')).toEqual([
      '2033-12-26',
      '2033-12-27',
    ]);
    expect([...bankHolidaysIn(2037, 'england')].filter(weekday).filter((d) => d >= '2037-12-01')).toEqual([
      '2037-12-25',
      '2037-12-28',
    ]);
  });

  it('Easter Monday 2031 is 14 April, after Good Friday on the 11th', () => {
    expect(isBankHolidayEnglandWales('2031-04-14')).toBe(true);
    expect(isBankHolidayEnglandWales('2031-04-11')).toBe(true);
    expect(isBankHolidayEnglandWales('2031-04-15')).toBe(false);
  });

  it('a New Year on a Saturday is made up on Monday 3 January', () => {
    expect(isBankHolidayEnglandWales('2033-01-03')).toBe(true);
  });

  it('the days of a year are worked out once and kept', () => {
    expect(bankHolidaysIn(2041, 'england')).toBe(bankHolidaysIn(2041, 'england'));
  });

  it('working-day deadlines skip the substitute days long after any hand-written list would have ended', () => {
    // Thursday 23 Dec 2032 + 2 working days: Fri 24 counts; 27 and 28 are substitutes; Wed 29.
    expect(addWorkingDays(new Date('2032-12-23T10:00:00Z'), 2).toISOString()).toBe(
      '2032-12-29T10:00:00.000Z',
    );
    // Thursday 10 Apr 2031 + 1: Good Friday and Easter Monday are skipped.
    expect(addWorkingDays(new Date('2031-04-10T09:00:00Z'), 1).toISOString()).toBe(
      '2031-04-15T09:00:00.000Z',
    );
    expect(isWorkingDay(new Date('2035-12-26T12:00:00Z'))).toBe(false);
    expect(isWorkingDay(new Date('2035-12-27T12:00:00Z'))).toBe(true);
  });

  it('a deadline can be worked out against another calendar', () => {
    const everyMonday = (isoDate: string) => new Date(`${isoDate}T12:00:00Z`).getUTCDay() === 1;
    // Friday + 1 working day with no Mondays is Tuesday.
    expect(addWorkingDays(new Date('2026-11-20T10:00:00Z'), 1, everyMonday).toISOString()).toBe(
      '2026-11-24T10:00:00.000Z',
    );
  });
});
