/**
 * The 2014 Act route over HTTP on the local stack, in virtual time: a warning first, a notice
 * only after the warning is breached, and a penalty or prosecution only for breaching the notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithNotice,
  caseWithPenalty,
  caseWithWarning,
  decide,
  localNow,
  openCase,
  openTask,
  pay,
  recordBreach,
} from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const DAY = 86_400_000;

describe('the warning', () => {
  it('a warning with nobody named and no enquiries recorded is refused, writing nothing, and goes to the occupier once an enquiry is recorded', async () => {
    const { caseRef } = await openCase(env);
    const task = await openTask(env, caseRef, 'triage', 'caseworker');
    const before = await env.partition(`CASE#${caseRef}`);
    const refused = await asStaff(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'warn',
      reason: 'Loud music on three nights',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'RECIPIENT_NOT_ESTABLISHED' });
    expect(refused.body.error.message).toMatch(/enquiries/);
    expect(await env.partition(`CASE#${caseRef}`)).toEqual(before);

    const enquiry = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/enquiries`, {
      method: 'council-tax',
      madeAt: new Date(localNow().getTime() - DAY).toISOString(),
      description: 'Asked Council Tax who is liable for the flat',
      findings: 'No one is registered as liable',
    });
    expect(enquiry.status).toBe(201);
    const decided = await asStaff(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'warn',
      reason: 'Loud music on three nights',
    });
    expect(decided.status).toBe(200);
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    const cpw = view.notices.find((n) => n.kind === 'cpw');
    expect(cpw?.recipient).toMatchObject({ kind: 'occupier' });
    expect(JSON.stringify(cpw?.recipient)).toContain('Council Tax');
    expect(view.case.flags ?? []).not.toContain('occupier-without-enquiries');

    // The notice after it goes to the occupier on the same enquiries.
    await advanceDays(env, 8);
    expect((await recordBreach(env, caseRef)).body).toMatchObject({ counts: true, actedOn: true });
    await decide(env, caseRef, 'cpn-decision', 'serve-cpn');
    const cpn = (await caseView(env, caseRef)).notices.find((n) => n.kind === 'cpn');
    expect(cpn?.recipient).toMatchObject({ kind: 'occupier' });
    expect(JSON.stringify(cpn?.recipient)).toContain('Council Tax');
  });

  it('a CPN after a warning given to the occupier with its enquiries in the decision cites those enquiries', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'warn', {
      group: 'caseworker',
      details: {
        recipient: {
          kind: 'occupier',
          enquiries: ['Checked the electoral register: nobody listed at the flat'],
        },
      },
    });
    await advanceDays(env, 8);
    expect((await recordBreach(env, caseRef)).body).toMatchObject({ counts: true, actedOn: true });
    const task = await openTask(env, caseRef, 'cpn-decision');
    const decided = await asStaff(env, 'manager', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'serve-cpn',
      reason: 'The warning was breached',
    });
    expect(decided.status).toBe(200);
    await env.stack.settle();
    const cpn = (await caseView(env, caseRef)).notices.find((n) => n.kind === 'cpn');
    expect(cpn?.recipient).toMatchObject({
      kind: 'occupier',
      enquiries: ['Checked the electoral register: nobody listed at the flat'],
    });
  });

  it('a warning names its recipient and requirements, gives 7 days to comply and threatens no penalty', async () => {
    const { caseRef } = await caseWithWarning(env);
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('warning-issued');
    const [notice] = view.notices;
    expect(notice).toMatchObject({ kind: 'cpw', recipient: { kind: 'occupier' }, status: 'in-force' });
    expect(Date.parse(notice?.complyBy ?? '') - Date.parse(notice?.servedAt ?? '')).toBe(7 * DAY);
    const letter = view.outbox.find((m) => m.template === 'communityProtectionWarning');
    expect(letter?.body).toContain('COMMUNITY PROTECTION WARNING');
    expect(letter?.body).toMatch(/Community Protection Notice/);
    expect(letter?.body).not.toMatch(/fixed penalty|prosecut|fine/i);
  });

  it('a warning to a named person carries their name and the requirements the decision gave', async () => {
    const opened = await openCase(env);
    await decide(env, opened.caseRef, 'triage', 'warn', {
      group: 'caseworker',
      details: {
        recipient: { kind: 'person', name: 'Dana Occupant', ageConfirmed16Plus: true },
        requirements: [{ kind: 'stop', text: 'Do not play amplified music after 23:00' }],
        complyDays: 3,
      },
    });
    const view = await caseView(env, opened.caseRef);
    expect(view.notices[0]).toMatchObject({ recipient: { kind: 'person', name: 'Dana Occupant' } });
    const letter = view.outbox.find((m) => m.template === 'communityProtectionWarning');
    expect(letter?.body).toContain('Dana Occupant');
    expect(letter?.body).toContain('Do not play amplified music after 23:00');
  });

  it('a warning addressed to the occupier without enquiries is refused when the decision says occupier', async () => {
    const opened = await openCase(env);
    const task = await openTask(env, opened.caseRef, 'triage', 'caseworker');
    const refused = await asStaff(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'warn',
      reason: 'Music at night',
      details: { recipient: { kind: 'occupier', enquiries: [] } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].path).toBe('details.recipient.enquiries');
    expect((await openTask(env, opened.caseRef, 'triage', 'caseworker')).taskId).toBe(task.taskId);
  });

  it('a warning complied with closes the case after the watch, and stays live: a report within a year reopens it at the CPN decision', async () => {
    const { caseRef, trackingToken } = await caseWithWarning(env, {
      sourceLine1: `${Date.now()} Live Warning Road`,
    });
    await advanceDays(env, 15);
    expect((await caseView(env, caseRef)).case.status).toBe('closed');
    await advanceDays(env, 60);
    const line1 = (await caseView(env, caseRef)).parties.find((p) => p.role === 'source')?.address.line1;
    const again = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({
        sourceLine1: line1,
        occurredAt: new Date(localNow().getTime() - 3_600_000).toISOString(),
      }),
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ caseRef, joinedExistingCase: true });
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('warning-issued');
    expect(view.tasks.filter((t) => t.status === 'open').map((t) => t.type)).toEqual(['cpn-decision']);
    expect(trackingToken).toBeTruthy();
  });
});

describe('breaches', () => {
  it('conduct before the time to comply ends is evidence only and acts on nothing', async () => {
    const { caseRef } = await caseWithWarning(env);
    const early = await recordBreach(env, caseRef);
    expect(early.status).toBe(201);
    expect(early.body).toMatchObject({ counts: false, actedOn: false });
    expect(early.body.why).toMatch(/came before the/);
    const view = await caseView(env, caseRef);
    expect(view.tasks.filter((t) => t.status === 'open')).toEqual([]);
    expect(view.timeline.map((e) => e.type)).toContain('EvidenceRecorded');
  });

  it('a report about noise from before the warning is not a breach', async () => {
    const line1 = `${Date.now()} Before Warning Street`;
    const { caseRef } = await caseWithWarning(env, { sourceLine1: line1 });
    await advanceDays(env, 8);
    const old = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({
        sourceLine1: line1,
        occurredAt: new Date(localNow().getTime() - 9 * DAY).toISOString(),
      }),
    });
    expect(old.body.caseRef).toBe(caseRef);
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.tasks.filter((t) => t.status === 'open')).toEqual([]);
    expect(view.case.status).toBe('warning-issued');
  });

  it('a breach of the warning asks a manager about a CPN and offers no penalty or prosecution', async () => {
    const { caseRef } = await caseWithWarning(env);
    await advanceDays(env, 8);
    const breach = await recordBreach(env, caseRef);
    expect(breach.body).toMatchObject({ counts: true, actedOn: true });
    const task = await openTask(env, caseRef, 'cpn-decision');
    expect(task.allowedOutcomes).toEqual(['serve-cpn', 'restorative', 'no-further-action']);
    const caseworker = await asStaff(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'serve-cpn',
      reason: 'The music continued',
    });
    expect(caseworker.status).toBe(403);
    const fpn = await asStaff(env, 'manager', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'issue-fpn',
      reason: 'Trying a penalty',
    });
    expect(fpn.status).toBe(400);
  });

  it('a breach witnessed in the future is refused and writes nothing', async () => {
    const { caseRef } = await caseWithWarning(env);
    const before = (await caseView(env, caseRef)).timeline.length;
    const future = await recordBreach(env, caseRef, {
      witnessedAt: new Date(localNow().getTime() + DAY).toISOString(),
    });
    expect(future.status).toBe(400);
    expect(future.body.error.fields[0].path).toBe('witnessedAt');
    expect((await caseView(env, caseRef)).timeline.length).toBe(before);
  });

  it('a breach recorded when no notice is in force is evidence only, and a later notice does not act on it', async () => {
    const opened = await openCase(env);
    const breach = await recordBreach(env, opened.caseRef);
    expect(breach.body).toMatchObject({ counts: false, actedOn: false });
    await decide(env, opened.caseRef, 'triage', 'warn', { group: 'caseworker' });
    await advanceDays(env, 15);
    expect((await caseView(env, opened.caseRef)).case.status).toBe('closed');
  });
});

describe('the notice', () => {
  it('a CPN records its partners, a 21-day appeal window and the requirements, and the complainant is told', async () => {
    const { caseRef } = await caseWithNotice(env, {
      partnersInformed: ['Northmoor Police', 'Northmoor Homes'],
    });
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('notice-served');
    const cpn = view.notices.find((n) => n.kind === 'cpn');
    expect(cpn?.partnersInformed).toEqual(['Northmoor Police', 'Northmoor Homes']);
    expect(Date.parse(cpn?.appealUntil ?? '') - Date.parse(cpn?.servedAt ?? '')).toBe(21 * DAY);
    const letter = view.outbox.find((m) => m.template === 'communityProtectionNotice');
    expect(letter?.body).toMatch(/appeal to a magistrates' court within 21 days/);
    expect(letter?.body).toMatch(/offence \(section 48\)/);
    expect(view.outbox.some((m) => m.to === 'complainant' && m.template === 'noticeServed')).toBe(true);
  });

  it('an appeal suspends "do" requirements but not "stop" ones, and a dismissed appeal lifts the suspension', async () => {
    const { caseRef } = await caseWithNotice(env, {
      requirements: [{ kind: 'do', text: 'Fit a sound limiter to the amplifier' }],
    });
    const cpn = (await caseView(env, caseRef)).notices.find((n) => n.kind === 'cpn');
    const lodged = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
      noticeId: cpn?.noticeId,
      lodgedAt: localNow().toISOString(),
      court: 'Northmoor Magistrates Court',
    });
    expect(lodged.status).toBe(201);
    await advanceDays(env, 8);
    const suspended = await recordBreach(env, caseRef, { requirement: 'do' });
    expect(suspended.body).toMatchObject({ counts: false, actedOn: false });
    expect(suspended.body.why).toMatch(/suspended/);
    await decide(env, caseRef, 'appeal-outcome', 'dismissed');
    const counted = await recordBreach(env, caseRef, {
      requirement: 'do',
      description: 'Still no limiter fitted',
    });
    expect(counted.body).toMatchObject({ counts: true, actedOn: true });
    expect((await openTask(env, caseRef, 'cpn-breach-decision')).allowedOutcomes).toContain('issue-fpn');
  });

  it('a quashed notice closes the case', async () => {
    const { caseRef } = await caseWithNotice(env);
    const cpn = (await caseView(env, caseRef)).notices.find((n) => n.kind === 'cpn');
    await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
      noticeId: cpn?.noticeId,
      lodgedAt: localNow().toISOString(),
      court: 'Northmoor Magistrates Court',
    });
    await decide(env, caseRef, 'appeal-outcome', 'quashed');
    const view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'notice-quashed' });
    expect(view.notices.find((n) => n.kind === 'cpn')?.status).toBe('quashed');
  });
});

describe('fixed penalties', () => {
  it('CPW → breach → CPN → breach → FPN paid at the discount closes the case, with every s.52(6) particular on the notice', async () => {
    const { caseRef, penalty, breachId } = await caseWithPenalty(env);
    const view = await caseView(env, caseRef);
    const breach = view.breaches.find((b) => b.breachId === breachId);
    expect(penalty).toMatchObject({ amountPence: 10_000, discountedAmountPence: 7_500, status: 'unpaid' });
    // The offence date is the witnessed breach, and the limitation date runs from it.
    expect(Date.parse(penalty.offenceAt)).toBeLessThan(
      Date.parse(view.timeline.find((e) => e.type === 'FixedPenaltyIssued')?.data.dueBy as string),
    );
    expect(penalty.prosecutionLimitationDate).toBe(breach?.limitationDate);
    const fpn = view.outbox.find((m) => m.template === 'fixedPenaltyNotice');
    for (const particular of [
      /Failing to comply with a Community Protection Notice/,
      /Date and time of the offence/,
      /From the pavement outside the premises/,
      /No proceedings will be taken for this offence before/,
      /£100\.00/,
      /£75\.00/,
      /Pay to: .+, .+/,
      /You can pay:\n- /,
      /Issued by: Officer Priya Shah/,
    ])
      expect(fpn?.body).toMatch(particular);
    await advanceDays(env, 3);
    const paid = await pay(env, penalty.penaltyRef, 7_500, localNow(), `PAY-${caseRef}`);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ result: 'accepted', outstandingPence: 0 });
    const after = await caseView(env, caseRef);
    expect(after.case).toMatchObject({ status: 'closed', closedReason: 'penalty-paid' });
    expect(after.penalties[0]?.status).toBe('paid');
  });

  it('an unpaid penalty gets reminders stating what is owed, then prosecution → convicted closes the case', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    await pay(env, penalty.penaltyRef, 2_500, localNow(), `PART-${caseRef}`);
    // The sweeper runs every few minutes: time passes in steps past each reminder day.
    await advanceDays(env, 8);
    await advanceDays(env, 5);
    await advanceDays(env, 2);
    const view = await caseView(env, caseRef);
    const reminders = view.outbox.filter((m) => m.template === 'paymentReminder');
    expect(reminders).toHaveLength(2);
    expect(reminders[0]?.body).toMatch(/Amount still to pay: £50\.00/);
    expect(view.penalties[0]?.status).toBe('unpaid-after-deadline');
    await decide(env, caseRef, 'prosecution-review', 'prosecute');
    expect((await caseView(env, caseRef)).penalties[0]?.status).toBe('prosecution');
    await decide(env, caseRef, 'prosecution-outcome', 'convicted', {
      details: { finePence: 40_000, costsPence: 15_000, court: 'Northmoor Magistrates Court' },
    });
    const closed = await caseView(env, caseRef);
    expect(closed.case).toMatchObject({ status: 'closed', closedReason: 'prosecution-convicted' });
    expect(closed.case).toHaveProperty('retainUntil');
    expect(closed.timeline.find((e) => e.type === 'ProsecutionConcluded')?.data).toMatchObject({
      outcome: 'convicted',
      finePence: 40_000,
      costsPence: 15_000,
    });
    expect(closed.outbox.some((m) => m.to === 'complainant' && m.template === 'prosecutionOutcome')).toBe(
      true,
    );
  });

  it('a prosecution decided after the offence’s limitation date is refused with a clear message', async () => {
    const { caseRef } = await caseWithNotice(env);
    await advanceDays(env, 8);
    await recordBreach(env, caseRef);
    await advanceDays(env, 190);
    const task = await openTask(env, caseRef, 'cpn-breach-decision');
    const late = await asStaff(env, 'manager', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'prosecute',
      reason: 'Prosecute the breach',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('LIMITATION_PERIOD_ENDED');
    expect(late.body.error.message).toMatch(/s\.127/);
  });
});

describe('staff decisions', () => {
  it('a second decision on the same task is refused with 409', async () => {
    const opened = await openCase(env);
    const task = await openTask(env, opened.caseRef, 'triage', 'caseworker');
    const first = await asStaff(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'no-further-action',
      reason: 'Not a nuisance',
    });
    expect(first.status).toBe(200);
    const second = await asStaff(env, 'manager', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'warn',
      reason: 'Changed my mind',
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('TASK_ALREADY_DECIDED');
  });

  it('a triage nobody decides in two working days is escalated to managers', async () => {
    const opened = await openCase(env);
    await advanceDays(env, 5);
    const task = await openTask(env, opened.caseRef, 'triage', 'manager');
    expect(task.escalated).toBe(true);
    expect((await caseView(env, opened.caseRef)).outbox.some((m) => m.template === 'task-overdue')).toBe(
      true,
    );
  });
});
