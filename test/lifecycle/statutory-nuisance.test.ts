/**
 * The statutory nuisance route (EPA 1990 ss.79-82) over HTTP on the local stack, in virtual time:
 * a duty to investigate, up to 7 days of informal resolution, an abatement notice with its
 * appeal rights and reg. 3 statement, and for a breach prosecution or works in default, never a
 * fixed penalty.
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

/** Reports noise from a source of the given kind and waits for its triage. */
async function openCaseAbout(kind: string) {
  const body = complaintBody();
  const reported = await call(env.stack, 'POST', '/complaints', {
    json: { ...body, source: { ...body.source, kind } },
  });
  expect(reported.status).toBe(201);
  await env.stack.settle();
  return { caseRef: String(reported.body.caseRef) };
}

/** A case triaged onto the statutory nuisance route, waiting for the nuisance decision. */
async function caseUnderNuisanceInvestigation() {
  const opened = await openCase(env);
  await decide(env, opened.caseRef, 'triage', 'investigate-nuisance', { group: 'caseworker' });
  return opened;
}

/** A case whose abatement notice is served (with the particulars given), watching for a breach. */
async function caseWithAbatementNotice(details?: Record<string, unknown>) {
  const opened = await caseUnderNuisanceInvestigation();
  await decide(env, opened.caseRef, 'nuisance-decision', 'nuisance-exists', {
    group: 'caseworker',
    name: 'Officer Sam Green',
    ...(details ? { details } : {}),
  });
  return opened;
}

const openTasks = (view: Awaited<ReturnType<typeof caseView>>) =>
  view.tasks.filter((t) => t.status === 'open').map((t) => t.type);

describe('triage', () => {
  it('triage offers investigate-nuisance, and its advice says which routes apply to the case and why', async () => {
    const { caseRef } = await openCase(env);
    const task = await openTask(env, caseRef, 'triage', 'caseworker');
    expect(task.allowedOutcomes).toEqual([
      'warn',
      'restorative',
      'investigate-nuisance',
      'no-further-action',
    ]);
    const full = await asStaff(env, 'caseworker', 'GET', `/tasks/${task.taskId}`);
    const advice: string[] = full.body.task.advice;
    expect(advice.find((line) => line.startsWith('Statutory nuisance'))).toMatch(/duty.+premises/);
    expect(advice.find((line) => line.startsWith('Noise Act 1996'))).toMatch(/night/);
    expect(advice.find((line) => line.startsWith('ASB'))).toMatch(/persistent.+unreasonable/);
  });

  it('for a construction site the advice says the Noise Act is not available, and why', async () => {
    const { caseRef } = await openCaseAbout('construction');
    const task = await openTask(env, caseRef, 'triage', 'caseworker');
    const full = await asStaff(env, 'caseworker', 'GET', `/tasks/${task.taskId}`);
    const advice: string[] = full.body.task.advice;
    expect(advice.find((line) => line.startsWith('Noise Act 1996'))).toMatch(
      /not available.+dwelling or licensed premises.+construction/,
    );
    expect(advice.find((line) => line.startsWith('Statutory nuisance'))).toMatch(/Control of Pollution Act/);
  });

  it('investigate-nuisance puts the case under investigation and asks a caseworker whether there is a nuisance', async () => {
    const { caseRef } = await caseUnderNuisanceInvestigation();
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('under-investigation');
    expect(view.case).toMatchObject({ route: 'statutory-nuisance' });
    const task = await openTask(env, caseRef, 'nuisance-decision', 'caseworker');
    expect(task.allowedOutcomes).toEqual(['nuisance-exists', 'informal-resolution', 'not-a-nuisance']);
    expect(view.timeline.map((e) => e.type)).toContain('NuisanceInvestigationStarted');
  });
});

