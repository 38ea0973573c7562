/**
 * Residents act on their own evidence with the tracking token they were given: it names their
 * party on one case. Every failure looks the same as on the follow page, so a guess learns
 * nothing; they see their own diary sheets and files, never another resident's.
 */
import { notFound } from '../../commons/errors.ts';
import type { CaseStore } from '../case-store.ts';
import { hashTrackingToken } from '../identifiers.ts';
import { keys } from '../keys.ts';
import { released } from '../letters/outbox.ts';
import { CASE_REF, type NoiseCase } from '../model/case.ts';
import { getItem, type TableAccess } from '../table-access.ts';
import type { DiarySheet, EvidenceFile } from './model.ts';
import { evidenceOf } from './records.ts';

export const notThisCase = () => notFound('No case matches that reference and tracking token');

export interface Resident {
  /** The case the token opens now (a merged case's reference leads to the case it joined). */
  c: NoiseCase;
  partyId: string;
}

/** The resident a tracking token names on this case, or the one 404 every failure gives. */
export async function residentOf(
  deps: TableAccess & { store: CaseStore },
  caseRef: string,
  token: string | undefined,
): Promise<Resident> {
  if (!token || token.length > 200 || !CASE_REF.test(caseRef)) throw notThisCase();
  const track = await getItem<{ caseRef: string; partyId: string; op?: string; formerCaseRefs?: string[] }>(
    deps,
    keys.tracking(hashTrackingToken(token)),
  );
  if (!track || (track.caseRef !== caseRef && !track.formerCaseRefs?.includes(caseRef))) throw notThisCase();
  const c = await deps.store.read(track.caseRef);
  if (!c || !released(c, track)) throw notThisCase();
  return { c, partyId: track.partyId };
}

/** A diary sheet as its keeper sees it: the period, the entries in date order, where it stands. */
export function residentSheet(sheet: DiarySheet) {
  return {
    sheetId: sheet.sheetId,
    status: sheet.status,
    startsOn: sheet.startsOn,
    endsOn: sheet.endsOn,
    dueAt: sheet.dueAt,
    ...(sheet.returnedAt ? { returnedAt: sheet.returnedAt } : {}),
    entries: entriesInOrder(sheet),
  };
}

export function entriesInOrder(sheet: Pick<DiarySheet, 'entries'>) {
  return Object.values(sheet.entries ?? {}).sort(
    (a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime),
  );
}

/** A file as the resident who sent it sees it: enough to prove what they sent. */
export function residentFile(file: EvidenceFile) {
  return {
    fileId: file.fileId,
    fileName: file.fileName,
    kind: file.kind,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    addedAt: file.addedAt,
    reviewed: file.review !== undefined,
  };
}

/** The resident's own diary sheets and files on their follow page. */
export async function residentEvidence(deps: TableAccess, c: NoiseCase, partyId: string) {
  const evidence = await evidenceOf(deps, c);
  return {
    diarySheets: evidence.diarySheets.filter((sheet) => sheet.partyId === partyId).map(residentSheet),
    files: evidence.files
      .filter((file) => file.addedBy.kind === 'resident' && file.addedBy.id === partyId)
      .map(residentFile),
  };
}
