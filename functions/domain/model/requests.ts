/** Request bodies and queries of the staff and provider routes: the one source for validation, types and the OpenAPI document. */
import * as z from 'zod';
import { monitoringResults, visitFindings } from '../evidence/model.ts';
import { freeText } from '../people/text-input.ts';
import { Address } from './address.ts';
import { CaseRef, CaseStatus } from './case.ts';
import { SourceKind, Timestamp } from './complaint.ts';
import { RiskAnswers } from './risk.ts';
import { AgreedAction } from './workflow.ts';

/** Staff free text: control characters refused and invisible formatting stripped, as on the public forms. */
const text = (what: string, max: number) => freeText(what, max, { multiline: true });

export const DecisionRequest = z.strictObject({
  outcome: z.string({ error: 'Choose an outcome' }).min(1, { error: 'Choose an outcome' }).max(40),
  reason: freeText('the reason for this decision', 2000, { multiline: true }).refine(
    (reason) => reason.length >= 3,
    {
      error: 'Give the reason for this decision',
    },
  ),
  agreedActions: z.array(AgreedAction).max(20).optional(),
  /** Particulars the outcome carries: a notice's recipient and requirements, a court's fine. */
  details: z.record(z.string(), z.unknown(), { error: 'details must be an object' }).optional(),
});
export type DecisionRequest = z.infer<typeof DecisionRequest>;

export const BreachRequest = z.strictObject({
  witnessedAt: Timestamp,
  description: text('what was seen or heard', 2000),
  /** Where it was seen or heard from; the premises' address when not given. */
  location: text('where it was witnessed from', 300).optional(),
  /** Which kind of requirement was breached, when the notice has both. */
  requirement: z.enum(['do', 'stop'], { error: 'requirement is "do" or "stop"' }).optional(),
});
export type BreachRequest = z.infer<typeof BreachRequest>;

export const AppealRequest = z.strictObject({
  noticeId: z.string({ error: 'Say which notice is appealed' }).regex(/^ntc_[0-9a-f]{16}$/, {
    error: 'Give the id of a notice on this case, like ntc_0123456789abcdef',
  }),
  lodgedAt: Timestamp,
  court: text("the court's name", 200),
});
export type AppealRequest = z.infer<typeof AppealRequest>;

export const WithdrawalRequest = z.strictObject({
  party: z.enum(['complainant', 'source'], { error: 'Say who withdrew: complainant or source' }),
  reason: text('the reason given for withdrawing', 2000),
});
export type WithdrawalRequest = z.infer<typeof WithdrawalRequest>;

export const PaymentRequest = z.strictObject({
  amountPence: z
    .number({ error: 'amountPence must be a whole number of pence' })
    .int({ error: 'amountPence must be a whole number of pence' })
    .positive({ error: 'amountPence must be more than 0' })
    .max(10_000_000),
  paidAt: Timestamp,
  providerReference: z
    .string({ error: 'Give the payment provider reference' })
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, {
      error: 'providerReference must be 1 to 100 letters, digits or . _ : -',
    }),
});
export type PaymentRequest = z.infer<typeof PaymentRequest>;

export const ListCasesQuery = z.strictObject({
  /** Omitted: every open case. */
  status: CaseStatus.optional(),
  flag: z
    .string()
    .regex(/^[a-z-]{1,40}$/, { error: 'flag is a word like workflow-stalled' })
    .optional(),
  owner: z.literal('me', { error: 'owner can only be "me"' }).optional(),
  cursor: z.string().max(2000).optional(),
});

// Casework: people, enquiries, risk, ownership and manual control of a case.

const partyId = (what: string) =>
  z.string({ error: `Give the party id of ${what}` }).regex(/^[A-Za-z0-9_-]{1,64}$/, {
    error: `Give the party id of ${what}, as the case view shows it`,
  });

const staffReason = text('the reason', 2000);

