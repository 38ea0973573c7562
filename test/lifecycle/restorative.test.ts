import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithNotice,
  caseWithWarning,
  decide,
  openCase,
  openTask,
  recordBreach,
} from '../support/lifecycle.ts';
import { call, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const agreedActions = [
  { action: 'Music off by 23:00 on weeknights', dueBy: '2027-01-31' },
  { action: 'Speakers moved away from the party wall', dueBy: '2027-01-15' },
];

describe('restorative justice', () => {
  it('consent, a conference, an agreement and a kept agreement close the case', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    await decide(env, caseRef, 'triage', 'restorative');
    expect((await caseView(env, caseRef)).case.status).toBe('restorative-process');

    await decide(env, caseRef, 'restorative-consent', 'both-consented');
    await decide(env, caseRef, 'restorative-conference', 'agreement-reached', { agreedActions });
    // The agreement is reviewed after 28 days.
    await advanceDays(env, 27);
    const early = await asStaff(env, 'facilitator', 'GET', '/tasks?type=agreement-review');
    expect(early.body.tasks.some((task: { caseRef: string }) => task.caseRef === caseRef)).toBe(false);
    await advanceDays(env, 2);
    await decide(env, caseRef, 'agreement-review', 'complied', { group: 'facilitator' });

    const view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'agreement-kept' });
    const conference = view.timeline.find(
      (e) => e.type === 'TaskDecided' && e.data.type === 'restorative-conference',
    );
    expect(conference?.data.agreedActions).toEqual(agreedActions);
    const progress = await call(env.stack, 'GET', `/cases/${caseRef}/progress`, {
      headers: { 'x-tracking-token': trackingToken },
    });
    expect(progress.body.status).toBe('closed');
  });

  it('an agreement reached without agreed actions is refused', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'restorative');
    await decide(env, caseRef, 'restorative-consent', 'both-consented');
    const task = await openTask(env, caseRef, 'restorative-conference', 'facilitator');
    const answer = await asStaff(env, 'facilitator', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'agreement-reached',
      reason: 'Both agreed',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields[0].path).toBe('agreedActions');
  });

  it('a withdrawal before any warning returns the case to triage', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'restorative');
    const withdrawal = await asStaff(env, 'facilitator', 'POST', `/cases/${caseRef}/restorative/withdrawal`, {
      party: 'source',
      reason: 'Does not accept responsibility',
    });
    expect(withdrawal.status).toBe(200);
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('under-investigation');
    expect(view.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['RestorativeWithdrawal', 'RestorativeProcessEnded']),
    );
    const triage = await openTask(env, caseRef, 'triage', 'caseworker');
    expect(triage.allowedOutcomes).toContain('warn');
  });

  it('a withdrawal after a breached warning returns the case to the CPN decision, never to a penalty', async () => {
    const { caseRef } = await caseWithWarning(env);
    await advanceDays(env, 8);
    await recordBreach(env, caseRef, { description: 'Party with amplified music after midnight' });
    await decide(env, caseRef, 'cpn-decision', 'restorative');
    await decide(env, caseRef, 'restorative-consent', 'both-consented');
    const withdrawal = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/restorative/withdrawal`, {
      party: 'complainant',
      reason: 'No longer wishes to meet',
    });
    expect(withdrawal.status).toBe(200);
    await env.stack.settle();
    const decision = await openTask(env, caseRef, 'cpn-decision', 'manager');
    expect(decision.allowedOutcomes).toEqual(['serve-cpn', 'restorative', 'no-further-action']);
    expect((await caseView(env, caseRef)).case.status).toBe('warning-issued');
  });

  it('a broken agreement after a CPN returns the case to the CPN breach decision for the same offence', async () => {
    const { caseRef } = await caseWithNotice(env);
    await advanceDays(env, 8);
    const breach = await recordBreach(env, caseRef);
    await decide(env, caseRef, 'cpn-breach-decision', 'restorative');
    await decide(env, caseRef, 'restorative-consent', 'both-consented');
    await decide(env, caseRef, 'restorative-conference', 'agreement-reached', { agreedActions });
    await advanceDays(env, 29);
    await decide(env, caseRef, 'agreement-review', 'breached', { group: 'caseworker' });
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('notice-served');
    expect(view.penalties).toEqual([]);
    const decision = await openTask(env, caseRef, 'cpn-breach-decision');
    expect(decision.allowedOutcomes).toContain('issue-fpn');
    expect((decision as { context?: { offenceId?: string } }).context?.offenceId).toBe(breach.body.breachId);
  });

  it('consent nobody records within 14 days counts as declined', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'restorative');
    await advanceDays(env, 15);
    const view = await caseView(env, caseRef);
    const consent = view.timeline.find(
      (e) => e.type === 'TaskDecided' && e.data.type === 'restorative-consent',
    );
    expect(consent).toMatchObject({ actor: { kind: 'system' }, data: { outcome: 'declined' } });
    await openTask(env, caseRef, 'triage', 'caseworker');
  });

  it('a broken agreement with no notice ever served returns the case to triage', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'restorative');
    await decide(env, caseRef, 'restorative-consent', 'both-consented');
    await decide(env, caseRef, 'restorative-conference', 'agreement-reached', { agreedActions });
    await advanceDays(env, 29);
    await decide(env, caseRef, 'agreement-review', 'breached', { group: 'caseworker' });
    await openTask(env, caseRef, 'triage', 'caseworker');
  });

  it('a withdrawal when no restorative process is running is refused', async () => {
    const { caseRef } = await openCase(env);
    const answer = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/restorative/withdrawal`, {
      party: 'source',
      reason: 'n/a',
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('NOT_IN_RESTORATIVE_PROCESS');
  });
});
