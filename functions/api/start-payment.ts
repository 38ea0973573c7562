/**
 * POST /penalties/{penaltyRef}/pay: a resident starts paying a fixed penalty by card. The amount
 * comes from the penalty (the reduced amount while it applies), never from the request; the answer
 * is GOV.UK Pay's `next_url`, where the resident enters their card.
 */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { newAttemptId, savePaymentAttempt } from '../adapters/pay/attempts.ts';
import { penaltyToPay } from '../adapters/pay/ledger.ts';
import { sharedPayClient } from '../adapters/pay/wiring.ts';
import { sharedDynamo, tableName } from '../commons/clients/dynamodb.ts';
import { processClock } from '../commons/clock.ts';
import { notFound } from '../commons/errors.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { logger } from '../commons/powertools.ts';
import { councilConfig, publicWebUrl } from '../config/council.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({
    penaltyRef: z.string().regex(/^FPN-[A-Z0-9-]{1,40}$/, {
      error: 'Enter the notice number as it is printed, like FPN-2026-000042',
    }),
  }),
});

export const handler = httpApi(Event, async (event) => {
  const { penaltyRef } = event.pathParameters;
  const now = processClock.now();
  const due = await penaltyToPay(penaltyRef, now);
  if (!due) throw notFound('There is nothing to pay on a notice with that number');
  const council = councilConfig();
  const attemptId = newAttemptId();
  const { paymentId, nextUrl } = await (await sharedPayClient()).createPayment({
    amountPence: due.amountPence,
    reference: penaltyRef,
    description: `Fixed penalty notice ${penaltyRef}, ${council.name}`,
    returnUrl: `${publicWebUrl(council)}/pay/return?attempt=${attemptId}`,
    language: 'en',
  });
  await savePaymentAttempt(
    { db: sharedDynamo().doc, table: tableName() },
    { attemptId, penaltyRef, paymentId, amountPence: due.amountPence, createdAt: now.toISOString() },
  );
  logger.info('card payment started', { penaltyRef, paymentId, amountPence: due.amountPence });
  return json(201, { nextUrl, amountPence: due.amountPence });
});
