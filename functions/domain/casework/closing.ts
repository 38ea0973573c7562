/**
 * A manager closes a case by hand (with a reason and letters) or reopens a closed one. Both are
 * audited changes with their workflow consequences handled: a closure leaves no execution, task
 * or wait behind and tells the source pointer; a reopening records a new investigation execution
 * on the case before starting it, so triage opens as for a new report.
 */
import { randomUUID } from 'node:crypto';
import { conflict } from '../../commons/errors.ts';
import { hasApplied, mutateCase } from '../case-store.ts';
import { readPointer, reopenPointer } from '../intake/source-pointer.ts';
import { outboxItem, toComplainants, toSource } from '../letters/outbox.ts';
import { pointAtClosed } from '../lifecycle/closing.ts';
import { type Caller, type LifecycleDeps, staffActor } from '../lifecycle/deps.ts';
import { clearFlag } from '../lifecycle/flags.ts';
import { executionInput, phaseExecutionName } from '../lifecycle/phases.ts';
import { noRetention, retentionDates } from '../lifecycle/retention-dates.ts';
import { writeItems } from '../lifecycle/step.ts';
import type { NoiseCase } from '../model/case.ts';
import { peopleOf, sourceRecipients } from '../people/parties.ts';
import { caseOrNotFound, refuseMerged } from './guards.ts';
import { closedByHandToComplainant, closedToSource, reopenedToComplainant } from './letters.ts';
import { STALLED_FLAG } from './names.ts';
import { closedExecution, stopWorkflow } from './workflow.ts';

const alreadyClosed = (c: NoiseCase) => conflict('CASE_CLOSED', `Case ${c.caseRef} is already closed`);

export async function closeByHand(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  body: { reason: string; residentOutcome: string },
) {
  const c = await caseOrNotFound(deps, caseRef);
  refuseMerged(c);
  if (c.status === 'closed') throw alreadyClosed(c);
  const at = deps.clock.now().toISOString();
  const opId = `close-by-hand:${caseRef}:${randomUUID()}`;
  const people = await peopleOf(deps, c);
  const letters = [
    ...toComplainants(
      c,
      people.complainants,
      'outcome',
      (to) => closedByHandToComplainant(to, c, body.residentOutcome),
      opId,
      at,
    ),
    // The source hears only if the council has written to them before (a notice, restorative justice).
    ...(c.liveNotice || c.route || c.status === 'restorative-process' || c.status === 'escalated'
      ? toSource(c, sourceRecipients(people), 'outcome', (to) => closedToSource(to, c), opId, at)
      : []),
  ];
  await writeItems(deps, opId, letters.map(outboxItem));
  let replaced = c;
  const closed = await mutateCase(deps.store, caseRef, (current) => {
    if (hasApplied(current, opId)) return null;
    if (current.status === 'closed') throw alreadyClosed(current);
    replaced = current;
    return {
      event: {
        type: 'CaseClosed',
        at,
        actor: staffActor(caller),
        reason: body.reason,
        visibility: 'resident',
        data: {
          outcome: 'closed-by-hand',
          byHand: true,
          ...(current.execution ? { previousExecution: current.execution } : {}),
          messages: letters.map((m) => m.messageId),
          residentTitle: `The case was closed: ${body.residentOutcome}`,
        },
        opId,
      },
      patch: {
        status: 'closed',
        closedAt: at,
        // A code, not the reason's words: the case item holds no free text (the event does).
        closedReason: 'closed-by-hand',
        ...retentionDates(deps, at),
        execution: closedExecution(caseRef, opId),
        phase: undefined,
        awaitingWorkflowSince: undefined,
        startContext: undefined,
        updatedAt: at,
      },
      ...(current.flags?.includes(STALLED_FLAG) ? { removeFlags: [STALLED_FLAG] } : {}),
    };
  });
  if (!closed) throw alreadyClosed(c);
  const stopped = await stopWorkflow(deps, replaced, `Case ${caseRef} was closed by hand`);
  await pointAtClosed(deps, closed);
  if (replaced.flags?.includes(STALLED_FLAG)) await clearFlag(deps, caseRef, STALLED_FLAG);
  return {
    caseRef,
    status: closed.status,
    closedAt: closed.closedAt,
    ...(stopped.stopped ? { stoppedExecution: stopped.stopped } : {}),
    cancelledTasks: stopped.cancelledTasks,
    messages: letters.map((m) => m.messageId),
  };
}

export async function reopenByHand(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  body: { reason: string },
) {
  const c = await caseOrNotFound(deps, caseRef);
  refuseMerged(c);
  const notClosed = () =>
    conflict('CASE_NOT_CLOSED', `Case ${caseRef} is open; only a closed case can be reopened`);
  if (c.status !== 'closed') throw notClosed();
  if (c.anonymisedAt)
    throw conflict('CASE_ANONYMISED', `Case ${caseRef} was anonymised at the end of its retention period`);
  const at = deps.clock.now().toISOString();
  const opId = `reopen-by-hand:${caseRef}:${randomUUID()}`;
  const execution = phaseExecutionName(caseRef, 'investigation', opId);
  const people = await peopleOf(deps, c);
  const letters = toComplainants(
    c,
    people.complainants,
    'reopened',
    (to) => reopenedToComplainant(to, c),
    opId,
    at,
  );
  await writeItems(deps, opId, letters.map(outboxItem));
  const reopened = await mutateCase(deps.store, caseRef, (current) => {
    if (hasApplied(current, opId)) return null;
    if (current.status !== 'closed') throw notClosed();
    return {
      event: {
        type: 'CaseReopened',
        at,
        actor: staffActor(caller),
        reason: body.reason,
        visibility: 'resident',
        data: {
          phase: 'investigation',
          byHand: true,
          previouslyClosedAt: current.closedAt,
          messages: letters.map((m) => m.messageId),
        },
        opId,
      },
      // The new execution is on the case before it starts: the sweeper starts it if this request dies.
      patch: {
        status: 'received',
        reopenedAt: at,
        closedAt: undefined,
        closedReason: undefined,
        ...noRetention,
        phase: 'investigation',
        execution,
        awaitingWorkflowSince: at,
        startContext: undefined,
        updatedAt: at,
      },
    };
  });
  if (!reopened) throw notClosed();
  // The source's reports come here again, unless a newer case for the source has opened meanwhile.
  const pointed = await reopenPointer(deps, reopened.sourceKey, caseRef, at);
  const pointer = pointed ? undefined : await readPointer(deps, reopened.sourceKey);
  if (reopened.execution === execution) {
    try {
      await deps.engine.start('investigation', execution, executionInput(caseRef));
    } catch (error) {
      deps.log?.error('could not start the reopened case; the sweeper will', {
        caseRef,
        error: String(error),
      });
    }
  }
  return {
    caseRef,
    status: reopened.status,
    phase: reopened.phase,
    ...(pointer?.caseRef && pointer.caseRef !== caseRef && pointer.state !== 'closed'
      ? { sourceHasOpenCase: pointer.caseRef }
      : {}),
  };
}
