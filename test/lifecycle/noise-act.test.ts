/**
 * The Noise Act 1996 night route over HTTP on the local stack, in virtual time. The stack's clock
 * is moved to a morning, and each officer records what they did during the night before: a
 * warning notice served at night on a dwelling or licensed premises, then measurements in (or
 * outside) its period. An offence goes to a manager: a fixed penalty (£500 for licensed premises,
 * the council's amount for a dwelling), a prosecution, or no further action.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  followingLondonHour,
  londonInstant,
  londonWallClock,
} from '../../functions/domain/routes/noise-act/rules.ts';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithPenalty,
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
const MINUTE = 60_000;

/** Moves the stack's clock to 09:00 UK time the next morning: last night is then wholly in the past. */
async function toNextMorning() {
  const now = localNow();
  await env.stack.advanceClock(followingLondonHour(now, 9).getTime() - now.getTime() + MINUTE);
}

/** hh:mm UK time last night: hours from noon are the evening before, earlier ones this morning. */
function lastNight(hour: number, minute = 0): Date {
  const { date } = londonWallClock(localNow());
  const day = hour >= 12 ? new Date(Date.parse(`${date}T12:00:00Z`) - DAY).toISOString().slice(0, 10) : date;
  return new Date(londonInstant(day, hour).getTime() + minute * MINUTE);
}

/** A warning notice served at 23:30 last night, its period 23:40 to 07:00; background 30 dB(A), so 40 permitted. */
function warningNotice(overrides: Record<string, unknown> = {}) {
  return {
    servedAt: lastNight(23, 30).toISOString(),
    measuredDb: 48,
    backgroundDb: 30,
    period: { from: lastNight(23, 40).toISOString(), until: lastNight(7).toISOString() },
    servedOn: { kind: 'person', name: 'Jo Occupier' },
    measuredFrom: 'The bedroom of the complainant at 1 Mare Street',
    ...overrides,
  };
}

async function openCaseAbout(kind: string) {
  const body = complaintBody();
  const reported = await call(env.stack, 'POST', '/complaints', {
    json: { ...body, source: { ...body.source, kind } },
  });
  expect(reported.status).toBe(201);
  await env.stack.settle();
  return { caseRef: String(reported.body.caseRef) };
}

async function serveWarning(caseRef: string, overrides: Record<string, unknown> = {}) {
  const response = await asStaff(
    env,
    'caseworker',
    'POST',
    `/cases/${caseRef}/noise-act/warning-notices`,
    warningNotice(overrides),
    'Officer Kim Night',
  );
  await env.stack.settle();
  return response;
}

