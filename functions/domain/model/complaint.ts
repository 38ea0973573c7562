/** What a resident tells us when they report noise: the request body of `POST /complaints`. */
import * as z from 'zod';
import { UkPhoneNumber } from '../people/phone.ts';
import { freeText, personName } from '../people/text-input.ts';
import { Address } from './address.ts';
import { RiskAnswers } from './risk.ts';

export const sourceKinds = [
  'domestic',
  'commercial',
  'licensed-premises',
  'street',
  'vehicle',
  'alarm',
  'construction',
  'other',
] as const;
export const SourceKind = z.enum(sourceKinds, { error: 'Choose where the noise comes from' });

export const noiseCategories = [
  'music',
  'tv-radio',
  'party',
  'shouting',
  'barking',
  'alarm',
  'diy',
  'construction',
  'machinery',
  'vehicle',
  'other',
] as const;
export const NoiseCategory = z.enum(noiseCategories, { error: 'Choose what kind of noise it is' });

// Descriptions may run over several lines; everything else a person types is one line.
const text = (what: string, max: number) => freeText(what, max, { multiline: true });

export const Timestamp = z.iso.datetime({
  offset: true,
  error: 'Enter a date and time with a time zone, like 2026-11-20T23:30:00Z',
});

export const ComplainantDetails = z.strictObject({
  name: personName('your full name', 100),
  email: z.email({ error: 'Enter an email address in the correct format, like name@example.com' }).max(254),
  phone: UkPhoneNumber.optional(),
  address: Address,
  /** Whether they would give evidence in court if the case needs it (asked, never assumed). */
  willingToGiveEvidence: z.boolean({ error: 'Say whether you would be willing to give evidence' }).optional(),
});
export type ComplainantDetails = z.infer<typeof ComplainantDetails>;

export const NoiseSourceDetails = z.strictObject({
  address: Address,
  kind: SourceKind,
  /** How the resident identifies the source, e.g. "the flat above mine"; not a person's name. */
  description: text('a description of where the noise comes from', 500).optional(),
});
export type NoiseSourceDetails = z.infer<typeof NoiseSourceDetails>;

export const NoiseDetails = z
  .strictObject({
    category: NoiseCategory,
    description: text('what the noise is like', 2000),
    occurredAt: Timestamp,
    endedAt: Timestamp.optional(),
    /** "How it affects you": sleep, work, health. */
    impact: text('how the noise affects you', 2000).optional(),
  })
  .refine((noise) => !noise.endedAt || Date.parse(noise.endedAt) > Date.parse(noise.occurredAt), {
    error: 'The time the noise stopped must be after it started',
    path: ['endedAt'],
  });
export type NoiseDetails = z.infer<typeof NoiseDetails>;

/**
 * How far from the time a report arrives its noise may be: a report is about the last year (older
 * noise is no longer evidence of a nuisance that continues), and never ahead of the clock beyond a
 * small allowance for a phone or PC whose clock runs fast.
 */
export const occurrenceWindow = { pastYears: 1, futureToleranceMs: 5 * 60_000 };

/**
 * Problems with the times of a report's noise, judged at `now` (the request's clock), as field
 * messages with paths in the request body. Empty when the times are in bounds.
 */
export function occurrenceProblems(
  noise: Pick<NoiseDetails, 'occurredAt' | 'endedAt'>,
  now: Date,
  pastMonths = occurrenceWindow.pastYears * 12,
): { path: string; message: string }[] {
  const latest = now.getTime() + occurrenceWindow.futureToleranceMs;
  const earliest = new Date(now.getTime());
  earliest.setUTCMonth(earliest.getUTCMonth() - pastMonths);
  const problems: { path: string; message: string }[] = [];
  const started = Date.parse(noise.occurredAt);
  if (started > latest) {
    problems.push({
      path: 'noise.occurredAt',
      message: 'The time the noise started must not be in the future',
    });
  } else if (started < earliest.getTime()) {
    problems.push({
      path: 'noise.occurredAt',
      message: `The time the noise started must be within the last ${pastMonths} months`,
    });
  }
  if (noise.endedAt && Date.parse(noise.endedAt) > latest) {
    problems.push({ path: 'noise.endedAt', message: 'The time the noise stopped must not be in the future' });
  }
  return problems;
}

export const ComplaintRequest = z.strictObject({
  complainant: ComplainantDetails,
  source: NoiseSourceDetails,
  noise: NoiseDetails,
  /** The short risk assessment; skipped questions (or all of them) are simply not asked again. */
  risk: RiskAnswers.optional(),
});
export type ComplaintRequest = z.infer<typeof ComplaintRequest>;

/** The complaint schema with the time bounds of a report arriving at `now`, for a parser that has a clock. */
export function complaintRequestAt(now: Date) {
  return ComplaintRequest.superRefine((request, context) => {
    for (const problem of occurrenceProblems(request.noise, now)) {
      context.addIssue({ code: 'custom', message: problem.message, path: problem.path.split('.') });
    }
  });
}

/** A complaint as stored on the case: facts only, the complainant's details live apart. */
export const ComplaintRecord = z.object({
  complaintId: z.string(),
  caseRef: z.string(),
  complainantPartyId: z.string(),
  receivedAt: Timestamp,
  category: NoiseCategory,
  description: z.string(),
  impact: z.string().optional(),
  occurredAt: Timestamp,
  endedAt: Timestamp.optional(),
  /** Derived from occurredAt in UK time; never taken from the request. */
  nightTime: z.boolean(),
  /** Made within the qualifying period of the behaviour (Case Review counting). */
  qualifying: z.boolean(),
});
export type ComplaintRecord = z.infer<typeof ComplaintRecord>;
