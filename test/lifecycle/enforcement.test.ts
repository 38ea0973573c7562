import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processClock } from '../../functions/commons/clock.ts';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithPenalty,
  decide,
  openCase,
  openTask,
  pay,
} from '../support/lifecycle.ts';
import { call, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const DAY_MS = 86_400_000;

describe('warning and compliance', () => {
  it('a warned source that complies for the whole compliance period ends in a closed case with letters', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    await decide(env, caseRef, 'triage', 'warn');
    expect((await caseView(env, caseRef)).case.status).toBe('warning-issued');

    await advanceDays(env, 13);
    expect((await caseView(env, caseRef)).case.status).toBe('warning-issued');
    await advanceDays(env, 2);

    const view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'complied' });
    expect(view.outbox.map((m) => `${m.to}:${m.template}`)).toEqual(
      expect.arrayContaining([
        'complainant:acknowledgement',
        'source:communityProtectionWarning',
        'complainant:warningIssued',
        'complainant:outcome',
        'source:outcome',
      ]),
    );
    const progress = await call(env.stack, 'GET', `/cases/${caseRef}/progress`, {
      headers: { 'x-tracking-token': trackingToken },
    });
    expect(progress.body.status).toBe('closed');
    expect(progress.body.timeline.map((e: { title: string }) => e.title)).toContain(
      'A Community Protection Warning was issued',
    );
  });
});

describe('fixed penalties', () => {
  it('a breach leads to a penalty of £100, £75 within 10 days, payable in 14, with the prosecution time limit recorded', async () => {
    const { penalty } = await caseWithPenalty(env);
    expect(penalty).toMatchObject({
      amountPence: 10_000,
      discountedAmountPence: 7_500,
      status: 'unpaid',
      remindersSent: 0,
    });
    const issued = Date.parse(penalty.dueBy) - 14 * DAY_MS;
    expect(Date.parse(penalty.discountUntil) - issued).toBe(10 * DAY_MS);
    expect(penalty.prosecutionLimitationDate > penalty.dueBy).toBe(true);
  });

  it('paying £75 on day 9 closes the case', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    await advanceDays(env, 9);
    const paid = await pay(env, penalty.penaltyRef, 7_500, processClock.now(), `pay-${caseRef}-1`);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ result: 'accepted', expectedPence: 7_500 });
    const view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'penalty-paid' });
    expect(view.penalties[0]?.status).toBe('paid');
  });

  it('paying £75 on day 11 is recorded but flagged for a caseworker', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    await advanceDays(env, 11);
    const paid = await pay(env, penalty.penaltyRef, 7_500, processClock.now(), `pay-${caseRef}-late`);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ result: 'flagged', expectedPence: 10_000, amountPence: 7_500 });
    const view = await caseView(env, caseRef);
    expect(view.case.flags).toContain('payment-mismatch');
    expect(view.case.status).toBe('penalty-issued');
    expect(view.timeline.map((e) => e.type)).toContain('PaymentMismatch');
  });

  it('the same payment notification twice is counted once and answered the same', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    const first = await pay(env, penalty.penaltyRef, 7_500, processClock.now(), `pay-${caseRef}-dup`);
    const again = await pay(env, penalty.penaltyRef, 7_500, processClock.now(), `pay-${caseRef}-dup`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const view = await caseView(env, caseRef);
    expect(view.timeline.filter((e) => e.type === 'PaymentReceived')).toHaveLength(1);
  });

  it('a payment notification with a bad signature is refused', async () => {
    const { penalty } = await caseWithPenalty(env);
    const raw = JSON.stringify({
      amountPence: 7_500,
      paidAt: new Date().toISOString(),
      providerReference: 'forged-1',
    });
    const response = await call(env.stack, 'POST', `/penalties/${penalty.penaltyRef}/payments`, {
      raw,
      headers: { 'content-type': 'application/json', 'x-signature': `sha256=${'0'.repeat(64)}` },
    });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('BAD_SIGNATURE');
  });

  it('an unpaid penalty gets reminders on days 7 and 12, then a manager reviews it for prosecution', async () => {
    const { caseRef, trackingToken, penalty } = await caseWithPenalty(env);
    await advanceDays(env, 7);
    expect((await caseView(env, caseRef)).penalties[0]?.remindersSent).toBe(1);
    await advanceDays(env, 5);
    expect((await caseView(env, caseRef)).penalties[0]?.remindersSent).toBe(2);
    await advanceDays(env, 3);

    const review = await openTask(env, caseRef, 'prosecution-review', 'manager');
    expect(review.allowedOutcomes).toEqual(['prosecute', 'withdraw']);
    const byCaseworker = await asStaff(env, 'caseworker', 'POST', `/tasks/${review.taskId}/decision`, {
      outcome: 'prosecute',
      reason: 'Unpaid',
    });
    expect(byCaseworker.status).toBe(403);
    await decide(env, caseRef, 'prosecution-review', 'prosecute', {
      group: 'manager',
      reason: 'Unpaid after two reminders',
    });

    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('escalated');
    expect(view.penalties[0]).toMatchObject({
      penaltyRef: penalty.penaltyRef,
      status: 'prosecution',
      remindersSent: 2,
    });
    const reminders = view.outbox.filter((m) => m.template === 'paymentReminder');
    expect(reminders).toHaveLength(2);
    expect(view.outbox.map((m) => m.to)).toContain('legal-team');
    const progress = await call(env.stack, 'GET', `/cases/${caseRef}/progress`, {
      headers: { 'x-tracking-token': trackingToken },
    });
    expect(progress.body.status).toBe('escalated');
  });

  it('running the sweeper twice at the same instant sends no reminder twice', async () => {
    const { caseRef } = await caseWithPenalty(env);
    processClock.advance(7 * DAY_MS + 60_000);
    const [first, second] = await Promise.all([env.stack.sweep(), env.stack.sweep()]);
    const third = await env.stack.sweep();
    expect((first.outcomes.reminded ?? 0) + (second.outcomes.reminded ?? 0)).toBeGreaterThanOrEqual(1);
    expect(third.outcomes.reminded ?? 0).toBe(0);
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.outbox.filter((m) => m.template === 'paymentReminder')).toHaveLength(1);
    expect(view.timeline.filter((e) => e.type === 'PaymentReminderSent')).toHaveLength(1);
    expect(view.penalties[0]?.remindersSent).toBe(1);
  });
});

