/**
 * The Noise Act's rules: what it covers (a dwelling, or licensed premises: s.2 and s.4A), and its
 * clock in UK time: night hours (s.2(6)), a warning period that starts at least 10 minutes after
 * service and ends with the following 07:00 (s.3(1)(b)), and the permitted level (s.5). Pure
 * functions of the case and the policy in force, so they can be tested across the clock changes
 * without the stack (and imported without the route module).
 */

import type { FieldProblem } from '../../../commons/errors.ts';
import type { PolicyValues } from '../../../config/policy.ts';
import { dayAndTime } from '../../letters/words.ts';
import type { NoiseCase } from '../../model/case.ts';

type NoiseActPolicy = PolicyValues['noiseAct'];

export const NOISE_ACT = 'Noise Act 1996';

/** The Noise Act covers noise from a dwelling (s.2) or licensed premises (s.4A) only. */
export const noiseActCovers = (sourceKind: string) =>
  sourceKind === 'domestic' || sourceKind === 'licensed-premises';

export const isLicensedPremises = (c: Pick<NoiseCase, 'sourceKind'>) => c.sourceKind === 'licensed-premises';

/** The offence a warning notice warns of: s.4 for a dwelling, s.4A for licensed premises. */
export const offenceSection = (c: Pick<NoiseCase, 'sourceKind'>) => (isLicensedPremises(c) ? '4A' : '4');

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const londonClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The UK wall clock at an instant: the calendar date, hour and minute. */
export function londonWallClock(at: Date): { date: string; hour: number; minute: number } {
  const parts = Object.fromEntries(londonClockFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** The instant at `hour`:00 UK time on a UK calendar date (GMT or BST, whichever is in force). */
export function londonInstant(date: string, hour: number): Date {
  const asUtc = Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  // UK time is UTC or UTC+1: one of the two readings is the wall-clock hour asked for.
  for (const offset of [0, HOUR_MS]) {
    const candidate = new Date(asUtc - offset);
    const wall = londonWallClock(candidate);
    if (wall.date === date && wall.hour === hour && wall.minute === 0) return candidate;
  }
  throw new Error(`${hour}:00 does not exist in UK time on ${date}`);
}

/** The first `hour`:00 UK time after an instant: "the following 7 a.m." of s.3. */
export function followingLondonHour(at: Date, hour: number): Date {
  const { date } = londonWallClock(at);
  const sameDay = londonInstant(date, hour);
  if (sameDay.getTime() > at.getTime()) return sameDay;
  const nextDate = new Date(Date.parse(`${date}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return londonInstant(nextDate, hour);
}

/** Night hours: from the start hour to the end hour, UK time (23:00 to 07:00 by default). */
export function isNight(at: Date, policy: NoiseActPolicy): boolean {
  const { hour } = londonWallClock(at);
  return hour >= policy.nightStartHour || hour < policy.nightEndHour;
}

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export const nightWords = (policy: NoiseActPolicy) =>
  `between ${hh(policy.nightStartHour)} and ${hh(policy.nightEndHour)} (UK time)`;

/** The permitted level for a background level (s.5), to a tenth of a decibel. */
export function permittedLevel(policy: NoiseActPolicy, backgroundDb: number): number {
  const { baseDb, backgroundUpToDb, aboveBackgroundDb } = policy.permittedLevel;
  const level = backgroundDb <= backgroundUpToDb ? baseDb : backgroundDb + aboveBackgroundDb;
  return Math.round(level * 10) / 10;
}

/**
 * What is wrong with a warning notice's times, field by field: served at night, a period that
 * starts at least the policy's minutes after service and ends with the following end of night.
 */
export function warningPeriodProblems(
  policy: NoiseActPolicy,
  notice: { servedAt: string; period: { from: string; until: string } },
): FieldProblem[] {
  const served = new Date(notice.servedAt);
  const from = Date.parse(notice.period.from);
  const until = Date.parse(notice.period.until);
  const problems: FieldProblem[] = [];
  if (!isNight(served, policy))
    problems.push({
      path: 'servedAt',
      message: `A warning notice can be served only at night, ${nightWords(policy)}: this one is recorded as served on ${dayAndTime(notice.servedAt)}`,
    });
  const earliest = served.getTime() + policy.periodStartsAfterMinutes * 60_000;
  const end = followingLondonHour(served, policy.nightEndHour);
  if (from < earliest)
    problems.push({
      path: 'period.from',
      message: `The warning period must start at least ${policy.periodStartsAfterMinutes} minutes after the notice was served (section 3): no earlier than ${dayAndTime(new Date(earliest).toISOString())}`,
    });
  else if (from >= end.getTime())
    problems.push({
      path: 'period.from',
      message: `The warning period must start before it ends at ${dayAndTime(end.toISOString())}`,
    });
  if (until !== end.getTime())
    problems.push({
      path: 'period.until',
      message: `The warning period must end at ${hh(policy.nightEndHour)} (UK time) the morning after the notice was served (section 3): ${dayAndTime(end.toISOString())}`,
    });
  return problems;
}
