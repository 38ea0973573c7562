/** A noise case: the facts a council acts on, with no personal data in the item itself. */
import * as z from 'zod';
import { SourceKind } from './complaint.ts';

/** Statuses a resident sees; the staff view adds the route, the current phase and tasks. */
export const caseStatuses = [
  'received',
  'under-investigation',
  'warning-issued',
  'notice-served',
  'penalty-issued',
  'restorative-process',
  'escalated',
  'closed',
] as const;
export const CaseStatus = z.enum(caseStatuses);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CASE_REF = /^NN-\d{4}-\d{6}$/;
export const CaseRef = z.string().regex(CASE_REF, { error: 'A case reference looks like NN-2026-000123' });

/** The kinds of notice a case can carry, one per legal route. */
export const noticeKinds = ['cpw', 'cpn', 'abatement-notice', 'noise-act-warning'] as const;
export const NoticeKind = z.enum(noticeKinds);
export type NoticeKind = z.infer<typeof NoticeKind>;

/**
 * The notice in force on the case, copied from its notice item so that a report or a breach can
 * be judged against it without another read: what counts as a breach, and what a report reopens.
 */
export const LiveNotice = z.object({
  noticeId: z.string(),
  kind: NoticeKind,
  servedAt: z.string(),
  /** Conduct after this instant can breach the notice (service plus any time given to comply). */
  breachableFrom: z.string(),
  /** After this the notice no longer reopens a closed case (a CPW "stays live" for a policy period). */
  liveUntil: z.string(),
  /** While an appeal is pending: which requirements it suspends (`do`: only "do" requirements). */
  suspended: z.enum(['none', 'do', 'all']).optional(),
  /** The requirements' kinds, so a breach can say which it breaches. */
  requirementKinds: z.array(z.enum(['do', 'stop'])),
});
export type LiveNotice = z.infer<typeof LiveNotice>;

export const NoiseCase = z.object({
  caseRef: CaseRef,
  status: CaseStatus,
  /** Bumped by every audited change; audited writes are conditioned on it. */
  version: z.number().int().nonnegative(),
  sourceKey: z.string(),
  sourceKind: SourceKind,
  /** Postcode district of the source (e.g. "E8"): kept for statistics after anonymisation. */
  sourceDistrict: z.string(),
  openedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().optional(),
  reopenedAt: z.string().optional(),
  /** Counters kept by atomic additions, so simultaneous reports never lose one another. */
  complaintCount: z.number().int().nonnegative(),
  nightTimeComplaints: z.number().int().nonnegative(),
  /** Qualifying complaints inside the Case Review window when it was last counted. */
  qualifyingComplaints: z.number().int().nonnegative(),
  caseReviewThresholdMet: z.boolean(),
  /** The legal route the case is on: decides where restorative justice returns to. */
  route: z.string().optional(),
  /** The workflow phase running now and its execution name (the case outlives any one execution). */
  phase: z.string().optional(),
  execution: z.string().optional(),
  liveNotice: LiveNotice.optional(),
  /** Things a caseworker must look at, e.g. `payment-mismatch`, `workflow-stalled`. */
  flags: z.array(z.string()).optional(),
  /**
   * Hashes of every operation applied to the case: a retried step or request recognises its own
   * work with the case it already read, and items an operation wrote beside the case (letters,
   * complaints, notices) count only once their operation is here.
   */
  ops: z.array(z.string()).optional(),
  /** Why the case closed, in the words of the decision that closed it. */
  closedReason: z.string().optional(),
  /**
   * Set when the case needs its current execution started (a new or reopened case); cleared when
   * it runs. The sweeper starts it, with `startContext`, if the request that asked died first.
   */
  awaitingWorkflowSince: z.string().optional(),
  startContext: z
    .object({ decisionTaskId: z.string().nullish(), offenceId: z.string().nullish() })
    .optional(),
  /** Set at closure from the retention policy: then the people's details are anonymised. */
  retainUntil: z.string().optional(),
  /** Set at closure from the retention policy: then the recordings' content is deleted (sooner). */
  recordingsRetainUntil: z.string().optional(),
  anonymisedAt: z.string().optional(),
  /** Staff user who owns the case, and their name for people reading lists. */
  owner: z.string().optional(),
  ownerName: z.string().optional(),
  priority: z.enum(['normal', 'high']).optional(),
  /** Reasonable enquiries recorded to find the owner or occupier (s.45), counted. */
  enquiryCount: z.number().int().nonnegative().optional(),
  /** Set once the case is referred to restorative justice: facilitators may then see it. */
  referredToRestorative: z.boolean().optional(),
  /** When this case was merged into another, the case that holds it now. */
  mergedInto: z.string().optional(),
});
export type NoiseCase = z.infer<typeof NoiseCase>;