describe('staff decisions', () => {
  it('a second decision on the same task is refused with 409', async () => {
    const { caseRef } = await openCase(env);
    const task = await openTask(env, caseRef, 'triage', 'caseworker');
    const first = await asStaff(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'warn',
      reason: 'Loud music twice',
    });
    const second = await asStaff(
      env,
      'caseworker',
      'POST',
      `/tasks/${task.taskId}/decision`,
      { outcome: 'no-further-action', reason: 'Changed mind' },
      'Other Officer',
    );
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('TASK_ALREADY_DECIDED');
    await env.stack.settle();
  });

  it('caseworkers deciding the same task at once: exactly one wins', async () => {
    const { caseRef } = await openCase(env);
    const task = await openTask(env, caseRef, 'triage', 'caseworker');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        asStaff(
          env,
          'caseworker',
          'POST',
          `/tasks/${task.taskId}/decision`,
          { outcome: 'warn', reason: `Officer ${i}` },
          `Officer ${i}`,
        ),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(5);
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.timeline.filter((e) => e.type === 'TaskDecided')).toHaveLength(1);
    expect(view.timeline.filter((e) => e.type === 'WarningIssued')).toHaveLength(1);
  });

  it('a facilitator may not triage a case', async () => {
    const { caseRef } = await openCase(env);
    const task = await openTask(env, caseRef, 'triage', 'caseworker');
    const answer = await asStaff(env, 'facilitator', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'warn',
      reason: 'Not mine',
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('FORBIDDEN');
  });

  it('an outcome the task does not allow gets a 400 naming the allowed outcomes', async () => {
    const { caseRef } = await openCase(env);
    const task = await openTask(env, caseRef, 'triage', 'caseworker');
    const answer = await asStaff(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'issue-fpn',
      reason: 'Too soon',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([
      { path: 'outcome', message: 'Choose one of: warn, restorative, no-further-action' },
    ]);
  });

  it('a decision without a reason is refused', async () => {
    const { caseRef } = await openCase(env);
    const task = await openTask(env, caseRef, 'triage', 'caseworker');
    const answer = await asStaff(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'warn',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields[0].path).toBe('reason');
  });

  it('a triage nobody decides in two working days is escalated to managers', async () => {
    const { caseRef } = await openCase(env);
    const before = await openTask(env, caseRef, 'triage', 'caseworker');
    expect(before.escalated).toBe(false);
    await advanceDays(env, 5);
    const after = await openTask(env, caseRef, 'triage', 'manager');
    expect(after).toMatchObject({ escalated: true, overdue: true });
    const view = await caseView(env, caseRef);
    expect(view.timeline.map((e) => e.type)).toContain('TaskEscalated');
    expect(view.outbox.some((m) => m.to === 'managers' && m.template === 'task-overdue')).toBe(true);
    await decide(env, caseRef, 'triage', 'no-further-action', { group: 'manager' });
    expect((await caseView(env, caseRef)).case.status).toBe('closed');
  });
});

describe('privacy of letters', () => {
  it('nothing addressed to the source names the complainant or gives their contact details', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    await advanceDays(env, 8);
    await advanceDays(env, 7);
    await decide(env, caseRef, 'prosecution-review', 'prosecute', { group: 'manager' });
    const view = await caseView(env, caseRef);
    const complainant = view.parties.find((p) => p.role === 'complainant');
    expect(complainant?.name).toBeTruthy();
    const toSource = view.outbox.filter((m) => m.to === 'source');
    expect(toSource.map((m) => m.template)).toEqual(
      expect.arrayContaining([
        'communityProtectionWarning',
        'fixedPenaltyNotice',
        'paymentReminder',
        'prosecution',
      ]),
    );
    for (const letter of toSource) {
      const text = `${letter.subject}\n${letter.body}`;
      for (const secret of [
        complainant?.name,
        complainant?.email,
        complainant?.phone,
        complainant?.address.line1,
      ]) {
        if (secret) expect(text).not.toContain(secret);
      }
    }
    const notice = toSource.find((m) => m.template === 'fixedPenaltyNotice');
    expect(notice?.body).toContain(penalty.penaltyRef);
    expect(notice?.body).toContain('£100.00');
    expect(notice?.body).toContain('£75.00');
  });
});