export const NamePersonRequest = z
  .strictObject({
    /** `responsible`: the person responsible for the noise; `owner`: the owner or landlord; `agent`: the managing agent. */
    role: z.enum(['responsible', 'owner', 'agent'], { error: 'role is responsible, owner or agent' }),
    /** The person on this case this record corrects; omitted, a new person is named. */
    corrects: partyId('the person this corrects').optional(),
    name: text('their full name', 100),
    /** A notice may name only a person confirmed to be 16 or over (2014 Act s.43(1)). */
    ageConfirmed16Plus: z.boolean({ error: 'ageConfirmed16Plus must be true or false' }).optional(),
    relationship: text('how they relate to the premises', 200).optional(),
    email: z
      .email({ error: 'Enter an email address in the correct format, like name@example.com' })
      .max(254)
      .optional(),
    phone: text('a telephone number', 30).optional(),
    /** Omitted for the person responsible: the premises' address. */
    address: Address.optional(),
  })
  .refine((body) => body.role !== 'responsible' || body.ageConfirmed16Plus !== undefined, {
    error: 'Say whether the person responsible is confirmed to be aged 16 or over',
    path: ['ageConfirmed16Plus'],
  })
  .refine(
    (body) => body.role === 'responsible' || body.address !== undefined || body.corrects !== undefined,
    {
      error: "Enter the owner's or agent's address",
      path: ['address'],
    },
  );
export type NamePersonRequest = z.infer<typeof NamePersonRequest>;

export const enquiryMethods = [
  'land-registry',
  'council-tax',
  'electoral-register',
  'site-visit',
  'neighbours',
  'landlord-or-agent',
  'police',
  'other',
] as const;

export const EnquiryRequest = z.strictObject({
  method: z.enum(enquiryMethods, { error: `method is one of: ${enquiryMethods.join(', ')}` }),
  madeAt: Timestamp,
  /** What was asked, and of whom. */
  description: text('what was asked, and of whom', 500),
  findings: text('what the enquiry found', 500),
});
export type EnquiryRequest = z.infer<typeof EnquiryRequest>;

/** The powers to require a name and address that an officer may use. */
export const nameAndAddressPowers = ['pra-2002-s50', 'pra-2002-sch5', 'noise-act-s8b'] as const;

export const NameAndAddressRequest = z
  .strictObject({
    requiredAt: Timestamp,
    power: z.enum(nameAndAddressPowers, {
      error: `power is one of: ${nameAndAddressPowers.join(', ')}`,
    }),
    /** The officer's accreditation number (a constable's warrant number under s.50). */
    accreditationNumber: z
      .string({ error: 'Enter the accreditation number' })
      .trim()
      .regex(/^[A-Za-z0-9/ -]{1,40}$/, { error: 'Enter the accreditation number, like NM-CSAS-0042' }),
    /** When the accreditation expires (s.41 accreditations run for a fixed period). */
    accreditationExpiresOn: z.iso.date({ error: 'Enter the expiry date as YYYY-MM-DD' }).optional(),
    result: z.enum(['given', 'refused', 'false-details'], {
      error: 'result is given, refused or false-details',
    }),
    /** The name and address given. */
    name: text('the name given', 100).optional(),
    address: Address.optional(),
    /** What was said or done on refusal, or why the details seem false. */
    notes: text('what happened', 2000).optional(),
  })
  .refine((body) => body.result !== 'given' || (body.name !== undefined && body.address !== undefined), {
    error: 'Enter the name and address given',
    path: ['name'],
  });
export type NameAndAddressRequest = z.infer<typeof NameAndAddressRequest>;

export const RiskAssessmentRequest = z.strictObject({
  complainantPartyId: partyId('the complainant assessed'),
  answers: RiskAnswers,
  notes: text('notes', 2000).optional(),
});
export type RiskAssessmentRequest = z.infer<typeof RiskAssessmentRequest>;

export const AssignRequest = z.strictObject({
  /** The staff user id (the sign-in subject) of the new owner. */
  owner: z.string({ error: 'Give the staff user id of the new owner' }).regex(/^[A-Za-z0-9@._:-]{1,128}$/, {
    error: 'Give the staff user id of the new owner',
  }),
  ownerName: text("the owner's name", 100),
  reason: staffReason.optional(),
});
export type AssignRequest = z.infer<typeof AssignRequest>;

export const CloseRequest = z.strictObject({
  reason: staffReason,
  /** What the letters tell the complainants, in plain words. */
  residentOutcome: text('what the complainants are told', 1000),
});
export type CloseRequest = z.infer<typeof CloseRequest>;

export const ReopenRequest = z.strictObject({ reason: staffReason });
export type ReopenRequest = z.infer<typeof ReopenRequest>;

