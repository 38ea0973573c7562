/**
 * Recording a noise complaint: every report creates a case or attaches to the case for the same
 * source, so no evidence sits unread outside a case; a report about a recently closed case, or
 * one that breaches a notice still live on it, reopens it. Personal details go to their own
 * items; the case keeps facts and counters only.
 *
 * The hot path is short and never contends on the case's version: the report's own items (the
 * complaint, the complainant, their tracking token and acknowledgement) are written in one batch,
 * then one atomic update adds the report to the case's counters and its operation to `ops`. Until
 * that update the items count for nothing (they are not shown, the letter is not sent), so a
 * report that fails half way leaves nothing a resident or caseworker can see, and a retry with
 * the same Idempotency-Key completes it with the same ids.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError, validationFailed } from '../../commons/errors.ts';
import { caseFromItem, caseIndexAttributes, hasApplied, mutateCase, opKey } from '../case-store.ts';
import { HIGH_RISK_FLAG, hastenOpenTasks, intakeRiskItems, intakeRiskLevel } from '../casework/risk.ts';
import { allocateCaseRef, hashTrackingToken, sourceKeyOf, trackingTokenFor } from '../identifiers.ts';
import { keys } from '../keys.ts';
import { outboxItem, toComplainants } from '../letters/outbox.ts';
import { endDeadlineEarly } from '../lifecycle/deadlines.ts';
import { type LifecycleDeps, systemActor } from '../lifecycle/deps.ts';
import { executionInput, phaseExecutionName } from '../lifecycle/phases.ts';
import { noRetention } from '../lifecycle/retention-dates.ts';
import { postcodeDistrict } from '../model/address.ts';
import type { CaseStatus, NoiseCase } from '../model/case.ts';
import { type ComplaintRecord, type ComplaintRequest, occurrenceProblems } from '../model/complaint.ts';
import type { Person } from '../model/party.ts';
import type { StaffTask } from '../model/workflow.ts';
import { breachKey, breachRecord, judgeBreach } from '../notices/breaches.ts';
import { personItem } from '../people/parties.ts';
import { noticeSpecOf } from '../routes/catalogue.ts';
import { batchPut, childrenOfCase, getItem, putIfAbsent, queryAll } from '../table-access.ts';
import { addDays, addMonths, addWorkingDays, isNightTime } from '../time.ts';
import { acknowledgement } from './letters.ts';
import {
  claimPointer,
  openPointer,
  readPointer,
  reopenPointer,
  type SourcePointer,
  STALE_CLAIM_MS,
} from './source-pointer.ts';

export interface IntakeDeps extends LifecycleDeps {
  /** Key that derives tracking tokens (see `trackingTokenFor`). */
  trackingTokenKey: string;
}

export interface ComplaintReceipt {
  caseRef: string;
  /** The complainant's party id: the token is re-derived from it. */
  complainantPartyId: string;
  status: CaseStatus;
  /** True when the report joined a case that was already open (or reopened it). */
  joinedExistingCase: boolean;
}

/** A complaint as stored: the facts, the operation that makes it count, the resident's own words about the source. */
export type StoredComplaint = ComplaintRecord & {
  op: string;
  sourceKind: string;
  sourceDescription?: string;
};

const ATTEMPTS = 40;

/** The ids and time of one report; with an Idempotency-Key they are derived from it, so a retry reuses them. */
interface Attempt {
  complaintId: string;
  complainantPartyId: string;
  sourcePartyId: string;
  receivedAt: string;
  opId: string;
  /** With an Idempotency-Key: the item that records the attempt, and the first answer once given. */
  key?: { pk: string; sk: string };
  receipt?: ComplaintReceipt;
}

function fingerprint(request: ComplaintRequest): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/**
 * With a key, one write both records the report's ids and refuses a reused key with another body
 * (422); a retry with the same body carries on with the first try's ids and time.
 */
