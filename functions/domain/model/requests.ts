/** Request bodies and queries of the staff and provider routes: the one source for validation, types and the OpenAPI document. */
import * as z from 'zod';
import { freeText } from '../people/text-input.ts';
import { CaseRef, CaseStatus } from './case.ts';
import { Timestamp } from './complaint.ts';
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

export { CaseRef };
