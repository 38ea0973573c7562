/**
 * Every statutory or locally-set number Abate uses, as effective-dated configuration. A decision
 * uses the policy in force on the date that matters (the offence, the notice, the complaint), so
 * a change by Parliament or the council applies from its date and never rewrites old cases.
 */
import * as z from 'zod';

const pence = z.number().int().nonnegative();
const days = z.number().int().positive();

export const PolicyValues = z.object({
  caseReview: z.object({
    /** Qualifying complaints that meet the ASB Case Review ("Community Trigger") threshold. */
    threshold: z.number().int().positive(),
    windowMonths: z.number().int().positive(),
    /** A complaint qualifies when made within this many months of the behaviour. */
    reportedWithinMonths: z.number().int().positive(),
  }),
  intake: z.object({
    /** A report about a case closed this recently reopens it instead of starting a new one. */
    reopenWithinDays: days,
    acknowledgeWithinWorkingDays: days,
  }),
  triage: z.object({ dueWorkingDays: days }),
  warning: z.object({ complianceDays: days }),
  fixedPenalty: z.object({
    amountPence: pence,
    discountedAmountPence: pence,
    discountDays: days,
    payWithinDays: days,
    reminderDays: z.array(days),
    limitationMonths: z.number().int().positive(),
  }),
  restorative: z.object({
    consentDueDays: days,
    conferenceDueDays: days,
    reviewAfterDays: days,
  }),
  decisions: z.object({ breachDecisionDueWorkingDays: days, prosecutionReviewDueWorkingDays: days }),
  retention: z.object({ yearsAfterClosure: z.number().int().positive() }),
});
export type PolicyValues = z.infer<typeof PolicyValues>;

export const PolicyVersion = z.object({
  /** ISO date (Europe/London) from which these values apply. */
  effectiveFrom: z.iso.date(),
  note: z.string(),
  values: PolicyValues,
});
export type PolicyVersion = z.infer<typeof PolicyVersion>;

/** Defaults from the domain brief; councils replace them with their own versions. */
export const defaultPolicyVersions: PolicyVersion[] = [
  {
    effectiveFrom: '2015-01-01',
    note: 'ASB, Crime and Policing Act 2014 s.52 maximum £100; local defaults for periods and reminders',
    values: {
      caseReview: { threshold: 3, windowMonths: 6, reportedWithinMonths: 1 },
      intake: { reopenWithinDays: 28, acknowledgeWithinWorkingDays: 5 },
      triage: { dueWorkingDays: 2 },
      warning: { complianceDays: 14 },
      fixedPenalty: {
        amountPence: 10_000,
        discountedAmountPence: 7_500,
        discountDays: 10,
        payWithinDays: 14,
        reminderDays: [7, 12],
        limitationMonths: 6,
      },
      restorative: { consentDueDays: 14, conferenceDueDays: 28, reviewAfterDays: 28 },
      decisions: { breachDecisionDueWorkingDays: 5, prosecutionReviewDueWorkingDays: 10 },
      retention: { yearsAfterClosure: 6 },
    },
  },
];

export interface PolicyBook {
  at(date: Date): PolicyValues;
}

/** Picks the version in force on a date; versions may be given in any order. */
export function policyBook(versions: PolicyVersion[] = defaultPolicyVersions): PolicyBook {
  const sorted = versions
    .map((v) => PolicyVersion.parse(v))
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
