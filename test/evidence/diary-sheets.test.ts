/**
 * Diary sheets over HTTP on the local stack, in virtual time: issued by a caseworker, filled in
 * by the resident with their tracking token over several visits, sent, reminded about, and, when
 * they never come back, a caseworker's decision that closes the case with the standard letter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceDays,
  asStaff,
  caseView,
  decide,
  localNow,
  openCase,
  openTask,
} from '../support/lifecycle.ts';
import { startTestStack } from '../support/local-stack.ts';
import {
  complainantOf as complainantOfCase,
  issueSheet,
  newEntryId,
  residentCall,
  type TestEnv,
} from './support.ts';

let env: TestEnv;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

/** Today in UK time, as diary entries are dated. */
const ukDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

type Sheet = {
  sheetId: string;
  status: string;
  startsOn: string;
  endsOn: string;
  dueAt: string;
  entries: {
    entryId: string;
    date: string;
    heard: string;
    effect: string;
    by?: { kind: string; id: string };
  }[];
  partyId?: string;
  returnedAt?: string;
  reviewTaskId?: string;
};

const complainantOf = (caseRef: string) => complainantOfCase(env, caseRef);
const issue = (caseRef: string, body: Record<string, unknown> = {}, key?: string) =>
  issueSheet(env, caseRef, body, key);

async function progress(caseRef: string, token: string) {
  const response = await residentCall(env, token, 'GET', `/cases/${caseRef}/progress`);
  expect(response.status).toBe(200);
  return response.body as { status: string; evidence: { diarySheets: Sheet[] } };
}

const entry = (date: string, overrides: Record<string, string> = {}) => ({
  entryId: newEntryId(),
  date,
  startTime: '23:15',
  endTime: '01:40',
  heard: 'Very loud bass and people shouting on the balcony',
  effect: 'Woken twice; could not get back to sleep before work',
  ...overrides,
});

