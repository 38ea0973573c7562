/**
 * The things a case's workflow waits for: staff tasks (a person decides) and deadlines (time
 * passes or an event arrives first), plus the penalties and letters the workflow produces.
 */
import * as z from 'zod';

export const taskTypes = [
  'triage',
  'breach-decision',
  'prosecution-review',
  'restorative-consent',
  'restorative-conference',
  'agreement-review',
] as const;
export const TaskType = z.enum(taskTypes, { error: `Choose a task type: ${taskTypes.join(', ')}` });
export type TaskType = z.infer<typeof TaskType>;

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
  /** The decider's display name, for people reading the case. */
  decidedByName: z.string().optional(),
  decidedByGroups: z.array(z.string()).optional(),
  decidedAt: z.string(),
  agreedActions: z.array(AgreedAction).optional(),
});
export type Decision = z.infer<typeof Decision>;

export const StaffTask = z.object({
  taskId: z.string(),
  caseRef: z.string(),
  type: TaskType,
  title: z.string(),
  summary: z.string(),
  status: z.enum(['open', 'decided', 'cancelled']),
  allowedOutcomes: z.array(z.string()),
  groups: z.array(StaffGroup),
  createdAt: z.string(),
  dueAt: z.string(),
  escalated: z.boolean(),
  escalatedAt: z.string().optional(),
  execution: z.string(),
  decision: Decision.optional(),
  /** The decision reached the workflow; until then the sweeper redelivers it. */
  delivered: z.boolean().optional(),
});
export type StaffTask = z.infer<typeof StaffTask>;

export const deadlineKinds = ['compliance-period', 'payment-period', 'agreement-review'] as const;
export const DeadlineKind = z.enum(deadlineKinds);
export type DeadlineKind = z.infer<typeof DeadlineKind>;

export const Reminder = z.object({ at: z.string(), template: z.string(), sent: z.boolean() });

export const Deadline = z.object({
  deadlineId: z.string(),
  caseRef: z.string(),
  kind: DeadlineKind,
  dueAt: z.string(),
  status: z.enum(['waiting', 'signalled', 'done']),
  /** What the workflow is told when the wait ends: `elapsed`, or the event that ended it early. */
  outcome: z.record(z.string(), z.unknown()).optional(),
  reminders: z.array(Reminder),
  penaltyRef: z.string().optional(),
  execution: z.string(),
  createdAt: z.string(),
});
export type Deadline = z.infer<typeof Deadline>;

export const Penalty = z.object({
  penaltyRef: z.string(),
  caseRef: z.string(),
  amountPence: z.number().int(),
  discountedAmountPence: z.number().int(),
  discountUntil: z.string(),
  dueBy: z.string(),
  /** Summary proceedings must start within this date (Magistrates' Courts Act 1980 s.127). */
  prosecutionLimitationDate: z.string(),
  offenceAt: z.string(),
  issuedAt: z.string(),
  status: z.enum(['unpaid', 'paid', 'underpaid', 'unpaid-after-deadline', 'withdrawn', 'prosecution']),
  remindersSent: z.number().int(),
  paidPence: z.number().int(),
});
export type Penalty = z.infer<typeof Penalty>;

export const OutboxMessage = z.object({
  messageId: z.string(),
  caseRef: z.string(),
  /** Who it is for: a party role, or the staff team. */
  to: z.enum(['complainant', 'source', 'managers', 'legal-team']),
  partyId: z.string().optional(),
  channel: z.enum(['letter', 'email']),
  template: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: z.string(),
  status: z.enum(['queued', 'sent']),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;