async function attemptFor(
  deps: IntakeDeps,
  now: Date,
  request: ComplaintRequest,
  operationKey: string | undefined,
): Promise<Attempt> {
  const id = (what: string) =>
    operationKey
      ? createHmac('sha256', deps.trackingTokenKey)
          .update(`${what}|${operationKey}`)
          .digest('hex')
          .slice(0, 32)
      : randomUUID();
  const complaintId = id('complaint');
  const fresh: Attempt = {
    complaintId,
    complainantPartyId: id('complainant'),
    sourcePartyId: id('source'),
    receivedAt: now.toISOString(),
    opId: `intake:${complaintId}`,
  };
  if (!operationKey) return fresh;
  const key = { pk: `INTAKE#${createHash('sha256').update(operationKey).digest('hex')}`, sk: 'ATTEMPT' };
  const body = fingerprint(request);
  if (await putIfAbsent(deps, { ...key, ...fresh, fingerprint: body })) return { ...fresh, key };
  const earlier = await getItem<Attempt & { fingerprint: string }>(deps, key);
  if (!earlier) return { ...fresh, key };
  if (earlier.fingerprint !== body)
    throw new AppError(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different report',
    );
  return { ...earlier, key };
}

/**
 * The answer to a report. With an Idempotency-Key the first answer is kept on the attempt (the
 * first writer wins), so every retry and every simultaneous twin gives the same one.
 */
async function answer(
  deps: IntakeDeps,
  attempt: Attempt,
  receipt: ComplaintReceipt,
): Promise<ComplaintReceipt> {
  if (!attempt.key) return receipt;
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: attempt.key,
        UpdateExpression: 'SET receipt = :receipt',
        ConditionExpression: 'attribute_not_exists(receipt)',
        ExpressionAttributeValues: { ':receipt': receipt },
      }),
    );
    return receipt;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await getItem<Attempt>(deps, attempt.key))?.receipt ?? receipt;
  }
}

/** Noise in the future, or longer ago than the policy allows, is refused with a message per field. */
export function checkOccurrence(request: ComplaintRequest, now: Date, oldestMonths: number): void {
  const problems = occurrenceProblems(request.noise, now, oldestMonths);
  if (problems.length) throw validationFailed(problems);
}

interface Prepared {
  attempt: Attempt;
  complaint: StoredComplaint;
  complainant: Person;
  /** A high-risk assessment makes the case high priority, in the same write that counts the report. */
  highRisk: boolean;
  /** `repeat`: the report joins or reopens a case about the same noise, so it is told about the Case Review. */
  items: (
    caseRef: string,
    c: Pick<NoiseCase, 'caseRef'> & Partial<NoiseCase>,
    repeat?: boolean,
  ) => Record<string, unknown>[];
}

