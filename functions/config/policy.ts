/**
 * Every statutory or locally-set number Abate uses, as effective-dated configuration. A decision
 * uses the policy in force on the date that matters (the offence, the notice, the complaint), so
 * a change by Parliament or the council applies from its date and never rewrites old cases.
 */
import * as z from 'zod';

const pence = z.number().int().nonnegative();
const points = z.number().int().nonnegative();
const days = z.number().int().positive();
const months = z.number().int().positive();
const bytes = z.number().int().positive();

/**
 * The complainant risk assessment: points for each "yes", the scores at which the risk is medium
 * and high, and answers that make it high on their own (a possible hate incident). Local practice,
 * so every council sets its own; high risk sets the case's priority and asks a manager to consider
 * a safeguarding referral within `safeguardingDueWorkingDays`.
 */
const RiskPolicy = z
  .object({
    points: z.object({
      vulnerable: points,
      healthAffected: points,
      repeatVictim: points,
      feelsUnsafe: points,
      hateMotivated: points,
    }),
    mediumFrom: points,
    highFrom: points,
    highWhenYes: z.array(
      z.enum(['vulnerable', 'healthAffected', 'repeatVictim', 'feelsUnsafe', 'hateMotivated']),
    ),
    safeguardingDueWorkingDays: days,
  })
  .refine((risk) => risk.mediumFrom < risk.highFrom, {
    error: 'A medium risk must start below a high one',
    path: ['mediumFrom'],
  });

