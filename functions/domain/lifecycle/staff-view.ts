/**
 * What staff see of a case: the facts, the people, the notices, breaches, penalties and letters,
 * and one timeline (audited changes, reports and payments in time order). Everything an operation
 * wrote counts only once that operation is on the case, and a change a crashed writer left in the
 * audit trail is applied before the case is shown, so no view is behind its trail.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { forbidden, notFound } from '../../commons/errors.ts';
import { decodeCursor, encodeCursor } from '../../commons/http/cursor.ts';
import { caseFromItem } from '../case-store.ts';
import { filteredPage, withNextDue } from '../casework/ownership.ts';
import { caseworkSections, withCorrections } from '../casework/view.ts';
import { evidenceForStaff } from '../evidence/staff.ts';
import type { StoredComplaint } from '../intake/report.ts';
import { keys } from '../keys.ts';
import { released } from '../letters/outbox.ts';
import type { AuditEvent } from '../model/audit-event.ts';
import type { CaseStatus, NoiseCase } from '../model/case.ts';
import type { Person } from '../model/party.ts';
import type { Deadline, OutboxMessage, Penalty } from '../model/workflow.ts';
import type { BreachRecord, NoticeRecord } from '../notices/model.ts';
import { batchGet, queryAll, stripKeys } from '../table-access.ts';
import type { Caller, LifecycleDeps } from './deps.ts';
import { casesFlagged } from './flags.ts';
import { decisionTimelineEntry, taskView } from './tasks.ts';

/** Facilitators work on restorative justice only: they see the cases referred to it, nothing else. */
export function mayView(c: NoiseCase, caller: Caller): boolean {
  if (caller.groups.includes('caseworker') || caller.groups.includes('manager')) return true;
  return caller.groups.includes('facilitator') && c.referredToRestorative === true;
}

interface TimelineEntry {
  at: string;
  type: string;
  actor: AuditEvent['actor'];
  reason?: string;
  data: Record<string, unknown>;
  visibility?: string;
  version?: number;
}

