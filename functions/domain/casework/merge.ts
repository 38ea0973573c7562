/**
 * Merging two cases about one source: the case merged is closed with `mergedInto`, its workflow
 * stopped; its complaints, people (not the premises), risk assessments, enquiries and tasks move
 * to the case that carries on (open tasks of the stopped workflow are cancelled first; decided
 * ones move as history); every moved complainant's tracking token opens the surviving case under
 * either reference; and the source points at the surviving case. Both cases record the merge.
 * The operation's id comes from the two references, so a merge that died half way is finished
 * by asking for it again.
 */
import { conflict, validationFailed } from '../../commons/errors.ts';
import { hasApplied, mutateCase, opKey } from '../case-store.ts';
import { pointSourceAt } from '../intake/source-pointer.ts';
import { outboxItem, toComplainants } from '../letters/outbox.ts';
import { type Caller, staffActor } from '../lifecycle/deps.ts';
import { clearFlag, flagCase } from '../lifecycle/flags.ts';
import { retentionDates } from '../lifecycle/retention-dates.ts';
import { writeItems } from '../lifecycle/step.ts';
import type { Person } from '../model/party.ts';
import type { MergeRequest } from '../model/requests.ts';
import { addMonths } from '../time.ts';
import { caseOrNotFound, refuseClosed } from './guards.ts';
import { movedToComplainant } from './letters.ts';
import {
  type CaseworkDeps,
  complaintCopy,
  complaintOf,
  countsOf,
  listedUnder,
  moveListedItem,
  moveTrackingToken,
  removeComplaint,
  storedComplaints,
} from './moving.ts';
import { HIGH_RISK_FLAG, STALLED_FLAG } from './names.ts';
import { assessmentsOf, latestByComplainant, type RiskAssessment } from './risk.ts';
import { closedExecution, stopWorkflow } from './workflow.ts';

/** Items listed under the merged case that move with it (the premises stay with its record). */
const MOVES = [
  'PERSON#complainant#',
  'PERSON#responsible#',
  'PERSON#owner#',
  'PERSON#agent#',
  'RISK#',
  'ENQUIRY#',
  'TASK#',
];

