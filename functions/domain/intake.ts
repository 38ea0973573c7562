/**
 * Recording a noise complaint: every report creates a case or attaches to the open case for the
 * same source, so no evidence sits unread outside a case. A report about a recently closed case
 * reopens it. Personal details go to their own items; the case keeps facts only.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../commons/clock.ts';
import { VersionConflict, validationFailed } from '../commons/errors.ts';
import type { PolicyBook } from '../config/policy.ts';
import { type CaseStore, type EventDraft, mutateCase } from './case-store.ts';
import { allocateCaseRef, hashTrackingToken, sourceKeyOf, trackingTokenFor } from './identifiers.ts';
import { keys } from './keys.ts';
import { postcodeDistrict } from './model/address.ts';
import type { CaseStatus, NoiseCase } from './model/case.ts';
import type { ComplaintRecord, ComplaintRequest } from './model/complaint.ts';
import type { Person } from './model/party.ts';
import { getItem, putIfAbsent, queryAll } from './table-access.ts';
import { addDays, addMonths, isNightTime } from './time.ts';

/** Where the intake hands over to the case lifecycle (Step Functions in both runtimes). */
export interface CaseWorkflowPort {
  /** `at` is also the case's `awaitingWorkflowSince`: it names the execution, so the sweeper's start of a stuck case is the same one. */
  caseOpened(input: { caseRef: string; reopened: boolean; at: string }): Promise<void>;
  complaintAdded(input: {
    caseRef: string;
    complaintId: string;
    status: CaseStatus;
    at: string;
  }): Promise<void>;
}

/** Until the lifecycle is wired in, the intake records the case and starts nothing. */
export const noWorkflow: CaseWorkflowPort = {
  caseOpened: async () => {},
  complaintAdded: async () => {},
};

export interface IntakeDeps {
  db: DynamoDBDocumentClient;
  table: string;
  store: CaseStore;
  clock: Clock;
  policy: PolicyBook;
  workflow: CaseWorkflowPort;
  /** Key that derives tracking tokens (see `trackingTokenFor`). */
  trackingTokenKey: string;
}

export interface ComplaintReceipt {
  caseRef: string;
  /** The complainant's party id: the token is re-derived from it, so the receipt can be stored. */
  complainantPartyId: string;
  status: CaseStatus;
  /** True when the report joined a case that was already open (or reopened it). */
  joinedExistingCase: boolean;
}

interface SourcePointer {
  caseRef: string;
  state: 'open' | 'closed';
  closedAt?: string;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The ids and time of one report, kept so that a retry of the same report reuses them. */
interface IntakeAttempt {
  opId: string;
  complaintId: string;
  complainantPartyId: string;
  sourcePartyId: string;
  receivedAt: string;
}

/**
 * With an operation key (the client's Idempotency-Key), a report that failed half way and is
 * sent again reuses the first try's ids and time, so it completes the same complaint instead of
 * leaving the first one behind as a second. The attempt item holds ids only, no personal data.
 */
async function attemptFor(
  deps: IntakeDeps,
  now: Date,
  operationKey: string | undefined,
): Promise<IntakeAttempt> {
  const fresh: IntakeAttempt = {
    opId: randomUUID(),
    complaintId: randomUUID(),
    complainantPartyId: randomUUID(),
    sourcePartyId: randomUUID(),
    receivedAt: now.toISOString(),
  };
  if (!operationKey) return fresh;
  const key = { pk: `INTAKE#${createHash('sha256').update(operationKey).digest('hex')}`, sk: 'ATTEMPT' };
  if (await putIfAbsent(deps, { ...key, ...fresh })) return fresh;
  return (await getItem<IntakeAttempt>(deps, key)) ?? fresh;
}

export async function reportComplaint(
  deps: IntakeDeps,
  request: ComplaintRequest,
  options: { operationKey?: string } = {},
): Promise<ComplaintReceipt> {
  const now = deps.clock.now();
  const occurredAt = new Date(request.noise.occurredAt);
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw validationFailed([
      { path: 'noise.occurredAt', message: 'The time the noise started must be in the past' },
    ]);
  }
  const policy = deps.policy.at(now);
  const sourceKey = sourceKeyOf(request.source.address);
  const attempt = await attemptFor(deps, now, options.operationKey);
  const { opId, complainantPartyId, receivedAt } = attempt;

  const target = await claimCaseForSource(deps, sourceKey, now);
  const caseRef = target.caseRef;

