/** A noise case: the facts a council acts on, with no personal data in the item itself. */
import * as z from 'zod';
import { SourceKind } from './complaint.ts';

/** Statuses a resident sees; the staff view adds the current phase and tasks. */
export const caseStatuses = [
  'received',
  'under-investigation',
  'warning-issued',
  'penalty-issued',
  'restorative-process',
  'escalated',
  'closed',
] as const;
export const CaseStatus = z.enum(caseStatuses);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CASE_REF = /^NN-\d{4}-\d{6}$/;
export const CaseRef = z.string().regex(CASE_REF, { error: 'A case reference looks like NN-2026-000123' });

export const NoiseCase = z.object({
  caseRef: CaseRef,
  status: CaseStatus,
  /** Bumped by every change; writes are conditioned on it. */
  version: z.number().int().nonnegative(),
  sourceKey: z.string(),
  sourceKind: SourceKind,
  /** Postcode district of the source (e.g. "E8"): kept for statistics after anonymisation. */
  sourceDistrict: z.string(),
  openedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().optional(),
  reopenedAt: z.string().optional(),
  complaintCount: z.number().int().nonnegative(),
  /** Qualifying complaints inside the Case Review window at the last complaint. */
  qualifyingComplaints: z.number().int().nonnegative(),
  caseReviewThresholdMet: z.boolean(),
  nightTimeComplaints: z.number().int().nonnegative(),
  /** The workflow phase running now and its execution name (the case outlives any one execution). */
  phase: z.string().optional(),
  execution: z.string().optional(),
  /** When a warning (CPW) was issued: decides where a declined restorative process returns to. */
  warningIssuedAt: z.string().optional(),
  /** Things a caseworker must look at, e.g. `payment-mismatch`, `workflow-stalled`. */
  flags: z.array(z.string()).optional(),
  /** Why the case closed, in the words of the decision that closed it. */
  closedReason: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  /** Complainants (by party id) who have had their acknowledgement: each gets exactly one. */
  acknowledgedParties: z.array(z.string()).optional(),
  /** Set when the case needs its workflow started; cleared when it starts. The sweeper starts it if the intake died first. */
  awaitingWorkflowSince: z.string().optional(),
  /** Set at closure from the retention policy: then the people's details are anonymised. */
  retainUntil: z.string().optional(),
  anonymisedAt: z.string().optional(),
});
export type NoiseCase = z.infer<typeof NoiseCase>;
