/**
 * POST /providers/pay/webhooks: GOV.UK Pay's webhooks. Pay signs each body with the webhook's signing
 * secret (`Pay-Signature`: hex HMAC-SHA256 of the body exactly as sent); the signature is checked
 * before anything reads the body. A `card_payment_succeeded` for a fixed penalty is recorded in
 * the penalty ledger under Pay's payment id, so a webhook Pay sends twice is recorded once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import type middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { recordPenaltyPayment } from '../adapters/pay/ledger.ts';
import { PayWebhook } from '../adapters/pay/webhook.ts';
import { AppError } from '../commons/errors.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { logger } from '../commons/powertools.ts';
import { readSecret } from '../commons/secrets.ts';

export function paySignature(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');
}

function verifyPaySignature(): MiddlewareObj<APIGatewayProxyEventV2> {
  const verifyPaySignatureBefore = async (request: { event: APIGatewayProxyEventV2 }) => {
    const given = Buffer.from(request.event.headers['pay-signature'] ?? '');
    const expected = Buffer.from(paySignature(request.event.body ?? '', await readSecret('payWebhook')));
    if (!(given.length === expected.length && timingSafeEqual(given, expected)))
      throw new AppError(401, 'BAD_SIGNATURE', 'The Pay-Signature header does not match the body');
  };
  return { before: verifyPaySignatureBefore };
}

const Event = APIGatewayProxyEventV2Schema.extend({ body: JSONStringified(PayWebhook) });

const FIXED_PENALTY = /^FPN-[A-Z0-9-]{1,40}$/;

export const handler = httpApi(
  Event,
  async (event) => {
    const message = event.body;
    const { resource } = message;
    // The council's Pay account may take payments for other services: only our events count.
    if (
      message.resource_type !== 'payment' ||
      message.event_type !== 'card_payment_succeeded' ||
      !FIXED_PENALTY.test(resource.reference)
    ) {
      return json(200, { result: 'ignored' });
    }
    const receipt = await recordPenaltyPayment(resource.reference, {
      amountPence: resource.amount,
      paidAt: message.created_date,
      providerReference: resource.payment_id,
    });
    logger.info('card payment recorded', { penaltyRef: resource.reference, paymentId: resource.payment_id });
    return json(200, { result: 'recorded', receipt });
  },
  { jsonBody: true, beforeParsing: [verifyPaySignature() as middy.MiddlewareObj] },
);
