/** Dates and money the way GOV.UK writes them, always in UK time. */

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});
const dateOnly = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "25 November 2026 at 11:30pm" */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso ?? '');
  const parts = Object.fromEntries(dateTime.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${String(parts.dayPeriod).toLowerCase()}`;
}

/** "25 November 2026" */
export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso ?? '') : dateOnly.format(date);
}

/** "£75.00" from 7500 */
export function formatPence(pence) {
  if (typeof pence !== 'number') return '';
  return `£${(pence / 100).toFixed(2)}`;
}

/** Minutes UK time is ahead of UTC at `epochMs` (0 in winter, 60 in summer). */
function londonOffsetMinutes(epochMs) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
      .formatToParts(new Date(epochMs))
      .map((part) => [part.type, Number(part.value)]),
  );
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return Math.round((asUtc - Math.floor(epochMs / 60_000) * 60_000) / 60_000);
}

/** The instant a UK wall-clock time names, as an ISO string in UTC. */
export function londonWallClockToIso(year, month, day, hour, minute) {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let utc = wall - londonOffsetMinutes(wall) * 60_000;
  utc = wall - londonOffsetMinutes(utc) * 60_000;
  return new Date(utc).toISOString();
}

/** Parses "23:30", "11:30pm", "11pm", "11.30 am", "midnight", "midday" into `{hour, minute}`. */
export function parseTime(text) {
  const value = String(text ?? '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '');
  if (value === 'midnight') return { hour: 0, minute: 0 };
  if (value === 'midday' || value === 'noon') return { hour: 12, minute: 0 };
  const match = /^(\d{1,2})(?:[:.]?(\d{2}))?(am|pm)?$/.exec(value);
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const period = match[3];
  if (minute > 59) return undefined;
  if (period) {
    if (hour < 1 || hour > 12) return undefined;
    if (period === 'am' && hour === 12) hour = 0;
    if (period === 'pm' && hour !== 12) hour += 12;
  } else if (hour > 23 || match[2] === undefined) {
    // "11" alone is ambiguous: morning or night.
    return undefined;
  }
  return { hour, minute };
}
