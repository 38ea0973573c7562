import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseView, decide, openCase } from '../support/lifecycle.ts';
import { call, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const DAY_MS = 86_400_000;

describe('retention', () => {
  it('six years after closure the people are anonymised and the statistics stay', async () => {
    const { caseRef, trackingToken } = await openCase(env, {
      name: 'Retained Person',
      email: 'retained@example.com',
    });
    await decide(env, caseRef, 'triage', 'warn');
    await env.stack.advanceClock(15 * DAY_MS);
    const closed = await caseView(env, caseRef);
    expect(closed.case.status).toBe('closed');
    expect(JSON.stringify(closed)).toContain('Retained Person');

    // Six years after closure, leap days included, is a little more than 6 × 365 days.
    await env.stack.advanceClock(6 * 365 * DAY_MS - DAY_MS);
    expect(JSON.stringify(await caseView(env, caseRef))).toContain('Retained Person');
    await env.stack.advanceClock(4 * DAY_MS);

    const view = await caseView(env, caseRef);
    const text = JSON.stringify(view);
    for (const gone of [
      'Retained Person',
      'retained@example.com',
      '01632 960 001',
      '+441632960001',
      '1 Mare Street',
      'Loud bass music',
      'I cannot sleep',
    ]) {
      expect(text).not.toContain(gone);
    }
    expect(view.case).toMatchObject({
      status: 'closed',
      complaintCount: 1,
      sourceDistrict: 'E8',
      sourceKind: 'domestic',
    });
    expect(view.parties.every((p) => p.address.postcode === 'E8')).toBe(true);
    expect(view.timeline.map((e) => e.type)).toContain('PeopleAnonymised');
    expect(view.timeline.filter((e) => e.type === 'PeopleAnonymised')).toHaveLength(1);

    // The resident's view still works: it never held personal details.
    const progress = await call(env.stack, 'GET', `/cases/${caseRef}/progress`, {
      headers: { 'x-tracking-token': trackingToken },
    });
    expect(progress.body.status).toBe('closed');
  });
});
