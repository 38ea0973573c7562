/**
 * Times as Open311 clients send them and as the spec wants them back.
 *
 * The spec asks for W3C date-times with a zone, but FixMyStreet renders a `datetime` attribute as
 * `<input type="datetime-local">` (mysociety/fixmystreet,
 * templates/web/base/report/new/category_extras_fields.html), which sends `2026-11-25T23:30`
 * with no zone. A time without a zone is read as UK local time, which is what a resident of the
 * council's area typing into that field means.
 */

const LOCAL_OR_ZONED =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** How far UK local time is ahead of UTC at an instant: 0 (GMT) or one hour (BST). */
function londonOffsetMs(utcMs: number): number {
  const parts: Record<string, number> = Object.fromEntries(
    londonParts.formatToParts(new Date(utcMs)).map((part) => [part.type, Number(part.value)]),
  );
  const at = (type: string) => parts[type] ?? 0;
  const asUtc = Date.UTC(at('year'), at('month') - 1, at('day'), at('hour'), at('minute'), at('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant a UK wall-clock time names. In the hour the clocks go forward the time does not
 * exist and is read an hour on (01:30 is 02:30 BST); in the hour they go back it names the later
 * of its two instants.
 */
function fromLondonWallClock(wallAsUtcMs: number): number {
  const first = wallAsUtcMs - londonOffsetMs(wallAsUtcMs);
  const offset = londonOffsetMs(first);
  return wallAsUtcMs - offset;
}

/** An ISO 8601 instant (UTC, `Z`), or undefined when the text is not a real date and time. */
export function parseReportedTime(text: string): string | undefined {
  const match = LOCAL_OR_ZONED.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? 0);
  const ms = Number((fraction ?? '0').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 April over to 1 May: a day that does not exist is refused, not moved.
  if (new Date(wall).getUTCDate() !== day || year < 1900) return undefined;
  let instant: number;
  if (!zone) {
    instant = fromLondonWallClock(wall);
  } else if (zone.toUpperCase() === 'Z') {
    instant = wall;
  } else {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2, 4));
    if (offsetHours > 14 || offsetMinutes > 59) return undefined;
    instant = wall - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return new Date(instant).toISOString();
}

/** `2026-11-25T23:30:00Z`: the W3C profile the spec uses, whole seconds (FixMyStreet parses it with DateTime::Format::W3CDTF). */
export function w3cDateTime(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