  const complainant: Person = {
    partyId: complainantPartyId,
    caseRef,
    role: 'complainant',
    name: request.complainant.name,
    email: request.complainant.email,
    ...(request.complainant.phone ? { phone: request.complainant.phone } : {}),
    address: request.complainant.address,
    createdAt: receivedAt,
  };
  const complaint: ComplaintRecord = {
    complaintId: attempt.complaintId,
    caseRef,
    complainantPartyId,
    receivedAt,
    category: request.noise.category,
    description: request.noise.description,
    ...(request.noise.impact ? { impact: request.noise.impact } : {}),
    occurredAt: request.noise.occurredAt,
    ...(request.noise.endedAt ? { endedAt: request.noise.endedAt } : {}),
    nightTime: isNightTime(occurredAt),
    qualifying: addMonths(occurredAt, policy.caseReview.reportedWithinMonths).getTime() >= now.getTime(),
  };
  const trackingToken = trackingTokenFor(complainantPartyId, deps.trackingTokenKey);

  // Children first, each written once: if the process dies before the case changes, a retry
  // writes new children and the orphans carry no case change.
  await putNew(deps, {
    ...keys.person(complainantPartyId),
    ...complainant,
    gsi2pk: `CASE#${caseRef}`,
    gsi2sk: `PERSON#complainant#${complainantPartyId}`,
  });
  await putNew(deps, {
    ...keys.partyLink(caseRef, 'complainant', complainantPartyId),
    partyId: complainantPartyId,
    role: 'complainant',
    addedAt: receivedAt,
  });
  await putNew(deps, { ...keys.complaint(caseRef, receivedAt, complaint.complaintId), ...complaint });
  await putNew(deps, {
    ...keys.tracking(hashTrackingToken(trackingToken)),
    caseRef,
    partyId: complainantPartyId,
    createdAt: receivedAt,
  });

  const qualifying = await countQualifyingComplaints(
    deps,
    caseRef,
    addMonths(now, -policy.caseReview.windowMonths),
  );
  const thresholdMet = qualifying >= policy.caseReview.threshold;
  const actor = { kind: 'resident' as const, id: complainantPartyId };
  const eventData = {
    complaintId: complaint.complaintId,
    category: complaint.category,
    nightTime: complaint.nightTime,
    qualifyingComplaints: qualifying,
  };

  let result: NoiseCase | undefined;
  let thresholdWasMet = false;
  if (target.kind === 'new') {
    const sourcePartyId = attempt.sourcePartyId;
    const source: Person = {
      partyId: sourcePartyId,
      caseRef,
      role: 'source',
      address: request.source.address,
      sourceKind: request.source.kind,
      ...(request.source.description ? { description: request.source.description } : {}),
      createdAt: receivedAt,
    };
    await putNew(deps, {
      ...keys.person(sourcePartyId),
      ...source,
      gsi2pk: `CASE#${caseRef}`,
      gsi2sk: `PERSON#source#${sourcePartyId}`,
    });
    await putNew(deps, {
      ...keys.partyLink(caseRef, 'source', sourcePartyId),
      partyId: sourcePartyId,
      role: 'source',
      addedAt: receivedAt,
    });
    result = await createOrJoin(
      deps.store,
      {
        caseRef,
        status: 'received',
        version: 0,
        sourceKey,
        sourceKind: request.source.kind,
        sourceDistrict: postcodeDistrict(request.source.address.postcode),
        openedAt: receivedAt,
        updatedAt: receivedAt,
        complaintCount: 1,
        qualifyingComplaints: qualifying,
        caseReviewThresholdMet: false,
        nightTimeComplaints: complaint.nightTime ? 1 : 0,
        awaitingWorkflowSince: receivedAt,
      },
      {
        type: 'ComplaintReceived',
        at: receivedAt,
        actor,
        visibility: 'resident',
        data: { ...eventData, opened: true },
        opId,
      },
    );
    if (result) await deps.workflow.caseOpened({ caseRef, reopened: false, at: receivedAt });
  }
  const reopening = target.kind === 'reopen';
  if (!result) {
    result = await mutateCase(deps.store, caseRef, async (current) => {
      // A retry of a report whose change already reached the case (the process died before it
      // could answer) must not add the complaint again.
      if (await deps.store.eventOf(caseRef, opId)) return null;
      thresholdWasMet = current.caseReviewThresholdMet;
      const reopensNow = current.status === 'closed';
      return {
        event: {
          type: reopensNow ? 'CaseReopened' : 'ComplaintAdded',
          at: receivedAt,
          actor,
          visibility: 'resident',
          data: { ...eventData, ...(reopensNow ? { previouslyClosedAt: current.closedAt } : {}) },
          opId,
        },
        patch: {
          complaintCount: current.complaintCount + 1,
          qualifyingComplaints: qualifying,
          nightTimeComplaints: current.nightTimeComplaints + (complaint.nightTime ? 1 : 0),
          updatedAt: receivedAt,
          ...(reopensNow
            ? {
                status: 'received' as const,
                reopenedAt: receivedAt,
                closedAt: undefined,
                retainUntil: undefined,
                awaitingWorkflowSince: receivedAt,
              }
            : {}),
        },
      };
    });
    if (!result) throw new Error(`case ${caseRef} named by its source pointer does not exist`);
    if (reopening) await deps.workflow.caseOpened({ caseRef, reopened: true, at: receivedAt });
    else
      await deps.workflow.complaintAdded({
        caseRef,
        complaintId: complaint.complaintId,
        status: result.status,
        at: receivedAt,
      });
  }
  if (thresholdMet && !thresholdWasMet) {
    // The ASB Case Review threshold: staff must see it, and the resident is told they may ask for a review.
    result =
      (await mutateCase(deps.store, caseRef, (current) =>
        current.caseReviewThresholdMet
          ? null
          : {
              event: {
                type: 'CaseReviewThresholdMet',
                at: receivedAt,
                actor: { kind: 'system' },
                visibility: 'resident',
                data: { qualifyingComplaints: qualifying, threshold: policy.caseReview.threshold },
                opId: `${opId}:threshold`,
              },
              patch: { caseReviewThresholdMet: true, updatedAt: receivedAt },
            },
      )) ?? result;
  }
  return { caseRef, complainantPartyId, status: result.status, joinedExistingCase: target.kind !== 'new' };
}

