/** What a resident tells us when they report noise: the request body of `POST /complaints`. */
import * as z from 'zod';
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

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, { error: `Enter ${what}` })
    .max(max, { error: `${what[0]?.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer` });

export const Timestamp = z.iso.datetime({
  offset: true,
  error: 'Enter a date and time with a time zone, like 2026-11-20T23:30:00Z',
});

// UK numbers, in national or +44 form; spaces, dashes and brackets allowed.
const PHONE = /^(?:\+44\s?|0)(?:[\s\-()]*\d){9,10}$/;

export const ComplainantDetails = z.strictObject({
  name: text('your full name', 100),
  email: z.email({ error: 'Enter an email address in the correct format, like name@example.com' }).max(254),
  phone: z
    .string()
    .trim()
    .regex(PHONE, { error: 'Enter a UK telephone number, like 01632 960 001' })
    .optional(),
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
  .refine((noise) => !noise.endedAt || Date.parse(noise.endedAt) >= Date.parse(noise.occurredAt), {
    error: 'The time the noise stopped must be after it started',
    path: ['endedAt'],
  });
export type NoiseDetails = z.infer<typeof NoiseDetails>;

export const ComplaintRequest = z.strictObject({
  complainant: ComplainantDetails,
  source: NoiseSourceDetails,
  noise: NoiseDetails,
  /** The short risk assessment; skipped questions (or all of them) are simply not asked again. */
  risk: RiskAnswers.optional(),
});
export type ComplaintRequest = z.infer<typeof ComplaintRequest>;

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
