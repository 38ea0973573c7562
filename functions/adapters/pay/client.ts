/**
 * GOV.UK Pay's public API, as the resident's card payment needs it: create a payment (amount,
 * reference, description, return URL) and hand back Pay's `next_url`; read a payment's state.
 * Pay has no Node client of its own, so this is its documented HTTP API with the bearer key.
 */
import * as z from 'zod';

export const PAY_PRODUCTION_URL = 'https://publicapi.payments.service.gov.uk';

export const PayState = z.object({
  status: z.enum([
    'created',
    'started',
    'submitted',
    'capturable',
    'success',
    'failed',
    'cancelled',
    'error',
  ]),
  finished: z.boolean(),
  message: z.string().optional(),
  code: z.string().optional(),
});

export const PayPayment = z.object({
  payment_id: z.string(),
  amount: z.number().int(),
  reference: z.string(),
  description: z.string(),
  state: PayState,
  created_date: z.string(),
  _links: z.object({ next_url: z.object({ href: z.url() }).optional().nullable() }).optional(),
});
export type PayPayment = z.infer<typeof PayPayment>;

export class PayError extends Error {
  override name = 'PayError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface NewPayment {
  amountPence: number;
  /** Ours: the penalty reference, so Pay's reports and webhooks name the penalty. */
  reference: string;
  description: string;
  returnUrl: string;
  language?: 'en' | 'cy';
}

export interface PayClient {
  createPayment(payment: NewPayment): Promise<{ paymentId: string; nextUrl: string }>;
  getPayment(paymentId: string): Promise<PayPayment>;
}

export function payClient(options: { baseUrl: string; apiKey: string }): PayClient {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    let answer: Response;
    try {
      answer = await fetch(`${options.baseUrl.replace(/\/+$/, '')}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw new PayError('GOV.UK Pay could not be reached');
    }
    const text = await answer.text();
    if (!answer.ok) {
      // Pay's error codes (P0102 ...) are safe to log; its descriptions quote only field names.
      let code = '';
      try {
        code = String(JSON.parse(text).code ?? '');
      } catch {
        // not JSON
      }
      throw new PayError(`GOV.UK Pay answered ${answer.status} ${code}`.trim(), answer.status);
    }
    return JSON.parse(text);
  };
  return {
    async createPayment(payment) {
      const created = PayPayment.parse(
        await call('POST', '/v1/payments', {
          amount: payment.amountPence,
          reference: payment.reference,
          description: payment.description,
          return_url: payment.returnUrl,
          language: payment.language ?? 'en',
        }),
      );
      const nextUrl = created._links?.next_url?.href;
      if (!nextUrl) throw new PayError('GOV.UK Pay gave no next_url for a new payment');
      return { paymentId: created.payment_id, nextUrl };
    },
    async getPayment(paymentId) {
      return PayPayment.parse(await call('GET', `/v1/payments/${encodeURIComponent(paymentId)}`));
    },
  };
}
