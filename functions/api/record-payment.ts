/**
 * POST /penalties/{penaltyRef}/payments: the payment provider tells us a penalty was paid. The raw
 * body must carry `X-Signature: sha256=<hex HMAC-SHA256>` made with the shared secret.
 */
import { createHmac } from 'node:crypto';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import type middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { AppError } from '../commons/errors.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { isSignedBody } from '../commons/http/signature.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { logger } from '../commons/powertools.ts';
import { readSecret } from '../commons/secrets.ts';
import { PaymentRequest } from '../domain/model/requests.ts';
import { recordPayment } from '../domain/penalties/payments.ts';

export function paymentSignature(rawBody: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** Checks the signature over the body exactly as received, before anything parses it. */
function verifyProviderSignature(): MiddlewareObj<APIGatewayProxyEventV2> {
  const verifyProviderSignatureBefore = async (request: { event: APIGatewayProxyEventV2 }) => {
    const header = request.event.headers['x-signature'];
    const ok = isSignedBody(header, request.event.body ?? '', await readSecret('payment'));
    if (!ok) throw new AppError(401, 'BAD_SIGNATURE', 'The X-Signature header does not match the body');
  };
  return { before: verifyProviderSignatureBefore };
}

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({
    penaltyRef: z.string().regex(/^FPN-[A-Z0-9-]{1,40}$/, { error: 'Unknown penalty reference' }),
  }),
  body: JSONStringified(PaymentRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const receipt = await recordPayment(lifecycleDeps(), event.pathParameters.penaltyRef, event.body);
    logger.info('payment notification', { penaltyRef: receipt.penaltyRef, result: receipt.result });
    return json(200, receipt);
  },
  // The signature is checked over the body exactly as received, before the parser reads it.
  { jsonBody: true, beforeParsing: [verifyProviderSignature() as middy.MiddlewareObj] },
);