export const PolicyValues = z
  .object({
    caseReview: z.object({
      /** Qualifying complaints that meet the ASB Case Review threshold; s.104 allows at most 3. */
      threshold: z
        .number()
        .int()
        .positive()
        .max(3, { error: 'The Case Review threshold may not exceed 3 (s.104)' }),
      windowMonths: months,
      /** A complaint qualifies when made within this many months of the behaviour. */
      reportedWithinMonths: months,
    }),
    intake: z.object({
      /** A report about a case closed this recently reopens it instead of starting a new one. */
      reopenWithinDays: days,
      acknowledgeWithinWorkingDays: days,
      /** Reports about noise longer ago than this are refused (the complainant is asked to call). */
      oldestReportMonths: months,
    }),
    triage: z.object({ dueWorkingDays: days, highRiskDueWorkingDays: days }),
    /** Community Protection Warning (2014 Act s.43): time to comply, how long the case is watched, how long it stays live. */
    warning: z.object({ complyDays: days, watchDays: days, liveMonths: months }),
    /** Community Protection Notice (s.43, appeal s.46). */
    cpn: z.object({
      complyDays: days,
      appealDays: days,
      watchDays: days,
      liveMonths: months,
      /** Bodies informed before a CPN is issued (s.43(6)) unless the decision names others. */
      partnersToInform: z.array(z.string().min(1)).min(1),
    }),
    fixedPenalty: z.object({
      /** The council's amount; never above the statutory maximum in force. */
      amountPence: pence,
      maximumPence: pence,
      discountedAmountPence: pence,
      discountDays: days,
      /** No proceedings in this period; paying within it discharges liability (s.52). */
      payWithinDays: days,
      reminderDays: z.array(days),
    }),
    offences: z.object({
      /** Summary proceedings start within this many months of the offence (MCA 1980 s.127). */
      limitationMonths: months,
    }),
    prosecution: z.object({ outcomeDueDays: days, reminderDays: days }),
    restorative: z.object({
      consentDueDays: days,
      conferenceDueDays: days,
      reviewAfterDays: days,
    }),
    decisions: z.object({
      cpnDecisionDueWorkingDays: days,
      breachDecisionDueWorkingDays: days,
      prosecutionReviewDueWorkingDays: days,
      appealOutcomeDueDays: days,
    }),
    payments: z.object({
      /** How far a payment's `paidAt` may lie ahead of our clock (provider clocks drift). */
      clockToleranceMinutes: z.number().int().nonnegative(),
    }),
    retention: z
      .object({
        /** Years after closure until the people on a case are anonymised and its files deleted. */
        yearsAfterClosure: z.number().int().positive(),
        /** Years after closure until its recordings' content (audio and video) is deleted, sooner. */
        recordingYearsAfterClosure: z.number().int().positive(),
      })
      .refine((r) => r.recordingYearsAfterClosure <= r.yearsAfterClosure, {
        error: 'Recordings cannot be kept longer than the case they belong to',
        path: ['recordingYearsAfterClosure'],
      }),

    // ── Statutory nuisance and the Noise Act 1996 (added with those routes) ──
    /** Statutory nuisance, Environmental Protection Act 1990 ss.79-82. */
    nuisance: z.object({
      /** A caseworker decides whether a nuisance exists (s.79) within this many working days. */
      decisionDueWorkingDays: days,
      /** Other steps to persuade abatement before a notice, for noise: at most 7 days (s.80(2A)(b)). */
      informalResolutionDays: days.max(7, {
        error: 'Informal resolution may last at most 7 days (s.80(2A))',
      }),
      /** Abatement notice (s.80): the time to comply when the decision gives none. */
      complyDays: days,
      /** Appeal to a magistrates' court within this many days of service (s.80(3)). */
      appealDays: days,
      /**
       * The reg. 3 statement's default (Statutory Nuisance (Appeals) Regulations 1995): whether the
       * notice is suspended while an appeal is pending. A decision may say otherwise.
       */
      suspendedOnAppeal: z.boolean(),
      /** How long the case watches for a breach after service, or after works in default. */
      watchDays: days,
      /**
       * An abatement notice has no end date in law; for this long a breach reopens the closed case
       * at its breach decision (in step with retention, so the case is still there to reopen).
       */
      liveMonths: months,
      breachDecisionDueWorkingDays: days,
      /** A person aggrieved must give this many days' written notice before their own complaint (s.82(7)). */
      privateActionNoticeDays: days,
    }),
    /** Noise Act 1996 ss.2-10: a power, not a duty, for night noise from dwellings and licensed premises. */
    noiseAct: z.object({
      /** Night hours, UK time (s.2(6)): from this hour to `nightEndHour`, when the warning period also ends (s.3). */
      nightStartHour: z.number().int().min(0).max(23),
      nightEndHour: z.number().int().min(0).max(23),
      /** A warning period starts no earlier than this many minutes after service (s.3(1)(b)). */
      periodStartsAfterMinutes: z.number().int().positive(),
      /**
       * The permitted level (s.5 directions; verify before use): `baseDb` where the background
       * level is `backgroundUpToDb` or less, otherwise `aboveBackgroundDb` above the background.
       */
      permittedLevel: z.object({
        baseDb: z.number().positive(),
        backgroundUpToDb: z.number().nonnegative(),
        aboveBackgroundDb: z.number().positive(),
      }),
      /** Fixed penalties (s.8, amounts s.8A; verify before use). */
      fixedPenalty: z.object({
        /** The council's amount for a dwelling, within the prescribed range below. */
        dwellingPence: pence,
        dwellingMinimumPence: pence,
        dwellingMaximumPence: pence,
        /** A lower amount for early payment (s.8A); equal to the full amount when the council offers none. */
        dwellingEarlyPaymentPence: pence,
        licensedPremisesPence: pence,
        licensedPremisesEarlyPaymentPence: pence,
        earlyPaymentDays: days,
        /** No proceedings in this period; paying within it discharges liability (s.8(2)). */
        payWithinDays: days,
      }),
      /** An FPN is for an offence just committed (s.8(1)): the manager decides quickly. */
      offenceDecisionDueWorkingDays: days,
    }),
    risk: RiskPolicy,
    /** Evidence: files residents and officers send, diary sheets, monitoring equipment. */
    evidence: z.object({
      /** The largest file accepted, in bytes, by what it is (judged from its content). */
      maxBytes: z.object({ recording: bytes, photo: bytes, document: bytes }),
      /** MIME types accepted, each recognised by its first bytes; a type Abate cannot recognise is never accepted. */
      allowedTypes: z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/)).min(1),
      /** How long a presigned upload or download link works. */
      linkMinutes: z.number().int().positive().max(60),
      /** A caseworker reviews what a resident sent within this many working days. */
      reviewDueWorkingDays: days,
      diarySheet: z.object({
        /** How long a complainant keeps a diary sheet; a caseworker may choose within the range. */
        defaultDays: days,
        minDays: days,
        maxDays: days,
        /** The complainant is reminded this many days before it is due. */
        remindDaysBefore: days,
        /** A caseworker decides what to do about a sheet not returned within this many working days. */
        notReturnedDueWorkingDays: days,
        /** Entries live in the sheet's one item (so a submission freezes them atomically): at most 60 fit. */
        maxEntries: z.number().int().positive().max(60),
      }),
      monitoring: z.object({
        /** A deployment lasts up to this many days, at most `maxDeployments` times a case (managers may go further). */
        maxDays: days,
        maxDeployments: z.number().int().positive(),
        /** Kit calibrated longer ago than this before installation cannot be deployed. */
        calibrationValidMonths: months,
      }),
    }),
  })
  .refine((v) => v.fixedPenalty.amountPence <= v.fixedPenalty.maximumPence, {
    error: 'The fixed penalty amount may not exceed the statutory maximum',
    path: ['fixedPenalty', 'amountPence'],
  })
  .refine((v) => v.fixedPenalty.discountedAmountPence <= v.fixedPenalty.amountPence, {
    error: 'The early-payment amount must not exceed the full amount',
    path: ['fixedPenalty', 'discountedAmountPence'],
  })
  .refine((v) => v.fixedPenalty.discountDays <= v.fixedPenalty.payWithinDays, {
    error: 'The early-payment period must end within the payment period',
    path: ['fixedPenalty', 'discountDays'],
  })
  .refine((v) => v.cpn.watchDays >= v.cpn.appealDays, {
    error: 'A CPN is watched at least until its appeal window closes',
    path: ['cpn', 'watchDays'],
  })
  // ── Noise Act 1996 ──
  .refine(
    (v) =>
      v.noiseAct.fixedPenalty.dwellingMinimumPence <= v.noiseAct.fixedPenalty.dwellingPence &&
      v.noiseAct.fixedPenalty.dwellingPence <= v.noiseAct.fixedPenalty.dwellingMaximumPence,
    {
      error: 'The Noise Act amount for a dwelling must be within the prescribed range (s.8A)',
      path: ['noiseAct', 'fixedPenalty', 'dwellingPence'],
    },
  )
  .refine((v) => v.noiseAct.fixedPenalty.dwellingEarlyPaymentPence <= v.noiseAct.fixedPenalty.dwellingPence, {
    error: 'The early-payment amount must not exceed the full amount',
    path: ['noiseAct', 'fixedPenalty', 'dwellingEarlyPaymentPence'],
  })
  .refine(
    (v) =>
      v.noiseAct.fixedPenalty.licensedPremisesEarlyPaymentPence <=
      v.noiseAct.fixedPenalty.licensedPremisesPence,
    {
      error: 'The early-payment amount must not exceed the full amount',
      path: ['noiseAct', 'fixedPenalty', 'licensedPremisesEarlyPaymentPence'],
    },
  )
  .refine((v) => v.noiseAct.fixedPenalty.earlyPaymentDays <= v.noiseAct.fixedPenalty.payWithinDays, {
    error: 'The early-payment period must end within the payment period',
    path: ['noiseAct', 'fixedPenalty', 'earlyPaymentDays'],
  })
  // Night hours run over midnight: the end hour comes before the start hour.
  .refine((v) => v.noiseAct.nightEndHour < v.noiseAct.nightStartHour, {
    error: 'Night hours run over midnight: the end hour must be before the start hour',
    path: ['noiseAct', 'nightEndHour'],
  })
  .refine(
    ({ evidence: { diarySheet: d } }) =>
      d.minDays <= d.defaultDays && d.defaultDays <= d.maxDays && d.remindDaysBefore < d.minDays,
    {
      error:
        'A diary sheet lasts minDays to maxDays (the default between them) and its reminder comes within it',
      path: ['evidence', 'diarySheet'],
    },
  );
