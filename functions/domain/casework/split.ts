/**
 * Splitting off a report that joined the wrong case (its address matched, but it is about another
 * place): the report, its complainant (with their tracking token and risk assessments, and the
 * safeguarding task those opened) move to a new case about the place it really describes, which
 * starts triage as a new report would. Both cases record the split. The operation's id comes from
 * the case and the report, and the new reference is kept under it, so a split that died half way
 * is finished by asking for it again.
 */
import { createHash } from 'node:crypto';
import { conflict, validationFailed } from '../../commons/errors.ts';
import { hasApplied, mutateCase, opKey } from '../case-store.ts';
import { allocateCaseRef, sourceKeyOf } from '../identifiers.ts';
import { startQuietly } from '../intake/report.ts';
import { pointSourceAt, readPointer } from '../intake/source-pointer.ts';
import { outboxItem, toComplainants } from '../letters/outbox.ts';
import { type Caller, staffActor } from '../lifecycle/deps.ts';
import { clearFlag, flagCase } from '../lifecycle/flags.ts';
import { phaseExecutionName } from '../lifecycle/phases.ts';
import { writeItems } from '../lifecycle/step.ts';
import { postcodeDistrict } from '../model/address.ts';
import type { NoiseCase } from '../model/case.ts';
import { SourceKind } from '../model/complaint.ts';
import type { Person } from '../model/party.ts';
import type { SplitRequest } from '../model/requests.ts';
import { personItem } from '../people/parties.ts';
import { getItem, putIfAbsent } from '../table-access.ts';
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
import { HIGH_RISK_FLAG } from './names.ts';
import { assessmentsOf, latestByComplainant, type RiskAssessment } from './risk.ts';

const splitKey = (caseRef: string, complaintId: string) => ({
  pk: `SPLIT#${caseRef}#${complaintId}`,
  sk: 'SPLIT',
});

/** The new case's reference, allocated once per split and kept, so a retry reuses it. */
async function allocateOnce(deps: CaseworkDeps, key: { pk: string; sk: string }, now: Date): Promise<string> {
  const allocated = await allocateCaseRef(deps.db, deps.table, now);
  if (await putIfAbsent(deps, { ...key, newCaseRef: allocated })) return allocated;
  return (await getItem<{ newCaseRef: string }>(deps, key))?.newCaseRef ?? allocated;
}

