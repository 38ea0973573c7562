/**
 * Diary sheets: a caseworker gives one to a complainant for a period (policy: 14 to 28 days); the
 * resident fills it in online with their tracking token, saving entries as drafts, and sends it.
 * Entries live in the sheet's one item, so sending it freezes exactly the entries saved before it,
 * atomically: after that they are read-only. A reminder goes out before the due date; a sheet not
 * back by then raises a task, and the caseworker may close the case with the standard letter.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conflict, notFound, validationFailed } from '../../commons/errors.ts';
import { hasApplied } from '../case-store.ts';
import { outboxItem, released, toComplainants } from '../letters/outbox.ts';
import { councilDetails, day, greeting, signOff } from '../letters/words.ts';
import { caseDeadlineItem, endDeadlineById } from '../lifecycle/deadlines.ts';
import { type Caller, type LifecycleDeps, staffActor, systemActor } from '../lifecycle/deps.ts';
import { applyChange, writeItems } from '../lifecycle/step.ts';
import { cancelTask, caseTaskItem, taskRecord } from '../lifecycle/tasks.ts';
import type { NoiseCase } from '../model/case.ts';
import type { Deadline, Decision, StaffTask } from '../model/workflow.ts';
import { peopleOf } from '../people/parties.ts';
import { getItem } from '../table-access.ts';
import { addDays, londonDate } from '../time.ts';
import { closeByDecision } from './closing.ts';
import {
  DIARY_DEADLINE,
  type DiaryEntry,
  type DiarySheet,
  evidenceKey,
  NOT_RETURNED_TASK,
  REVIEW_TASK,
} from './model.ts';
import { evidenceId, evidenceOf, staffAddedBy } from './records.ts';
import { type Resident, residentSheet } from './resident.ts';
import { staffDiarySheet } from './staff.ts';

const OPEN_STATUSES = ['issued', 'overdue'];

async function getSheet(deps: LifecycleDeps, c: NoiseCase, sheetId: string): Promise<DiarySheet | undefined> {
  const sheet = await getItem<DiarySheet>(deps, evidenceKey.diary(c.caseRef, sheetId));
  return sheet && released(c, sheet) ? sheet : undefined;
}

/** A caseworker gives a complainant a diary sheet; they hear by letter (or email) how to fill it in. */
export async function issueDiarySheet(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  request: { partyId: string; days?: number | undefined },
  idempotencyKey?: string,
) {
  const now = deps.clock.now();
  const policy = deps.policy.at(now).evidence.diarySheet;
  const c = await deps.store.get(caseRef);
  if (!c) throw notFound('No case with that reference');
  if (c.status === 'closed') throw conflict('CASE_CLOSED', 'This case is closed');
  const complainants = (await peopleOf(deps, c)).complainants.filter((person) => !person.anonymisedAt);
  const keeper = complainants.find((person) => person.partyId === request.partyId);
  if (!keeper)
    throw validationFailed([{ path: 'partyId', message: 'No complainant with that party id on this case' }]);
  const days = request.days ?? policy.defaultDays;
  if (days < policy.minDays || days > policy.maxDays)
    throw validationFailed([
      {
        path: 'days',
        message: `A diary sheet is kept for ${policy.minDays} to ${policy.maxDays} days`,
      },
    ]);
  const sheetId = evidenceId('ds', c.caseRef, keeper.partyId, idempotencyKey ?? `${londonDate(now)}|${days}`);
  const opId = `diary-sheet:${sheetId}`;
  const existing = (await evidenceOf(deps, c)).diarySheets;
  const same = existing.find((sheet) => sheet.sheetId === sheetId);
  if (same) return staffDiarySheet(same);
  const open = existing.find(
    (sheet) => sheet.partyId === keeper.partyId && OPEN_STATUSES.includes(sheet.status),
  );
  if (open)
    throw conflict(
      'DIARY_SHEET_OPEN',
      `This complainant already has a diary sheet, due ${day(open.dueAt)}; wait for it to come back`,
    );
  const at = now.toISOString();
  const dueAt = addDays(now, days).toISOString();
  const deadline = caseDeadlineItem(deps, c, {
    kind: DIARY_DEADLINE,
    subjectId: sheetId,
    dueAt,
    reminders: [
      {
        at: addDays(new Date(dueAt), -policy.remindDaysBefore).toISOString(),
        template: 'diarySheetReminder',
      },
    ],
  });
  const sheet: DiarySheet = {
    sheetId,
    caseRef: c.caseRef,
    partyId: keeper.partyId,
    issuedAt: at,
    issuedBy: staffAddedBy(caller),
    startsOn: londonDate(now),
    endsOn: londonDate(new Date(dueAt)),
    dueAt,
    status: 'issued',
    entries: {},
    deadlineId: deadline.deadlineId,
  };
  const letters = toComplainants(
    c,
    [keeper],
    'diarySheetIssued',
    (to) => ({
      subject: `Case ${c.caseRef}: please keep a diary of the noise`,
      body: `${greeting(to.name)}\n\nTo help us with case ${c.caseRef}, please keep a diary of the noise from ${day(at)} to ${day(dueAt)}. Each time you hear it, write down the date, when it started and stopped, what you heard and how it affected you.\n\nFill in the diary online on the "Follow your case" page (${councilDetails().publicUrl}/follow), using your case reference and the tracking token we gave you. You can save entries and come back to add more. When you have finished, send the diary to us by ${day(dueAt)}.\n\nIf you cannot use the online diary, phone ${councilDetails().phone} and we will post you a paper one.\n\nIf we do not receive the diary back, we may not be able to take the case further.\n\n${signOff()}`,
    }),
    opId,
    at,
  );
  await writeItems(deps, opId, [
    { ...evidenceKey.diary(c.caseRef, sheetId), ...sheet },
    deadline.item,
    ...letters.map(outboxItem),
  ]);
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'DiarySheetIssued',
            at,
            actor: staffActor(caller),
            visibility: 'staff',
            data: {
              sheetId,
              partyId: keeper.partyId,
              startsOn: sheet.startsOn,
              endsOn: sheet.endsOn,
              dueAt,
              messages: letters.map((m) => m.messageId),
            },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
  return staffDiarySheet(sheet);
}

