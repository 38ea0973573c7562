/**
 * Officer visits and witness statements: when and where from the officer listened, what they
 * witnessed, and whether it amounts to a statutory nuisance or a breach. A breach is recorded in
 * the same step through `recordBreach`, so the same rules judge it (served, time to comply over,
 * not suspended by an appeal); conduct that cannot count stays on the case as evidence.
 */
import { conflict, notFound, validationFailed } from '../../commons/errors.ts';
import { hasApplied } from '../case-store.ts';
import { type Caller, type LifecycleDeps, staffActor } from '../lifecycle/deps.ts';
import { applyChange, writeItems } from '../lifecycle/step.ts';
import { recordBreach } from '../notices/breaches.ts';
import { checkFilesOnCase } from './files.ts';
import { evidenceKey, type Visit, type visitFindings } from './model.ts';
import { evidenceId, staffAddedBy } from './records.ts';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface VisitReport {
  visitedAt: string;
  location: string;
  description: string;
  amountsTo: (typeof visitFindings)[number];
  statement?: string | undefined;
  requirement?: 'do' | 'stop' | undefined;
  fileIds?: string[] | undefined;
}

export async function recordVisit(deps: LifecycleDeps, caseRef: string, caller: Caller, report: VisitReport) {
  const now = deps.clock.now();
  if (Date.parse(report.visitedAt) > now.getTime() + FUTURE_TOLERANCE_MS)
    throw validationFailed([
      { path: 'visitedAt', message: 'The time of the visit must not be in the future' },
    ]);
  if (report.requirement && report.amountsTo !== 'breach')
    throw validationFailed([
      {
        path: 'requirement',
        message: 'Say which requirement was breached only when the visit found a breach',
      },
    ]);
  const c = await deps.store.get(caseRef);
  if (!c) throw notFound('No case with that reference');
  if (c.mergedInto)
    throw conflict('CASE_MERGED', `This case was merged into ${c.mergedInto}; record the visit there`);
  await checkFilesOnCase(deps, c, report.fileIds);
  const visitId = evidenceId('vi', caseRef, report.visitedAt, report.description);
  const opId = `visit:${visitId}`;
  // The breach first: it is idempotent on its own, and the visit then names what it decided.
  const breach =
    report.amountsTo === 'breach'
      ? await recordBreach(deps, caseRef, caller, {
          witnessedAt: report.visitedAt,
          description: report.description,
          location: report.location,
          requirement: report.requirement,
        })
      : undefined;
  const at = now.toISOString();
  const visit: Visit = {
    visitId,
    caseRef,
    visitedAt: report.visitedAt,
    location: report.location,
    description: report.description,
    amountsTo: report.amountsTo,
    ...(report.statement ? { statement: report.statement } : {}),
    ...(report.fileIds?.length ? { fileIds: report.fileIds } : {}),
    recordedAt: at,
    recordedBy: staffAddedBy(caller),
    ...(breach ? { breach: { breachId: breach.breachId, counts: breach.counts, why: breach.why } } : {}),
  };
  const current = breach ? ((await deps.store.get(caseRef)) ?? c) : c;
  if (!hasApplied(current, opId)) {
    await writeItems(deps, opId, [{ ...evidenceKey.visit(caseRef, visitId), ...visit }]);
    await applyChange(deps, current, (latest) =>
      hasApplied(latest, opId)
        ? null
        : {
            event: {
              type: 'VisitRecorded',
              at,
              actor: staffActor(caller),
              visibility: 'staff',
              data: {
                visitId,
                visitedAt: report.visitedAt,
                amountsTo: report.amountsTo,
                withStatement: report.statement !== undefined,
                ...(breach ? { breachId: breach.breachId, counts: breach.counts } : {}),
              },
              opId,
            },
            patch: { updatedAt: at },
          },
    );
  }
  return {
    visitId,
    caseRef,
    amountsTo: report.amountsTo,
    ...(breach
      ? {
          breach: {
            breachId: breach.breachId,
            counts: breach.counts,
            why: breach.why,
            actedOn: breach.actedOn,
            ...('note' in breach && breach.note ? { note: breach.note } : {}),
          },
        }
      : {}),
  };
}
