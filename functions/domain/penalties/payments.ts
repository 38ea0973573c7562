/**
 * Payments are a ledger. Each notification is recorded once under the provider's reference, and
 * added to its penalty's sums by one atomic addition guarded by that reference, so simultaneous
 * notifications add up exactly and a retry never adds twice. The penalty's status at the moment a
 * payment was added is kept with it: a payment for a penalty already paid, withdrawn or in
 * prosecution is recorded and flagged for a caseworker and never makes the penalty "paid".
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conflict, notFound, validationFailed } from '../../commons/errors.ts';
import { hasApplied, mutateCase } from '../case-store.ts';
import { day } from '../letters/words.ts';
import { endDeadlineEarly } from '../lifecycle/deadlines.ts';
import { type LifecycleDeps, systemActor } from '../lifecycle/deps.ts';
import { flagCase } from '../lifecycle/flags.ts';
import type { Penalty } from '../model/workflow.ts';
import { getItem } from '../table-access.ts';
import { getPenalty, isSettled, outstandingPence, penaltyKey } from './penalties.ts';

export interface PaymentNotice {
  amountPence: number;
  paidAt: string;
  providerReference: string;
}

export interface PaymentReceipt {
  penaltyRef: string;
  providerReference: string;
  /** `accepted`: the penalty is settled; `part-payment`: more is owed; `flagged`: a caseworker must act. */
  result: 'accepted' | 'part-payment' | 'flagged';
  amountPence: number;
  /** Everything paid against the penalty so far, this payment included. */
  paidPence: number;
  outstandingPence: number;
  flags: string[];
}

interface PaymentRecord {
  penaltyRef: string;
  caseRef: string;
  notice: PaymentNotice;
  fingerprint: string;
  recordedAt: string;
  receipt?: PaymentReceipt;
}

const paymentKey = (providerReference: string) => ({ pk: `PAYMENT#${providerReference}`, sk: 'PAYMENT' });

const OPEN = new Set(['unpaid', 'part-paid']);

/** What a payment to a penalty that is no longer open means for the caseworker. */
const flagFor: Record<string, string> = {
  paid: 'refund-due',
  withdrawn: 'refund-due',
  prosecution: 'payment-during-prosecution',
  'unpaid-after-deadline': 'late-payment',
};

