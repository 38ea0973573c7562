/**
 * POST /providers/notify/receipts: GOV.UK Notify's delivery receipts (its "callback URL"). Notify sends the
 * bearer token the service set up with it; anything else is refused before the body is read.
 * A receipt that arrives before we have recorded the send answers 503, so Notify tries again.
 */
import { timingSafeEqual } from 'node:crypto';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import type middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { deliveryDeps } from '../adapters/delivery-wiring.ts';
import { NotifyReceipt } from '../adapters/notify/receipt.ts';
import { AppError } from '../commons/errors.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { errorBody, json } from '../commons/http/responses.ts';
import { logger } from '../commons/powertools.ts';
import { readSecret } from '../commons/secrets.ts';
import { applyProviderStatus } from '../domain/delivery/transitions.ts';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function requireNotifyBearerToken(): MiddlewareObj<APIGatewayProxyEventV2> {
  const requireNotifyBearerTokenBefore = async (request: { event: APIGatewayProxyEventV2 }) => {
    const expected = `Bearer ${await readSecret('notifyCallback')}`;
    if (!sameSecret(request.event.headers.authorization ?? '', expected))
      throw new AppError(401, 'BAD_TOKEN', 'The bearer token is not the one agreed with Notify');
  };
  return { before: requireNotifyBearerTokenBefore };
}

const Event = APIGatewayProxyEventV2Schema.extend({ body: JSONStringified(NotifyReceipt) });

export const handler = httpApi(
  Event,
  async (event) => {
    const receipt = event.body;
    if (!receipt.reference) return json(200, { result: 'not-ours' });
    const result = await applyProviderStatus(deliveryDeps(), {
      reference: receipt.reference,
      id: receipt.id,
      status: receipt.status,
    });
    logger.info('delivery receipt', { messageId: receipt.reference, status: receipt.status, result });
    if (result === 'not-yet-recorded')
      return json(503, errorBody('TRY_AGAIN', 'The send is not recorded yet; send the receipt again'));
    return json(200, { result });
  },
  { jsonBody: true, beforeParsing: [requireNotifyBearerToken() as middy.MiddlewareObj] },
);
