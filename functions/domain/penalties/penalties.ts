/**
 * Fixed penalty notices: the offer to discharge liability for an offence by paying a set amount
 * within a period in which no proceedings are taken. Amounts come from the policy in force on the
 * date of the offence, by the scheme of the notice breached.
 */
import { createHash } from 'node:crypto';
import { released } from '../letters/outbox.ts';
import type { NoiseCase } from '../model/case.ts';
import type { Penalty } from '../model/workflow.ts';
import { childrenOfCase, getItem, type TableAccess } from '../table-access.ts';

export const penaltyKey = (penaltyRef: string) => ({ pk: `PENALTY#${penaltyRef}`, sk: 'PENALTY' });

export async function getPenalty(deps: TableAccess, penaltyRef: string): Promise<Penalty | undefined> {
  return getItem<Penalty>(deps, penaltyKey(penaltyRef));
}

export async function penaltiesOf(deps: TableAccess, c: NoiseCase): Promise<Penalty[]> {
  return (await childrenOfCase<Penalty>(deps, c.caseRef, 'PENALTY#')).filter((p) => released(c, p));
}

/** `FPN-2026-000123-7F3A`: the case and a hash of the execution that issued it, so a retry reuses it. */
export function penaltyRefFor(caseRef: string, execution: string): string {
  return `FPN-${caseRef.slice(3)}-${createHash('sha256').update(execution).digest('hex').slice(0, 4).toUpperCase()}`;
}

export function penaltyItem(penalty: Penalty): Record<string, unknown> {
  return {
    ...penaltyKey(penalty.penaltyRef),
    ...penalty,
    gsi2pk: `CASE#${penalty.caseRef}`,
    gsi2sk: `PENALTY#${penalty.issuedAt}#${penalty.penaltyRef}`,
  };
}

/** What is still owed: the early amount until the discount date, then the full amount, less what was paid in time. */
export function outstandingPence(penalty: Penalty, at: Date): number {
  if (at.getTime() <= Date.parse(penalty.discountUntil))
    return Math.max(0, penalty.discountedAmountPence - (penalty.paidByDiscountPence ?? 0));
  return Math.max(0, penalty.amountPence - (penalty.paidByDuePence ?? 0));
}

/** Settled: the early amount reached by the discount date, or the full amount by the due date. */
export function isSettled(
  penalty: Pick<Penalty, 'paidByDiscountPence' | 'paidByDuePence' | 'discountedAmountPence' | 'amountPence'>,
): boolean {
  return (
    (penalty.paidByDiscountPence ?? 0) >= penalty.discountedAmountPence ||
    (penalty.paidByDuePence ?? 0) >= penalty.amountPence
  );
}
