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
    retention: z.object({ yearsAfterClosure: z.number().int().positive() }),
    risk: RiskPolicy,
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
  });
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
  retention: { yearsAfterClosure: 6 },
  risk: {
    points: { vulnerable: 2, healthAffected: 2, repeatVictim: 1, feelsUnsafe: 3, hateMotivated: 3 },
    mediumFrom: 2,
    highFrom: 5,
    highWhenYes: ['hateMotivated'],
    safeguardingDueWorkingDays: 2,
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

/** England and Wales bank holidays; working-day deadlines skip these and weekends. */
export const bankHolidaysEnglandWales: string[] = [
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
  '2028-01-03',
  '2028-04-14',
  '2028-04-17',
  '2028-05-01',
  '2028-05-29',
  '2028-08-28',
  '2028-12-25',
  '2028-12-26',
];
