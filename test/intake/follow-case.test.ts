import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack();
});
afterAll(async () => {
  await env?.close();
});

const progress = (caseRef: string, token?: string) =>
  call(env.stack, 'GET', `/cases/${caseRef}/progress`, {
    headers: token ? { 'x-tracking-token': token } : {},
  });

describe('following a case', () => {
  it('the tracking token opens the resident view with status and timeline', async () => {
    const reported = await call(env.stack, 'POST', '/complaints', { json: complaintBody() });
    // The triage task opens (and the case is under investigation) as soon as the workflow runs,
    // which may be before or after this read: wait for it, so the status is one known value.
    await env.stack.settle();
    const view = await progress(reported.body.caseRef, reported.body.trackingToken);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      caseRef: reported.body.caseRef,
      status: 'under-investigation',
      statusDescription: 'An officer is looking into the noise.',
    });
    expect(view.body.timeline[0]).toEqual({
      at: expect.any(String),
      title: 'You reported noise and we opened a case',
    });
  });

  it("shows each resident their own report and acknowledgement, never another resident's report or who made it", async () => {
    const line1 = '44 Privacy Road';
    const first = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({ sourceLine1: line1, name: 'First Person', email: 'first@example.com' }),
    });
    const second = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({ sourceLine1: line1, name: 'Second Person', email: 'second@example.com' }),
    });
    const firstView = await progress(first.body.caseRef, first.body.trackingToken);
    const secondView = await progress(second.body.caseRef, second.body.trackingToken);
    const reports = (view: typeof firstView) =>
      view.body.timeline
        .map((e: { title: string }) => e.title)
        .filter((title: string) => /report/i.test(title));
    expect(reports(firstView)).toEqual([
      'You reported noise and we opened a case',
      'We acknowledged your report and an officer will review it',
    ]);
    expect(reports(secondView)).toEqual([
      'Your report was added to the existing case about this noise',
      'We acknowledged your report and an officer will review it',
    ]);
    const text = JSON.stringify([firstView.body, secondView.body]);
    for (const secret of [
      'First Person',
      'Second Person',
      'first@example.com',
      'second@example.com',
      '44 Privacy Road',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('a wrong, missing or other case token gets the same 404 as a case that does not exist', async () => {
    const mine = await call(env.stack, 'POST', '/complaints', { json: complaintBody() });
    const other = await call(env.stack, 'POST', '/complaints', { json: complaintBody() });
    const answers = await Promise.all([
      progress(mine.body.caseRef, 'wrong-token'),
      progress(mine.body.caseRef),
      progress(mine.body.caseRef, other.body.trackingToken),
      progress('NN-2099-999999', mine.body.trackingToken),
      progress('not-a-ref', mine.body.trackingToken),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        error: { code: 'NOT_FOUND', message: 'No case matches that reference and tracking token' },
      });
    }
  });
});