export type PolicyValues = z.infer<typeof PolicyValues>;

export const PolicyVersion = z.object({
  /** ISO date (Europe/London) from which these values apply. */
  effectiveFrom: z.iso.date(),
  note: z.string(),
  /**
   * A change announced but not yet in force on a known date (a commencement order not yet made):
   * it never applies until a council replaces it with a version whose date it has confirmed.
   */
  awaitingCommencement: z.boolean().optional(),
  values: PolicyValues,
});
export type PolicyVersion = z.infer<typeof PolicyVersion>;

const defaults2015: PolicyValues = {
  caseReview: { threshold: 3, windowMonths: 6, reportedWithinMonths: 1 },
  intake: { reopenWithinDays: 28, acknowledgeWithinWorkingDays: 5, oldestReportMonths: 12 },
  triage: { dueWorkingDays: 2, highRiskDueWorkingDays: 1 },
  warning: { complyDays: 7, watchDays: 14, liveMonths: 12 },
  cpn: { complyDays: 7, appealDays: 21, watchDays: 28, liveMonths: 12, partnersToInform: ['the police'] },
  fixedPenalty: {
    amountPence: 10_000,
    maximumPence: 10_000,
    discountedAmountPence: 7_500,
    discountDays: 10,
    payWithinDays: 14,
    reminderDays: [7, 12],
  },
  offences: { limitationMonths: 6 },
  prosecution: { outcomeDueDays: 180, reminderDays: 28 },
  restorative: { consentDueDays: 14, conferenceDueDays: 28, reviewAfterDays: 28 },
  decisions: {
    cpnDecisionDueWorkingDays: 5,
    breachDecisionDueWorkingDays: 5,
    prosecutionReviewDueWorkingDays: 10,
    appealOutcomeDueDays: 90,
  },
  payments: { clockToleranceMinutes: 10 },
  retention: { yearsAfterClosure: 6, recordingYearsAfterClosure: 2 },

  // ── Statutory nuisance and the Noise Act 1996 ──
  nuisance: {
    decisionDueWorkingDays: 10,
    informalResolutionDays: 7,
    complyDays: 7,
    appealDays: 21,
    // Most noise needs no works to stop, so reg. 3(1) does not suspend the notice on appeal.
    suspendedOnAppeal: false,
    watchDays: 28,
    liveMonths: 72,
    breachDecisionDueWorkingDays: 5,
    privateActionNoticeDays: 3,
  },
  noiseAct: {
    nightStartHour: 23,
    nightEndHour: 7,
    periodStartsAfterMinutes: 10,
    // Verify before use: the Secretary of State's directions under s.5.
    permittedLevel: { baseDb: 34, backgroundUpToDb: 24, aboveBackgroundDb: 10 },
    // Verify before use: the range is prescribed by regulations under s.8A; £500 for licensed premises.
    fixedPenalty: {
      dwellingPence: 10_000,
      dwellingMinimumPence: 7_500,
      dwellingMaximumPence: 11_000,
      dwellingEarlyPaymentPence: 10_000,
      licensedPremisesPence: 50_000,
      licensedPremisesEarlyPaymentPence: 50_000,
      earlyPaymentDays: 10,
      payWithinDays: 14,
    },
    offenceDecisionDueWorkingDays: 1,
  },
  risk: {
    points: { vulnerable: 2, healthAffected: 2, repeatVictim: 1, feelsUnsafe: 3, hateMotivated: 3 },
    mediumFrom: 2,
    highFrom: 5,
    highWhenYes: ['hateMotivated'],
    safeguardingDueWorkingDays: 2,
  },
  evidence: {
    maxBytes: { recording: 50 * 1024 * 1024, photo: 20 * 1024 * 1024, document: 20 * 1024 * 1024 },
    allowedTypes: [
      'audio/mpeg',
      'audio/mp4',
      'audio/aac',
      'audio/wav',
      'audio/ogg',
      'audio/flac',
      'audio/amr',
      'audio/webm',
      'video/mp4',
      'video/quicktime',
      'video/3gpp',
      'image/jpeg',
      'image/png',
      'image/heic',
      'image/webp',
      'application/pdf',
    ],
    linkMinutes: 15,
    reviewDueWorkingDays: 5,
    diarySheet: {
      defaultDays: 21,
      minDays: 14,
      maxDays: 28,
      remindDaysBefore: 3,
      notReturnedDueWorkingDays: 5,
      maxEntries: 60,
    },
    monitoring: { maxDays: 7, maxDeployments: 2, calibrationValidMonths: 12 },
  },
};