describe('informal resolution and the abatement notice', () => {
  it('informal resolution → 7 days → asked again without it → abatement notice → breach → no FPN → works in default', async () => {
    const { caseRef } = await caseUnderNuisanceInvestigation();
    await decide(env, caseRef, 'nuisance-decision', 'informal-resolution', {
      group: 'caseworker',
      details: { steps: 'Visited and asked the occupier to turn the music down after 23:00' },
    });
    let view = await caseView(env, caseRef);
    expect(view.outbox.some((m) => m.to === 'source' && m.template === 'informalResolution')).toBe(true);
    expect(
      view.outbox.some((m) => m.to === 'complainant' && m.template === 'informalResolutionStarted'),
    ).toBe(true);
    // The period runs for 7 days: nothing is asked before it ends.
    await advanceDays(env, 6);
    expect(openTasks(await caseView(env, caseRef))).toEqual([]);
    await advanceDays(env, 2);
    const again = await openTask(env, caseRef, 'nuisance-decision', 'caseworker');
    expect(again.allowedOutcomes).toEqual(['nuisance-exists', 'not-a-nuisance']);
    const second = await asStaff(env, 'caseworker', 'POST', `/tasks/${again.taskId}/decision`, {
      outcome: 'informal-resolution',
      reason: 'Try again',
    });
    expect(second.status).toBe(400);
    await decide(env, caseRef, 'nuisance-decision', 'nuisance-exists', { group: 'caseworker' });

    view = await caseView(env, caseRef);
    expect(view.case.status).toBe('notice-served');
    const notice = view.notices.find((n) => n.kind === 'abatement-notice');
    expect(notice).toMatchObject({ status: 'in-force', suspendedOnAppeal: false });
    expect(Date.parse(notice?.complyBy ?? '') - Date.parse(notice?.servedAt ?? '')).toBe(7 * DAY);
    expect(Date.parse(notice?.appealUntil ?? '') - Date.parse(notice?.servedAt ?? '')).toBe(21 * DAY);

    await advanceDays(env, 8);
    const breach = await recordBreach(env, caseRef);
    expect(breach.body).toMatchObject({ counts: true, actedOn: true });
    const decision = await openTask(env, caseRef, 'abatement-breach-decision');
    expect(decision.allowedOutcomes).toEqual(['prosecute', 'works-in-default', 'no-further-action']);
    const fpn = await asStaff(env, 'manager', 'POST', `/tasks/${decision.taskId}/decision`, {
      outcome: 'issue-fpn',
      reason: 'A penalty',
    });
    expect(fpn.status).toBe(400);
    const noWorks = await asStaff(env, 'manager', 'POST', `/tasks/${decision.taskId}/decision`, {
      outcome: 'works-in-default',
      reason: 'Works needed',
    });
    expect(noWorks.status).toBe(400);
    expect(noWorks.body.error.fields[0].path).toBe('details.works');
    await decide(env, caseRef, 'abatement-breach-decision', 'works-in-default', {
      details: { works: 'Disconnect and remove the amplifier from the premises', plannedFor: '2030-01-01' },
    });

    view = await caseView(env, caseRef);
    expect(view.case.status).toBe('notice-served');
    expect(view.penalties).toEqual([]);
    expect(view.timeline.find((e) => e.type === 'WorksInDefaultRecorded')?.data).toMatchObject({
      works: 'Disconnect and remove the amplifier from the premises',
    });
    const works = view.outbox.find((m) => m.to === 'source' && m.template === 'worksInDefault');
    expect(works?.body).toMatch(/section 81\(3\)/);
    expect(works?.body).toMatch(/Disconnect and remove the amplifier/);
    // The notice is watched again after the works, then the case closes with it still in force.
    await advanceDays(env, 29);
    view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'works-in-default' });
    expect(view.notices.find((n) => n.kind === 'abatement-notice')?.status).toBe('in-force');
  });

  it('the abatement notice states the nuisance, the offence without a fixed penalty, the appeal rights and the reg. 3 statement, and names no complainant', async () => {
    const { caseRef } = await caseWithAbatementNotice({
      requirements: [
        { kind: 'stop', text: 'Do not play amplified music audible outside the flat after 23:00' },
      ],
      complyDays: 3,
    });
    const view = await caseView(env, caseRef);
    const notice = view.outbox.find((m) => m.template === 'abatementNotice');
    expect(notice?.to).toBe('source');
    for (const particular of [
      /ABATEMENT NOTICE/,
      /Environmental Protection Act 1990, section 80/,
      /section 79\(1\)\(g\)/,
      /Do not play amplified music audible outside the flat after 23:00/,
      /offence \(section 80\(4\)\)/,
      /There is no fixed penalty/,
      /appeal against this notice to a magistrates' court within 21 days/,
      /regulation 3/,
      /does not suspend it/,
      /Served by: Officer Sam Green/,
    ])
      expect(notice?.body).toMatch(particular);
    const complainant = view.parties.find((p) => p.role === 'complainant');
    for (const letter of view.outbox.filter((m) => m.to === 'source')) {
      expect(letter.body).not.toContain(complainant?.name ?? 'Ann Example');
      expect(letter.body).not.toContain(complainant?.address.line1 ?? '1 Mare Street');
    }
    expect(view.outbox.some((m) => m.to === 'complainant' && m.template === 'abatementNoticeServed')).toBe(
      true,
    );
    const served = view.notices.find((n) => n.kind === 'abatement-notice');
    expect(Date.parse(served?.complyBy ?? '') - Date.parse(served?.servedAt ?? '')).toBe(3 * DAY);
  });

  it('a breach before the time to comply ends is evidence only and acts on nothing', async () => {
    const { caseRef } = await caseWithAbatementNotice();
    const early = await recordBreach(env, caseRef);
    expect(early.body).toMatchObject({ counts: false, actedOn: false });
    expect(openTasks(await caseView(env, caseRef))).toEqual([]);
  });
});

