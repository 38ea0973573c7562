/**
 * Evidence files: recordings, photos and documents from residents and officers. An upload is two
 * requests around the bytes going straight to the store: the first checks what is declared and
 * gives a short-lived link that takes exactly that many bytes; the second reads what arrived once
 * (size, first bytes, SHA-256), judges it on its content, and either keeps it on the case or
 * deletes it and says why. Nothing is written to the case before a file is accepted.
 *
 * The file's id comes from the case, the uploader and the SHA-256, so the same bytes sent twice
 * by the same person are one exhibit. A resident's file raises a review task: nothing a resident
 * sends may sit unread.
 */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../commons/errors.ts';
import { hasApplied } from '../case-store.ts';
import type { Caller, LifecycleDeps } from '../lifecycle/deps.ts';
import { mayView } from '../lifecycle/staff-view.ts';
import { applyChange, writeItems } from '../lifecycle/step.ts';
import { caseTaskItem } from '../lifecycle/tasks.ts';
import type { NoiseCase } from '../model/case.ts';
import type { Decision, StaffTask } from '../model/workflow.ts';
import {
  allowedTypes,
  declaresNothing,
  detectFileType,
  type FileType,
  HEAD_BYTES,
  listOfLabels,
  normalisedMime,
  typeDeclaredAs,
} from './file-types.ts';
import { type AddedBy, type EvidenceFile, evidenceKey, REVIEW_TASK } from './model.ts';
import { actorOf, evidenceId, evidenceOf, residentAddedBy, staffAddedBy, storeOf } from './records.ts';
import { keptKey, pendingKey, type UploadMetadata } from './store.ts';

export type Uploader = { kind: 'resident'; partyId: string } | { kind: 'staff'; caller: Caller };

const uploaderKey = (uploader: Uploader) =>
  uploader.kind === 'resident' ? `resident:${uploader.partyId}` : `staff:${uploader.caller.id}`;

const addedByOf = (uploader: Uploader): AddedBy =>
  uploader.kind === 'resident' ? residentAddedBy(uploader.partyId) : staffAddedBy(uploader.caller);

/** A refusal the person can act on, shown by the file field (a validation failure of `file`); nothing is kept. */
export const fileRefused = (message: string) => validationFailed([{ path: 'file', message }], message);

