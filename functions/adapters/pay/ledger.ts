/**
 * The penalty ledger as the Pay adapters see it: what a penalty costs to pay today, and recording
 * a payment Pay reports. This is the one file that reaches into the lifecycle's penalties, so the
 * rewrite of that code changes one import here and nothing in the Pay handlers.
 */
import { lifecycleDeps } from '../../commons/lifecycle-deps.ts';
import { recordPayment } from '../../domain/penalties/payments.ts';
import { getPenalty, outstandingPence } from '../../domain/penalties/penalties.ts';

export interface PaymentReport {
  amountPence: number;
  paidAt: string;
  /** Pay's payment id: the ledger records a payment once per provider reference. */
  providerReference: string;
}

/** Records a payment against a penalty; the same provider reference twice changes nothing. */
export type RecordPenaltyPayment = (penaltyRef: string, payment: PaymentReport) => Promise<unknown>;

/** What is left to pay on a penalty today, or undefined when nothing is (or there is no such penalty). */
export type PenaltyToPay = (
  penaltyRef: string,
  at: Date,
) => Promise<{ penaltyRef: string; amountPence: number } | undefined>;

export const recordPenaltyPayment: RecordPenaltyPayment = (penaltyRef, payment) =>
  recordPayment(lifecycleDeps(), penaltyRef, payment);

export const penaltyToPay: PenaltyToPay = async (penaltyRef, at) => {
  const penalty = await getPenalty(lifecycleDeps(), penaltyRef);
  // Only an open penalty can be paid online: the period is over once it is unpaid after its deadline.
  if (!penalty || (penalty.status !== 'unpaid' && penalty.status !== 'part-paid')) return undefined;
  const left = outstandingPence(penalty, at);
  return left > 0 ? { penaltyRef, amountPence: left } : undefined;
};
