/**
 * Fixed penalty notices and their payments. Amounts and periods come from the policy in force on
 * the date of the offence. A payment notification is recorded once per provider reference; the
 * right amount for the date ends the payment period, anything else is flagged for a caseworker.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { notFound } from '../../commons/errors.ts';
import { mutateCase } from '../case-store.ts';
import type { Penalty } from '../model/workflow.ts';
import { childrenOfCase, getItem, putIfAbsent, setAttributes, type TableAccess } from '../table-access.ts';
import { addDays, addMonths } from '../time.ts';
import { endDeadlineEarly } from './deadlines.ts';
import { type LifecycleDeps, systemActor } from './deps.ts';

const penaltyKey = (penaltyRef: string) => ({ pk: `PENALTY#${penaltyRef}`, sk: 'PENALTY' });

export async function getPenalty(deps: TableAccess, penaltyRef: string): Promise<Penalty | undefined> {
  return getItem<Penalty>(deps, penaltyKey(penaltyRef));
}

export async function updatePenalty(
  deps: TableAccess,
  penaltyRef: string,
  changes: Partial<Penalty>,
): Promise<void> {
  await setAttributes(deps, penaltyKey(penaltyRef), changes);
}

export async function penaltiesOf(deps: TableAccess, caseRef: string): Promise<Penalty[]> {
  return childrenOfCase<Penalty>(deps, caseRef, 'PENALTY#');
}

/** Creates the penalty item (once: the reference is fixed by the caller). */
export async function createPenalty(
  deps: LifecycleDeps,
  input: { penaltyRef: string; caseRef: string; offenceAt: string; issuedAt: Date },
): Promise<Penalty> {
  const rules = deps.policy.at(new Date(input.offenceAt)).fixedPenalty;
  const penalty: Penalty = {
    penaltyRef: input.penaltyRef,
    caseRef: input.caseRef,
    amountPence: rules.amountPence,
    discountedAmountPence: rules.discountedAmountPence,
    discountUntil: addDays(input.issuedAt, rules.discountDays).toISOString(),
    dueBy: addDays(input.issuedAt, rules.payWithinDays).toISOString(),
    prosecutionLimitationDate: addMonths(new Date(input.offenceAt), rules.limitationMonths).toISOString(),
    offenceAt: input.offenceAt,
    issuedAt: input.issuedAt.toISOString(),
    status: 'unpaid',
    remindersSent: 0,
    paidPence: 0,
  };
  const created = await putIfAbsent(deps, {
    ...penaltyKey(penalty.penaltyRef),
    ...penalty,
    gsi2pk: `CASE#${penalty.caseRef}`,
    gsi2sk: `PENALTY#${penalty.issuedAt}#${penalty.penaltyRef}`,
  });
  return created ? penalty : ((await getPenalty(deps, penalty.penaltyRef)) ?? penalty);
}

export interface PaymentNotice {
  amountPence: number;
  paidAt: string;
  providerReference: string;
}

export interface PaymentReceipt {
  penaltyRef: string;
  providerReference: string;
  /** `accepted`: the penalty is paid; `flagged`: the amount was wrong for the date. */
  result: 'accepted' | 'flagged';
  expectedPence: number;
  amountPence: number;
}

/** Records a payment; the same provider reference again returns the first receipt and changes nothing. */
export async function recordPayment(
  deps: LifecycleDeps,
  penaltyRef: string,
  notice: PaymentNotice,
): Promise<PaymentReceipt> {
  const penalty = await getPenalty(deps, penaltyRef);
  if (!penalty) throw notFound('No penalty with that reference');
  const paymentKey = { pk: `PAYMENT#${notice.providerReference}`, sk: 'PAYMENT' };
  const { Item: earlier } = await deps.db.send(
    new GetCommand({ TableName: deps.table, Key: paymentKey, ConsistentRead: true }),
  );
  if (earlier) return earlier.receipt as PaymentReceipt;

  const expectedPence =
    Date.parse(notice.paidAt) <= Date.parse(penalty.discountUntil)
      ? penalty.discountedAmountPence
      : penalty.amountPence;
  const receipt: PaymentReceipt = {
    penaltyRef,
    providerReference: notice.providerReference,
    result: notice.amountPence >= expectedPence ? 'accepted' : 'flagged',
    expectedPence,
    amountPence: notice.amountPence,
  };
  const now = deps.clock.now().toISOString();
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: {
          ...paymentKey,
          penaltyRef,
          caseRef: penalty.caseRef,
          notice,
          receipt,
          recordedAt: now,
          gsi2pk: `CASE#${penalty.caseRef}`,
          gsi2sk: `PAYMENT#${now}#${notice.providerReference}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await deps.db.send(
      new GetCommand({ TableName: deps.table, Key: paymentKey, ConsistentRead: true }),
    );
    return Item?.receipt as PaymentReceipt;
  }
  // The payment is on record; what follows is repeatable (keyed by the provider reference).
  await applyPayment(deps, penalty, notice, receipt, now);
  return receipt;
}

async function applyPayment(
  deps: LifecycleDeps,
  penalty: Penalty,
  notice: PaymentNotice,
  receipt: PaymentReceipt,
  now: string,
) {
  const paidPence = penalty.paidPence + notice.amountPence;
  await updatePenalty(deps, penalty.penaltyRef, {
    paidPence,
    status: receipt.result === 'accepted' ? 'paid' : 'underpaid',
  });
  const opId = `payment:${notice.providerReference}`;
  await mutateCase(deps.store, penalty.caseRef, async (c) =>
    (await deps.store.eventOf(c.caseRef, opId))
      ? null
      : {
          event: {
            type: receipt.result === 'accepted' ? 'PaymentReceived' : 'PaymentMismatch',
            at: now,
            actor: systemActor,
            visibility: 'staff',
            reason:
              receipt.result === 'accepted'
                ? undefined
                : `Paid ${notice.amountPence}p on ${notice.paidAt}; ${receipt.expectedPence}p was due on that date`,
            data: {
              penaltyRef: penalty.penaltyRef,
              amountPence: notice.amountPence,
              paidAt: notice.paidAt,
              expectedPence: receipt.expectedPence,
              providerReference: notice.providerReference,
            },
            opId,
          },
          patch: {
            updatedAt: now,
            ...(receipt.result === 'flagged'
              ? { flags: [...new Set([...(c.flags ?? []), 'payment-mismatch'])] }
              : {}),
          },
        },
  );
  if (receipt.result === 'accepted')
    await endDeadlineEarly(deps, penalty.caseRef, ['payment-period'], {
      outcome: 'paid',
      penaltyRef: penalty.penaltyRef,
    });
}