describe('prosecution', () => {
  it('nuisance-exists → breach → prosecute → convicted closes the case, with the limitation date from the witnessed breach', async () => {
    const { caseRef } = await caseWithAbatementNotice();
    await advanceDays(env, 8);
    const witnessedAt = new Date(localNow().getTime() - 2 * 3_600_000).toISOString();
    const breach = await recordBreach(env, caseRef, { witnessedAt });
    expect(breach.body).toMatchObject({ counts: true, actedOn: true });
    await advanceDays(env, 2);
    await decide(env, caseRef, 'abatement-breach-decision', 'prosecute');
    let view = await caseView(env, caseRef);
    expect(view.case.status).toBe('escalated');
    const recorded = view.breaches.find((b) => b.breachId === breach.body.breachId);
    expect(recorded?.limitationDate?.slice(0, 10)).toBe(
      new Date(new Date(witnessedAt).setUTCMonth(new Date(witnessedAt).getUTCMonth() + 6))
        .toISOString()
        .slice(0, 10),
    );
    const file = view.outbox.find((m) => m.template === 'prosecution-file');
    expect(file?.body).toMatch(/abatement-notice breach witnessed/);
    expect(file?.body).toMatch(/Proceedings must start by/);
    expect(view.timeline.find((e) => e.type === 'ProsecutionFilePrepared')?.data).toMatchObject({
      offenceId: breach.body.breachId,
      offenceAt: witnessedAt,
    });
    await decide(env, caseRef, 'prosecution-outcome', 'convicted', { details: { finePence: 80_000 } });
    view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'prosecution-convicted' });
  });

  it('a prosecution decided after the limitation date is refused', async () => {
    const { caseRef } = await caseWithAbatementNotice();
    await advanceDays(env, 8);
    await recordBreach(env, caseRef);
    await advanceDays(env, 190);
    const task = await openTask(env, caseRef, 'abatement-breach-decision');
    const late = await asStaff(env, 'manager', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'prosecute',
      reason: 'Prosecute',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('LIMITATION_PERIOD_ENDED');
  });
});