async function measure(caseRef: string, measuredAt: Date, levelDb: number) {
  const response = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/noise-act/exceedances`, {
    measuredAt: measuredAt.toISOString(),
    levelDb,
    measuredFrom: 'The bedroom of the complainant',
  });
  await env.stack.settle();
  return response;
}

const openTasks = (view: Awaited<ReturnType<typeof caseView>>) =>
  view.tasks.filter((t) => t.status === 'open').map((t) => t.type);

describe('recording a warning notice', () => {
  it('a warning notice on a daytime construction case is refused with a clear message, and nothing is written', async () => {
    await toNextMorning();
    const { caseRef } = await openCaseAbout('construction');
    const before = (await caseView(env, caseRef)).timeline.length;
    const refused = await serveWarning(caseRef, {
      servedAt: lastNight(14).toISOString(),
      period: { from: lastNight(14, 10).toISOString(), until: lastNight(7).toISOString() },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('NOISE_ACT_NOT_AVAILABLE');
    expect(refused.body.error.message).toMatch(/covers noise from a dwelling or licensed premises only/);
    expect(refused.body.error.message).toMatch(/construction/);
    expect(refused.body.error.message).toMatch(/only at night, between 23:00 and 07:00/);
    const view = await caseView(env, caseRef);
    expect(view.timeline.length).toBe(before);
    expect(view.notices).toEqual([]);
  });

  it('a warning notice on a dwelling served in the day is refused on servedAt', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    const refused = await serveWarning(caseRef, {
      servedAt: lastNight(21).toISOString(),
      period: { from: lastNight(23).toISOString(), until: lastNight(7).toISOString() },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([
      {
        path: 'servedAt',
        message: expect.stringMatching(/only at night, between 23:00 and 07:00 \(UK time\)/),
      },
    ]);
  });

  it('a warning period starting 5 minutes after service, or ending after 07:00, is refused with a field message', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    const early = await serveWarning(caseRef, {
      period: { from: lastNight(23, 35).toISOString(), until: lastNight(7).toISOString() },
    });
    expect(early.status).toBe(400);
    expect(early.body.error.fields).toEqual([
      {
        path: 'period.from',
        message: expect.stringMatching(/at least 10 minutes after the notice was served/),
      },
    ]);
    const late = await serveWarning(caseRef, {
      period: { from: lastNight(23, 40).toISOString(), until: lastNight(7, 30).toISOString() },
    });
    expect(late.status).toBe(400);
    expect(late.body.error.fields).toEqual([
      {
        path: 'period.until',
        message: expect.stringMatching(/must end at 07:00 \(UK time\) the morning after/),
      },
    ]);
    expect((await caseView(env, caseRef)).notices).toEqual([]);
  });

  it('over HTTP, any period starting under 10 minutes after night-time service, or not ending at the following 07:00, is refused, across the clock changes', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    const now = localNow().getTime();
    const pastNight = fc
      .oneof(
        fc.integer({ min: 1, max: 400 * 24 * 60 }).map((minutesAgo) => new Date(now - minutesAgo * MINUTE)),
        // The nights of the last two clock changes before the stack's clock.
        fc
          .constantFrom('2026-03-28', '2026-10-24', '2025-10-25', '2025-03-29')
          .chain((date) =>
            fc
              .integer({ min: 0, max: 8 * 60 - 1 })
              .map((m) => new Date(londonInstant(date, 23).getTime() + m * MINUTE)),
          ),
      )
      .filter((at) => at.getTime() < now - 12 * 3_600_000)
      .filter((at) => {
        const { hour } = londonWallClock(at);
        return hour >= 23 || hour < 7;
      });
    await fc.assert(
      fc.asyncProperty(
        pastNight,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: -120, max: 120 }),
        async (served, startMinutes, endOffset) => {
          const end = followingLondonHour(served, 7);
          const response = await asStaff(
            env,
            'caseworker',
            'POST',
            `/cases/${caseRef}/noise-act/warning-notices`,
            {
              ...warningNotice(),
              servedAt: served.toISOString(),
              period: {
                from: new Date(served.getTime() + startMinutes * MINUTE).toISOString(),
                until: new Date(end.getTime() + endOffset * MINUTE).toISOString(),
              },
            },
          );
          expect(response.status).toBe(400);
          const paths = response.body.error.fields.map((f: { path: string }) => f.path);
          expect(paths).toContain('period.from');
          if (endOffset !== 0) expect(paths).toContain('period.until');
          else expect(paths).not.toContain('period.until');
        },
      ),
      { numRuns: 25 },
    );
    expect((await caseView(env, caseRef)).notices).toEqual([]);
  });

  it('a warning notice served at night on a dwelling is recorded with the permitted level, leaves the case on its route, and its letter names no complainant', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    const served = await serveWarning(caseRef);
    expect(served.status, JSON.stringify(served.body)).toBe(201);
    expect(served.body).toMatchObject({
      statute: 'Noise Act 1996, section 3',
      levels: { measuredDb: 48, backgroundDb: 30, permittedDb: 40 },
    });
    const view = await caseView(env, caseRef);
    const notice = view.notices.find((n) => n.kind === 'noise-act-warning') as unknown as {
      period: { from: string; until: string };
      levels: { permittedDb: number };
      recipient: { kind: string; name: string };
    };
    expect(notice.levels.permittedDb).toBe(40);
    expect(notice.period.until).toBe(lastNight(7).toISOString());
    expect(notice.recipient).toMatchObject({ kind: 'person', name: 'Jo Occupier' });
    // The case carries on where it was: triage still waits.
    expect(openTasks(view)).toEqual(['triage']);
    const letter = view.outbox.find((m) => m.template === 'noiseActWarningNotice');
    expect(letter?.to).toBe('source');
    for (const particular of [
      /WARNING NOTICE/,
      /Noise Act 1996, section 3/,
      /permitted level is 40 dB\(A\)/,
      /section 4 of the Noise Act 1996/,
      /£100\.00/,
      /until .+ at 07:00/,
    ])
      expect(letter?.body).toMatch(particular);
    expect(letter?.body).not.toMatch(/Ann Example|Mare Street|bedroom/);
    expect(view.outbox.some((m) => m.to === 'complainant' && m.template === 'noiseActWarningServed')).toBe(
      true,
    );
  });
});

describe('measurements and offences', () => {
  it('an exceedance outside the period, or not above the permitted level, is evidence only and acts on nothing', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    expect((await serveWarning(caseRef)).status).toBe(201);
    const before = await measure(caseRef, lastNight(23, 35), 55);
    expect(before.body).toMatchObject({ counts: false, actedOn: false });
    expect(before.body.why).toMatch(/before the warning period began/);
    const after = await measure(caseRef, lastNight(7, 30), 55);
    expect(after.body).toMatchObject({ counts: false, actedOn: false });
    expect(after.body.why).toMatch(/after the warning period ended/);
    const quiet = await measure(caseRef, lastNight(1), 40);
    expect(quiet.body).toMatchObject({ counts: false, actedOn: false });
    expect(quiet.body.why).toMatch(/not above the permitted level of 40 dB\(A\)/);
    const view = await caseView(env, caseRef);
    expect(openTasks(view)).toEqual(['triage']);
    expect(view.timeline.filter((e) => e.type === 'NoiseActEvidenceRecorded')).toHaveLength(3);
    expect(view.breaches.every((b) => !b.counts && !b.limitationDate)).toBe(true);
  });

  it('a measurement above the permitted level in the period is the offence: licensed premises → FPN of £500 with every particular', async () => {
    await toNextMorning();
    const { caseRef } = await openCaseAbout('licensed-premises');
    expect((await serveWarning(caseRef, { servedOn: { kind: 'body', name: 'Late Bar Ltd' } })).status).toBe(
      201,
    );
    const offence = await measure(caseRef, lastNight(0, 30), 52);
    expect(offence.status).toBe(201);
    expect(offence.body).toMatchObject({ counts: true, actedOn: true });
    expect(offence.body.why).toMatch(/section 4A of the Noise Act 1996/);
    let view = await caseView(env, caseRef);
    expect(openTasks(view)).toEqual(['noise-act-offence-decision']);
    expect(view.tasks.find((t) => t.type === 'triage')?.status).toBe('cancelled');
    const task = await openTask(env, caseRef, 'noise-act-offence-decision');
    expect(task.allowedOutcomes).toEqual(['issue-fpn', 'prosecute', 'no-further-action']);
    await decide(env, caseRef, 'noise-act-offence-decision', 'issue-fpn', { name: 'Officer Priya Shah' });
    view = await caseView(env, caseRef);
    expect(view.case.status).toBe('penalty-issued');
    const [penalty] = view.penalties;
    expect(penalty).toMatchObject({
      amountPence: 50_000,
      statute: 'Noise Act 1996, section 8',
      offenceAt: lastNight(0, 30).toISOString(),
      status: 'unpaid',
    });
    expect(
      Date.parse(penalty?.dueBy ?? '') -
        Date.parse(view.timeline.find((e) => e.type === 'FixedPenaltyIssued')?.data.dueBy as string),
    ).toBe(0);
    expect(penalty?.prosecutionLimitationDate).toBe(view.breaches.find((b) => b.counts)?.limitationDate);
    const fpn = view.outbox.find((m) => m.template === 'fixedPenaltyNotice');
    expect(fpn?.to).toBe('source');
    for (const particular of [
      /FIXED PENALTY NOTICE\nNoise Act 1996, section 8/,
      /licensed premises above the permitted level during the period of a warning notice \(section 4A of the Noise Act 1996\)/,
      /Date and time of the offence/,
      /52 dB\(A\)/,
      /No proceedings will be taken for this offence before/,
      /The fixed penalty is £500\.00\./,
      /Pay to: .+, .+/,
      /You can pay:\n- /,
      /Issued by: Officer Priya Shah/,
    ])
      expect(fpn?.body).toMatch(particular);
    expect(fpn?.body).toContain('Late Bar Ltd');
    expect(fpn?.body).not.toMatch(/lower amount|Ann Example|Mare Street|bedroom/);
    await advanceDays(env, 3);
    const paid = await pay(env, penalty?.penaltyRef ?? '', 50_000, localNow(), `PAY-${caseRef}`);
    expect(paid.body).toMatchObject({ result: 'accepted', outstandingPence: 0 });
    expect((await caseView(env, caseRef)).case).toMatchObject({
      status: 'closed',
      closedReason: 'penalty-paid',
    });
  });

  it('a dwelling’s offence is met with the council’s amount (£100 by default) under section 4', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    await serveWarning(caseRef);
    expect((await measure(caseRef, lastNight(2), 45)).body).toMatchObject({ counts: true, actedOn: true });
    await decide(env, caseRef, 'noise-act-offence-decision', 'issue-fpn');
    const view = await caseView(env, caseRef);
    expect(view.penalties[0]).toMatchObject({ amountPence: 10_000, discountedAmountPence: 10_000 });
    const fpn = view.outbox.find((m) => m.template === 'fixedPenaltyNotice');
    expect(fpn?.body).toMatch(
      /from a dwelling above the permitted level .+\(section 4 of the Noise Act 1996\)/,
    );
    expect(fpn?.body).toMatch(/The fixed penalty is £100\.00\./);
  });

  it('a second measurement above the level in the same period is further evidence of the one offence: one penalty per period', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    await serveWarning(caseRef);
    expect((await measure(caseRef, lastNight(0, 15), 50)).body).toMatchObject({
      counts: true,
      actedOn: true,
    });
    const again = await measure(caseRef, lastNight(1, 15), 55);
    expect(again.body).toMatchObject({ counts: false, actedOn: false });
    expect(again.body.why).toMatch(/already recorded.+one fixed penalty per warning period/);
    const view = await caseView(env, caseRef);
    expect(view.breaches.filter((b) => b.counts)).toHaveLength(1);
    expect(view.tasks.filter((t) => t.type === 'noise-act-offence-decision')).toHaveLength(1);
  });

  it('a Noise Act offence can be prosecuted, with the limitation date six months from the measurement', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    await serveWarning(caseRef);
    const measuredAt = lastNight(3);
    const offence = await measure(caseRef, measuredAt, 47);
    expect(offence.body.limitationDate.slice(0, 10)).toBe(
      new Date(new Date(measuredAt).setUTCMonth(measuredAt.getUTCMonth() + 6)).toISOString().slice(0, 10),
    );
    await decide(env, caseRef, 'noise-act-offence-decision', 'prosecute');
    let view = await caseView(env, caseRef);
    expect(view.case.status).toBe('escalated');
    expect(view.outbox.find((m) => m.template === 'prosecution-file')?.body).toMatch(
      /noise-act-warning breach witnessed/,
    );
    await decide(env, caseRef, 'prosecution-outcome', 'convicted');
    view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'prosecution-convicted' });
  });
});

describe('a case already on another route', () => {
  it('an offence on a case in triage goes to the offence decision; no further action returns it to triage', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    await serveWarning(caseRef);
    await measure(caseRef, lastNight(0, 45), 46);
    await decide(env, caseRef, 'noise-act-offence-decision', 'no-further-action');
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('under-investigation');
    expect(openTasks(view)).toEqual(['triage']);
    expect(view.timeline.find((e) => e.type === 'NoiseActOffenceNotPursued')?.data).toMatchObject({
      returnsTo: 'investigation',
    });
  });

  it('an offence on a case watching an abatement notice goes to a manager; no further action closes the case and the notice stays in force', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'investigate-nuisance', { group: 'caseworker' });
    await decide(env, caseRef, 'nuisance-decision', 'nuisance-exists', { group: 'caseworker' });
    await toNextMorning();
    await serveWarning(caseRef);
    expect((await measure(caseRef, lastNight(1, 30), 49)).body).toMatchObject({
      counts: true,
      actedOn: true,
    });
    let view = await caseView(env, caseRef);
    expect(openTasks(view)).toEqual(['noise-act-offence-decision']);
    expect(view.case.status).toBe('notice-served');
    // The offence decision is the Noise Act's: the case says so, whatever route it was on.
    expect(view.case.route).toBe('noise-act');
    await decide(env, caseRef, 'noise-act-offence-decision', 'no-further-action');
    view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'no-further-action' });
    expect(view.notices.find((n) => n.kind === 'abatement-notice')?.status).toBe('in-force');
    // The abatement notice is still the live one: a breach of it reopens the case at its decision.
    await advanceDays(env, 8);
    expect((await recordBreach(env, caseRef)).body).toMatchObject({ counts: true, actedOn: true });
    expect(openTasks(await caseView(env, caseRef))).toEqual(['abatement-breach-decision']);
  });

  it('an offence while a fixed penalty is under way opens no decision: it is recorded and the managers are told', async () => {
    const { caseRef } = await caseWithPenalty(env);
    await toNextMorning();
    expect((await serveWarning(caseRef)).status).toBe(201);
    const offence = await measure(caseRef, lastNight(0, 20), 50);
    expect(offence.body).toMatchObject({ counts: true, actedOn: false });
    expect(offence.body.note).toMatch(/under way/);
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('penalty-issued');
    expect(openTasks(view)).not.toContain('noise-act-offence-decision');
    expect(view.outbox.find((m) => m.template === 'noise-act-offence-recorded')?.to).toBe('managers');
  });

  it('an offence while a breach decision waits leaves that decision in place: the offence is recorded for it', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'investigate-nuisance', { group: 'caseworker' });
    await decide(env, caseRef, 'nuisance-decision', 'nuisance-exists', { group: 'caseworker' });
    await advanceDays(env, 8);
    expect((await recordBreach(env, caseRef)).body).toMatchObject({ counts: true, actedOn: true });
    await toNextMorning();
    await serveWarning(caseRef);
    const offence = await measure(caseRef, lastNight(1), 50);
    expect(offence.body).toMatchObject({ counts: true, actedOn: false });
    expect(openTasks(await caseView(env, caseRef))).toEqual(['abatement-breach-decision']);
  });

  it('an offence measured before the case was closed reopens it at the offence decision, and no further action closes it again', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    await serveWarning(caseRef);
    await decide(env, caseRef, 'triage', 'no-further-action', { group: 'caseworker' });
    expect((await caseView(env, caseRef)).case.status).toBe('closed');
    const refused = await serveWarning(caseRef, {
      servedAt: lastNight(0).toISOString(),
      period: { from: lastNight(0, 10).toISOString(), until: lastNight(7).toISOString() },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CASE_CLOSED');
    expect((await measure(caseRef, lastNight(2, 30), 51)).body).toMatchObject({
      counts: true,
      actedOn: true,
    });
    let view = await caseView(env, caseRef);
    expect(view.case.status).toBe('under-investigation');
    expect(openTasks(view)).toEqual(['noise-act-offence-decision']);
    await decide(env, caseRef, 'noise-act-offence-decision', 'no-further-action');
    view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'no-further-action' });
  });
});
