/**
 * A local stand-in for GOV.UK Pay: the public API's create and get payment (bearer API key), a
 * plain card page that takes the payer to "success" or "failed" and back to the service's return
 * URL, and Pay's webhooks, signed as Pay signs them (`Pay-Signature`: hex HMAC-SHA256 of the body
 * with the webhook signing secret). Pay's sandbox test cards behave as in Pay's sandbox.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openJournal } from './journal.ts';

export const LOCAL_PAY_API_KEY = 'api_test_abate_local_pay_key_not_for_production';
export const LOCAL_PAY_WEBHOOK_SECRET = 'webhook_abate_local_signing_secret';

/** Pay's sandbox cards: this one succeeds, and the decline ones fail as Pay's sandbox makes them. */
export const SUCCESSFUL_CARD = '4444333322221111';
export const declinedCards: Record<string, string> = {
  '4000000000000002': 'Your payment has been declined',
  '4000000000000069': 'The card has expired',
  '4000000000000127': 'The card security code is incorrect',
};

export interface PayState {
  status: 'created' | 'started' | 'submitted' | 'success' | 'failed' | 'cancelled';
  finished: boolean;
  message?: string;
  code?: string;
}

export interface StandInPayment {
  paymentId: string;
  chargeToken: string;
  amount: number;
  reference: string;
  description: string;
  returnUrl: string;
  language: string;
  state: PayState;
  createdDate: string;
  card?: { lastDigits: string; firstDigits: string; holder: string; expiry: string };
}

export interface PayStandInOptions {
  apiKey?: string;
  webhookSecret?: string;
  /** Keep the payments in this file across restarts (JSON lines, see `journal.ts`). */
  dataFile?: string;
  host?: string;
  port?: number;
  log?: (line: Record<string, unknown>) => void;
  /** The time the stand-in stamps on payments: the local stack's movable clock. */
  clock?: { now(): Date };
}