export async function mergeCases(deps: CaseworkDeps, fromRef: string, caller: Caller, body: MergeRequest) {
  if (body.into === fromRef)
    throw validationFailed([{ path: 'into', message: 'A case cannot be merged into itself' }]);
  const from = await caseOrNotFound(deps, fromRef);
  const into = await deps.store.get(body.into);
  if (!into) throw validationFailed([{ path: 'into', message: 'No case with that reference' }]);
  const opId = `merge:${fromRef}:${body.into}`;
  const op = opKey(opId);
  const resuming = from.mergedInto === body.into && hasApplied(from, opId);
  const now = deps.clock.now();
  if (!resuming) {
    refuseClosed(from, 'reopen it first');
    refuseClosed(into, 'reopen it first, or merge the other way round');
    if (from.liveNotice && Date.parse(from.liveNotice.liveUntil) > now.getTime())
      throw conflict(
        'CASE_HAS_LIVE_NOTICE',
        `A notice is in force on ${fromRef}, and breaches of it are judged on that case: merge ${body.into} into ${fromRef} instead`,
      );
  }
  const at = now.toISOString();

  // What moves, read before anything changes (and again by a retry: moved items are no longer here).
  const complaintItems = await storedComplaints(deps, from);
  const complaints = complaintItems.map(complaintOf);
  const listed = await listedUnder(deps, from, MOVES);
  const people = listed.filter((item) => String(item.gsi2sk).startsWith('PERSON#')) as unknown as Person[];
  const complainants = people.filter((p) => p.role === 'complainant' && !p.anonymisedAt);
  const movedRisks = (await assessmentsOf(deps, from)) as RiskAssessment[];

  const letters = toComplainants(
    { caseRef: body.into },
    complainants,
    'caseMerged',
    (to) => movedToComplainant(to, fromRef, body.into, 'merged'),
    opId,
    at,
  );
  await writeItems(deps, opId, [
    ...complaintItems.map((item) => complaintCopy(item, body.into, op)),
    ...letters.map(outboxItem),
  ]);

  // The merged case first: from now on nothing its workflow still does can change it.
  let before = from;
  const closed = await mutateCase(deps.store, fromRef, (current) => {
    if (hasApplied(current, opId)) return null;
    refuseClosed(current, 'reopen it first');
    before = current;
    return {
      event: {
        type: 'CaseMergedInto',
        at,
        actor: staffActor(caller),
        reason: body.reason,
        visibility: 'resident',
        data: {
          into: body.into,
          complaints: complaints.map((c) => c.complaintId),
          people: people.map((p) => p.partyId),
          residentTitle: `This case was joined to case ${body.into}, about the same place`,
        },
        opId,
      },
      patch: {
        status: 'closed',
        closedAt: at,
        closedReason: 'merged',
        mergedInto: body.into,
        ...retentionDates(deps, at),
        complaintCount: 0,
        nightTimeComplaints: 0,
        qualifyingComplaints: 0,
        execution: closedExecution(fromRef, opId),
        phase: undefined,
        awaitingWorkflowSince: undefined,
        startContext: undefined,
        updatedAt: at,
      },
      ...(current.flags?.some((f) => f === STALLED_FLAG || f === HIGH_RISK_FLAG)
        ? { removeFlags: [STALLED_FLAG, HIGH_RISK_FLAG] }
        : {}),
    };
  });
  if (!closed) throw validationFailed([{ path: 'caseRef', message: 'No case with that reference' }]);
  const stopped = await stopWorkflow(deps, before, `Case ${fromRef} was merged into ${body.into}`, {
    keepCaseTasks: true,
  });
  for (const item of listed) await moveListedItem(deps, item, body.into, op);

  // The surviving case counts what joined it, in one audited change.
  const moved = countsOf(complaints);
  const ownComplaints = (await storedComplaints(deps, into)).map(complaintOf);
  const policy = deps.policy.at(now);
  const since = addMonths(now, -policy.caseReview.windowMonths).toISOString();
  const qualifyingInWindow = [...ownComplaints, ...complaints].filter(
    (c) => c.qualifying && c.receivedAt >= since,
  ).length;
  const survivingRisks = await assessmentsOf(deps, into);
  const highRisk = [...latestByComplainant([...survivingRisks, ...movedRisks]).values()].some(
    (a) => a.level === 'high',
  );
  const survived = await mutateCase(deps.store, body.into, (current) => {
    if (hasApplied(current, opId)) return null;
    return {
      event: {
        type: 'CasesMerged',
        at,
        actor: staffActor(caller),
        reason: body.reason,
        visibility: 'staff',
        data: {
          from: fromRef,
          complaints: complaints.map((c) => c.complaintId),
          people: people.map((p) => p.partyId),
          tasks: listed.filter((item) => String(item.gsi2sk).startsWith('TASK#')).map((item) => item.taskId),
          cancelledTasks: stopped.cancelledTasks,
          messages: letters.map((m) => m.messageId),
        },
        opId,
      },
      patch: {
        complaintCount: current.complaintCount + moved.complaintCount,
        nightTimeComplaints: current.nightTimeComplaints + moved.nightTimeComplaints,
        qualifyingComplaints: current.qualifyingComplaints + moved.qualifyingComplaints,
        ...(!current.caseReviewThresholdMet && qualifyingInWindow >= policy.caseReview.threshold
          ? { caseReviewThresholdMet: true }
          : {}),
        ...(highRisk ? { priority: 'high' as const } : {}),
        updatedAt: at,
      },
      ...(highRisk ? { addFlags: [HIGH_RISK_FLAG] } : {}),
    };
  });
  if (!survived) throw validationFailed([{ path: 'into', message: 'No case with that reference' }]);

  for (const person of complainants) await moveTrackingToken(deps, person.partyId, fromRef, body.into, op);
  // Reports about either address now join the surviving case.
  for (const sourceKey of new Set([from.sourceKey, survived.sourceKey]))
    await pointSourceAt(deps, sourceKey, { state: 'open', caseRef: body.into, claimedAt: at });
  for (const item of complaintItems) await removeComplaint(deps, item);
  for (const flag of [STALLED_FLAG, HIGH_RISK_FLAG])
    if (before.flags?.includes(flag)) await clearFlag(deps, fromRef, flag);
  if (highRisk) await flagCase(deps, body.into, HIGH_RISK_FLAG);
  return {
    caseRef: fromRef,
    mergedInto: body.into,
    moved: {
      complaints: complaints.length,
      people: people.length,
      tasks: listed.filter((item) => String(item.gsi2sk).startsWith('TASK#')).length,
    },
    cancelledTasks: stopped.cancelledTasks,
    complaintCount: survived.complaintCount,
  };
}
