/**
 * The things a case's workflow waits for: staff tasks (a person decides) and deadlines (time
 * passes or an event arrives first), plus the penalties and letters the workflow produces.
 */
import * as z from 'zod';
import type { PrintableDocument } from '../documents/model.ts';

export const StaffGroup = z.enum(['caseworker', 'manager', 'facilitator']);
export type StaffGroup = z.infer<typeof StaffGroup>;

export const AgreedAction = z.strictObject({
  action: z.string().trim().min(1, { error: 'Describe the agreed action' }).max(500),
  dueBy: z.iso.date({ error: 'Enter the date as YYYY-MM-DD' }),
});

export const Decision = z.object({
  outcome: z.string(),
  reason: z.string(),
  decidedBy: z.string(),
  /** The decider's display name, for people reading the case (and the officer named on a notice). */
  decidedByName: z.string().optional(),
  decidedByGroups: z.array(z.string()).optional(),
  decidedAt: z.string(),
  agreedActions: z.array(AgreedAction).optional(),
  /** Particulars the outcome carries (a notice's recipient and requirements, a court's fine). */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Decision = z.infer<typeof Decision>;

export const StaffTask = z.object({
  taskId: z.string(),
  caseRef: z.string(),
  /** One of the task types the routes define (see `routes/index.ts`). */
  type: z.string(),
  title: z.string(),
  summary: z.string(),
  /** `cancelled`: no workflow waits for it any more (the case moved on or was stopped by hand). */
  status: z.enum(['open', 'decided', 'cancelled']),
  allowedOutcomes: z.array(z.string()),
  groups: z.array(StaffGroup),
  createdAt: z.string(),
  dueAt: z.string(),
  escalated: z.boolean(),
  escalatedAt: z.string().optional(),
  /** The execution that waits for it; absent for a task no workflow waits on. */
  execution: z.string().optional(),
  context: z.object({ decisionTaskId: z.string().nullish(), offenceId: z.string().nullish() }).optional(),
  /** Which routes apply and why, and anything else the decider should weigh. */
  advice: z.array(z.string()).optional(),
  reminders: z.array(z.object({ at: z.string(), sent: z.boolean() })).optional(),
  decision: Decision.optional(),
  cancelledReason: z.string().optional(),
  /** The decision reached the workflow; until then the sweeper redelivers it. */
  delivered: z.boolean().optional(),
  /** The case's owner when the task opened, so a caseworker can filter the queue to their own. */
  owner: z.string().optional(),
});
export type StaffTask = z.infer<typeof StaffTask>;

export const Reminder = z.object({ at: z.string(), template: z.string(), sent: z.boolean() });

export const Deadline = z.object({
  deadlineId: z.string(),
  caseRef: z.string(),
  /** One of the deadline kinds the routes define. */
  kind: z.string(),
  dueAt: z.string(),
  status: z.enum(['waiting', 'signalled', 'done', 'cancelled']),
  /** What the workflow is told when the wait ends: `elapsed`, or the event that ended it early. */
  outcome: z.record(z.string(), z.unknown()).optional(),
  reminders: z.array(Reminder),
  penaltyRef: z.string().optional(),
  /** What a case deadline is about (a diary sheet's id); workflow deadlines name their execution. */
  subjectId: z.string().optional(),
  /** The execution that waits; absent for a case deadline no workflow waits on. */
  execution: z.string().optional(),
  createdAt: z.string(),
});
export type Deadline = z.infer<typeof Deadline>;

export const penaltyStatuses = [
  'unpaid',
  'part-paid',
  'paid',
  'unpaid-after-deadline',
  'withdrawn',
  'prosecution',
] as const;

export const Penalty = z.object({
  penaltyRef: z.string(),
  caseRef: z.string(),
  /** The Act and section the penalty is offered under, e.g. "ASB, Crime and Policing Act 2014 s.52". */
  statute: z.string(),
  amountPence: z.number().int(),
  discountedAmountPence: z.number().int(),
  discountUntil: z.string(),
  dueBy: z.string(),
  /** Summary proceedings must start within this date (Magistrates' Courts Act 1980 s.127). */
  prosecutionLimitationDate: z.string(),
  offenceId: z.string().optional(),
  offenceAt: z.string(),
  issuedAt: z.string(),
  status: z.enum(penaltyStatuses),
  remindersSent: z.number().int(),
  /** Sums of the recorded payments, added atomically once per payment (a ledger, not a balance). */
  paidPence: z.number().int(),
  paidByDiscountPence: z.number().int().optional(),
  paidByDuePence: z.number().int().optional(),
  payments: z.array(z.string()).optional(),
  settledAt: z.string().optional(),
  withdrawnAt: z.string().optional(),
  issuedBy: z.string().optional(),
  /** SHA-256 of the fixed penalty notice's PDF as served, and the notice itself (removed at the end of retention). */
  documentSha256: z.string().optional(),
  document: z.custom<PrintableDocument>().optional(),
  /** The operation that issued it: the penalty exists once that operation is on the case. */
  op: z.string().optional(),
});
export type Penalty = z.infer<typeof Penalty>;

export const OutboxMessage = z.object({
  messageId: z.string(),
  caseRef: z.string(),
  to: z.enum(['complainant', 'source', 'managers', 'legal-team', 'caseworkers']),
  partyId: z.string().optional(),
  channel: z.enum(['letter', 'email']),
  template: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: z.string(),
  status: z.enum(['queued', 'sent']),
  /** The operation that wrote it: a letter exists (is shown and sent) once that operation is on the case. */
  op: z.string().optional(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;