async function residentsSheet(deps: LifecycleDeps, resident: Resident, sheetId: string) {
  const sheet = await getSheet(deps, resident.c, sheetId);
  // Another resident's sheet looks exactly like no sheet.
  if (!sheet || sheet.partyId !== resident.partyId) throw notFound('No diary sheet with that id');
  return sheet;
}

function sentAlready(sheet: DiarySheet) {
  return conflict(
    'DIARY_SHEET_RETURNED',
    `You sent this diary sheet on ${day(sheet.returnedAt ?? sheet.updatedAt ?? sheet.issuedAt)}: its entries can no longer be changed`,
  );
}

export interface EntryRequest {
  entryId: string;
  date: string;
  startTime: string;
  endTime: string;
  heard: string;
  effect: string;
}

/** Saves one entry as a draft (new or changed); saving the same entry again changes nothing else. */
export async function saveDiaryEntry(
  deps: LifecycleDeps,
  resident: Resident,
  sheetId: string,
  entry: EntryRequest,
) {
  const sheet = await residentsSheet(deps, resident, sheetId);
  if (resident.c.status === 'closed') throw conflict('CASE_CLOSED', 'This case is closed');
  if (sheet.status === 'returned') throw sentAlready(sheet);
  const now = deps.clock.now();
  const today = londonDate(now);
  if (entry.date < sheet.startsOn || entry.date > sheet.endsOn)
    throw validationFailed([
      {
        path: 'date',
        message: `The date must be between ${day(`${sheet.startsOn}T12:00:00Z`)} and ${day(`${sheet.endsOn}T12:00:00Z`)}`,
      },
    ]);
  if (entry.date > today)
    throw validationFailed([{ path: 'date', message: 'The date must be today or in the past' }]);
  const maxEntries = deps.policy.at(now).evidence.diarySheet.maxEntries;
  const saved: DiaryEntry = { ...entry, savedAt: now.toISOString() };
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: evidenceKey.diary(resident.c.caseRef, sheetId),
        UpdateExpression: 'SET entries.#entry = :entry, updatedAt = :now',
        ConditionExpression:
          'partyId = :party AND #status IN (:issued, :overdue) AND (size(entries) < :max OR attribute_exists(entries.#entry))',
        ExpressionAttributeNames: { '#entry': entry.entryId, '#status': 'status' },
        ExpressionAttributeValues: {
          ':entry': saved,
          ':now': saved.savedAt,
          ':party': resident.partyId,
          ':issued': 'issued',
          ':overdue': 'overdue',
          ':max': maxEntries,
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const latest = await residentsSheet(deps, resident, sheetId);
    if (latest.status === 'returned') throw sentAlready(latest);
    throw conflict('DIARY_SHEET_FULL', `A diary sheet holds at most ${maxEntries} entries`);
  }
  return residentSheet({ ...sheet, entries: { ...sheet.entries, [entry.entryId]: saved } });
}