/** Creates the case, or returns undefined when a simultaneous first report created it first. */
async function createOrJoin(
  store: CaseStore,
  initial: NoiseCase,
  event: EventDraft,
): Promise<NoiseCase | undefined> {
  try {
    return await store.create(initial, event);
  } catch (error) {
    if (error instanceof VersionConflict) return undefined;
    throw error;
  }
}

type CaseTarget =
  | { kind: 'new'; caseRef: string }
  | { kind: 'attach' | 'reopen'; caseRef: string; thresholdAlreadyMet: boolean };

/**
 * Finds the case a report about this source belongs to, or claims the source for a new case.
 * The claim is a conditional write, so two simultaneous first reports end up on one case.
 */
async function claimCaseForSource(deps: IntakeDeps, sourceKey: string, now: Date): Promise<CaseTarget> {
  const policy = deps.policy.at(now);
  for (let attempt = 0; attempt < 5; attempt++) {
    const { Item } = await deps.db.send(
      new GetCommand({ TableName: deps.table, Key: keys.source(sourceKey), ConsistentRead: true }),
    );
    const pointer = Item as SourcePointer | undefined;
    if (pointer) {
      const existing = await deps.store.get(pointer.caseRef);
      if (pointer.state === 'open' && existing) {
        return {
          kind: 'attach',
          caseRef: pointer.caseRef,
          thresholdAlreadyMet: existing.caseReviewThresholdMet,
        };
      }
      const recentlyClosed =
        pointer.state === 'closed' &&
        existing &&
        pointer.closedAt &&
        addDays(new Date(pointer.closedAt), policy.intake.reopenWithinDays).getTime() >= now.getTime();
      if (recentlyClosed && existing) {
        if (await swapPointer(deps, sourceKey, pointer, { caseRef: pointer.caseRef, state: 'open' })) {
          return {
            kind: 'reopen',
            caseRef: pointer.caseRef,
            thresholdAlreadyMet: existing.caseReviewThresholdMet,
          };
        }
        continue;
      }
      if (pointer.state === 'open' && !existing) {
        // Another first report is between claiming the source and writing the case; give it a
        // moment. If it never finishes (it died), this report creates the case in its place.
        if (attempt < 3) {
          await new Promise((resolve) => setTimeout(resolve, 25 * (attempt + 1)));
          continue;
        }
        return { kind: 'new', caseRef: pointer.caseRef };
      }
    }
    const caseRef = await allocateCaseRef(deps.db, deps.table, now);
    if (await swapPointer(deps, sourceKey, pointer, { caseRef, state: 'open' }))
      return { kind: 'new', caseRef };
  }
  throw new Error('could not claim the noise source after repeated conflicts');
}

async function swapPointer(
  deps: IntakeDeps,
  sourceKey: string,
  seen: SourcePointer | undefined,
  next: SourcePointer,
): Promise<boolean> {
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.source(sourceKey), ...next },
        ...(seen
          ? {
              ConditionExpression: 'caseRef = :seenRef AND #state = :seenState',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':seenRef': seen.caseRef, ':seenState': seen.state },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Children are written once: an item already there was written by an earlier try of this report. */
async function putNew(deps: IntakeDeps, item: Record<string, unknown>): Promise<void> {
  await putIfAbsent(deps, item);
}

async function countQualifyingComplaints(deps: IntakeDeps, caseRef: string, since: Date): Promise<number> {
  const items = await queryAll(deps, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    FilterExpression: 'qualifying = :yes',
    ExpressionAttributeValues: {
      ':pk': `CASE#${caseRef}`,
      ':from': `COMPLAINT#${since.toISOString()}`,
      ':to': 'COMPLAINT#~',
      ':yes': true,
    },
    ProjectionExpression: 'complaintId',
    ConsistentRead: true,
  });
  return items.length;
}
