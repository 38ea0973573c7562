/** Request bodies and queries of the staff and provider routes: the one source for validation, types and the OpenAPI document. */
import * as z from 'zod';
import { CaseStatus } from './case.ts';
import { Timestamp } from './complaint.ts';
import { AgreedAction, TaskType } from './workflow.ts';

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, { error: `Enter ${what}` })
    .max(max, { error: `${what[0]?.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer` });

export const DecisionRequest = z.strictObject({
  outcome: z.string({ error: 'Choose an outcome' }).min(1, { error: 'Choose an outcome' }).max(40),
  reason: z
    .string({ error: 'Give the reason for this decision' })
    .trim()
    .min(3, { error: 'Give the reason for this decision' })
    .max(2000, { error: 'The reason must be 2000 characters or fewer' }),
  agreedActions: z.array(AgreedAction).max(20).optional(),
});
export type DecisionRequest = z.infer<typeof DecisionRequest>;

export const BreachRequest = z.strictObject({
  witnessedAt: Timestamp,
  description: text('what was seen or heard', 2000),
});
export type BreachRequest = z.infer<typeof BreachRequest>;

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

export const ListTasksQuery = z.strictObject({ type: TaskType.optional() });
export const ListCasesQuery = z.strictObject({
  status: CaseStatus.default('received'),
  cursor: z.string().max(2000).optional(),
});