export async function splitCase(deps: CaseworkDeps, fromRef: string, caller: Caller, body: SplitRequest) {
  const from = await caseOrNotFound(deps, fromRef);
  const opId = `split:${fromRef}:${body.complaintId}`;
  const op = opKey(opId);
  const resuming = hasApplied(from, opId);
  if (!resuming) refuseClosed(from, 'reopen it first');
  const complaintItems = await storedComplaints(deps, from);
  const item = complaintItems.find((candidate) => candidate.complaintId === body.complaintId);
  if (!item)
    throw validationFailed([{ path: 'complaintId', message: 'No report with that id on this case' }]);
  if (!resuming && complaintItems.length < 2)
    throw conflict(
      'ONLY_REPORT',
      `The report is the only one on ${fromRef}: correct or close the case instead`,
    );
  const sourceKey = sourceKeyOf(body.source.address);
  if (sourceKey === from.sourceKey)
    throw validationFailed([
      {
        path: 'source.address',
        message: "This is the address of this case's source: give the address the report is really about",
      },
    ]);
  const pointer = await readPointer(deps, sourceKey);
  const elsewhere = pointer && pointer.state !== 'closed' ? pointer.caseRef : undefined;
  const key = splitKey(fromRef, body.complaintId);
  const kept = (await getItem<{ newCaseRef: string }>(deps, key))?.newCaseRef;
  if (elsewhere && elsewhere !== kept)
    throw conflict(
      'SOURCE_HAS_OPEN_CASE',
      `Case ${elsewhere} is open for that address: merge this case into it, or give the right address`,
    );
  const now = deps.clock.now();
  const at = now.toISOString();
  const caseRef = kept ?? (await allocateOnce(deps, key, now));

  const complaint = complaintOf(item);
  const listed = await listedUnder(deps, from, [
    `PERSON#complainant#${complaint.complainantPartyId}`,
    'RISK#',
  ]);
  const person = listed.find((candidate) => String(candidate.gsi2sk).startsWith('PERSON#'));
  const risks = (await assessmentsOf(deps, from)).filter((a) => a.partyId === complaint.complainantPartyId);
  const riskItems = listed.filter(
    (candidate) =>
      String(candidate.gsi2sk).startsWith('RISK#') && candidate.partyId === complaint.complainantPartyId,
  );
  const taskIds = risks.map((a) => a.safeguardingTaskId).filter((id): id is string => id !== undefined);
  const movedTasks = taskIds.length
    ? (await listedUnder(deps, from, ['TASK#'])).filter((task) => taskIds.includes(String(task.taskId)))
    : [];
  const high =
    latestByComplainant(risks as RiskAssessment[]).get(complaint.complainantPartyId)?.level === 'high';

  const counts = countsOf([complaint]);
  const execution = phaseExecutionName(caseRef, 'investigation', opId);
  const created: NoiseCase = {
    caseRef,
    status: 'received',
    version: 1,
    sourceKey,
    sourceKind: body.source.kind ?? SourceKind.safeParse(complaint.sourceKind).data ?? from.sourceKind,
    sourceDistrict: postcodeDistrict(body.source.address.postcode),
    openedAt: at,
    updatedAt: at,
    ...counts,
    caseReviewThresholdMet: false,
    phase: 'investigation',
    execution,
    awaitingWorkflowSince: at,
    priority: high ? 'high' : 'normal',
    ...(high ? { flags: [HIGH_RISK_FLAG] } : {}),
  };
  const premises: Person = {
    partyId: `src_${createHash('sha256').update(opId).digest('hex').slice(0, 20)}`,
    caseRef,
    role: 'source',
    address: body.source.address,
    sourceKind: created.sourceKind,
    ...(body.source.description ? { description: body.source.description } : {}),
    createdAt: at,
  };
  const letters = person
    ? toComplainants(
        created,
        [person as unknown as Person],
        'reportSplitOff',
        (to) => movedToComplainant(to, fromRef, caseRef, 'split'),
        opId,
        at,
      )
    : [];
  await writeItems(deps, opId, [
    complaintCopy(item, caseRef, op),
    personItem(premises),
    ...letters.map(outboxItem),
  ]);
  const opened = await deps.store.create(created, {
    type: 'CaseOpenedBySplit',
    at,
    actor: staffActor(caller),
    reason: body.reason,
    visibility: 'resident',
    data: {
      from: fromRef,
      complaintId: complaint.complaintId,
      messages: letters.map((m) => m.messageId),
      residentTitle: 'Your report was given a case of its own, about the place it describes',
    },
    opId,
  });
  for (const moving of [...(person ? [person] : []), ...riskItems, ...movedTasks])
    await moveListedItem(deps, moving, caseRef, op);
  await moveTrackingToken(deps, complaint.complainantPartyId, fromRef, caseRef, op);

  // The case it left: one report fewer, and its priority from the complainants who remain.
  const remaining = (await assessmentsOf(deps, from)).filter(
    (a) => a.partyId !== complaint.complainantPartyId,
  );
  const stillHigh = [...latestByComplainant(remaining).values()].some((a) => a.level === 'high');
  const left = await mutateCase(deps.store, fromRef, (current) => {
    if (hasApplied(current, opId)) return null;
    refuseClosed(current, 'reopen it first');
    return {
      event: {
        type: 'ReportSplitOff',
        at,
        actor: staffActor(caller),
        reason: body.reason,
        visibility: 'staff',
        data: {
          complaintId: complaint.complaintId,
          to: caseRef,
          partyId: complaint.complainantPartyId,
          tasks: movedTasks.map((task) => task.taskId),
        },
        opId,
      },
      patch: {
        complaintCount: current.complaintCount - counts.complaintCount,
        nightTimeComplaints: current.nightTimeComplaints - counts.nightTimeComplaints,
        qualifyingComplaints: current.qualifyingComplaints - counts.qualifyingComplaints,
        priority: stillHigh ? 'high' : 'normal',
        updatedAt: at,
      },
      ...(stillHigh || !current.flags?.includes(HIGH_RISK_FLAG) ? {} : { removeFlags: [HIGH_RISK_FLAG] }),
    };
  });
  await removeComplaint(deps, item);
  if (!elsewhere) await pointSourceAt(deps, sourceKey, { state: 'open', caseRef, claimedAt: at });
  if (high) await flagCase(deps, caseRef, HIGH_RISK_FLAG);
  if (!stillHigh && from.flags?.includes(HIGH_RISK_FLAG)) await clearFlag(deps, fromRef, HIGH_RISK_FLAG);
  await startQuietly(deps, opened);
  return {
    caseRef: fromRef,
    newCaseRef: caseRef,
    complaintCount: left?.complaintCount,
    moved: {
      complaintId: complaint.complaintId,
      partyId: complaint.complainantPartyId,
      tasks: movedTasks.length,
    },
  };
}
