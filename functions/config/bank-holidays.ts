/**
 * Bank holidays in England and Wales, from the maintained `date-holidays` rules (substitute days
 * included), worked out once per year on first use, so no list runs out in a given year.
 */
import Holidays from 'date-holidays';

export type Nation = 'england' | 'wales';

/** The library's names: country GB, regions ENG and WLS. */
const regionOf: Record<Nation, string> = { england: 'ENG', wales: 'WLS' };

const calendars = new Map<Nation, Holidays>();
const byYear = new Map<string, ReadonlySet<string>>();

function calendarOf(nation: Nation): Holidays {
  let calendar = calendars.get(nation);
  if (!calendar) {
    calendar = new Holidays('GB', regionOf[nation], { types: ['public', 'bank'] });
    calendars.set(nation, calendar);
  }
  return calendar;
}

/** ISO dates (`2030-12-25`) of the year's bank holidays in one nation. */
export function bankHolidaysIn(year: number, nation: Nation): ReadonlySet<string> {
  const cacheKey = `${nation}:${year}`;
  let days = byYear.get(cacheKey);
  if (!days) {
    // `date` is the local date in the nation's own zone: "2030-12-25 00:00:00".
    days = new Set(
      calendarOf(nation)
        .getHolidays(year)
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    byYear.set(cacheKey, days);
  }
  return days;
}

/**
 * True on a bank holiday in England or in Wales. The two lists are the same today; should they
 * part (a St David's Day holiday), a deadline that skips either day is never shorter than the law's.
 */
export function isBankHolidayEnglandWales(isoDate: string): boolean {
  const year = Number(isoDate.slice(0, 4));
  return bankHolidaysIn(year, 'england').has(isoDate) || bankHolidaysIn(year, 'wales').has(isoDate);
}
