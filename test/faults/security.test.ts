/**
 * Hostile callers the lifecycle tests do not cover: signed tokens without a staff group, guessed
 * tracking tokens, and letters to the source checked across a case that produces every kind.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processClock } from '../../functions/commons/clock.ts';
import { signDevToken } from '../../infra/local/dev-auth.ts';
import { advanceDays, caseView, decide, openCase, openTask, recordBreach } from '../support/lifecycle.ts';
import { call, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

describe('staff routes', () => {
  it('a validly signed token with no staff group is refused with 403 on every staff route', async () => {
    const { caseRef } = await openCase(env);
    const { taskId } = await openTask(env, caseRef, 'triage', 'manager');
    const headers = { authorization: `Bearer ${await signDevToken('resident')}` };
    const queue = await call(env.stack, 'GET', '/tasks', { headers });
    expect(queue.status).toBe(403);
    const requests: [string, string, unknown?][] = [
      ['GET', `/tasks/${taskId}`],
      ['POST', `/tasks/${taskId}/decision`, { outcome: 'warn', reason: 'Not staff at all' }],
      ['GET', '/cases?status=received'],
      ['GET', `/cases/${caseRef}`],
      [
        'POST',
        `/cases/${caseRef}/breaches`,
        { witnessedAt: processClock.now().toISOString(), description: 'x' },
      ],
      ['POST', `/cases/${caseRef}/restorative/withdrawal`, { party: 'source', reason: 'Not staff' }],
    ];
    const answers: string[] = [];
    for (const [method, path, json] of requests) {
      const answer = await call(env.stack, method, path, { headers, ...(json ? { json } : {}) });
      answers.push(`${method} ${path} → ${answer.status}`);
    }
    expect(answers).toEqual(requests.map(([method, path]) => `${method} ${path} → 403`));
  });
});

describe('tracking tokens', () => {
  it("a resident's tracking token opens only its own case, and guessed tokens open none", async () => {
    const first = await openCase(env);
    const second = await openCase(env);
    const open = (caseRef: string, token: string) =>
      call(env.stack, 'GET', `/cases/${caseRef}/progress`, { headers: { 'x-tracking-token': token } });
    expect((await open(first.caseRef, first.trackingToken)).status).toBe(200);
    expect((await open(second.caseRef, first.trackingToken)).status).toBe(404);
    expect((await open(first.caseRef, second.trackingToken)).status).toBe(404);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          fc.constant(first.trackingToken.slice(0, -1)),
          fc.constant(`${first.trackingToken}A`),
          fc.constant(first.trackingToken.toUpperCase()),
        ),
        async (guess) => {
          fc.pre(guess !== first.trackingToken);
          expect((await open(first.caseRef, guess)).status).toBe(404);
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });
});

describe('privacy of letters', () => {
  it("no letter to the source carries the complainant's identity through a warning, a notice, restorative justice, a broken agreement, a penalty and prosecution", async () => {
    const complainant = { name: 'Zebedee Quartermaine', email: 'zebedee.q@example.org' };
    const { caseRef } = await openCase(env, complainant);
    await decide(env, caseRef, 'triage', 'warn', { group: 'caseworker' });
    await advanceDays(env, 8);
    await recordBreach(env, caseRef);
    await decide(env, caseRef, 'cpn-decision', 'serve-cpn');
    await advanceDays(env, 8);
    await recordBreach(env, caseRef);
    await decide(env, caseRef, 'cpn-breach-decision', 'restorative');
    await decide(env, caseRef, 'restorative-consent', 'both-consented');
    const dueBy = new Date(processClock.now().getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
    await decide(env, caseRef, 'restorative-conference', 'agreement-reached', {
      agreedActions: [{ action: 'Music off by 23:00', dueBy }],
    });
    await advanceDays(env, 29);
    await decide(env, caseRef, 'agreement-review', 'breached', { group: 'caseworker' });
    await decide(env, caseRef, 'cpn-breach-decision', 'issue-fpn');
    await advanceDays(env, 8);
    await advanceDays(env, 7);
    await decide(env, caseRef, 'prosecution-review', 'prosecute', { group: 'manager' });
    // A second resident reports the same source: their details must not reach the source either.
    const second = await call(env.stack, 'POST', '/complaints', {
      json: {
        complainant: {
          name: 'Philippa Oyelaran-Smythe',
          email: 'philippa@example.net',
          phone: '07700 900 123',
          address: { line1: '99 Narrow Way', postcode: 'E8 3AB' },
        },
        source: (await caseView(env, caseRef)).parties.find((p) => p.role === 'source'),
        noise: {
          category: 'music',
          description: 'Still loud every night',
          occurredAt: new Date(processClock.now().getTime() - 3_600_000).toISOString(),
        },
      },
    });
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    const toSource = view.outbox.filter((m) => m.to === 'source');
    expect(toSource.map((m) => m.template)).toEqual(
      expect.arrayContaining([
        'communityProtectionWarning',
        'communityProtectionNotice',
        'restorativeInvitation',
        'fixedPenaltyNotice',
        'paymentReminder',
        'prosecution',
      ]),
    );
    const secrets = [
      complainant.name,
      complainant.email,
      '01632 960 001',
      '+441632960001',
      '1 Mare Street',
      ...(second.status === 201
        ? ['Philippa', 'Oyelaran', 'philippa@example.net', '07700 900 123', '99 Narrow Way']
        : []),
    ];
    for (const letter of toSource) {
      const text = `${letter.subject}\n${letter.body}`;
      for (const secret of secrets)
        expect(text, `${letter.template} mentions ${secret}`).not.toContain(secret);
    }
  });
});