export const MoveOnRequest = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('restart-phase'), reason: staffReason }),
    z.strictObject({
      action: z.literal('start-decision'),
      /** A phase that begins with a decision: `investigation`, or a notice's breach decision. */
      phase: z.string({ error: 'Choose the decision to send the case to' }).regex(/^[a-z-]{1,60}$/),
      /** The counting breach a breach decision acts on; the latest one when omitted. */
      offenceId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,80}$/)
        .optional(),
      reason: staffReason,
    }),
    z.strictObject({
      action: z.literal('close'),
      reason: staffReason,
      residentOutcome: text('what the complainants are told', 1000),
    }),
  ],
  { error: 'action is restart-phase, start-decision or close' },
);
export type MoveOnRequest = z.infer<typeof MoveOnRequest>;

export const SplitRequest = z.strictObject({
  complaintId: z.string({ error: 'Say which report to split off' }).regex(/^[A-Za-z0-9_-]{1,64}$/, {
    error: 'Give the id of a report on this case',
  }),
  reason: staffReason,
  /** The place the report is really about: the new case's source. */
  source: z.strictObject({
    address: Address,
    kind: SourceKind.optional(),
    description: text('a description of the place', 500).optional(),
  }),
});
export type SplitRequest = z.infer<typeof SplitRequest>;

export const MergeRequest = z.strictObject({
  /** The case that carries on; this case is closed into it. */
  into: CaseRef,
  reason: staffReason,
});
export type MergeRequest = z.infer<typeof MergeRequest>;

// Evidence: uploads, diary sheets, visits and monitoring.

/** Letters, digits and `. _ : -`: a client's key that makes a retried request the same request. */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/, {
  error: 'Idempotency-Key must be 8 to 128 letters, digits or . _ : -',
});

export const UploadRequest = z.strictObject({
  fileName: z
    .string({ error: 'Give the name of the file' })
    .trim()
    .min(1, { error: 'Give the name of the file' })
    .max(200, { error: 'The file name must be 200 characters or fewer' })
    .refine(
      (name) =>
        ![...name].some(
          (char) => char === '/' || char === '\\' || char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127,
        ),
      {
        error: 'The file name must not contain slashes or control characters',
      },
    ),
  /** As the browser declares it; empty when it does not know. The content decides in the end. */
  contentType: z.string().max(100, { error: 'The content type must be 100 characters or fewer' }),
  size: z
    .number({ error: 'Give the size of the file in bytes' })
    .int({ error: 'Give the size of the file in bytes' })
    .positive({ error: 'The selected file is empty' })
    .max(2 ** 31, { error: 'The selected file is too big' }),
});
export type UploadRequest = z.infer<typeof UploadRequest>;

export const UploadId = z.string().regex(/^up_[0-9a-f]{24}$/, { error: 'Not an upload id we gave out' });
export const FileId = z
  .string()
  .regex(/^ev_[0-9a-f]{24}$/, { error: 'A file id looks like ev_ and 24 letters and digits' });
export const SheetId = z.string().regex(/^ds_[0-9a-f]{24}$/, { error: 'Not a diary sheet id we gave out' });
export const DeploymentId = z
  .string()
  .regex(/^mo_[0-9a-f]{24}$/, { error: 'Not a monitoring deployment id we gave out' });

export const IssueDiarySheetRequest = z.strictObject({
  /** The complainant who keeps it (their party id, as the case view shows it). */
  partyId: z
    .string({ error: 'Choose which complainant to give the diary sheet to' })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, {
      error: 'Give the party id of a complainant, as the case view shows it',
    }),
  /** How many days it is kept for (policy: a range, with a default). */
  days: z
    .number({ error: 'days must be a whole number' })
    .int({ error: 'days must be a whole number' })
    .optional(),
});

const clockTime = (what: string) =>
  z.string({ error: `Enter the time the noise ${what}` }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
    error: `Enter the time the noise ${what} as a 24-hour time, like 23:30`,
  });

export const DiaryEntryRequest = z.strictObject({
  /** The client's id for the entry: saving it again changes the same entry. */
  entryId: z
    .string()
    .regex(/^[A-Za-z0-9-]{8,64}$/, { error: 'entryId must be 8 to 64 letters, digits or dashes' }),
  date: z.iso.date({ error: 'Enter the date of the noise as a real date' }),
  startTime: clockTime('started'),
  endTime: clockTime('stopped'),
  heard: text('what you heard', 1000),
  effect: text('how it affected you', 1000),
});
export type DiaryEntryRequest = z.infer<typeof DiaryEntryRequest>;

