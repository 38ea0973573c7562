/** What staff see of a case: everything, including the parties' details and the full audit trail. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { notFound } from '../../commons/errors.ts';
import { decodeCursor, encodeCursor } from '../../commons/http/cursor.ts';
import type { CaseStatus } from '../model/case.ts';
import type { Person } from '../model/party.ts';
import { queryAll, stripKeys } from '../table-access.ts';
import type { LifecycleDeps } from './deps.ts';
import { outboxOf, peopleOf } from './outbox.ts';
import { penaltiesOf } from './penalties.ts';
import { tasksOfCase, taskView } from './tasks.ts';

const NOTICE_EVENTS = new Set(['WarningIssued', 'FixedPenaltyIssued', 'ProsecutionFilePrepared']);

export async function staffCaseView(deps: LifecycleDeps, caseRef: string) {
  const found = await deps.store.get(caseRef);
  if (!found) throw notFound('No case with that reference');
  const [events, complainants, sources, tasks, penalties, outbox, complaints] = await Promise.all([
    deps.store.events(caseRef),
    peopleOf(deps, caseRef, 'complainant'),
    peopleOf(deps, caseRef, 'source'),
    tasksOfCase(deps, caseRef),
    penaltiesOf(deps, caseRef),
    outboxOf(deps, caseRef),
    queryAll(deps, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseRef}`, ':prefix': 'COMPLAINT#' },
    }),
  ]);
  const now = deps.clock.now();
  const person = (p: Person) => {
    const {
      caseRef: _c,
      gsi2pk: _a,
      gsi2sk: _b,
      ...rest
    } = p as Person & { gsi2pk?: string; gsi2sk?: string };
    return stripKeys<Person>(rest);
  };
  return {
    case: found,
    parties: [...complainants, ...sources].map(person),
    complaints: complaints.map((item) => stripKeys(item)),
    tasks: tasks.map((task) => taskView(task, now)),
    notices: events
      .filter((event) => NOTICE_EVENTS.has(event.type))
      .map((event) => ({ type: event.type, issuedAt: event.at, ...event.data })),
    penalties,
    outbox: outbox.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    timeline: events,
  };
}

const CASE_LIST_KEY = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];

export async function listCases(
  deps: LifecycleDeps,
  status: CaseStatus,
  cursor: string | undefined,
  limit = 25,
) {
  const ExclusiveStartKey = cursor
    ? decodeCursor(cursor, { attributes: CASE_LIST_KEY, expect: { gsi1pk: `STATUS#${status}` } })
    : undefined;
  // One more than a page tells whether there is a next page, so the last page has no cursor.
  const page = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `STATUS#${status}` },
      ScanIndexForward: false,
      Limit: limit + 1,
      ExclusiveStartKey,
    }),
  );
  const items = (page.Items ?? []).slice(0, limit);
  const last = items[items.length - 1];
  const more = (page.Items?.length ?? 0) > limit;
  return {
    cases: items.map((item) => ({
      caseRef: item.caseRef,
      status: item.status,
      updatedAt: item.updatedAt,
      openedAt: item.openedAt,
      sourceKind: item.sourceKind,
      sourceDistrict: item.sourceDistrict,
      complaintCount: item.complaintCount,
      caseReviewThresholdMet: item.caseReviewThresholdMet,
      flags: item.flags ?? [],
    })),
    ...(more && last
      ? {
          nextCursor: encodeCursor({ pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk }),
        }
      : {}),
  };
}