export interface PayStandIn {
  url: string;
  apiKey: string;
  webhookSecret: string;
  /** Where Pay's webhooks go. */
  setWebhookUrl(url: string | undefined): void;
  payments(): StandInPayment[];
  /** Waits until every webhook has been answered. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

export function paySignature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

class PayProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, string>,
  ) {
    super(body.description);
  }
}

export async function startPayStandIn(options: PayStandInOptions = {}): Promise<PayStandIn> {
  const apiKey = options.apiKey ?? LOCAL_PAY_API_KEY;
  const webhookSecret = options.webhookSecret ?? LOCAL_PAY_WEBHOOK_SECRET;
  const log = options.log ?? (() => {});
  const now = () => (options.clock ?? { now: () => new Date() }).now();
  const journal = openJournal<StandInPayment>(options.dataFile, (p) => p.paymentId);
  const payments = journal.records;
  let webhookUrl: string | undefined;
  const webhooks = new Set<Promise<void>>();
  let baseUrl = '';

  const save = (payment: StandInPayment) => journal.save(payment);

  function resource(p: StandInPayment) {
    return {
      amount: p.amount,
      description: p.description,
      reference: p.reference,
      language: p.language,
      state: p.state,
      payment_id: p.paymentId,
      payment_provider: 'sandbox',
      created_date: p.createdDate,
      return_url: p.returnUrl,
      delayed_capture: false,
      moto: false,
      authorisation_mode: 'web',
      ...(p.card
        ? {
            card_details: {
              last_digits_card_number: p.card.lastDigits,
              first_digits_card_number: p.card.firstDigits,
              cardholder_name: p.card.holder,
              expiry_date: p.card.expiry,
              card_brand: 'Visa',
              card_type: 'debit',
            },
            provider_id: `sandbox-${p.paymentId}`,
          }
        : {}),
      _links: {
        self: { href: `${baseUrl}/v1/payments/${p.paymentId}`, method: 'GET' },
        ...(p.state.finished
          ? {}
          : {
              next_url: { href: `${baseUrl}/secure/${p.chargeToken}`, method: 'GET' },
              next_url_post: {
                type: 'application/x-www-form-urlencoded',
                params: { chargeTokenId: p.chargeToken },
                href: `${baseUrl}/secure`,
                method: 'POST',
              },
            }),
        events: { href: `${baseUrl}/v1/payments/${p.paymentId}/events`, method: 'GET' },
      },
    };
  }

  /** Pay's webhook message, signed over the exact body sent; retried while the service fails. */
  function sendWebhook(p: StandInPayment, eventType: string) {
    const target = webhookUrl;
    if (!target) return;
    const body = JSON.stringify({
      webhook_message_id: randomUUID().replace(/-/g, '').slice(0, 26),
      created_date: now().toISOString(),
      resource_id: p.paymentId,
      api_version: 1,
      resource_type: 'payment',
      event_type: eventType,
      resource: resource(p),
    });
    const attempt = async () => {
      for (let tries = 0; tries < 5; tries++) {
        try {
          const answer = await fetch(target, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'pay-signature': paySignature(body, webhookSecret),
            },
            body,
          });
          if (answer.ok) return;
        } catch {
          // no answer: try again
        }
        await new Promise((done) => setTimeout(done, 50 * 2 ** tries));
      }
      log({ level: 'WARN', message: 'pay stand-in gave up on a webhook', paymentId: p.paymentId });
    };
    const running = attempt().finally(() => webhooks.delete(running));
    webhooks.add(running);
  }

  function createPayment(body: Record<string, unknown>) {
    for (const field of ['amount', 'reference', 'description', 'return_url']) {
      if (body[field] === undefined || body[field] === null)
        throw new PayProblem(400, {
          field,
          code: 'P0101',
          description: `Missing mandatory attribute: ${field}`,
        });
    }
    const amount = body.amount;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > 10_000_000)
      throw new PayProblem(422, {
        field: 'amount',
        code: 'P0102',
        description: 'Invalid attribute value: amount. Must be less than or equal to 10000000',
      });
    for (const field of ['reference', 'description'] as const) {
      const value = body[field];
      if (typeof value !== 'string' || value.length === 0 || value.length > 255)
        throw new PayProblem(422, {
          field,
          code: 'P0102',
          description: `Invalid attribute value: ${field}. Must be less than or equal to 255 characters length`,
        });
    }
    let returnUrl: URL;
    try {
      returnUrl = new URL(String(body.return_url));
    } catch {
      throw new PayProblem(422, {
        field: 'return_url',
        code: 'P0102',
        description: 'Invalid attribute value: return_url. Must be a valid URL format',
      });
    }
    const payment: StandInPayment = {
      paymentId: randomBytes(13).toString('hex').slice(0, 26),
      chargeToken: randomBytes(16).toString('hex'),
      amount,
      reference: String(body.reference),
      description: String(body.description),
      returnUrl: returnUrl.toString(),
      language: body.language === 'cy' ? 'cy' : 'en',
      state: { status: 'created', finished: false },
      createdDate: now().toISOString(),
    };
    payments.set(payment.paymentId, payment);
    save(payment);
    return payment;
  }

  const byToken = (token: string) => [...payments.values()].find((p) => p.chargeToken === token);

  function cardPage(p: StandInPayment, error?: string): string {
    const pounds = `£${(p.amount / 100).toFixed(2)}`;
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${error ? 'Error: ' : ''}Enter card details – GOV.UK Pay (local stand-in)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: arial, sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; line-height: 1.4">
<main>
<p><strong>GOV.UK Pay</strong> – local stand-in: no real payment is taken.</p>
<h1>Enter card details</h1>
<p>${escapeHtml(p.description)}</p>
<p>Total amount: <strong>${pounds}</strong></p>
${error ? `<div role="alert" style="border: 4px solid #d4351c; padding: 0.5em 1em"><h2>There is a problem</h2><p>${escapeHtml(error)}</p></div>` : ''}
<form method="post" action="/secure/${p.chargeToken}" novalidate>
<p><label for="card-number">Card number</label><br><input id="card-number" name="cardNumber" autocomplete="cc-number" inputmode="numeric" required></p>
<p><label for="expiry">Expiry date (MM/YY)</label><br><input id="expiry" name="expiry" autocomplete="cc-exp" required></p>
<p><label for="cvc">Card security code</label><br><input id="cvc" name="cvc" autocomplete="cc-csc" inputmode="numeric" required></p>
<p><label for="holder">Name on card</label><br><input id="holder" name="cardholderName" autocomplete="cc-name"></p>
<p><button type="submit" name="action" value="pay">Confirm payment</button></p>
<p><button type="submit" name="action" value="cancel">Cancel payment</button></p>
</form>
<p>Test cards: ${SUCCESSFUL_CARD} succeeds; 4000000000000002 is declined.</p>
</main></body></html>`;
  }

  function resultPage(p: StandInPayment): string {
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(p.state.message ?? 'Payment not taken')} – GOV.UK Pay (local stand-in)</title></head>
<body style="font-family: arial, sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em">
<main><h1>${escapeHtml(p.state.message ?? 'Payment not taken')}</h1><p>No money has been taken from your account.</p>
<p><a href="${escapeHtml(p.returnUrl)}">Go back to the service</a></p></main></body></html>`;
  }

  async function submitCard(p: StandInPayment, form: URLSearchParams, response: ServerResponse) {
    const html = (status: number, page: string) => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(page);
    };
    if (p.state.finished) {
      html(400, resultPage(p));
      return;
    }
    if (form.get('action') === 'cancel') {
      p.state = {
        status: 'cancelled',
        finished: true,
        message: 'Payment was cancelled by the user',
        code: 'P0030',
      };
      save(p);
      response.writeHead(303, { location: p.returnUrl });
      response.end();
      return;
    }
    const number = (form.get('cardNumber') ?? '').replace(/[\s-]/g, '');
    const expiry = (form.get('expiry') ?? '').trim();
    const cvc = (form.get('cvc') ?? '').trim();
    if (!/^\d{12,19}$/.test(number)) return html(400, cardPage(p, 'Enter a valid card number'));
    if (!/^(0[1-9]|1[0-2])\/\d{2}$/.test(expiry)) return html(400, cardPage(p, 'Enter a valid expiry date'));
    if (!/^\d{3,4}$/.test(cvc)) return html(400, cardPage(p, 'Enter a valid card security code'));
    const declined = declinedCards[number];
    if (number !== SUCCESSFUL_CARD && !declined)
      return html(400, cardPage(p, 'The local stand-in takes only the GOV.UK Pay sandbox test cards'));
    p.card = {
      lastDigits: number.slice(-4),
      firstDigits: number.slice(0, 6),
      holder: (form.get('cardholderName') ?? '').slice(0, 100),
      expiry,
    };
    if (declined) {
      p.state = { status: 'failed', finished: true, message: declined, code: 'P0010' };
      save(p);
      sendWebhook(p, 'card_payment_failed');
      html(200, resultPage(p));
      return;
    }
    p.state = { status: 'success', finished: true };
    save(p);
    sendWebhook(p, 'card_payment_succeeded');
    response.writeHead(303, { location: p.returnUrl });
    response.end();
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204);
      response.end();
      return;
    }
    try {
      const secure = /^\/secure\/([0-9a-f]{32})$/.exec(url.pathname);
      if (secure) {
        const p = byToken(secure[1] ?? '');
        if (!p) {
          response.writeHead(404, { 'content-type': 'text/plain' });
          response.end('No such payment');
          return;
        }
        if (method === 'POST') {
          await submitCard(p, new URLSearchParams(raw), response);
          return;
        }
        if (p.state.status === 'created') {
          p.state = { status: 'started', finished: false };
          save(p);
        }
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(p.state.finished ? resultPage(p) : cardPage(p));
        return;
      }
      if (url.pathname.startsWith('/v1/')) {
        if (request.headers.authorization !== `Bearer ${apiKey}`)
          throw new PayProblem(401, {
            code: 'P0199',
            description: 'Credentials are required to access this resource',
          });
        if (method === 'POST' && url.pathname === '/v1/payments') {
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(raw || '{}');
          } catch {
            throw new PayProblem(400, { code: 'P0197', description: 'Unable to parse JSON' });
          }
          json(201, resource(createPayment(body)));
          return;
        }
        const one = /^\/v1\/payments\/([a-z0-9]+)$/.exec(url.pathname);
        if (method === 'GET' && one) {
          const p = payments.get(one[1] ?? '');
          if (!p) throw new PayProblem(404, { code: 'P0200', description: 'Not found' });
          json(200, resource(p));
          return;
        }
      }
      throw new PayProblem(404, { code: 'P0200', description: 'Not found' });
    } catch (error) {
      if (error instanceof PayProblem) {
        json(error.status, error.body);
        return;
      }
      log({ level: 'ERROR', message: 'pay stand-in failed', error: String(error) });
      json(500, { code: 'P0999', description: 'Downstream system error' });
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => done());
  });
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    apiKey,
    webhookSecret,
    setWebhookUrl(next) {
      webhookUrl = next;
    },
    payments: () => [...payments.values()],
    async settle() {
      while (webhooks.size > 0) await Promise.all([...webhooks]);
    },
    async close() {
      await Promise.allSettled([...webhooks]);
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