function prepare(deps: IntakeDeps, request: ComplaintRequest, attempt: Attempt, now: Date): Prepared {
  const policy = deps.policy.at(now);
  const occurredAt = new Date(request.noise.occurredAt);
  const op = opKey(attempt.opId);
  const complainant = (caseRef: string): Person => ({
    partyId: attempt.complainantPartyId,
    caseRef,
    role: 'complainant',
    name: request.complainant.name,
    email: request.complainant.email,
    ...(request.complainant.phone ? { phone: request.complainant.phone } : {}),
    address: request.complainant.address,
    ...(request.complainant.willingToGiveEvidence !== undefined
      ? { willingToGiveEvidence: request.complainant.willingToGiveEvidence }
      : {}),
    createdAt: attempt.receivedAt,
    op,
  });
  const complaint = (caseRef: string): StoredComplaint => ({
    complaintId: attempt.complaintId,
    caseRef,
    complainantPartyId: attempt.complainantPartyId,
    receivedAt: attempt.receivedAt,
    category: request.noise.category,
    description: request.noise.description,
    ...(request.noise.impact ? { impact: request.noise.impact } : {}),
    occurredAt: request.noise.occurredAt,
    ...(request.noise.endedAt ? { endedAt: request.noise.endedAt } : {}),
    nightTime: isNightTime(occurredAt),
    qualifying: addMonths(occurredAt, policy.caseReview.reportedWithinMonths).getTime() >= now.getTime(),
    sourceKind: request.source.kind,
    ...(request.source.description ? { sourceDescription: request.source.description } : {}),
    op,
  });
  const replyBy = addWorkingDays(now, policy.triage.dueWorkingDays).toISOString();
  // The assessment's items go in the report's own batch (the case the task is opened against is
  // the new case, or the report's own facts when it joins one).
  const risk = (c: Pick<NoiseCase, 'caseRef'> & Partial<NoiseCase>) =>
    intakeRiskItems(deps, {
      answers: request.risk,
      c: {
        status: 'received',
        version: 0,
        sourceKey: '',
        sourceKind: request.source.kind,
        sourceDistrict: postcodeDistrict(request.source.address.postcode),
        openedAt: attempt.receivedAt,
        updatedAt: attempt.receivedAt,
        complaintCount: 1,
        nightTimeComplaints: 0,
        qualifyingComplaints: 0,
        caseReviewThresholdMet: false,
        ...c,
      },
      partyId: attempt.complainantPartyId,
      complaintId: attempt.complaintId,
      receivedAt: attempt.receivedAt,
      op,
    });
  return {
    attempt,
    complaint: complaint(''),
    complainant: complainant(''),
    highRisk: intakeRiskLevel(policy, request.risk) === 'high',
    items: (caseRef, c, repeat = false) => {
      const person = complainant(caseRef);
      const record = complaint(caseRef);
      const token = trackingTokenFor(attempt.complainantPartyId, deps.trackingTokenKey);
      const [letter] = toComplainants(
        c,
        [person],
        'acknowledgement',
        (to) => acknowledgement(to, c, replyBy, repeat ? policy.caseReview : undefined),
        attempt.opId,
        attempt.receivedAt,
      );
      return [
        personItem(person),
        { ...keys.complaint(caseRef, record.receivedAt, record.complaintId), ...record },
        {
          ...keys.tracking(hashTrackingToken(token)),
          caseRef,
          partyId: attempt.complainantPartyId,
          complaintId: attempt.complaintId,
          createdAt: attempt.receivedAt,
          op,
        },
        ...(letter ? [outboxItem(letter)] : []),
        ...(risk({ ...c, caseRef })?.items ?? []),
      ];
    },
  };
}

export async function reportComplaint(
  deps: IntakeDeps,
  request: ComplaintRequest,
  options: { operationKey?: string } = {},
): Promise<ComplaintReceipt> {
  const now = deps.clock.now();
  const policy = deps.policy.at(now);
  checkOccurrence(request, now, policy.intake.oldestReportMonths);
  const sourceKey = sourceKeyOf(request.source.address);
  const [attempt, first] = await Promise.all([
    attemptFor(deps, now, request, options.operationKey),
    readPointer(deps, sourceKey),
  ]);
  if (attempt.receipt) {
    // The first answer is written beside the case's own writes: it stands once the report counts.
    const answered = await deps.store.get(attempt.receipt.caseRef);
    if (answered && hasApplied(answered, attempt.opId)) return attempt.receipt;
  }
  const prepared = prepare(deps, request, attempt, new Date(attempt.receivedAt));
  // Each request holds its own claim: a twin with the same key waits for the case and joins it.
  const claim = randomUUID();
  let pointer = first;
  for (let round = 0; round < ATTEMPTS; round++) {
    if (round > 0) {
      await pause(round);
      pointer = await readPointer(deps, sourceKey);
    }
    const at = Date.now();
    if (!pointer) {
      const opened = await openCase(deps, request, prepared, sourceKey, claim, undefined);
      if (opened) return opened;
      continue;
    }
    if (pointer.state === 'claimed') {
      // Another report is opening the case; if it died holding the claim, take over.
      if (at - Date.parse(pointer.claimedAt ?? '') > STALE_CLAIM_MS) {
        const opened = await openCase(deps, request, prepared, sourceKey, claim, pointer);
        if (opened) return opened;
      }
      continue;
    }
    const caseRef = pointer.caseRef ?? '';
    if (pointer.state === 'open') {
      // A high-risk report brings the case's open tasks forward: read them beside the join's writes.
      const openTasks = prepared.highRisk
        ? childrenOfCase<StaffTask & { op?: string }>(deps, caseRef, 'TASK#')
        : undefined;
      openTasks?.catch(() => {});
      const joined = await joinCase(deps, prepared, caseRef, pointer);
      if (joined === 'missing') {
        // The report that opened this case died before its case was written. If it was this very
        // report (a retry with its Idempotency-Key), finish it; if it was another, after a while
        // start afresh in its place.
        if (pointer.openedBy === attempt.complaintId)
          return writeNewCase(deps, request, prepared, sourceKey, claim, caseRef);
        if (at - Date.parse(pointer.claimedAt ?? '') > STALE_CLAIM_MS) {
          const opened = await openCase(deps, request, prepared, sourceKey, claim, pointer);
          if (opened) return opened;
        }
        continue;
      }
      if (joined === 'retry') continue;
      return afterJoin(deps, request, prepared, joined, false, openTasks);
    }
    // Closed: reopen it when the report breaches its live notice or the case closed recently.
    const current = await deps.store.read(caseRef);
    if (!current) continue;
    const breach = current.liveNotice && judgeBreach(current, request.noise.occurredAt);
    const breachesLiveNotice = breach?.counts === true;
    const recentlyClosed =
      pointer.closedAt &&
      addDays(new Date(pointer.closedAt), policy.intake.reopenWithinDays).getTime() >= now.getTime();
    if (current.status !== 'closed') {
      // The pointer lags the case (a reopen in flight): treat it as open.
      const joined = await joinCase(deps, prepared, caseRef, pointer);
      if (joined === 'retry' || joined === 'missing') continue;
      return afterJoin(deps, request, prepared, joined, false);
    }
    if (hasApplied(current, attempt.opId)) return answer(deps, attempt, receiptOf(current, attempt, true));
    if (breachesLiveNotice || recentlyClosed) {
      if (!(await reopenPointer(deps, sourceKey, caseRef, attempt.receivedAt))) continue;
      const reopened = await reopenCase(deps, request, prepared, current, breachesLiveNotice);
      return afterJoin(deps, request, prepared, reopened, true);
    }
    const opened = await openCase(deps, request, prepared, sourceKey, claim, pointer);
    if (opened) return opened;
  }
  throw new AppError(
    503,
    'BUSY',
    'Too many reports about this place are arriving at once; try again in a moment',
  );
}

