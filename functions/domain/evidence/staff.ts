/**
 * What staff see of a case's evidence, from the items the staff view has already read: files with
 * their SHA-256 and review, diary sheets (every entry once sent), visits and monitoring. Download links
 * are asked for one file at a time (`GET /cases/{caseRef}/evidence/{fileId}`), never listed here.
 */
import type { NoiseCase } from '../model/case.ts';
import type { DiarySheet } from './model.ts';
import { evidenceFromItems } from './records.ts';
import { entriesInOrder } from './resident.ts';

/** A diary sheet as staff see it: every entry once it is sent, attributed to its keeper; drafts by count. */
export function staffDiarySheet(sheet: DiarySheet) {
  const { op: _op, ...rest } = sheet;
  return {
    ...rest,
    // Drafts are the resident's until they send the sheet: staff see how many, not what they say.
    entriesSaved: Object.keys(sheet.entries ?? {}).length,
    entries:
      sheet.status === 'returned'
        ? entriesInOrder(sheet).map((entry) => ({ ...entry, by: { kind: 'resident', id: sheet.partyId } }))
        : [],
  };
}

export function evidenceForStaff(c: Pick<NoiseCase, 'ops'>, caseItems: Record<string, unknown>[]) {
  const evidence = evidenceFromItems(c, caseItems);
  const withoutOp = <T extends { op?: string | undefined }>({ op: _op, ...rest }: T) => rest;
  return {
    files: evidence.files.map(({ uploadId: _upload, ...file }) => withoutOp(file)),
    diarySheets: evidence.diarySheets.map(staffDiarySheet),
    visits: evidence.visits.map(withoutOp),
    monitoring: evidence.monitoring.map(withoutOp),
  };
}