export async function staffCaseView(deps: LifecycleDeps, caseRef: string, caller: Caller) {
  // Two queries read everything: the case's own partition (the case item, its audit trail,
  // reports, breaches) and the items listed under it (people, tasks, notices, letters, money).
  const readAll = () =>
    Promise.all([
      queryAll(deps, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.case(caseRef).pk },
        ConsistentRead: true,
      }),
      queryAll(deps, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${caseRef}` },
      }),
    ]);
  let [own, children] = await readAll();
  const stored = own.find((item) => item.sk === 'CASE');
  const pending = own.some((item) => item.sk === keys.event(caseRef, Number(stored?.version ?? 0) + 1).sk);
  if (!stored || pending) {
    // A change a crashed writer left in the trail (or a creation whose case item never landed) is
    // applied before the case is shown.
    if (!(await deps.store.read(caseRef))) throw notFound('No case with that reference');
    [own, children] = await readAll();
  }
  const found = own.find((item) => item.sk === 'CASE');
  if (!found) throw notFound('No case with that reference');
  const c = caseFromItem(found);
  if (!mayView(c, caller)) throw forbidden('This case has not been referred to restorative justice');
  const bySk = (prefix: string) =>
    own
      .filter((item) => String(item.sk).startsWith(prefix))
      .map((item) => stripKeys<Record<string, unknown>>(item));
  const byGsi = (prefix: string) =>
    children
      .filter((item) => String(item.gsi2sk).startsWith(prefix))
      .map((item) => stripKeys<Record<string, unknown>>(item));
  const events = bySk('EVENT#').map((event) => {
    const { patch: _p, unset: _u, addFlags: _a, removeFlags: _r, creates: _c, ...rest } = event;
    return rest as unknown as AuditEvent;
  });
  const complaints = (bySk('COMPLAINT#') as unknown as StoredComplaint[]).filter((item) => released(c, item));
  const breaches = (bySk('BREACH#') as unknown as BreachRecord[]).filter((item) => released(c, item));
  const people = (byGsi('PERSON#') as unknown as Person[]).filter((p) => released(c, p));
  const tasks = (byGsi('TASK#') as unknown as Parameters<typeof taskView>[0][]).filter((t) => released(c, t));
  const notices = (byGsi('NOTICE#') as unknown as NoticeRecord[]).filter((n) => released(c, n));
  const penalties = (byGsi('PENALTY#') as unknown as (Penalty & { statusAtPayment?: unknown })[]).filter(
    (p) => released(c, p),
  );
  const payments = byGsi('PAYMENT#') as unknown as {
    penaltyRef: string;
    notice: { amountPence: number; paidAt: string; providerReference: string };
    recordedAt: string;
    receipt?: { result: string; flags?: string[] };
  }[];
  const deadlines = (byGsi('DEADLINE#') as unknown as (Deadline & { token?: string })[]).map(
    ({ token: _t, ...d }) => d,
  );
  const outbox = (byGsi('OUTBOX#') as unknown as OutboxMessage[])
    .filter((m) => released(c, m))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const now = deps.clock.now();
  const casework = caseworkSections(c, byGsi, events);
  const opened = events.find((e) => e.type === 'ComplaintReceived' || e.type === 'CaseReopened');
  const timeline: TimelineEntry[] = [
    ...events,
    // A report that joined the case is its own record (it never waits on the case's version).
    ...complaints
      .filter(
        (complaint) =>
          !events.some((e) => e.data.complaintId === complaint.complaintId) &&
          complaint.complaintId !== opened?.data.complaintId,
      )
      .map((complaint) => ({
        at: complaint.receivedAt,
        type: 'ComplaintAdded',
        actor: { kind: 'resident' as const, id: complaint.complainantPartyId },
        visibility: 'resident',
        data: {
          complaintId: complaint.complaintId,
          category: complaint.category,
          nightTime: complaint.nightTime,
        },
      })),
    // A breach (or evidence an officer recorded) is its own record.
    ...breaches.map((breach) => ({
      at: breach.recordedAt,
      type: breach.counts ? 'BreachRecorded' : 'EvidenceRecorded',
      actor: {
        kind: breach.recordedBy.kind,
        ...(breach.recordedBy.id ? { id: breach.recordedBy.id } : {}),
        ...(breach.recordedBy.name ? { name: breach.recordedBy.name } : {}),
      },
      reason: breach.description,
      visibility: 'staff',
      data: {
        breachId: breach.breachId,
        witnessedAt: breach.witnessedAt,
        location: breach.location,
        counts: breach.counts,
        why: breach.why,
        ...(breach.noticeId ? { noticeId: breach.noticeId, noticeKind: breach.noticeKind } : {}),
        ...(breach.limitationDate ? { limitationDate: breach.limitationDate } : {}),
        ...(breach.complaintId ? { complaintId: breach.complaintId } : {}),
      },
    })),
    // A decision is audited on its task, by the one write that made it.
    ...tasks.flatMap((task) => {
      const entry = decisionTimelineEntry(task);
      return entry ? [entry] : [];
    }),
    // Opening a task is audited on the task itself unless it changed the case.
    ...tasks
      .filter((task) => !events.some((e) => e.type === 'TaskOpened' && e.data.taskId === task.taskId))
      .map((task) => ({
        at: task.createdAt,
        type: 'TaskOpened',
        actor: { kind: 'system' as const },
        visibility: 'staff',
        data: {
          taskId: task.taskId,
          type: task.type,
          dueAt: task.dueAt,
          allowedOutcomes: task.allowedOutcomes,
        },
      })),
    ...payments.map((payment) => ({
      at: payment.recordedAt,
      type: 'PaymentRecorded',
      actor: { kind: 'system' as const },
      visibility: 'staff',
      data: {
        penaltyRef: payment.penaltyRef,
        providerReference: payment.notice.providerReference,
        amountPence: payment.notice.amountPence,
        paidAt: payment.notice.paidAt,
        ...(payment.receipt ? { result: payment.receipt.result, flags: payment.receipt.flags ?? [] } : {}),
      },
    })),
    ...casework.timeline,
  ].sort(
    (a, b) =>
      a.at.localeCompare(b.at) || ((a as TimelineEntry).version ?? 0) - ((b as TimelineEntry).version ?? 0),
  );
  return {
    case: c,
    parties: withCorrections(people).map((person) => {
      const { caseRef: _c, op: _o, ...rest } = person;
      return rest;
    }),
    complaints: complaints.map(({ op: _o, ...complaint }) => complaint),
    tasks: tasks.map((task) => taskView(task, now, c)),
    // A notice's document is the PDF's source: staff get the PDF itself from its own route
    // (GET /cases/{caseRef}/notices/{noticeId}/document); its hash stays here.
    notices: notices.map(({ op: _o, document: _d, ...notice }) => notice),
    breaches: breaches.map(({ op: _o, ...breach }) => breach),
    penalties: penalties.map(({ statusAtPayment: _s, op: _o, document: _d, ...penalty }) => ({
      ...penalty,
      payments: Array.isArray(penalty.payments)
        ? penalty.payments
        : [...((penalty.payments as unknown as Set<string>) ?? [])],
    })),
    payments: payments.map((payment) => ({
      penaltyRef: payment.penaltyRef,
      ...payment.notice,
      recordedAt: payment.recordedAt,
      ...(payment.receipt ? { result: payment.receipt.result } : {}),
    })),
    deadlines,
    outbox: outbox.map((message) => {
      const { op: _o, document: _d, ...rest } = message as OutboxMessage & { document?: unknown };
      return rest;
    }),
    riskAssessments: casework.riskAssessments,
    enquiries: casework.enquiries,
    timeline,
    evidence: evidenceForStaff(c, own),
  };
}

function summary(c: NoiseCase) {
  return {
    caseRef: c.caseRef,
    status: c.status,
    updatedAt: c.updatedAt,
    openedAt: c.openedAt,
    sourceKind: c.sourceKind,
    sourceDistrict: c.sourceDistrict,
    complaintCount: c.complaintCount,
    caseReviewThresholdMet: c.caseReviewThresholdMet,
    ...(c.route ? { route: c.route } : {}),
    ...(c.phase ? { phase: c.phase } : {}),
    ...(c.owner ? { owner: c.owner, ...(c.ownerName ? { ownerName: c.ownerName } : {}) } : {}),
    priority: c.priority ?? 'normal',
    flags: c.flags ?? [],
  };
}

/**
 * Cases a page at a time: every open case (most recently updated first) by default, or those in
 * one status, or those carrying a flag; `owner=me` keeps the caller's own caseload.
 */
export async function listCases(
  deps: LifecycleDeps,
  caller: Caller,
  query: {
    status?: CaseStatus | undefined;
    flag?: string | undefined;
    owner?: 'me' | undefined;
    cursor?: string | undefined;
  },
  limit = 25,
) {
  let cases: NoiseCase[];
  let nextCursor: string | undefined;
  if (query.flag) {
    const after = query.cursor ? decodeCursor(query.cursor, { attributes: ['after'] }).after : undefined;
    const page = await casesFlagged(deps, query.flag, { limit, after });
    const found = await batchGet<NoiseCase>(
      deps,
      page.caseRefs.map((ref) => keys.case(ref)),
    );
    cases = page.caseRefs
      .map((ref) => found.find((c) => c.caseRef === ref))
      .filter((c): c is NoiseCase => c !== undefined);
    nextCursor = page.last ? encodeCursor({ after: page.last }) : undefined;
  } else {
    const byStatus = query.status !== undefined;
    const index = byStatus ? 'gsi1' : 'gsi4';
    const keyNames = byStatus ? ['pk', 'sk', 'gsi1pk', 'gsi1sk'] : ['pk', 'sk', 'gsi4pk', 'gsi4sk'];
    const pk = byStatus ? `STATUS#${query.status}` : 'OPEN';
    // A cursor is pinned to the list it came from: one from another status cannot page this one.
    const ExclusiveStartKey = query.cursor
      ? decodeCursor(query.cursor, { attributes: keyNames, expect: { [`${index}pk`]: pk } })
      : undefined;
    // One more than a page tells whether there is a next page, so the last page has no cursor.
    const read = (start: Record<string, unknown> | undefined) =>
      deps.db.send(
        new QueryCommand({
          TableName: deps.table,
          IndexName: index,
          KeyConditionExpression: `${index}pk = :pk`,
          ...(query.owner === 'me'
            ? { FilterExpression: '#owner = :me', ExpressionAttributeNames: { '#owner': 'owner' } }
            : {}),
          ExpressionAttributeValues: {
            ':pk': pk,
            ...(query.owner === 'me' ? { ':me': caller.id } : {}),
          },
          ScanIndexForward: false,
          // A filter applies after the limit: read further per request for one person's cases.
          Limit: query.owner === 'me' ? 250 : limit + 1,
          ExclusiveStartKey: start,
        }),
      );
    const { items, more } = await filteredPage(read, ExclusiveStartKey, limit);
    const last = items[items.length - 1];
    cases = items.map((item) => caseFromItem(item));
    nextCursor =
      more && last
        ? encodeCursor(Object.fromEntries(keyNames.map((name) => [name, String(last[name])])))
        : undefined;
  }
  // A change a crashed writer left pending is applied before the case is listed.
  const pending = await batchGet<{ caseRef: string; version: number }>(
    deps,
    cases.map((c) => keys.event(c.caseRef, c.version + 1)),
  );
  if (pending.length) {
    const settled = await Promise.all(
      cases.map(async (c) => (pending.some((e) => e.caseRef === c.caseRef) ? deps.store.settle(c) : c)),
    );
    cases = settled;
  }
  const visible = cases.filter((c) => mayView(c, caller));
  // A caseworker's own caseload says what is due next on each case.
  const listed =
    query.owner === 'me' ? await withNextDue(deps, visible.map(summary), visible) : visible.map(summary);
  return { cases: listed, ...(nextCursor ? { nextCursor } : {}) };
}
