/**
 * Who owns a case: a manager assigns and reassigns it (an audited change), and a caseworker's
 * "My cases" lists the open cases they own, each with what is due next on it.
 */
import { hasApplied } from '../case-store.ts';
import { released } from '../letters/outbox.ts';
import { type Caller, type LifecycleDeps, staffActor } from '../lifecycle/deps.ts';
import { applyChange } from '../lifecycle/step.ts';
import type { NoiseCase } from '../model/case.ts';
import type { AssignRequest } from '../model/requests.ts';
import type { Deadline, StaffTask } from '../model/workflow.ts';
import { childrenOfCase, type TableAccess } from '../table-access.ts';
import { caseOrNotFound, refuseClosed } from './guards.ts';

export async function assignCase(deps: LifecycleDeps, caseRef: string, caller: Caller, body: AssignRequest) {
  const c = await caseOrNotFound(deps, caseRef);
  refuseClosed(c, 'reopen it before assigning it');
  const at = deps.clock.now().toISOString();
  // The same owner again is the same assignment (a repeated request), not a new one.
  const opId = `assign:${caseRef}:${c.owner ?? '-'}>${body.owner}@${c.version}`;
  if (c.owner === body.owner && c.ownerName === body.ownerName)
    return { caseRef, owner: c.owner, ownerName: c.ownerName };
  const updated = await applyChange(deps, c, (current) => {
    if (hasApplied(current, opId) || (current.owner === body.owner && current.ownerName === body.ownerName))
      return null;
    refuseClosed(current, 'reopen it before assigning it');
    return {
      event: {
        type: current.owner ? 'CaseReassigned' : 'CaseAssigned',
        at,
        actor: staffActor(caller),
        visibility: 'staff',
        ...(body.reason ? { reason: body.reason } : {}),
        data: {
          owner: body.owner,
          ownerName: body.ownerName,
          ...(current.owner ? { previousOwner: current.owner, previousOwnerName: current.ownerName } : {}),
        },
        opId,
      },
      patch: { owner: body.owner, ownerName: body.ownerName, updatedAt: at },
    };
  });
  return { caseRef, owner: updated.owner, ownerName: updated.ownerName };
}

export interface NextDue {
  at: string;
  kind: 'task' | 'deadline';
  /** The task's type or the deadline's kind. */
  type: string;
  title?: string;
  taskId?: string;
  overdue: boolean;
}

/** What is due next on a case: the earliest open task or running wait. */
export async function nextDueOn(
  deps: TableAccess & { clock: { now(): Date } },
  c: NoiseCase,
): Promise<NextDue | undefined> {
  if (c.status === 'closed') return undefined;
  const [tasks, deadlines] = await Promise.all([
    childrenOfCase<StaffTask & { op?: string }>(deps, c.caseRef, 'TASK#'),
    childrenOfCase<Deadline>(deps, c.caseRef, 'DEADLINE#'),
  ]);
  const now = deps.clock.now().getTime();
  const due: NextDue[] = [
    ...tasks
      .filter((t) => t.status === 'open' && released(c, t))
      .map((t) => ({
        at: t.dueAt,
        kind: 'task' as const,
        type: t.type,
        title: t.title,
        taskId: t.taskId,
        overdue: Date.parse(t.dueAt) < now,
      })),
    ...deadlines
      .filter((d) => d.status === 'waiting')
      .map((d) => ({ at: d.dueAt, kind: 'deadline' as const, type: d.kind, overdue: false })),
  ];
  return due.sort((a, b) => a.at.localeCompare(b.at))[0];
}

/** Each listed case with what is due next on it, for a caseworker's own caseload. */
export async function withNextDue<T extends { caseRef: string }>(
  deps: TableAccess & { clock: { now(): Date } },
  summaries: T[],
  cases: NoiseCase[],
): Promise<(T & { nextDue: NextDue | null })[]> {
  const byRef = new Map(cases.map((c) => [c.caseRef, c]));
  return Promise.all(
    summaries.map(async (summary) => {
      const c = byRef.get(summary.caseRef);
      return { ...summary, nextDue: (c ? await nextDueOn(deps, c) : undefined) ?? null };
    }),
  );
}

/**
 * A page of cases the query's filter keeps. DynamoDB applies `Limit` before a filter, so one
 * request can come back with none of a caseworker's cases even though more follow: read on until
 * the page is full (one more than a page tells whether there is a next one) or the index ends.
 */
export async function filteredPage(
  query: (start: Record<string, unknown> | undefined) => Promise<{
    Items?: Record<string, unknown>[];
    LastEvaluatedKey?: Record<string, unknown>;
  }>,
  start: Record<string, unknown> | undefined,
  limit: number,
): Promise<{ items: Record<string, unknown>[]; more: boolean }> {
  const items: Record<string, unknown>[] = [];
  let next = start;
  do {
    const page = await query(next);
    items.push(...(page.Items ?? []));
    next = page.LastEvaluatedKey;
  } while (next && items.length <= limit);
  return { items: items.slice(0, limit), more: items.length > limit || next !== undefined };
}
