/**
 * What officers record on a case outside a task: a witnessed breach of a warning, or a party
 * withdrawing from restorative justice. Each is audited and, where a workflow waits for it,
 * ends that wait.
 */
import { createHash } from 'node:crypto';
import { conflict, notFound } from '../../commons/errors.ts';
import { mutateCase } from '../case-store.ts';
import type { CaseStatus } from '../model/case.ts';
import { endDeadlineEarly } from './deadlines.ts';
import { type Caller, type LifecycleDeps, staffActor, systemActor } from './deps.ts';
import { closeOpenTaskWith } from './tasks.ts';

export interface BreachReport {
  witnessedAt: string;
  description: string;
}

export async function recordBreach(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  breach: BreachReport,
) {
  const found = await deps.store.get(caseRef);
  if (!found) throw notFound('No case with that reference');
  if (found.status === 'closed')
    throw conflict('CASE_CLOSED', 'This case is closed; a new report will reopen it');
  const breachId = `br_${createHash('sha256').update(`${caseRef}|${breach.witnessedAt}|${breach.description}`).digest('hex').slice(0, 16)}`;
  const at = deps.clock.now().toISOString();
  await mutateCase(deps.store, caseRef, async (c) =>
    (await deps.store.eventOf(c.caseRef, `breach:${breachId}`))
      ? null
      : {
          event: {
            type: 'BreachRecorded',
            at,
            actor: staffActor(caller),
            visibility: 'staff',
            reason: breach.description,
            data: { breachId, witnessedAt: breach.witnessedAt, description: breach.description },
            opId: `breach:${breachId}`,
          },
          patch: { updatedAt: at },
        },
  );
  const actedOn = await endDeadlineEarly(deps, caseRef, ['compliance-period'], {
    outcome: 'breached',
    breachId,
  });
  return { breachId, caseRef, actedOn };
}

/** A new report while a warning is in force: the caseworker decides whether it is a breach. */
export async function complaintDuringWarning(
  deps: LifecycleDeps,
  caseRef: string,
  complaintId: string,
  status: CaseStatus,
) {
  if (status !== 'warning-issued') return false;
  const ended = await endDeadlineEarly(deps, caseRef, ['compliance-period'], {
    outcome: 'breached',
    complaintId,
  });
  if (ended) {
    const at = deps.clock.now().toISOString();
    await mutateCase(deps.store, caseRef, () => ({
      event: {
        type: 'BreachReported',
        at,
        actor: systemActor,
        visibility: 'staff',
        reason: 'A new complaint arrived while the warning was in force',
        data: { complaintId },
        opId: `breach-report:${complaintId}`,
      },
      patch: { updatedAt: at },
    }));
  }
  return ended;
}

export async function recordWithdrawal(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  withdrawal: { party: 'complainant' | 'source'; reason: string },
) {
  const found = await deps.store.get(caseRef);
  if (!found) throw notFound('No case with that reference');
  if (found.status !== 'restorative-process') {
    throw conflict('NOT_IN_RESTORATIVE_PROCESS', 'This case is not in a restorative justice process');
  }
  const reason = `${withdrawal.party === 'complainant' ? 'The complainant' : 'The person responsible'} withdrew: ${withdrawal.reason}`;
  const at = deps.clock.now().toISOString();
  await mutateCase(deps.store, caseRef, () => ({
    event: {
      type: 'RestorativeWithdrawal',
      at,
      actor: staffActor(caller),
      visibility: 'staff',
      reason,
      data: { party: withdrawal.party },
      opId: `withdraw:${caseRef}:${at}`,
    },
    patch: { updatedAt: at },
  }));
  const task = await closeOpenTaskWith(
    deps,
    caseRef,
    ['restorative-consent', 'restorative-conference', 'agreement-review'],
    'withdrawn',
    reason,
    caller,
  );
  const deadline = task
    ? false
    : await endDeadlineEarly(deps, caseRef, ['agreement-review'], {
        outcome: 'withdrawn',
        party: withdrawal.party,
      });
  if (!task && !deadline)
    throw conflict('NOT_IN_RESTORATIVE_PROCESS', 'No restorative step is waiting on this case');
  return { caseRef, withdrawn: withdrawal.party };
}