function pause(round: number) {
  return new Promise((resolve) => setTimeout(resolve, Math.min(400, 10 * round) + Math.random() * 20));
}

function receiptOf(c: NoiseCase, attempt: Attempt, joined: boolean): ComplaintReceipt {
  return {
    caseRef: c.caseRef,
    complainantPartyId: attempt.complainantPartyId,
    status: c.status,
    joinedExistingCase: joined,
  };
}

/**
 * A first report: claim the source, allocate the reference, then write the case with its first
 * complaint in one batch and point the source at it. Undefined when another report won the claim.
 */
async function openCase(
  deps: IntakeDeps,
  request: ComplaintRequest,
  prepared: Prepared,
  sourceKey: string,
  claim: string,
  seen: SourcePointer | undefined,
): Promise<ComplaintReceipt | undefined> {
  const { attempt } = prepared;
  if (!(await claimPointer(deps, sourceKey, claim, new Date().toISOString(), seen))) return undefined;
  const caseRef = await allocateCaseRef(deps.db, deps.table, new Date(attempt.receivedAt));
  return writeNewCase(deps, request, prepared, sourceKey, claim, caseRef);
}

/**
 * Writes a new case with its first report (once the source is claimed and the reference
 * allocated); a retry of the same report whose first try died half way writes the same again.
 */