export async function recordPayment(
  deps: LifecycleDeps,
  penaltyRef: string,
  notice: PaymentNotice,
): Promise<PaymentReceipt> {
  const penalty = await getPenalty(deps, penaltyRef);
  if (!penalty) throw notFound('No penalty with that reference');
  const now = deps.clock.now();
  const tolerance = deps.policy.at(now).payments.clockToleranceMinutes * 60_000;
  const paidAt = Date.parse(notice.paidAt);
  if (paidAt < Date.parse(penalty.issuedAt) - tolerance)
    throw validationFailed([
      {
        path: 'paidAt',
        message: `paidAt must not be before the penalty notice was issued (${penalty.issuedAt})`,
      },
    ]);
  if (paidAt > now.getTime() + tolerance)
    throw validationFailed([{ path: 'paidAt', message: 'paidAt must not be in the future' }]);

  const fingerprint = createHash('sha256')
    .update(`${penaltyRef}|${notice.amountPence}|${new Date(paidAt).toISOString()}`)
    .digest('hex');
  const record: PaymentRecord = {
    penaltyRef,
    caseRef: penalty.caseRef,
    notice,
    fingerprint,
    recordedAt: now.toISOString(),
  };
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: {
          ...paymentKey(notice.providerReference),
          ...record,
          gsi2pk: `CASE#${penalty.caseRef}`,
          gsi2sk: `PAYMENT#${record.recordedAt}#${notice.providerReference}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const earlier = await getItem<PaymentRecord>(deps, paymentKey(notice.providerReference));
    if (earlier && earlier.penaltyRef !== penaltyRef)
      throw conflict(
        'PAYMENT_REFERENCE_USED',
        'This provider reference is already recorded for another penalty',
      );
    if (earlier && earlier.fingerprint !== fingerprint)
      throw conflict(
        'PAYMENT_REFERENCE_CONFLICT',
        'This provider reference is already recorded with a different amount or time',
      );
    // The same notification again: finish whatever its first try did not (every step below is
    // repeatable), then answer as the first time did.
    if (earlier?.receipt) {
      await applyPayment(deps, penalty, notice);
      return earlier.receipt;
    }
  }
  return firstAnswer(deps, notice.providerReference, await applyPayment(deps, penalty, notice));
}

/**
 * Keeps the first receipt given for a notification (the first writer wins) and answers with it,
 * so every copy of a notification, sent together or later, gets the same answer.
 */
async function firstAnswer(deps: LifecycleDeps, providerReference: string, receipt: PaymentReceipt) {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: paymentKey(providerReference),
        UpdateExpression: 'SET receipt = :receipt',
        ConditionExpression: 'attribute_not_exists(receipt)',
        ExpressionAttributeValues: { ':receipt': receipt },
      }),
    );
    return receipt;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await getItem<PaymentRecord>(deps, paymentKey(providerReference)))?.receipt ?? receipt;
  }
}

/** Adds the payment to the penalty's sums once, then acts on what the sums now say. */
async function applyPayment(
  deps: LifecycleDeps,
  penalty: Penalty,
  notice: PaymentNotice,
): Promise<PaymentReceipt> {
  const paidAt = Date.parse(notice.paidAt);
  const inDiscount = paidAt <= Date.parse(penalty.discountUntil);
  const inTime = paidAt <= Date.parse(penalty.dueBy);
  let after: Penalty;
  try {
    const { Attributes } = await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: penaltyKey(penalty.penaltyRef),
        UpdateExpression:
          'ADD paidPence :amount, paidByDiscountPence :discount, paidByDuePence :due, payments :ref SET statusAtPayment.#ref = #status',
        ConditionExpression: 'NOT contains(payments, :refValue)',
        ExpressionAttributeNames: { '#ref': notice.providerReference, '#status': 'status' },
        ExpressionAttributeValues: {
          ':amount': notice.amountPence,
          ':discount': inDiscount ? notice.amountPence : 0,
          ':due': inTime ? notice.amountPence : 0,
          ':ref': new Set([notice.providerReference]),
          ':refValue': notice.providerReference,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    after = Attributes as Penalty;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    after = (await getPenalty(deps, penalty.penaltyRef)) ?? penalty;
  }
  const statusAt = (after as Penalty & { statusAtPayment?: Record<string, string> }).statusAtPayment?.[
    notice.providerReference
  ];
  const flags: string[] = [];
  let result: PaymentReceipt['result'];
  if (statusAt && !OPEN.has(statusAt)) {
    flags.push(flagFor[statusAt] ?? 'payment-mismatch');
    result = 'flagged';
  } else if (isSettled(after)) {
    await settle(deps, after);
    const required =
      (after.paidByDiscountPence ?? 0) >= after.discountedAmountPence
        ? after.discountedAmountPence
        : after.amountPence;
    if (after.paidPence > required) flags.push('refund-due');
    result = 'accepted';
  } else {
    await markPartPaid(deps, after);
    result = 'part-payment';
  }
  for (const flag of flags) await flagCase(deps, after.caseRef, flag);
  return {
    penaltyRef: penalty.penaltyRef,
    providerReference: notice.providerReference,
    result,
    amountPence: notice.amountPence,
    paidPence: after.paidPence,
    outstandingPence: result === 'flagged' ? 0 : outstandingPence(after, new Date(paidAt)),
    flags,
  };
}

/** The penalty is paid: set once, audited once, and the payment period ends early. */
async function settle(deps: LifecycleDeps, penalty: Penalty): Promise<void> {
  const at = deps.clock.now().toISOString();
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: penaltyKey(penalty.penaltyRef),
        UpdateExpression: 'SET #status = :paid, settledAt = :at',
        ConditionExpression: '#status IN (:unpaid, :part)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':paid': 'paid', ':unpaid': 'unpaid', ':part': 'part-paid', ':at': at },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const latest = await getPenalty(deps, penalty.penaltyRef);
    if (latest?.status !== 'paid') {
      // The period ended (or the penalty was withdrawn) between the payment and this: a person decides.
      await flagCase(deps, penalty.caseRef, 'late-payment');
      return;
    }
  }
  const opId = `paid:${penalty.penaltyRef}`;
  await mutateCase(deps.store, penalty.caseRef, (c) =>
    hasApplied(c, opId)
      ? null
      : {
          event: {
            type: 'PenaltyPaid',
            at,
            actor: systemActor,
            visibility: 'staff',
            data: {
              penaltyRef: penalty.penaltyRef,
              paidPence: penalty.paidPence,
              payments: Array.from(penalty.payments ?? []),
              settledBy:
                (penalty.paidByDiscountPence ?? 0) >= penalty.discountedAmountPence ? 'discount' : 'full',
            },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
  await endDeadlineEarly(deps, penalty.caseRef, ['payment-period'], {
    outcome: 'paid',
    penaltyRef: penalty.penaltyRef,
  });
}

async function markPartPaid(deps: LifecycleDeps, penalty: Penalty): Promise<void> {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: penaltyKey(penalty.penaltyRef),
        UpdateExpression: 'SET #status = :part',
        ConditionExpression: '#status = :unpaid',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':part': 'part-paid', ':unpaid': 'unpaid' },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** The payments recorded against a case's penalties, for the staff view and timeline. */
export function describePayment(payment: PaymentRecord): string {
  return `${payment.notice.providerReference}: ${(payment.notice.amountPence / 100).toFixed(2)} paid ${day(payment.notice.paidAt)}`;
}
