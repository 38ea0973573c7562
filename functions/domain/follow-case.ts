/**
 * The resident's view of a case: its status and the steps a resident may see, opened only by the
 * tracking token they were given. It shows their own report and the case's steps, never another
 * resident's report or any party's details.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { notFound } from '../commons/errors.ts';
import type { CaseStore } from './case-store.ts';
import { residentEvidence } from './evidence/resident.ts';
import { hashTrackingToken } from './identifiers.ts';
import type { StoredComplaint } from './intake/report.ts';
import { keys } from './keys.ts';
import { released } from './letters/outbox.ts';
import type { AuditEvent } from './model/audit-event.ts';
import { CASE_REF, type CaseStatus } from './model/case.ts';
import { queryAll, stripKeys } from './table-access.ts';

export const statusDescriptions: Record<CaseStatus, string> = {
  received: 'We have your report and will look at it soon.',
  'under-investigation': 'An officer is looking into the noise.',
  'warning-issued': 'A warning has been given. We are checking whether the noise stops.',
  'notice-served':
    'A notice has been served requiring the noise to stop. We are checking that it is complied with.',
  'penalty-issued': 'A fixed penalty notice has been issued.',
  'restorative-process': 'A restorative justice facilitator is working with the people involved.',
  escalated: 'The case has been passed to a senior officer or the legal team for further action.',
  closed: 'The case is closed.',
};

export interface ResidentTimelineEntry {
  at: string;
  title: string;
}

export interface ResidentCaseView {
  caseRef: string;
  status: CaseStatus;
  statusDescription: string;
  openedAt: string;
  updatedAt: string;
  /** Set when this case was merged into another: the reference to use from now on. */
  nowPartOf?: string;
  timeline: ResidentTimelineEntry[];
  evidence: Awaited<ReturnType<typeof residentEvidence>>;
}

export interface FollowCaseDeps {
  db: DynamoDBDocumentClient;
  table: string;
  store: CaseStore;
}

const notThisCase = () => notFound('No case matches that reference and tracking token');

/** Events about other people's reports: a resident sees their own report, not one line per neighbour. */
const REPORT_EVENTS = new Set(['ComplaintReceived', 'ComplaintAdded', 'CaseReopened']);

export async function followCase(
  deps: FollowCaseDeps,
  caseRef: string,
  token: string | undefined,
): Promise<ResidentCaseView> {
  // Every failure looks the same, so a guess cannot learn whether a case reference exists.
  if (!token || token.length > 200 || !CASE_REF.test(caseRef)) throw notThisCase();
  const { Item } = await deps.db.send(
    new GetCommand({
      TableName: deps.table,
      Key: keys.tracking(hashTrackingToken(token)),
      ConsistentRead: true,
    }),
  );
  const track = Item as
    | { caseRef: string; partyId: string; op?: string; formerCaseRefs?: string[] }
    | undefined;
  if (!track || (track.caseRef !== caseRef && !track.formerCaseRefs?.includes(caseRef))) throw notThisCase();
  const c = await deps.store.read(track.caseRef);
  if (!c || !released(c, track)) throw notThisCase();
  const items = await queryAll(deps, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.case(c.caseRef).pk, ':from': 'COMPLAINT#', ':to': 'EVENT#~' },
    ConsistentRead: true,
  });
  const own = items
    .filter((item) => String(item.sk).startsWith('COMPLAINT#'))
    .map((item) => stripKeys<StoredComplaint>(item))
    .filter((complaint) => complaint.complainantPartyId === track.partyId && released(c, complaint));
  const events = items
    .filter((item) => String(item.sk).startsWith('EVENT#'))
    .map((item) => stripKeys<AuditEvent>(item));
  const ownIds = new Set(own.map((complaint) => complaint.complaintId));
  const timeline: ResidentTimelineEntry[] = [];
  for (const complaint of own) {
    const event = events.find((e) => e.data.complaintId === complaint.complaintId);
    timeline.push({
      at: complaint.receivedAt,
      title:
        event?.type === 'ComplaintReceived'
          ? 'You reported noise and we opened a case'
          : event?.type === 'CaseReopened'
            ? 'Your report reopened the case'
            : 'Your report was added to the existing case about this noise',
    });
    timeline.push({
      at: complaint.receivedAt,
      title: 'We acknowledged your report and an officer will review it',
    });
  }
  for (const event of events) {
    if (event.visibility !== 'resident') continue;
    if (
      REPORT_EVENTS.has(event.type) &&
      (event.actor.kind === 'resident' || ownIds.has(String(event.data.complaintId)))
    )
      continue;
    const title =
      event.type === 'CaseReviewThresholdMet'
        ? 'This noise has now been reported enough times for you to ask for an ASB Case Review (the Community Trigger)'
        : event.type === 'CaseReopened'
          ? 'The case was reopened'
          : typeof event.data.residentTitle === 'string'
            ? event.data.residentTitle
            : undefined;
    if (title) timeline.push({ at: event.at, title });
  }
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  return {
    caseRef: c.caseRef,
    status: c.status,
    statusDescription: statusDescriptions[c.status],
    openedAt: c.openedAt,
    updatedAt: c.updatedAt,
    ...(c.caseRef !== caseRef ? { nowPartOf: c.caseRef } : {}),
    timeline,
    // Their own diary sheets and files only: never another resident's.
    evidence: await residentEvidence(deps, c, track.partyId),
  };
}
