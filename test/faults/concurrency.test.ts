/**
 * Races the lifecycle tests do not cover: the payment provider sending the same notification many
 * times at once, and officers recording the same breach at the same moment.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processClock } from '../../functions/commons/clock.ts';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithPenalty,
  decide,
  openCase,
  PAYMENT_SECRET,
} from '../support/lifecycle.ts';
import { call, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

describe('many identical requests at the same moment', () => {
  it('eight identical payment notifications at once record one payment, answer alike and close the case once', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    const raw = JSON.stringify({
      amountPence: 7_500,
      paidAt: processClock.now().toISOString(),
      providerReference: `pay-${caseRef}-storm`,
    });
    const signature = `sha256=${createHmac('sha256', PAYMENT_SECRET).update(raw).digest('hex')}`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        call(env.stack, 'POST', `/penalties/${penalty.penaltyRef}/payments`, {
          raw,
          headers: { 'content-type': 'application/json', 'x-signature': signature },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    for (const answer of answers) expect(answer.body).toEqual(answers[0]?.body);
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.timeline.filter((e) => e.type === 'PaymentRecorded')).toHaveLength(1);
    expect(view.timeline.filter((e) => e.type === 'PenaltyPaid')).toHaveLength(1);
    expect(view.timeline.filter((e) => e.type === 'CaseClosed')).toHaveLength(1);
    expect(view.case.status).toBe('closed');
    expect(view.penalties[0]?.status).toBe('paid');
  });

  it('six officers recording a breach of the same warning at once open one CPN decision', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'warn');
    await advanceDays(env, 8);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        asStaff(
          env,
          'caseworker',
          'POST',
          `/cases/${caseRef}/breaches`,
          {
            witnessedAt: new Date(processClock.now().getTime() - 3_600_000).toISOString(),
            description: `Amplified music heard by officer ${i}`,
          },
          `Officer ${i}`,
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.tasks.filter((t) => t.type === 'cpn-decision')).toHaveLength(1);
    expect(view.breaches.filter((b) => b.counts)).toHaveLength(6);
    const versions = view.timeline.length;
    expect(new Set(view.timeline.map((e) => JSON.stringify(e))).size).toBe(versions);
  });
});