async function staffSheets(caseRef: string): Promise<Sheet[]> {
  const view = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`);
  return view.body.evidence.diarySheets;
}

describe('a diary sheet', () => {
  it('is issued, filled in over two visits, sent, and shown to staff with every entry attributed', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const partyId = await complainantOf(caseRef);
    const issued = await issue(caseRef);
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const sheetId = String(issued.body.sheetId);
    expect(issued.body).toMatchObject({ status: 'issued', partyId, startsOn: ukDate(localNow()) });
    // 21 days by default (policy).
    expect(Date.parse(issued.body.dueAt) - localNow().getTime()).toBeGreaterThan(20 * 86_400_000);
    const letters = (await caseView(env, caseRef)).outbox.filter((m) => m.template === 'diarySheetIssued');
    expect(letters).toHaveLength(1);
    expect(letters[0]?.body).toContain('Follow your case');

    // First visit: one entry, saved, then corrected (the same entry id changes the same entry).
    const first = entry(ukDate(localNow()));
    const path = `/cases/${caseRef}/diary-sheets/${sheetId}/entries`;
    expect((await residentCall(env, trackingToken, 'POST', path, first)).status).toBe(200);
    const corrected = await residentCall(env, trackingToken, 'POST', path, { ...first, endTime: '02:05' });
    expect(corrected.status).toBe(200);
    expect(corrected.body.entries).toHaveLength(1);
    expect((await progress(caseRef, trackingToken)).evidence.diarySheets[0]).toMatchObject({
      sheetId,
      status: 'issued',
      entries: [expect.objectContaining({ endTime: '02:05' })],
    });
    // Drafts stay the resident's until sent: staff see how many, not what they say.
    expect((await staffSheets(caseRef))[0]).toMatchObject({ entriesSaved: 1, entries: [] });

    // Second visit, two days later: another entry, then the sheet goes back.
    await advanceDays(env, 2);
    const second = entry(ukDate(localNow()), { heard: 'Drilling and hammering after midnight' });
    expect((await residentCall(env, trackingToken, 'POST', path, second)).status).toBe(200);
    const sent = await residentCall(
      env,
      trackingToken,
      'POST',
      `/cases/${caseRef}/diary-sheets/${sheetId}/submission`,
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ status: 'returned' });
    await env.stack.settle();

    // Read-only once sent; sending again changes nothing.
    const late = await residentCall(env, trackingToken, 'POST', path, entry(ukDate(localNow())));
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('DIARY_SHEET_RETURNED');
    expect(
      (await residentCall(env, trackingToken, 'POST', `/cases/${caseRef}/diary-sheets/${sheetId}/submission`))
        .status,
    ).toBe(200);

    const [sheet] = await staffSheets(caseRef);
    expect(sheet).toMatchObject({ sheetId, status: 'returned', partyId });
    expect(sheet?.entries.map((e) => e.heard)).toEqual([first.heard, second.heard]);
    expect(sheet?.entries.every((e) => e.by?.kind === 'resident' && e.by.id === partyId)).toBe(true);
    const view = await caseView(env, caseRef);
    const returned = view.timeline.filter((event) => event.type === 'DiarySheetReturned');
    expect(returned).toHaveLength(1);
    expect(returned[0]?.actor).toMatchObject({ kind: 'resident', id: partyId });
    expect(returned[0]?.data).toMatchObject({ sheetId, entries: 2, late: false });
    const review = await openTask(env, caseRef, 'review-evidence', 'caseworker');
    expect(review.taskId).toBe(sheet?.reviewTaskId);

    // Its return date passes quietly: nothing is overdue.
    await advanceDays(env, 22);
    const after = await caseView(env, caseRef);
    expect(after.timeline.map((event) => event.type)).not.toContain('DiarySheetNotReturned');
    expect(after.outbox.filter((m) => m.template === 'diarySheetReminder')).toEqual([]);
  });

  it('reminds the complainant before it is due', async () => {
    const { caseRef } = await openCase(env);
    const issued = await issue(caseRef, { days: 14 });
    expect(issued.status).toBe(201);
    await advanceDays(env, 10);
    expect((await caseView(env, caseRef)).outbox.filter((m) => m.template === 'diarySheetReminder')).toEqual(
      [],
    );
    await advanceDays(env, 1.5);
    const view = await caseView(env, caseRef);
    const reminders = view.outbox.filter((m) => m.template === 'diarySheetReminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ to: 'complainant' });
    expect(reminders[0]?.body).toContain('You have not saved any entries yet.');
    expect(view.timeline.map((event) => event.type)).toContain('DiarySheetReminderSent');
  });

  it('not returned by its due date raises a task, and the caseworker’s decision closes the case with its letter', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    await issue(caseRef, { days: 14 });
    await advanceDays(env, 15);
    const task = await openTask(env, caseRef, 'diary-sheet-not-returned', 'caseworker');
    expect(task.allowedOutcomes).toEqual(['close-case', 'continue-investigation']);
    expect((await staffSheets(caseRef))[0]?.status).toBe('overdue');
    const triage = await openTask(env, caseRef, 'triage', 'caseworker');

    await decide(env, caseRef, 'diary-sheet-not-returned', 'close-case', {
      group: 'caseworker',
      reason: 'No diary back after a reminder; nothing else to go on',
    });
    const view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'diary-sheet-not-returned' });
    const outcome = view.outbox.filter((m) => m.template === 'outcome' && m.to === 'complainant');
    expect(outcome).toHaveLength(1);
    expect(outcome[0]?.body).toContain('We asked for a diary of the noise');
    expect(outcome[0]?.body).toContain('did not receive it');
    // The workflow it was on is over: its triage can no longer be decided.
    const stale = await asStaff(env, 'manager', 'POST', `/tasks/${triage.taskId}/decision`, {
      outcome: 'no-further-action',
      reason: 'Trying an old task',
    });
    expect(stale.status).toBe(409);
    expect((await progress(caseRef, trackingToken)).status).toBe('closed');
    expect(view.timeline.filter((event) => event.type === 'CaseClosed')).toHaveLength(1);
  });

  it('that comes back late withdraws the question of closing the case', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const issued = await issue(caseRef, { days: 14 });
    await advanceDays(env, 15);
    const task = await openTask(env, caseRef, 'diary-sheet-not-returned', 'caseworker');
    const sent = await residentCall(
      env,
      trackingToken,
      'POST',
      `/cases/${caseRef}/diary-sheets/${issued.body.sheetId}/submission`,
    );
    expect(sent.status).toBe(200);
    const closing = await asStaff(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'close-case',
      reason: 'Closing for lack of a diary',
    });
    expect(closing.status).toBe(409);
    // The task left the queue when the sheet came back.
    expect(closing.body.error.code).toBe('TASK_NO_LONGER_WAITING');
    const view = await caseView(env, caseRef);
    expect(view.case.status).not.toBe('closed');
    expect(view.timeline.find((e) => e.type === 'DiarySheetReturned')?.data).toMatchObject({ late: true });
  });

  it('is one per complainant at a time, and a retried issue is the same sheet', async () => {
    const { caseRef } = await openCase(env);
    const first = await issue(caseRef, {}, 'issue-key-0001');
    const retried = await issue(caseRef, {}, 'issue-key-0001');
    expect(retried.status).toBe(201);
    expect(retried.body.sheetId).toBe(first.body.sheetId);
    const second = await issue(caseRef, {}, 'issue-key-0002');
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('DIARY_SHEET_OPEN');
    const nobody = await issue(caseRef, { partyId: 'not-a-complainant' }, 'issue-key-0004');
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.fields).toEqual([
      { path: 'partyId', message: 'No complainant with that party id on this case' },
    ]);
    const outOfRange = await issue(caseRef, { days: 40 }, 'issue-key-0003');
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.fields).toEqual([
      { path: 'days', message: 'A diary sheet is kept for 14 to 28 days' },
    ]);
    expect(
      (await caseView(env, caseRef)).outbox.filter((m) => m.template === 'diarySheetIssued'),
    ).toHaveLength(1);
  });

  it('takes entries only from its keeper, for days in its period and not in the future', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const other = await openCase(env);
    const issued = await issue(caseRef);
    const path = `/cases/${caseRef}/diary-sheets/${issued.body.sheetId}/entries`;
    const stranger = await residentCall(env, other.trackingToken, 'POST', path, entry(ukDate(localNow())));
    expect(stranger.status).toBe(404);
    const before = await residentCall(env, trackingToken, 'POST', path, entry('2020-01-01'));
    expect(before.status).toBe(400);
    expect(before.body.error.fields[0].path).toBe('date');
    const tomorrow = ukDate(new Date(localNow().getTime() + 86_400_000));
    const future = await residentCall(env, trackingToken, 'POST', path, entry(tomorrow));
    expect(future.status).toBe(400);
    expect(future.body.error.fields[0]).toEqual({
      path: 'date',
      message: 'The date must be today or in the past',
    });
    const badTime = await residentCall(
      env,
      trackingToken,
      'POST',
      path,
      entry(ukDate(localNow()), { startTime: '25:00' }),
    );
    expect(badTime.status).toBe(400);
    expect(badTime.body.error.fields[0].path).toBe('startTime');
    expect((await progress(caseRef, trackingToken)).evidence.diarySheets[0]?.entries).toEqual([]);
  });
});
