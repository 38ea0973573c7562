/**
 * The resident's view of a case: its status and the steps a resident may see, opened only by the
 * tracking token they were given. It never shows another party's details.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { notFound } from '../commons/errors.ts';
import type { CaseStore } from './case-store.ts';
import { hashTrackingToken } from './identifiers.ts';
import { keys } from './keys.ts';
import type { AuditEvent } from './model/audit-event.ts';
import { CASE_REF, type CaseStatus } from './model/case.ts';

export const statusDescriptions: Record<CaseStatus, string> = {
  received: 'We have your report and will look at it soon.',
  'under-investigation': 'An officer is looking into the noise.',
  'warning-issued': 'A warning has been given. We are checking whether the noise stops.',
  'penalty-issued': 'A fixed penalty notice has been issued.',
  'restorative-process': 'A restorative justice facilitator is working with the people involved.',
  escalated: 'The case has been passed to a senior officer for further action.',
  closed: 'The case is closed.',
};

/** What a resident reads for each step; events without an entry stay staff-only. */
const residentTitles: Record<string, (event: AuditEvent, ownParty: string) => string> = {
  ComplaintReceived: (e, own) =>
    e.actor.id === own ? 'You reported noise and we opened a case' : 'A report about this noise was received',
  ComplaintAdded: (e, own) =>
    e.actor.id === own
      ? 'Your report was added to the existing case about this noise'
      : 'Another report about this noise was added to the case',
  CaseReopened: (e, own) =>
    e.actor.id === own ? 'Your report reopened the case' : 'A new report reopened the case',
  CaseReviewThresholdMet: () =>
    'This noise has now been reported enough times for you to ask for an ASB Case Review (the Community Trigger)',
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
  timeline: ResidentTimelineEntry[];
}

export interface FollowCaseDeps {
  db: DynamoDBDocumentClient;
  table: string;
  store: CaseStore;
}

const notThisCase = () => notFound('No case matches that reference and tracking token');

export async function followCase(
  deps: FollowCaseDeps,
  caseRef: string,
  token: string | undefined,
): Promise<ResidentCaseView> {
  // Every failure looks the same, so a guess cannot learn whether a case reference exists.
  if (!token || token.length > 200 || !CASE_REF.test(caseRef)) throw notThisCase();
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.table, Key: keys.tracking(hashTrackingToken(token)) }),
  );
  if (!Item || Item.caseRef !== caseRef) throw notThisCase();
  const ownParty = String(Item.partyId);
  const found = await deps.store.get(caseRef);
  if (!found) throw notThisCase();
  const events = await deps.store.events(caseRef);
  const timeline = events
    .filter((event) => event.visibility === 'resident')
    .map((event) => {
      const title = residentTitles[event.type]?.(event, ownParty) ?? residentTitleFromData(event);
      return title ? { at: event.at, title } : undefined;
    })
    .filter((entry): entry is ResidentTimelineEntry => entry !== undefined);
  return {
    caseRef,
    status: found.status,
    statusDescription: statusDescriptions[found.status],
    openedAt: found.openedAt,
    updatedAt: found.updatedAt,
    timeline,
  };
}

/** Lifecycle steps carry their own resident wording in `data.residentTitle`. */
function residentTitleFromData(event: AuditEvent): string | undefined {
  const title = event.data.residentTitle;
  return typeof title === 'string' ? title : undefined;
}