const megabytes = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))}MB`;

function limits(deps: LifecycleDeps) {
  const policy = deps.policy.at(deps.clock.now()).evidence;
  return { policy, allowed: allowedTypes(policy.allowedTypes) };
}

function notAllowed(allowed: FileType[]) {
  return fileRefused(`The selected file must be ${listOfLabels(allowed)}`);
}

export interface UploadRequest {
  fileName: string;
  contentType: string;
  size: number;
}

/** Checks what is declared and gives the link to send the bytes to; writes nothing anywhere. */
export async function startUpload(
  deps: LifecycleDeps,
  c: NoiseCase,
  uploader: Uploader,
  request: UploadRequest,
  idempotencyKey?: string,
) {
  const store = storeOf(deps);
  const { policy, allowed } = limits(deps);
  if (uploader.kind === 'resident' && c.status === 'closed')
    throw conflict(
      'CASE_CLOSED',
      'This case is closed. If the noise has started again, report it and we will reopen the case',
    );
  if (request.size <= 0) throw fileRefused('The selected file is empty');
  const declared = declaresNothing(request.contentType) ? undefined : typeDeclaredAs(request.contentType);
  if (!declaresNothing(request.contentType) && (!declared || !allowed.includes(declared)))
    throw notAllowed(allowed);
  const largest = declared
    ? policy.maxBytes[declared.kind]
    : Math.max(...allowed.map((type) => policy.maxBytes[type.kind]));
  if (request.size > largest)
    throw fileRefused(`The selected file must be smaller than ${megabytes(largest)}`);
  // Without a client key each start is a new upload: a start writes nothing, so a repeat costs nothing.
  const uploadId = evidenceId('up', c.caseRef, uploaderKey(uploader), idempotencyKey ?? randomUUID());
  const contentType = declared ? normalisedMime(request.contentType) : 'application/octet-stream';
  const metadata: UploadMetadata = {
    caseRef: c.caseRef,
    uploader: uploaderKey(uploader),
    fileName: request.fileName,
    declaredType: contentType,
    declaredSize: request.size,
  };
  const upload = await store.uploadLink(pendingKey(c.caseRef, uploadId), {
    contentType,
    size: request.size,
    metadata,
    expiresInSeconds: policy.linkMinutes * 60,
  });
  return { caseRef: c.caseRef, uploadId, upload, maxBytes: largest };
}

/** Why a file that arrived cannot be kept, or undefined when it can. */
export function judgeFile(
  deps: LifecycleDeps,
  arrived: { size: number; head: Uint8Array },
  declared: { contentType: string; size: number },
): { refusal: string } | { type: FileType } {
  const { policy, allowed } = limits(deps);
  if (arrived.size === 0) return { refusal: 'The selected file is empty' };
  const type = detectFileType(arrived.head);
  if (!type || !allowed.includes(type))
    return { refusal: `The selected file must be ${listOfLabels(allowed)}` };
  const mime = normalisedMime(declared.contentType);
  if (!declaresNothing(mime) && !type.aliases.includes(mime)) {
    const claimed = typeDeclaredAs(mime)?.label ?? mime;
    return {
      refusal: `The selected file is not what it says it is: it was sent as ${claimed} but it is ${listOfLabels([type])}`,
    };
  }
  if (arrived.size > policy.maxBytes[type.kind])
    return { refusal: `The selected file must be smaller than ${megabytes(policy.maxBytes[type.kind])}` };
  if (arrived.size !== declared.size) return { refusal: 'The file did not arrive whole. Upload it again' };
  return { type };
}

/** Judges what arrived for an upload and keeps it on the case, or deletes it and says why. */
export async function completeUpload(
  deps: LifecycleDeps,
  c: NoiseCase,
  uploader: Uploader,
  uploadId: string,
) {
  const store = storeOf(deps);
  const from = pendingKey(c.caseRef, uploadId);
  const arrived = await store.inspect(from, HEAD_BYTES);
  const owner = uploaderKey(uploader);
  if (!arrived) {
    // A retry after the file was kept (its upload is gone by then): the same answer again.
    const kept = (await evidenceOf(deps, c)).files.find(
      (file) => file.uploadId === uploadId && uploaderKeyOf(file.addedBy) === owner,
    );
    if (kept) return { ...fileView(kept), duplicate: false };
    throw notFound(
      'Nothing was uploaded for this upload, or it expired. Choose the file and upload it again',
    );
  }
  if (arrived.metadata?.caseRef !== c.caseRef || arrived.metadata.uploader !== owner)
    throw notFound(
      'Nothing was uploaded for this upload, or it expired. Choose the file and upload it again',
    );
  const meta = arrived.metadata;
  const judged = judgeFile(deps, arrived, { contentType: meta.declaredType, size: meta.declaredSize });
  if ('refusal' in judged) {
    await store.remove(from);
    throw fileRefused(judged.refusal);
  }
  const addedBy = addedByOf(uploader);
  const fileId = evidenceId('ev', c.caseRef, owner, arrived.sha256);
  const opId = `evidence-file:${fileId}`;
  if (hasApplied(c, opId)) {
    // The same bytes from the same person: one exhibit, already on the case.
    await store.remove(from);
    const existing = (await evidenceOf(deps, c)).files.find((file) => file.fileId === fileId);
    if (existing) return { ...fileView(existing), duplicate: true };
  }
  const now = deps.clock.now().toISOString();
  const task =
    uploader.kind === 'resident' ? caseTaskItem(deps, c, { type: REVIEW_TASK, key: fileId }) : undefined;
  const file: EvidenceFile = {
    fileId,
    caseRef: c.caseRef,
    uploadId,
    fileName: meta.fileName,
    contentType: judged.type.mime,
    kind: judged.type.kind,
    size: arrived.size,
    sha256: arrived.sha256,
    addedAt: now,
    addedBy,
    ...(task ? { reviewTaskId: task.taskId } : {}),
    // An officer's own exhibit is reviewed by the officer who adds it.
    ...(uploader.kind === 'staff'
      ? {
          review: {
            outcome: 'added-by-officer',
            reason: 'Added to the case by an officer',
            decidedBy: uploader.caller.id,
            ...(uploader.caller.name ? { decidedByName: uploader.caller.name } : {}),
            decidedAt: now,
          },
        }
      : {}),
  };
  await store.keep(from, keptKey(c.caseRef, fileId), {
    contentType: file.contentType,
    fileName: file.fileName,
  });
  await writeItems(deps, opId, [
    { ...evidenceKey.file(c.caseRef, fileId), ...file },
    ...(task ? [task.item] : []),
  ]);
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'EvidenceFileAdded',
            at: now,
            actor: actorOf(addedBy, uploader.kind === 'staff' ? uploader.caller : undefined),
            visibility: 'staff',
            data: {
              fileId,
              fileName: file.fileName,
              kind: file.kind,
              contentType: file.contentType,
              size: file.size,
              sha256: file.sha256,
              ...(task ? { taskId: task.taskId } : {}),
            },
            opId,
          },
          patch: { updatedAt: now },
        },
  );
  await store.remove(from);
  return { ...fileView(file), duplicate: false };
}

const uploaderKeyOf = (by: AddedBy) => `${by.kind}:${by.id}`;

export function fileView(file: EvidenceFile) {
  const { op: _op, uploadId: _upload, ...rest } = file;
  return rest;
}

/** A short-lived link to read one file, for staff with business on the case. */
export async function fileDownload(deps: LifecycleDeps, caseRef: string, fileId: string, caller: Caller) {
  const c = await deps.store.read(caseRef);
  if (!c) throw notFound('No case with that reference');
  if (!mayView(c, caller)) throw forbidden('This case has not been referred to restorative justice');
  const file = (await evidenceOf(deps, c)).files.find((candidate) => candidate.fileId === fileId);
  if (!file) throw notFound('No file with that id on this case');
  if (c.anonymisedAt)
    throw new AppError(
      404,
      'FILE_DELETED',
      'This file was deleted when the case reached the end of its retention',
    );
  if (file.contentDeletedAt)
    throw new AppError(
      404,
      'FILE_DELETED',
      `This recording was deleted on ${file.contentDeletedAt.slice(0, 10)}, under the retention period for recordings; its record and SHA-256 remain`,
    );
  const minutes = deps.policy.at(deps.clock.now()).evidence.linkMinutes;
  const url = await storeOf(deps).downloadLink(keptKey(c.caseRef, fileId), {
    fileName: file.fileName,
    contentType: file.contentType,
    expiresInSeconds: minutes * 60,
  });
  return {
    file: fileView(file),
    download: { url, expiresAt: new Date(deps.clock.now().getTime() + minutes * 60_000).toISOString() },
  };
}

/** A caseworker's review, kept on what was reviewed (a file or a returned diary sheet) and on the timeline. */
export async function applyReview(
  deps: LifecycleDeps,
  task: StaffTask,
  decision: Decision,
  caller: Caller | 'system',
) {
  const c = await deps.store.get(task.caseRef);
  if (!c) return;
  const evidence = await evidenceOf(deps, c);
  const file = evidence.files.find((candidate) => candidate.reviewTaskId === task.taskId);
  const sheet = evidence.diarySheets.find((candidate) => candidate.reviewTaskId === task.taskId);
  const subject = file
    ? { key: evidenceKey.file(c.caseRef, file.fileId), data: { fileId: file.fileId } }
    : sheet
      ? { key: evidenceKey.diary(c.caseRef, sheet.sheetId), data: { sheetId: sheet.sheetId } }
      : undefined;
  if (!subject) return;
  const review = {
    outcome: decision.outcome,
    reason: decision.reason,
    decidedBy: decision.decidedBy,
    ...(decision.decidedByName ? { decidedByName: decision.decidedByName } : {}),
    decidedAt: decision.decidedAt,
  };
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: subject.key,
      UpdateExpression: 'SET review = :review',
      ExpressionAttributeValues: { ':review': review },
    }),
  );
  const opId = `evidence-reviewed:${task.taskId}`;
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'EvidenceReviewed',
            at: decision.decidedAt,
            actor:
              caller === 'system'
                ? { kind: 'system' as const }
                : {
                    kind: 'staff' as const,
                    id: caller.id,
                    groups: caller.groups,
                    ...(caller.name ? { name: caller.name } : {}),
                  },
            visibility: 'staff',
            data: { ...subject.data, outcome: decision.outcome, taskId: task.taskId },
            opId,
          },
          patch: { updatedAt: decision.decidedAt },
        },
  );
}

/** Files on the case a request names must be files this case has (a visit's recordings, a kit's output). */
export async function checkFilesOnCase(
  deps: LifecycleDeps,
  c: NoiseCase,
  fileIds: readonly string[] | undefined,
) {
  if (!fileIds?.length) return;
  const known = new Set((await evidenceOf(deps, c)).files.map((file) => file.fileId));
  const missing = fileIds.filter((id) => !known.has(id));
  if (missing.length)
    throw new AppError(400, 'VALIDATION_FAILED', 'The request has problems in some fields', [
      { path: 'fileIds', message: `No file with id ${missing.join(', ')} on this case` },
    ]);
}
