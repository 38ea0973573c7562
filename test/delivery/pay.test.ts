/**
 * Paying a fixed penalty by card through the GOV.UK Pay stand-in over real HTTP: the payment is
 * created for what the penalty costs today, the payer goes through the card page and back to the
 * service, and Pay's signed webhook records the payment in the penalty ledger, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paySignature, SUCCESSFUL_CARD } from '../../infra/local/standins/pay.ts';
import { caseView, caseWithPenalty, localNow } from '../support/lifecycle.ts';
import { call, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  env = await startTestStack();
});
afterAll(async () => {
  await env?.close();
});

/** Starts paying a penalty as the resident's page does; returns Pay's next_url and our attempt id. */
async function startPaying(penaltyRef: string) {
  const started = await call(env.stack, 'POST', `/penalties/${penaltyRef}/pay`);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  return started.body as { nextUrl: string; amountPence: number };
}

/** The payer's card page, filled in and sent as a browser would (no redirects followed). */
async function payByCard(nextUrl: string, cardNumber: string): Promise<Response> {
  const page = await fetch(nextUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Enter card details');
  return fetch(nextUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      cardNumber,
      expiry: '12/30',
      cvc: '123',
      cardholderName: 'A Resident',
    }).toString(),
  });
}

const attemptOf = (returnUrl: string) => new URL(returnUrl).searchParams.get('attempt') as string;

describe('paying a fixed penalty by card', () => {
  it('charges the reduced amount, returns the payer to the service, and the signed webhook marks the penalty paid', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    const { nextUrl, amountPence } = await startPaying(penalty.penaltyRef);
    expect(amountPence).toBe(penalty.discountedAmountPence);

    const paid = await payByCard(nextUrl, SUCCESSFUL_CARD);
    expect(paid.status).toBe(303);
    const returnUrl = String(paid.headers.get('location'));
    expect(returnUrl.startsWith(`${env.stack.url}/pay/return?attempt=`)).toBe(true);
    expect(returnUrl).not.toContain(penalty.penaltyRef);

    await env.stack.pay.settle();
    await env.stack.settle();
    const status = await call(env.stack, 'GET', `/payments/${attemptOf(returnUrl)}`);
    expect(status.body).toMatchObject({ penaltyRef: penalty.penaltyRef, status: 'success', amountPence });
    const view = await caseView(env, caseRef);
    expect(view.penalties[0]?.status).toBe('paid');
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'penalty-paid' });
    expect(view.timeline.some((event) => event.type === 'PaymentRecorded')).toBe(true);

    // Nothing is left to pay, so no second payment can be started.
    expect((await call(env.stack, 'POST', `/penalties/${penalty.penaltyRef}/pay`)).status).toBe(404);
  });

  it('leaves the penalty unpaid when the card is declined', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    const { nextUrl } = await startPaying(penalty.penaltyRef);
    const declined = await payByCard(nextUrl, '4000000000000002');
    expect(declined.status).toBe(200);
    const page = await declined.text();
    expect(page).toContain('Your payment has been declined');
    const returnUrl = /href="([^"]+)">Go back to the service/
      .exec(page)?.[1]
      ?.replace(/&amp;/g, '&') as string;

    await env.stack.pay.settle();
    await env.stack.settle();
    const status = await call(env.stack, 'GET', `/payments/${attemptOf(returnUrl)}`);
    expect(status.body).toMatchObject({ status: 'failed', finished: true });
    expect((await caseView(env, caseRef)).penalties[0]?.status).toBe('unpaid');
  });

  it('refuses to start a payment for a notice that does not exist', async () => {
    const answer = await call(env.stack, 'POST', '/penalties/FPN-2099-999999/pay');
    expect(answer.status).toBe(404);
    expect(env.stack.pay.payments().some((payment) => payment.reference === 'FPN-2099-999999')).toBe(false);
  });
});

describe("Pay's webhooks", () => {
  function webhook(
    reference: string,
    paymentId: string,
    eventType = 'card_payment_succeeded',
    amount = 7_500,
  ) {
    return JSON.stringify({
      webhook_message_id: `msg${paymentId}`,
      created_date: localNow().toISOString(),
      resource_id: paymentId,
      api_version: 1,
      resource_type: 'payment',
      event_type: eventType,
      resource: { payment_id: paymentId, amount, reference, state: { status: 'success', finished: true } },
    });
  }

  const post = (body: string, signature: string) =>
    call(env.stack, 'POST', '/providers/pay/webhooks', {
      raw: body,
      headers: { 'content-type': 'application/json', 'pay-signature': signature },
    });

  it('are refused unless Pay-Signature is the HMAC of the body with the signing secret', async () => {
    const body = webhook('FPN-2026-000001', 'forgedpayment0001');
    expect((await post(body, paySignature(body, 'a-guessed-secret'))).status).toBe(401);
    expect((await post(body, '')).status).toBe(401);
    const tampered = body.replace('7500', '1');
    expect((await post(tampered, paySignature(body, env.stack.pay.webhookSecret))).status).toBe(401);
  });

  it('record a payment once however often Pay sends it, and ignore events that are not ours', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    const body = webhook(penalty.penaltyRef, `repeated${Date.now()}`);
    const signature = paySignature(body, env.stack.pay.webhookSecret);
    const first = await post(body, signature);
    const again = await post(body, signature);
    expect(first.status).toBe(200);
    expect(again.body.receipt).toEqual(first.body.receipt);
    await env.stack.settle();
    const received = (await caseView(env, caseRef)).timeline.filter(
      (event) => event.type === 'PaymentRecorded',
    );
    expect(received).toHaveLength(1);

    for (const other of [
      webhook('SOME-OTHER-SERVICE-REF', 'otherpayment0001'),
      webhook(penalty.penaltyRef, 'startedpayment001', 'card_payment_started'),
    ]) {
      const answer = await post(other, paySignature(other, env.stack.pay.webhookSecret));
      expect(answer.body.result).toBe('ignored');
    }
  });
});

describe('the Pay stand-in', () => {
  it('refuses a payment without the API key, or with an amount Pay would refuse', async () => {
    const request = (authorization: string, amount: unknown) =>
      fetch(`${env.stack.pay.url}/v1/payments`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({
          amount,
          reference: 'R1',
          description: 'D',
          return_url: 'https://example.org/r',
        }),
      });
    expect((await request('Bearer wrong', 100)).status).toBe(401);
    const tooMuch = await request(`Bearer ${env.stack.pay.apiKey}`, 10_000_001);
    expect(tooMuch.status).toBe(422);
    expect(await tooMuch.json()).toMatchObject({ field: 'amount', code: 'P0102' });
    const created = await request(`Bearer ${env.stack.pay.apiKey}`, 100);
    expect(created.status).toBe(201);
    expect((await created.json())._links.next_url.href).toContain('/secure/');
  });
});
