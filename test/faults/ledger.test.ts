/**
 * Payments are a ledger, exact under simultaneous notifications and retries: random batches of
 * instalments, repeats and conflicting reuses of a provider reference, sent all at once, against
 * a model of what the ledger must then say.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithPenalty,
  decide,
  localNow,
  PAYMENT_SECRET,
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

const DAY = 86_400_000;

function send(penaltyRef: string, body: { amountPence: number; paidAt: string; providerReference: string }) {
  const raw = JSON.stringify(body);
  return call(env.stack, 'POST', `/penalties/${penaltyRef}/payments`, {
    raw,
    headers: {
      'content-type': 'application/json',
      'x-signature': `sha256=${createHmac('sha256', PAYMENT_SECRET).update(raw).digest('hex')}`,
    },
  });
}

interface Notification {
  ref: number;
  amountPence: number;
  /** Days after the notice was issued. */
  paidOnDay: number;
}

const notification = fc.record({
  ref: fc.integer({ min: 0, max: 5 }),
  amountPence: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(2_500, 5_000, 7_500, 10_000)),
  paidOnDay: fc.integer({ min: 0, max: 12 }),
});

describe('the payment ledger', () => {
  it('adds up exactly whatever instalments, repeats and clashing references arrive together', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(notification, { minLength: 1, maxLength: 8 }),
        fc.nat(3),
        async (sent, repeats) => {
          run++;
          const { caseRef, penalty } = await caseWithPenalty(env);
          const issued = Date.parse((penalty as { issuedAt?: string }).issuedAt ?? localNow().toISOString());
          await advanceDays(env, 12);
          await advanceDays(env, 0.5);
          const reference = (n: Notification) => `R${run}-${caseRef}-${n.ref}`;
          const bodyOf = (n: Notification) => ({
            amountPence: n.amountPence,
            paidAt: new Date(issued + n.paidOnDay * DAY + 3_600_000).toISOString(),
            providerReference: reference(n),
          });
          // Some notifications are sent again (the provider retries), all at the same moment.
          const all = [...sent, ...sent.slice(0, repeats)];
          const answers = await Promise.all(all.map((n) => send(penalty.penaltyRef, bodyOf(n))));
          await env.stack.settle();

          // Each reference was recorded with exactly one body: the one answered 200.
          const recorded = new Map<string, Notification>();
          all.forEach((n, i) => {
            const answer = answers[i];
            expect([200, 409], JSON.stringify(answer?.body)).toContain(answer?.status);
            if (answer?.status === 200) {
              const earlier = recorded.get(reference(n));
              if (earlier) expect(bodyOf(earlier)).toEqual(bodyOf(n));
              recorded.set(reference(n), n);
            }
          });
          for (const ref of new Set(all.map(reference))) expect(recorded.has(ref), ref).toBe(true);
          // The same reference and body always got the same answer.
          const firstAnswer = new Map<string, unknown>();
          all.forEach((n, i) => {
            if (answers[i]?.status !== 200) return;
            const key = JSON.stringify(bodyOf(n));
            if (firstAnswer.has(key)) expect(answers[i]?.body).toEqual(firstAnswer.get(key));
            else firstAnswer.set(key, answers[i]?.body);
          });

          const payments = [...recorded.values()];
          const total = payments.reduce((sum, n) => sum + n.amountPence, 0);
          const byDiscount = payments
            .filter((n) => n.paidOnDay < 10)
            .reduce((sum, n) => sum + n.amountPence, 0);
          const settled = byDiscount >= 7_500 || total >= 10_000;
          const required = byDiscount >= 7_500 ? 7_500 : 10_000;
          const view = await caseView(env, caseRef);
          const stored = view.penalties[0];
          expect(stored?.paidPence).toBe(total);
          expect(stored?.status).toBe(settled ? 'paid' : 'part-paid');
          expect(view.case.status).toBe(settled ? 'closed' : 'penalty-issued');
          expect((view.case.flags ?? []).includes('refund-due')).toBe(settled && total > required);
        },
      ),
      { numRuns: 10, seed: 4242, endOnFailure: true },
    );
  }, 240_000);

  it('a reference recorded for one penalty is refused for another and changes nothing', async () => {
    const first = await caseWithPenalty(env);
    const second = await caseWithPenalty(env);
    const body = {
      amountPence: 7_500,
      paidAt: localNow().toISOString(),
      providerReference: `SHARED-${first.caseRef}`,
    };
    expect((await send(first.penalty.penaltyRef, body)).status).toBe(200);
    const clash = await send(second.penalty.penaltyRef, body);
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('PAYMENT_REFERENCE_USED');
    const other = await caseView(env, second.caseRef);
    expect(other.penalties[0]).toMatchObject({ paidPence: 0, status: 'unpaid' });
    const different = await send(first.penalty.penaltyRef, { ...body, amountPence: 100 });
    expect(different.status).toBe(409);
    expect(different.body.error.code).toBe('PAYMENT_REFERENCE_CONFLICT');
  });

  it('a paidAt before the notice or in the future is refused with a field message', async () => {
    const { penalty } = await caseWithPenalty(env);
    const issued = Date.parse((penalty as { issuedAt?: string }).issuedAt ?? '');
    for (const paidAt of [new Date(issued - 2 * DAY), new Date(localNow().getTime() + 2 * DAY)]) {
      const refused = await send(penalty.penaltyRef, {
        amountPence: 7_500,
        paidAt: paidAt.toISOString(),
        providerReference: `BOUNDS-${paidAt.getTime()}`,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields[0].path).toBe('paidAt');
    }
  });

  it('instalments that reach the early amount by the discount date settle the penalty', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    const first = await pay(env, penalty.penaltyRef, 5_000, localNow(), `I1-${caseRef}`);
    expect(first.body).toMatchObject({ result: 'part-payment', outstandingPence: 2_500 });
    expect((await caseView(env, caseRef)).penalties[0]?.status).toBe('part-paid');
    const second = await pay(env, penalty.penaltyRef, 2_500, localNow(), `I2-${caseRef}`);
    expect(second.body).toMatchObject({ result: 'accepted', outstandingPence: 0 });
    expect((await caseView(env, caseRef)).case.status).toBe('closed');
  });

  it('a payment for a withdrawn penalty is recorded and flagged, and the penalty stays withdrawn', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    await advanceDays(env, 8);
    await advanceDays(env, 5);
    await advanceDays(env, 2);
    await decide(env, caseRef, 'prosecution-review', 'withdraw');
    const late = await pay(env, penalty.penaltyRef, 10_000, localNow(), `LATE-${caseRef}`);
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ result: 'flagged', flags: ['refund-due'] });
    const view = await caseView(env, caseRef);
    expect(view.penalties[0]).toMatchObject({ status: 'withdrawn', paidPence: 10_000 });
    expect(view.case.flags).toContain('refund-due');
  });

  it('a payment for a penalty in prosecution is recorded, flagged for the court and never makes it paid', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    await advanceDays(env, 8);
    await advanceDays(env, 5);
    await advanceDays(env, 2);
    await decide(env, caseRef, 'prosecution-review', 'prosecute');
    const during = await pay(env, penalty.penaltyRef, 10_000, localNow(), `COURT-${caseRef}`);
    expect(during.body).toMatchObject({ result: 'flagged', flags: ['payment-during-prosecution'] });
    const view = await caseView(env, caseRef);
    expect(view.penalties[0]?.status).toBe('prosecution');
    const flagged = await asStaff(env, 'manager', 'GET', '/cases?flag=payment-during-prosecution');
    expect(flagged.body.cases.map((c: { caseRef: string }) => c.caseRef)).toContain(caseRef);
  });
});