async function writeNewCase(
  deps: IntakeDeps,
  request: ComplaintRequest,
  prepared: Prepared,
  sourceKey: string,
  claim: string,
  caseRef: string,
): Promise<ComplaintReceipt> {
  const { attempt } = prepared;
  const receivedAt = new Date(attempt.receivedAt);
  const policy = deps.policy.at(receivedAt);
  const execution = phaseExecutionName(caseRef, 'investigation', `opened@${attempt.receivedAt}`);
  const c: NoiseCase = {
    caseRef,
    status: 'received',
    version: 1,
    sourceKey,
    sourceKind: request.source.kind,
    sourceDistrict: postcodeDistrict(request.source.address.postcode),
    openedAt: attempt.receivedAt,
    updatedAt: attempt.receivedAt,
    complaintCount: 1,
    nightTimeComplaints: prepared.complaint.nightTime ? 1 : 0,
    qualifyingComplaints: prepared.complaint.qualifying ? 1 : 0,
    caseReviewThresholdMet: (prepared.complaint.qualifying ? 1 : 0) >= policy.caseReview.threshold,
    phase: 'investigation',
    execution,
    awaitingWorkflowSince: attempt.receivedAt,
    // Written with the case, before its workflow starts: the triage task opens with the high-risk due date.
    priority: prepared.highRisk ? 'high' : 'normal',
    ...(prepared.highRisk ? { flags: [HIGH_RISK_FLAG] } : {}),
    ops: [opKey(attempt.opId)],
  };
  const source: Person = {
    partyId: attempt.sourcePartyId,
    caseRef,
    role: 'source',
    address: request.source.address,
    sourceKind: request.source.kind,
    ...(request.source.description ? { description: request.source.description } : {}),
    createdAt: attempt.receivedAt,
    op: opKey(attempt.opId),
  };
  const event = {
    ...keys.event(caseRef, 1),
    caseRef,
    version: 1,
    type: 'ComplaintReceived',
    at: attempt.receivedAt,
    actor: { kind: 'resident', id: attempt.complainantPartyId },
    visibility: 'resident',
    data: {
      complaintId: attempt.complaintId,
      category: request.noise.category,
      nightTime: prepared.complaint.nightTime,
      opened: true,
    },
    opId: attempt.opId,
    patch: c,
    creates: true,
  };
  const caseItem = {
    ...keys.case(caseRef),
    ...c,
    ops: new Set(c.ops),
    ...(c.flags ? { flags: new Set(c.flags) } : {}),
    ...Object.fromEntries(Object.entries(caseIndexAttributes(c)).filter(([, v]) => v !== undefined)),
  };
  // Only the claim holder writes this case, so its first writes need no condition: the case,
  // its first event and the report's own items in one batch, the pointer beside it.
  const [, , receipt] = await Promise.all([
    batchPut(deps, [caseItem, event, personItem(source), ...prepared.items(caseRef, c)]),
    openPointer(deps, sourceKey, caseRef, claim, new Date().toISOString(), attempt.complaintId),
    answer(deps, attempt, receiptOf(c, attempt, false)),
  ]);
  await startQuietly(deps, c);
  return receipt;
}

/** Starts the case's current execution; if this fails the sweeper starts it (same name, so once). */
export async function startQuietly(deps: LifecycleDeps, c: NoiseCase): Promise<void> {
  if (!c.phase || !c.execution) return;
  try {
    await deps.engine.start(c.phase, c.execution, executionInput(c.caseRef, c.startContext));
  } catch (error) {
    deps.log?.error('could not start the case workflow; the sweeper will', {
      caseRef: c.caseRef,
      error: String(error),
    });
  }
}