/** The resident sends the sheet: its entries freeze, a caseworker is asked to review them. */
export async function submitDiarySheet(deps: LifecycleDeps, resident: Resident, sheetId: string) {
  const sheet = await residentsSheet(deps, resident, sheetId);
  const opId = `diary-returned:${sheetId}`;
  if (hasApplied(resident.c, opId)) return residentSheet(sheet);
  if (sheet.status !== 'returned' && resident.c.status === 'closed')
    throw conflict('CASE_CLOSED', 'This case is closed');
  const now = deps.clock.now().toISOString();
  const review = caseTaskItem(deps, resident.c, { type: REVIEW_TASK, key: sheetId });
  await writeItems(deps, opId, [review.item]);
  let returned = sheet;
  if (sheet.status !== 'returned') {
    try {
      const { Attributes } = await deps.db.send(
        new UpdateCommand({
          TableName: deps.table,
          Key: evidenceKey.diary(resident.c.caseRef, sheetId),
          UpdateExpression:
            'SET #status = :returned, returnedAt = :now, reviewTaskId = :task, updatedAt = :now',
          ConditionExpression: 'partyId = :party AND #status IN (:issued, :overdue)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':returned': 'returned',
            ':now': now,
            ':task': review.taskId,
            ':party': resident.partyId,
            ':issued': 'issued',
            ':overdue': 'overdue',
          },
          // Read back in the same write: the not-returned task set at the due date, if it came first.
          ReturnValues: 'ALL_NEW',
        }),
      );
      returned = { ...sheet, ...(Attributes as DiarySheet) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      returned = await residentsSheet(deps, resident, sheetId);
      if (returned.status !== 'returned') throw error;
    }
  }
  await finishReturn(deps, resident.c, returned);
  return residentSheet(returned);
}

/** The audited half of a return; the sheet's due date repeats it if the request died before it. */
async function finishReturn(deps: LifecycleDeps, c: NoiseCase, sheet: DiarySheet) {
  const opId = `diary-returned:${sheet.sheetId}`;
  const at = sheet.returnedAt ?? deps.clock.now().toISOString();
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'DiarySheetReturned',
            at,
            actor: { kind: 'resident' as const, id: sheet.partyId },
            visibility: 'staff',
            data: {
              sheetId: sheet.sheetId,
              entries: Object.keys(sheet.entries ?? {}).length,
              late: at > sheet.dueAt,
              ...(sheet.reviewTaskId ? { taskId: sheet.reviewTaskId } : {}),
            },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
  await endDeadlineById(deps, sheet.deadlineId, { outcome: 'returned' });
  // Came back late: the question of what to do without it no longer arises.
  const notReturned = await taskRecord(deps, sheet.notReturnedTaskId);
  if (notReturned?.status === 'open') await cancelTask(deps, notReturned, 'the diary sheet came back');
}

