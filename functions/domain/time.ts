/** Calendar arithmetic in the council's time zone: working days, night-time, month steps. */
import { isBankHolidayEnglandWales } from '../config/bank-holidays.ts';

/** Whether an ISO date (`2030-12-25`) is a holiday; tests may pass their own. */
export type HolidayCalendar = (isoDate: string) => boolean;

const LONDON = 'Europe/London';
const DAY_MS = 86_400_000;

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});

function partsOf(date: Date) {
  const parts = Object.fromEntries(londonParts.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    isoDate: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    weekday: parts.weekday as string,
  };
}

/** The Noise Act 1996 night period: 23:00 to 07:00 UK time. */
export function isNightTime(at: Date): boolean {
  const { hour } = partsOf(at);
  return hour >= 23 || hour < 7;
}

export function londonDate(at: Date): string {
  return partsOf(at).isoDate;
}

export function isWorkingDay(at: Date, isHoliday: HolidayCalendar = isBankHolidayEnglandWales): boolean {
  const { isoDate, weekday } = partsOf(at);
  return weekday !== 'Sat' && weekday !== 'Sun' && !isHoliday(isoDate);
}

/** `from` plus n working days, keeping the time of day (a weekend complaint is due from Monday). */
export function addWorkingDays(
  from: Date,
  n: number,
  isHoliday: HolidayCalendar = isBankHolidayEnglandWales,
): Date {
  let at = new Date(from.getTime());
  let left = n;
  while (left > 0) {
    at = new Date(at.getTime() + DAY_MS);
    if (isWorkingDay(at, isHoliday)) left--;
  }
  return at;
}

export function addDays(from: Date, n: number): Date {
  return new Date(from.getTime() + n * DAY_MS);
}

export function addMonths(from: Date, n: number): Date {
  const at = new Date(from.getTime());
  const day = at.getUTCDate();
  at.setUTCDate(1);
  at.setUTCMonth(at.getUTCMonth() + n);
  const lastDay = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
  at.setUTCDate(Math.min(day, lastDay));
  return at;
}
