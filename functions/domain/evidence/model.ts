/**
 * Evidence records, each an item under its case (`CASE#<ref>` / `EVIDENCE#<what>#<id>`), so one
 * query reads all of a case's evidence and retention finds it with the rest of the case. Free text
 * sits under keys retention redacts (`fileName`, `description`, `location`, `statement`, `notes`,
 * `heard`, `effect`, `reason`); the facts (dates, sizes, hashes, outcomes) stay for statistics.
 */
import * as z from 'zod';

/** Who added a piece of evidence: a resident by party id, or a member of staff. */
export const AddedBy = z.object({
  kind: z.enum(['resident', 'staff']),
  id: z.string(),
  name: z.string().optional(),
});
export type AddedBy = z.infer<typeof AddedBy>;

export const Review = z.object({
  outcome: z.string(),
  reason: z.string(),
  decidedBy: z.string(),
  decidedByName: z.string().optional(),
  decidedAt: z.string(),
});

export const EvidenceFile = z.object({
  fileId: z.string(),
  caseRef: z.string(),
  uploadId: z.string(),
  fileName: z.string(),
  /** The type its content showed (canonical MIME type), not the one it was sent as. */
  contentType: z.string(),
  kind: z.enum(['recording', 'photo', 'document']),
  size: z.number().int().positive(),
  /** Hex SHA-256 of the bytes as stored, computed by Abate when it accepted them. */
  sha256: z.string(),
  addedAt: z.string(),
  addedBy: AddedBy,
  /** The review task a resident's file raised; staff files are reviewed by whoever added them. */
  reviewTaskId: z.string().optional(),
  review: Review.optional(),
  /** When its content was deleted under the retention policy for recordings; the record stays. */
  contentDeletedAt: z.string().optional(),
  op: z.string().optional(),
});
export type EvidenceFile = z.infer<typeof EvidenceFile>;

export const DiaryEntry = z.object({
  entryId: z.string(),
  /** The day the noise happened (UK), and when it started and ended (`HH:MM`, UK time). */
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  heard: z.string(),
  effect: z.string(),
  savedAt: z.string(),
});
export type DiaryEntry = z.infer<typeof DiaryEntry>;

export const diarySheetStatuses = ['issued', 'overdue', 'returned'] as const;

export const DiarySheet = z.object({
  sheetId: z.string(),
  caseRef: z.string(),
  /** The complainant keeping it. */
  partyId: z.string(),
  issuedAt: z.string(),
  issuedBy: AddedBy,
  /** The period it covers (UK dates) and when it is due back. */
  startsOn: z.string(),
  endsOn: z.string(),
  dueAt: z.string(),
  /** `overdue`: not back by its due date (a caseworker decides what next); it may still come back. */
  status: z.enum(diarySheetStatuses),
  /** Drafts until returned, then read-only: keyed by entry id (the client's key, so a retry saves once). */
  entries: z.record(z.string(), DiaryEntry),
  updatedAt: z.string().optional(),
  returnedAt: z.string().optional(),
  deadlineId: z.string(),
  reviewTaskId: z.string().optional(),
  notReturnedTaskId: z.string().optional(),
  review: Review.optional(),
  op: z.string().optional(),
});
export type DiarySheet = z.infer<typeof DiarySheet>;

export const visitFindings = ['no-nuisance', 'nuisance', 'breach'] as const;

export const Visit = z.object({
  visitId: z.string(),
  caseRef: z.string(),
  visitedAt: z.string(),
  /** Where the officer heard it from. */
  location: z.string(),
  /** What was witnessed. */
  description: z.string(),
  amountsTo: z.enum(visitFindings),
  /** The officer's witness statement, when written. */
  statement: z.string().optional(),
  fileIds: z.array(z.string()).optional(),
  recordedAt: z.string(),
  recordedBy: AddedBy,
  /** A breach recorded in the same step, judged by the same rules as any other. */
  breach: z.object({ breachId: z.string(), counts: z.boolean(), why: z.string() }).optional(),
  op: z.string().optional(),
});
export type Visit = z.infer<typeof Visit>;

export const monitoringResults = [
  'noise-recorded',
  'no-significant-noise',
  'inconclusive',
  'equipment-failed',
] as const;

export const MonitoringDeployment = z.object({
  deploymentId: z.string(),
  caseRef: z.string(),
  kitId: z.string(),
  calibratedOn: z.string(),
  installedAt: z.string(),
  location: z.string().optional(),
  installedBy: AddedBy,
  status: z.enum(['installed', 'removed']),
  removedAt: z.string().optional(),
  removedBy: AddedBy.optional(),
  result: z.enum(monitoringResults).optional(),
  notes: z.string().optional(),
  /** The recordings and reports the kit produced, as files on the case. */
  fileIds: z.array(z.string()).optional(),
  /** Left in longer than policy's usual period. */
  overran: z.boolean().optional(),
  op: z.string().optional(),
});
export type MonitoringDeployment = z.infer<typeof MonitoringDeployment>;

/** Sort keys under the case: one query (`begins_with EVIDENCE#`) reads every kind. */
export const evidenceKey = {
  file: (caseRef: string, fileId: string) => ({ pk: `CASE#${caseRef}`, sk: `EVIDENCE#FILE#${fileId}` }),
  diary: (caseRef: string, sheetId: string) => ({ pk: `CASE#${caseRef}`, sk: `EVIDENCE#DIARY#${sheetId}` }),
  visit: (caseRef: string, visitId: string) => ({ pk: `CASE#${caseRef}`, sk: `EVIDENCE#VISIT#${visitId}` }),
  monitoring: (caseRef: string, deploymentId: string) => ({
    pk: `CASE#${caseRef}`,
    sk: `EVIDENCE#MONITOR#${deploymentId}`,
  }),
};

export const EVIDENCE_PREFIX = 'EVIDENCE#';

/** Task and deadline kinds evidence brings (here, in a module with no imports of ours, so routes can load in any order). */
export const REVIEW_TASK = 'review-evidence';
export const NOT_RETURNED_TASK = 'diary-sheet-not-returned';
export const DIARY_DEADLINE = 'diary-sheet-return';
