/**
 * A resident's attempt to pay a penalty by card: the Pay payment it started, under an unguessable
 * id that travels in the return URL (as Pay advises), so the return page can ask how it went
 * without the penalty reference or anything personal in the address bar.
 */
import { randomBytes } from 'node:crypto';
import { getItem, putIfAbsent, type TableAccess } from '../../domain/table-access.ts';

export interface PaymentAttempt {
  attemptId: string;
  penaltyRef: string;
  paymentId: string;
  amountPence: number;
  createdAt: string;
}

export const newAttemptId = () => randomBytes(16).toString('base64url');

const attemptKey = (attemptId: string) => ({ pk: `PAYATTEMPT#${attemptId}`, sk: 'ATTEMPT' });

export async function savePaymentAttempt(access: TableAccess, attempt: PaymentAttempt): Promise<void> {
  await putIfAbsent(access, { ...attemptKey(attempt.attemptId), ...attempt });
}

export async function paymentAttempt(
  access: TableAccess,
  attemptId: string,
): Promise<PaymentAttempt | undefined> {
  return getItem<PaymentAttempt>(access, attemptKey(attemptId));
}