/** Adds the report to an open case: its items, then one atomic update. `retry` when the case is not there or closed. */
async function joinCase(
  deps: IntakeDeps,
  prepared: Prepared,
  caseRef: string,
  pointer: SourcePointer,
): Promise<NoiseCase | 'retry' | 'missing'> {
  const { attempt, complaint } = prepared;
  await batchPut(deps, prepared.items(caseRef, { caseRef }, true));
  try {
    const { Attributes } = await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.case(caseRef),
        UpdateExpression: `ADD complaintCount :one, nightTimeComplaints :night, qualifyingComplaints :qualifying, ops :op${
          prepared.highRisk ? ', flags :highRisk' : ''
        } SET updatedAt = :at, gsi1sk = :sort, gsi4sk = :sort${prepared.highRisk ? ', priority = :high' : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND #status <> :closed AND NOT contains(ops, :opKey)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ...(prepared.highRisk ? { ':highRisk': new Set([HIGH_RISK_FLAG]), ':high': 'high' } : {}),
          ':one': 1,
          ':night': complaint.nightTime ? 1 : 0,
          ':qualifying': complaint.qualifying ? 1 : 0,
          ':op': new Set([opKey(attempt.opId)]),
          ':opKey': opKey(attempt.opId),
          ':at': attempt.receivedAt,
          ':sort': `${attempt.receivedAt}#${caseRef}`,
          ':closed': 'closed',
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return caseFromItem(Attributes ?? {});
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const current = await deps.store.get(caseRef);
  if (current && hasApplied(current, attempt.opId)) return current;
  if (!current && Date.now() - Date.parse(pointer.claimedAt ?? '') > STALE_CLAIM_MS) {
    // The report that opened the case died half way through its batch: its first event, if
    // written, holds the whole case.
    if (await deps.store.read(caseRef)) return 'retry';
  }
  return current ? 'retry' : 'missing';
}

async function reopenCase(
  deps: IntakeDeps,
  request: ComplaintRequest,
  prepared: Prepared,
  closed: NoiseCase,
  atBreachDecision: boolean,
): Promise<NoiseCase> {
  const { attempt, complaint } = prepared;
  await batchPut(deps, prepared.items(closed.caseRef, closed, true));
  const breachId = `br_report_${attempt.complaintId.slice(0, 24)}`;
  const notice = closed.liveNotice;
  const phase = atBreachDecision && notice ? noticeSpecOf(notice.kind).breachPhase : 'investigation';
  if (atBreachDecision && notice) {
    const breach = breachRecord(
      deps,
      closed,
      {
        breachId,
        witnessedAt: request.noise.occurredAt,
        location: 'Reported by a resident',
        description: request.noise.description,
        recordedAt: attempt.receivedAt,
        recordedBy: { kind: 'resident', id: attempt.complainantPartyId },
        complaintId: attempt.complaintId,
      },
      judgeBreach(closed, request.noise.occurredAt),
    );
    await batchPut(deps, [{ ...breachKey(closed.caseRef, breachId), ...breach, op: opKey(attempt.opId) }]);
  }
  const execution = phaseExecutionName(closed.caseRef, phase, `reopened@${attempt.receivedAt}`);
  const startContext = atBreachDecision ? { offenceId: breachId } : undefined;
  const reopened = await mutateCase(deps.store, closed.caseRef, (current) =>
    hasApplied(current, attempt.opId)
      ? null
      : {
          event: {
            type: 'CaseReopened',
            at: attempt.receivedAt,
            actor: { kind: 'resident' as const, id: attempt.complainantPartyId },
            visibility: 'resident' as const,
            data: {
              complaintId: attempt.complaintId,
              category: complaint.category,
              nightTime: complaint.nightTime,
              previouslyClosedAt: current.closedAt,
              phase,
              ...(atBreachDecision ? { breachId } : {}),
            },
            opId: attempt.opId,
          },
          patch: {
            status: atBreachDecision && notice ? noticeSpecOf(notice.kind).caseStatus : 'received',
            complaintCount: current.complaintCount + 1,
            nightTimeComplaints: current.nightTimeComplaints + (complaint.nightTime ? 1 : 0),
            qualifyingComplaints: current.qualifyingComplaints + (complaint.qualifying ? 1 : 0),
            updatedAt: attempt.receivedAt,
            reopenedAt: attempt.receivedAt,
            closedAt: undefined,
            closedReason: undefined,
            ...noRetention,
            phase,
            execution,
            awaitingWorkflowSince: attempt.receivedAt,
            startContext,
            ...(prepared.highRisk ? { priority: 'high' as const } : {}),
          },
          ...(prepared.highRisk ? { addFlags: [HIGH_RISK_FLAG] } : {}),
        },
  );
  if (!reopened) throw new Error(`case ${closed.caseRef} named by its source pointer does not exist`);
  if (reopened.execution === execution) await startQuietly(deps, reopened);
  return reopened;
}

/** After the report counts: the Case Review threshold, and a breach of the notice in force. */
async function afterJoin(
  deps: IntakeDeps,
  request: ComplaintRequest,
  prepared: Prepared,
  c: NoiseCase,
  reopened: boolean,
  openTasks?: Promise<(StaffTask & { op?: string })[]>,
): Promise<ComplaintReceipt> {
  const { attempt } = prepared;
  const now = new Date(attempt.receivedAt);
  const policy = deps.policy.at(now);
  let current = c;
  // Only once enough qualifying reports have ever arrived is the window counted exactly.
  if (!current.caseReviewThresholdMet && current.qualifyingComplaints >= policy.caseReview.threshold) {
    const qualifying = await countQualifyingComplaints(
      deps,
      current,
      addMonths(now, -policy.caseReview.windowMonths),
    );
    if (qualifying >= policy.caseReview.threshold) {
      current =
        (await mutateCase(deps.store, current.caseRef, (latest) =>
          latest.caseReviewThresholdMet
            ? null
            : {
                event: {
                  type: 'CaseReviewThresholdMet',
                  at: attempt.receivedAt,
                  actor: systemActor,
                  visibility: 'resident',
                  data: { qualifyingComplaints: qualifying, threshold: policy.caseReview.threshold },
                  opId: `threshold:${current.caseRef}:${current.openedAt}`,
                },
                patch: {
                  caseReviewThresholdMet: true,
                  qualifyingComplaints: qualifying,
                  updatedAt: attempt.receivedAt,
                },
              },
        )) ?? current;
    }
  }
  // A high-risk report joining a case whose tasks are already open brings them forward to what a
  // high-priority case gets (triage in one working day): a read beside the join's writes and an
  // update after them, for these reports only.
  // A reopened case's tasks open afresh, at its new priority.
  if (prepared.highRisk && !reopened && current.status !== 'closed')
    await hastenOpenTasks(deps, current, openTasks);
  if (!reopened && current.liveNotice && current.status !== 'closed') {
    const judgement = judgeBreach(current, request.noise.occurredAt);
    if (judgement.counts) await signalBreachFromReport(deps, request, prepared, current, judgement);
  }
  return answer(deps, attempt, receiptOf(current, attempt, true));
}

/**
 * A report of noise after the notice's time to comply is a breach signal: its breach record is
 * written (counting once the report does), and the first such signal ends the notice's watch.
 * Only that first one adds an event, so a street reporting one party never contends on the case.
 */
async function signalBreachFromReport(
  deps: IntakeDeps,
  request: ComplaintRequest,
  prepared: Prepared,
  c: NoiseCase,
  judgement: ReturnType<typeof judgeBreach>,
) {
  const { attempt } = prepared;
  const notice = judgement.notice;
  if (!notice) return;
  const breachId = `br_report_${attempt.complaintId.slice(0, 24)}`;
  const breach = breachRecord(
    deps,
    c,
    {
      breachId,
      witnessedAt: request.noise.occurredAt,
      location: 'Reported by a resident',
      description: request.noise.description,
      recordedAt: attempt.receivedAt,
      recordedBy: { kind: 'resident', id: attempt.complainantPartyId },
      complaintId: attempt.complaintId,
    },
    judgement,
  );
  await batchPut(deps, [{ ...breachKey(c.caseRef, breachId), ...breach, op: opKey(attempt.opId) }]);
  try {
    const ended = await endDeadlineEarly(deps, c.caseRef, [noticeSpecOf(notice.kind).watchKind], {
      outcome: 'breached',
      breachId,
    });
    if (!ended) return;
    await mutateCase(deps.store, c.caseRef, (current) =>
      hasApplied(current, `breach-report:${attempt.complaintId}`)
        ? null
        : {
            event: {
              type: 'BreachReported',
              at: attempt.receivedAt,
              actor: systemActor,
              visibility: 'staff',
              reason: 'A new report describes noise after the time the notice gave to comply',
              data: {
                complaintId: attempt.complaintId,
                breachId,
                noticeId: notice.noticeId,
                witnessedAt: request.noise.occurredAt,
              },
              opId: `breach-report:${attempt.complaintId}`,
            },
            patch: { updatedAt: attempt.receivedAt },
          },
    );
  } catch (error) {
    // The report itself is recorded; the breach is on the case for the officer even if the signal failed.
    deps.log?.error('could not signal a breach from a new report', {
      caseRef: c.caseRef,
      error: String(error),
    });
  }
}

async function countQualifyingComplaints(deps: IntakeDeps, c: NoiseCase, since: Date): Promise<number> {
  const items = await queryAll(deps, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    FilterExpression: 'qualifying = :yes',
    ExpressionAttributeValues: {
      ':pk': `CASE#${c.caseRef}`,
      ':from': `COMPLAINT#${since.toISOString()}`,
      ':to': 'COMPLAINT#~',
      ':yes': true,
    },
    ProjectionExpression: 'complaintId, op',
    ConsistentRead: true,
  });
  return items.filter((item) => item.op === undefined || c.ops?.includes(String(item.op))).length;
}
