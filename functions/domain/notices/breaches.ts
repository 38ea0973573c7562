/**
 * Breaches. Conduct counts as a breach only after the notice in force was served and after any
 * time it gave to comply, and never while an appeal suspends what was breached; anything else is
 * kept as evidence and acts on nothing, now or later. A counting breach ends the notice's watch
 * (its route then asks for a decision), or reopens a closed case whose notice is still live.
 */
import { createHash } from 'node:crypto';
import { conflict, notFound, validationFailed } from '../../commons/errors.ts';
import { opKey } from '../case-store.ts';
import { endDeadlineEarly } from '../lifecycle/deadlines.ts';
import type { Caller, LifecycleDeps } from '../lifecycle/deps.ts';
import type { LiveNotice, NoiseCase } from '../model/case.ts';
import { noticeSpecOf } from '../routes/catalogue.ts';
import { getItem, putIfAbsent, type TableAccess } from '../table-access.ts';
import { addMonths } from '../time.ts';
import type { BreachRecord } from './model.ts';
import { reopenAtBreachDecision } from './reopen.ts';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

export const breachKey = (caseRef: string, breachId: string) => ({
  pk: `CASE#${caseRef}`,
  sk: `BREACH#${breachId}`,
});

export async function getBreach(deps: TableAccess, caseRef: string, breachId: string) {
  return getItem<BreachRecord>(deps, breachKey(caseRef, breachId));
}

export interface Judgement {
  counts: boolean;
  why: string;
  notice?: LiveNotice;
}

/** Whether conduct at `witnessedAt` is a breach the council may act on, and why (or why not). */
export function judgeBreach(c: NoiseCase, witnessedAt: string, requirementKind?: 'do' | 'stop'): Judgement {
  const notice = c.liveNotice;
  const at = Date.parse(witnessedAt);
  if (!notice) return { counts: false, why: 'No notice was in force: kept as evidence only' };
  const title = noticeSpecOf(notice.kind).title;
  if (at < Date.parse(notice.servedAt))
    return {
      counts: false,
      why: `The conduct came before the ${title} was served: kept as evidence only`,
      notice,
    };
  if (at <= Date.parse(notice.breachableFrom))
    return {
      counts: false,
      why: `The conduct came before the time the ${title} gave to comply had ended: kept as evidence only`,
      notice,
    };
  if (at > Date.parse(notice.liveUntil))
    return { counts: false, why: `The ${title} was no longer in force: kept as evidence only`, notice };
  const breached = requirementKind ? [requirementKind] : notice.requirementKinds;
  if (notice.suspended === 'all')
    return {
      counts: false,
      why: `The ${title} is suspended while an appeal is pending: not acted on`,
      notice,
    };
  if (notice.suspended === 'do' && breached.every((kind) => kind === 'do'))
    return {
      counts: false,
      why: `"Do" requirements of the ${title} are suspended while an appeal is pending: not acted on`,
      notice,
    };
  return { counts: true, why: `A breach of the ${title} served on ${notice.servedAt.slice(0, 10)}`, notice };
}

/** The breach record for conduct judged against the case's notice; offences carry their limitation date. */
export function breachRecord(
  deps: LifecycleDeps,
  c: NoiseCase,
  input: Omit<BreachRecord, 'caseRef' | 'counts' | 'why' | 'noticeId' | 'noticeKind' | 'limitationDate'>,
  judgement: Judgement,
): BreachRecord {
  const offence = judgement.counts && judgement.notice && noticeSpecOf(judgement.notice.kind).breachIsOffence;
  return {
    ...input,
    caseRef: c.caseRef,
    counts: judgement.counts,
    why: judgement.why,
    ...(judgement.notice ? { noticeId: judgement.notice.noticeId, noticeKind: judgement.notice.kind } : {}),
    ...(offence
      ? {
          limitationDate: addMonths(
            new Date(input.witnessedAt),
            deps.policy.at(new Date(input.witnessedAt)).offences.limitationMonths,
          ).toISOString(),
        }
      : {}),
  };
}

export interface BreachReport {
  witnessedAt: string;
  description: string;
  location?: string | undefined;
  requirement?: 'do' | 'stop' | undefined;
}

/** An officer records what they witnessed; returns whether it counts and whether it was acted on. */
export async function recordBreach(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  report: BreachReport,
) {
  const now = deps.clock.now();
  if (Date.parse(report.witnessedAt) > now.getTime() + FUTURE_TOLERANCE_MS)
    throw validationFailed([
      { path: 'witnessedAt', message: 'The time the breach was witnessed must not be in the future' },
    ]);
  const c = await deps.store.get(caseRef);
  if (!c) throw notFound('No case with that reference');
  if (c.mergedInto)
    throw conflict('CASE_MERGED', `This case was merged into ${c.mergedInto}; record the breach there`);
  const breachId = `br_${createHash('sha256').update(`${caseRef}|${report.witnessedAt}|${report.description}`).digest('hex').slice(0, 16)}`;
  const opId = `breach:${breachId}`;
  const judgement = judgeBreach(c, report.witnessedAt, report.requirement);
  const at = now.toISOString();
  const breach = breachRecord(
    deps,
    c,
    {
      breachId,
      witnessedAt: report.witnessedAt,
      location: report.location ?? 'At or near the premises',
      description: report.description,
      recordedAt: at,
      recordedBy: { kind: 'staff', id: caller.id, ...(caller.name ? { name: caller.name } : {}) },
      ...(report.requirement ? { requirementKind: report.requirement } : {}),
    },
    judgement,
  );
  // The breach item is its own audit record: written once (a retry of the same breach finds it and
  // carries on with the judgement first made), shown on the case's timeline, never changed.
  let recorded = breach;
  if (!(await putIfAbsent(deps, { ...breachKey(caseRef, breachId), ...breach })))
    recorded = (await getBreach(deps, caseRef, breachId)) ?? breach;
  const actedOn = recorded.counts ? await actOnBreach(deps, c, breachId, opId) : { actedOn: false };
  return { breachId, caseRef, counts: recorded.counts, why: recorded.why, ...actedOn };
}

/**
 * A counting breach ends the notice's watch; on a closed case whose notice is live it reopens the
 * case at the notice's breach decision. Otherwise (a decision already waits, another process is
 * under way) it stays on the case for the next decision.
 */
export async function actOnBreach(
  deps: LifecycleDeps,
  c: NoiseCase,
  breachId: string,
  opId: string,
): Promise<{ actedOn: boolean; note?: string }> {
  const notice = c.liveNotice;
  if (!notice) return { actedOn: false };
  const spec = noticeSpecOf(notice.kind);
  if (c.status === 'closed') {
    await reopenAtBreachDecision(deps, c, { breachId, opId });
    return { actedOn: true, note: 'The case was reopened for a decision on the breach' };
  }
  if (await endDeadlineEarly(deps, c.caseRef, [spec.watchKind], { outcome: 'breached', breachId }))
    return { actedOn: true };
  return { actedOn: false, note: 'No decision waits for a breach now; it is on the case for the next one' };
}

export { opKey };