export const VisitRequest = z.strictObject({
  visitedAt: Timestamp,
  location: text('where it was heard from', 300),
  description: text('what was witnessed', 2000),
  amountsTo: z.enum(visitFindings, { error: 'amountsTo is "no-nuisance", "nuisance" or "breach"' }),
  /** The officer's witness statement. */
  statement: text('the witness statement', 10_000).optional(),
  /** Which kind of requirement was breached, when the visit found a breach of a notice with both. */
  requirement: z.enum(['do', 'stop'], { error: 'requirement is "do" or "stop"' }).optional(),
  /** Files on the case made during the visit (recordings, photos). */
  fileIds: z.array(FileId).max(20).optional(),
});
export type VisitRequest = z.infer<typeof VisitRequest>;

export const MonitoringInstallRequest = z.strictObject({
  kitId: z.string({ error: 'Give the kit identifier' }).regex(/^[A-Za-z0-9._/-]{1,40}$/, {
    error: 'The kit identifier must be 1 to 40 letters, digits or . _ / -',
  }),
  calibratedOn: z.iso.date({ error: 'Enter the calibration date as YYYY-MM-DD' }),
  installedAt: Timestamp,
  location: text('where it was installed', 300).optional(),
});
export type MonitoringInstallRequest = z.infer<typeof MonitoringInstallRequest>;

export const MonitoringRemovalRequest = z.strictObject({
  removedAt: Timestamp,
  result: z.enum(monitoringResults, { error: `result is one of: ${monitoringResults.join(', ')}` }),
  notes: text('notes on the result', 2000).optional(),
  /** The recordings and reports the kit produced, uploaded to the case first. */
  fileIds: z.array(FileId).max(50).optional(),
});
export type MonitoringRemovalRequest = z.infer<typeof MonitoringRemovalRequest>;

export { CaseRef };

// ── Noise Act 1996 (ss.2-10) ──

const decibels = (what: string) =>
  z
    .number({ error: `Enter ${what} in dB(A)` })
    .min(0, { error: `${what[0]?.toUpperCase()}${what.slice(1)} cannot be below 0 dB(A)` })
    .max(140, { error: `${what[0]?.toUpperCase()}${what.slice(1)} must be 140 dB(A) or less` });

/** Who the officer served the warning notice on (s.3(2)-(4)): a person present, a body, or left at the premises. */
export const WarningNoticeServedOn = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('person'), name: text('the name of the person served', 100) }),
    z.strictObject({ kind: z.literal('body'), name: text('the name of the licence holder or body', 200) }),
    z.strictObject({ kind: z.literal('left-at-premises') }),
  ],
  { error: 'Say how the notice was served: person, body or left-at-premises' },
);

/** An officer records the warning notice they served at night; times are checked against s.3. */
export const NoiseActWarningNoticeRequest = z.strictObject({
  servedAt: Timestamp,
  measuredDb: decibels('the level measured'),
  backgroundDb: decibels('the background level'),
  period: z.strictObject(
    { from: Timestamp, until: Timestamp },
    { error: 'Give the warning period as { from, until }' },
  ),
  /** Omitted: the notice was left at the premises. */
  servedOn: WarningNoticeServedOn.optional(),
  /** Where the officer measured from; for staff only, never printed on a letter to the source. */
  measuredFrom: text('where the noise was measured from', 300).optional(),
});
export type NoiseActWarningNoticeRequest = z.infer<typeof NoiseActWarningNoticeRequest>;

/** A measurement during (or outside) a warning period: the offence if in the period and above the level. */
export const NoiseActExceedanceRequest = z.strictObject({
  measuredAt: Timestamp,
  levelDb: decibels('the level measured'),
  /** The warning notice it is judged against; omitted, the latest served before the measurement. */
  warningNoticeId: z
    .string()
    .regex(/^ntc_[0-9a-f]{16}$/, {
      error: 'Give the id of a warning notice on this case, like ntc_0123456789abcdef',
    })
    .optional(),
  measuredFrom: text('where the noise was measured from', 300).optional(),
  /** For staff only: never printed on a letter to the source. */
  note: text('a note', 2000).optional(),
});
export type NoiseActExceedanceRequest = z.infer<typeof NoiseActExceedanceRequest>;
