/**
 * What the evidence routes answer, for the OpenAPI document and the contract test (as in
 * `model/responses.ts`, objects are closed, and handlers do not import this file).
 */
import * as z from 'zod';
import { CaseRef } from '../model/case.ts';
import { diarySheetStatuses, monitoringResults, visitFindings } from './model.ts';

const At = z.string().meta({ format: 'date-time' });
const Day = z.string().meta({ format: 'date' });

const AddedByView = z.strictObject({
  kind: z.enum(['resident', 'staff']),
  /** A resident's party id, or a member of staff's user id. */
  id: z.string(),
  name: z.string().optional(),
});

const ReviewView = z.strictObject({
  outcome: z.string(),
  reason: z.string(),
  decidedBy: z.string(),
  decidedByName: z.string().optional(),
  decidedAt: At,
});

export const UploadStarted = z.strictObject({
  caseRef: CaseRef,
  /** Complete the upload with it once the file is sent. */
  uploadId: z.string(),
  upload: z
    .strictObject({
      /** Absolute in AWS (the evidence bucket); relative to the API's origin locally. */
      url: z.string(),
      method: z.literal('PUT'),
      headers: z.record(z.string(), z.string()),
      expiresAt: At,
    })
    .describe('PUT the file to url with exactly these headers: its type and size are part of the signature'),
  /** The most this upload may be, by what it was declared as. */
  maxBytes: z.number().int(),
});

export const EvidenceFileRecord = z.strictObject({
  fileId: z.string(),
  caseRef: CaseRef,
  fileName: z.string(),
  /** The type its content showed (canonical MIME type), not the one it was sent as. */
  contentType: z.string(),
  kind: z.enum(['recording', 'photo', 'document']),
  size: z.number().int().positive(),
  /** Hex SHA-256 of the bytes as kept, computed by Abate when it accepted them. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  addedAt: At,
  addedBy: AddedByView,
  /** The review task a resident's file raised. */
  reviewTaskId: z.string().optional(),
  review: ReviewView.optional(),
  /** When its content was deleted under the retention policy for recordings; this record stays. */
  contentDeletedAt: At.optional(),
});

export const EvidenceFileKept = EvidenceFileRecord.extend({
  /** The same bytes from the same person were already on the case: one exhibit. */
  duplicate: z.boolean(),
});

export const EvidenceFileLink = z.strictObject({
  file: EvidenceFileRecord,
  download: z.strictObject({ url: z.string(), expiresAt: At }),
});

const DiaryEntryView = z.strictObject({
  entryId: z.string(),
  date: Day,
  /** UK time, 24-hour `HH:MM`. */
  startTime: z.string(),
  endTime: z.string(),
  heard: z.string(),
  effect: z.string(),
  savedAt: At,
});

/** A diary sheet as its keeper sees it. */
export const ResidentDiarySheet = z.strictObject({
  sheetId: z.string(),
  status: z.enum(diarySheetStatuses),
  startsOn: Day,
  endsOn: Day,
  dueAt: At,
  returnedAt: At.optional(),
  entries: z.array(DiaryEntryView),
});

/** A diary sheet as staff see it: every entry once it is sent, attributed to its keeper; drafts by count. */
export const StaffDiarySheet = z.strictObject({
  sheetId: z.string(),
  caseRef: CaseRef,
  partyId: z.string(),
  issuedAt: At,
  issuedBy: AddedByView,
  startsOn: Day,
  endsOn: Day,
  dueAt: At,
  status: z.enum(diarySheetStatuses),
  updatedAt: At.optional(),
  returnedAt: At.optional(),
  deadlineId: z.string(),
  reviewTaskId: z.string().optional(),
  notReturnedTaskId: z.string().optional(),
  review: ReviewView.optional(),
  entriesSaved: z.number().int().nonnegative(),
  entries: z.array(DiaryEntryView.extend({ by: AddedByView })),
});

const BreachJudged = z.strictObject({ breachId: z.string(), counts: z.boolean(), why: z.string() });

export const VisitView = z.strictObject({
  visitId: z.string(),
  caseRef: CaseRef,
  visitedAt: At,
  location: z.string(),
  description: z.string(),
  amountsTo: z.enum(visitFindings),
  statement: z.string().optional(),
  fileIds: z.array(z.string()).optional(),
  recordedAt: At,
  recordedBy: AddedByView,
  breach: BreachJudged.optional(),
});

export const VisitRecorded = z.strictObject({
  visitId: z.string(),
  caseRef: CaseRef,
  amountsTo: z.enum(visitFindings),
  /** The breach recorded in the same step: whether it counts, why, and whether it was acted on. */
  breach: BreachJudged.extend({ actedOn: z.boolean(), note: z.string().optional() }).optional(),
});

export const MonitoringView = z.strictObject({
  deploymentId: z.string(),
  caseRef: CaseRef,
  kitId: z.string(),
  calibratedOn: Day,
  installedAt: At,
  location: z.string().optional(),
  installedBy: AddedByView,
  status: z.enum(['installed', 'removed']),
  removedAt: At.optional(),
  removedBy: AddedByView.optional(),
  result: z.enum(monitoringResults).optional(),
  notes: z.string().optional(),
  fileIds: z.array(z.string()).optional(),
  overran: z.boolean().optional(),
});

/** The resident's own diary sheets and files, on their view of the case. */
export const ResidentEvidenceView = z.strictObject({
  diarySheets: z.array(ResidentDiarySheet),
  files: z.array(
    z.strictObject({
      fileId: z.string(),
      fileName: z.string(),
      kind: z.enum(['recording', 'photo', 'document']),
      contentType: z.string(),
      size: z.number().int().positive(),
      sha256: z.string(),
      addedAt: At,
      /** An officer has looked at it. */
      reviewed: z.boolean(),
    }),
  ),
});

/** Everything on the case's evidence for staff. */
export const StaffEvidenceView = z.strictObject({
  files: z.array(EvidenceFileRecord),
  diarySheets: z.array(StaffDiarySheet),
  visits: z.array(VisitView),
  monitoring: z.array(MonitoringView),
});

/** Named in the document's components. */
export const evidenceResponseSchemas: Record<string, z.ZodType> = {
  UploadStarted,
  EvidenceFile: EvidenceFileRecord,
  EvidenceFileKept,
  EvidenceFileLink,
  ResidentDiarySheet,
  StaffDiarySheet,
  Visit: VisitView,
  VisitRecorded,
  MonitoringDeployment: MonitoringView,
  ResidentEvidence: ResidentEvidenceView,
  StaffEvidence: StaffEvidenceView,
};