/** The reminder before the due date, to the complainant keeping the sheet, while it is still out. */
export async function remindKeeper(
  deps: LifecycleDeps,
  deadline: { caseRef: string; subjectId?: string },
  index: number,
) {
  const c = await deps.store.get(deadline.caseRef);
  if (!c || c.status === 'closed' || !deadline.subjectId) return;
  const sheet = await getSheet(deps, c, deadline.subjectId);
  if (sheet?.status !== 'issued') return;
  const opId = `diary-reminder:${sheet.sheetId}:${index}`;
  if (hasApplied(c, opId)) return;
  const keeper = (await peopleOf(deps, c)).complainants.find((person) => person.partyId === sheet.partyId);
  if (!keeper) return;
  const at = deps.clock.now().toISOString();
  const saved = Object.keys(sheet.entries ?? {}).length;
  const letters = toComplainants(
    c,
    [keeper],
    'diarySheetReminder',
    (to) => ({
      subject: `Case ${c.caseRef}: your noise diary is due on ${day(sheet.dueAt)}`,
      body: `${greeting(to.name)}\n\nThis is a reminder that the noise diary for case ${c.caseRef} is due back on ${day(sheet.dueAt)}. ${
        saved === 0
          ? 'You have not saved any entries yet.'
          : `You have saved ${saved} ${saved === 1 ? 'entry' : 'entries'}.`
      } When you have finished, send it to us from the "Follow your case" page.\n\nIf we do not receive the diary back, we may not be able to take the case further.\n\n${signOff()}`,
    }),
    opId,
    at,
  );
  await writeItems(deps, opId, letters.map(outboxItem));
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'DiarySheetReminderSent',
            at,
            actor: systemActor,
            visibility: 'staff',
            data: { sheetId: sheet.sheetId, messages: letters.map((m) => m.messageId) },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
}

/** The due date passed: a sheet still out becomes overdue and a caseworker decides what next. */
export async function sheetDue(deps: LifecycleDeps, deadline: Deadline, outcome: Record<string, unknown>) {
  if (outcome.outcome !== 'elapsed' || !deadline.subjectId) return;
  const c = await deps.store.get(deadline.caseRef);
  if (!c) return;
  const sheet = await getSheet(deps, c, deadline.subjectId);
  if (!sheet) return;
  if (sheet.status === 'returned') {
    // Sent, but the request died before the return was audited: finish it now.
    await finishReturn(deps, c, sheet);
    return;
  }
  const opId = `diary-not-returned:${sheet.sheetId}`;
  if (c.status === 'closed' || hasApplied(c, opId)) return;
  const task = caseTaskItem(deps, c, { type: NOT_RETURNED_TASK, key: sheet.sheetId });
  await writeItems(deps, opId, [task.item]);
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: evidenceKey.diary(c.caseRef, sheet.sheetId),
        UpdateExpression: 'SET #status = :overdue, notReturnedTaskId = :task',
        ConditionExpression: '#status IN (:issued, :overdue)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':overdue': 'overdue', ':issued': 'issued', ':task': task.taskId },
      }),
    );
  } catch (error) {
    // It came back at the last moment: nothing is overdue.
    if (error instanceof ConditionalCheckFailedException) return;
    throw error;
  }
  const at = deps.clock.now().toISOString();
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'DiarySheetNotReturned',
            at,
            actor: systemActor,
            visibility: 'staff',
            data: { sheetId: sheet.sheetId, partyId: sheet.partyId, dueAt: sheet.dueAt, taskId: task.taskId },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
}

/** Closing needs a sheet still out: one that came back since the task opened is evidence to review. */
export async function checkStillOut(deps: LifecycleDeps, task: StaffTask, decision: { outcome: string }) {
  if (decision.outcome !== 'close-case') return;
  const c = await deps.store.get(task.caseRef);
  const sheet = c
    ? (await evidenceOf(deps, c)).diarySheets.find((candidate) => candidate.notReturnedTaskId === task.taskId)
    : undefined;
  if (sheet?.status === 'returned')
    throw conflict(
      'DIARY_SHEET_RETURNED',
      'The diary sheet came back: review it instead of closing the case',
    );
}

/** The caseworker's decision on a sheet not returned: close the case with the standard letter, or carry on. */
export async function applyNotReturned(
  deps: LifecycleDeps,
  task: StaffTask,
  decision: Decision,
  _caller: Caller | 'system',
) {
  if (decision.outcome !== 'close-case') return;
  const c = await deps.store.get(task.caseRef);
  const sheet = c
    ? (await evidenceOf(deps, c)).diarySheets.find((candidate) => candidate.notReturnedTaskId === task.taskId)
    : undefined;
  await closeByDecision(deps, task.caseRef, {
    decidedBy: `decide:${task.taskId}`,
    outcome: 'diary-sheet-not-returned',
    residentOutcome: `We asked for a diary of the noise${
      sheet ? ` by ${day(sheet.dueAt)}` : ''
    } and did not receive it, so we cannot take the case further at the moment.`,
  });
}