/** Defaults from the domain brief; councils replace them with their own versions. */
export const defaultPolicyVersions: PolicyVersion[] = [
  {
    effectiveFrom: '2015-01-01',
    note: 'ASB, Crime and Policing Act 2014 s.52 maximum £100; local defaults for periods and reminders',
    values: defaults2015,
  },
  {
    // The Crime and Policing Act 2026 raises the s.52 maximum to £500; its commencement date is not
    // confirmed, so this version waits until a council confirms it with the date it comes into force.
    effectiveFrom: '2026-01-01',
    note: 'Crime and Policing Act 2026: s.52 maximum £500 (commencement unconfirmed)',
    awaitingCommencement: true,
    values: { ...defaults2015, fixedPenalty: { ...defaults2015.fixedPenalty, maximumPence: 50_000 } },
  },
];

export interface PolicyBook {
  at(date: Date): PolicyValues;
}

/** Picks the version in force on a date; versions may be given in any order. */
export function policyBook(versions: PolicyVersion[] = defaultPolicyVersions): PolicyBook {
  const sorted = versions
    .map((v) => PolicyVersion.parse(v))
    .filter((v) => !v.awaitingCommencement)
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  return {
    at(date: Date) {
      const day = date.toISOString().slice(0, 10);
      const version = sorted.find((v) => v.effectiveFrom <= day);
      if (!version) throw new Error(`no policy in force on ${day}`);
      return version.values;
    },
  };
}