describe('no nuisance', () => {
  it('not-a-nuisance closes the case with a letter explaining the finding and the private route to court (s.82)', async () => {
    const { caseRef } = await caseUnderNuisanceInvestigation();
    await decide(env, caseRef, 'nuisance-decision', 'not-a-nuisance', {
      group: 'caseworker',
      details: { finding: 'The music we heard on two visits was at a normal level for daytime' },
    });
    const view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'not-a-nuisance' });
    const letter = view.outbox.find((m) => m.to === 'complainant' && m.template === 'outcome');
    expect(letter?.body).toMatch(/not satisfied that the noise amounts to a statutory nuisance/);
    expect(letter?.body).toMatch(/The music we heard on two visits was at a normal level for daytime\./);
    expect(letter?.body).toMatch(/section 82/);
    expect(letter?.body).toMatch(/complain directly to a magistrates' court/);
    expect(letter?.body).toMatch(/at least 3 days' notice/);
    // The source is told the case closed, never what the complainant was told.
    for (const toSource of view.outbox.filter((m) => m.to === 'source'))
      expect(toSource.body).not.toMatch(/section 82|Ann Example/);
  });
});

describe('appeals', () => {
  it('a breach of an abatement notice suspended by a pending appeal is not acted on, and counts once the appeal is dismissed', async () => {
    const { caseRef } = await caseWithAbatementNotice({ suspendedOnAppeal: true });
    let view = await caseView(env, caseRef);
    const notice = view.notices.find((n) => n.kind === 'abatement-notice');
    expect(notice).toMatchObject({ suspendedOnAppeal: true });
    expect(view.outbox.find((m) => m.template === 'abatementNotice')?.body).toMatch(
      /this notice is suspended until the appeal is abandoned or decided/,
    );
    const lodged = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
      noticeId: notice?.noticeId,
      lodgedAt: localNow().toISOString(),
      court: 'Northmoor Magistrates Court',
    });
    expect(lodged.status).toBe(201);
    expect(lodged.body.suspends).toBe('all');
    await advanceDays(env, 8);
    const suspended = await recordBreach(env, caseRef);
    expect(suspended.body).toMatchObject({ counts: false, actedOn: false });
    expect(suspended.body.why).toMatch(/suspended while an appeal is pending/);
    view = await caseView(env, caseRef);
    expect(openTasks(view)).toEqual(['appeal-outcome']);
    await decide(env, caseRef, 'appeal-outcome', 'dismissed');
    const counted = await recordBreach(env, caseRef, { description: 'Music again after the appeal failed' });
    expect(counted.body).toMatchObject({ counts: true, actedOn: true });
    expect((await openTask(env, caseRef, 'abatement-breach-decision')).allowedOutcomes).not.toContain(
      'issue-fpn',
    );
  });

  it('a notice that says an appeal does not suspend it is breached even while the appeal is pending', async () => {
    const { caseRef } = await caseWithAbatementNotice();
    const notice = (await caseView(env, caseRef)).notices.find((n) => n.kind === 'abatement-notice');
    const lodged = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
      noticeId: notice?.noticeId,
      lodgedAt: localNow().toISOString(),
      court: 'Northmoor Magistrates Court',
    });
    expect(lodged.body.suspends).toBe('none');
    await advanceDays(env, 8);
    const breach = await recordBreach(env, caseRef);
    expect(breach.body).toMatchObject({ counts: true, actedOn: true });
  });

  it('a quashed abatement notice closes the case', async () => {
    const { caseRef } = await caseWithAbatementNotice();
    const notice = (await caseView(env, caseRef)).notices.find((n) => n.kind === 'abatement-notice');
    await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
      noticeId: notice?.noticeId,
      lodgedAt: localNow().toISOString(),
      court: 'Northmoor Magistrates Court',
    });
    await decide(env, caseRef, 'appeal-outcome', 'quashed');
    expect((await caseView(env, caseRef)).case).toMatchObject({
      status: 'closed',
      closedReason: 'notice-quashed',
    });
  });
});

describe('after the watch', () => {
  it('a notice complied with closes the case, and a later breach reopens it at the abatement breach decision', async () => {
    const { caseRef } = await caseWithAbatementNotice();
    await advanceDays(env, 29);
    expect((await caseView(env, caseRef)).case).toMatchObject({ status: 'closed', closedReason: 'complied' });
    await advanceDays(env, 30);
    const breach = await recordBreach(env, caseRef);
    expect(breach.body).toMatchObject({ counts: true, actedOn: true });
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('notice-served');
    expect(openTasks(view)).toEqual(['abatement-breach-decision']);
  });
});
