/**
 * GET /payments/{attemptId}: how a resident's card payment went, for the page Pay returns them
 * to. Pay is asked, as Pay advises, rather than trusting that arriving back means success.
 */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { paymentAttempt } from '../adapters/pay/attempts.ts';
import { sharedPayClient } from '../adapters/pay/wiring.ts';
import { sharedDynamo, tableName } from '../commons/clients/dynamodb.ts';
import { notFound } from '../commons/errors.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ attemptId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: 'Not found' }) }),
});

export const handler = httpApi(Event, async (event) => {
  const attempt = await paymentAttempt(
    { db: sharedDynamo().doc, table: tableName() },
    event.pathParameters.attemptId,
  );
  if (!attempt) throw notFound('No payment with that reference');
  const payment = await (await sharedPayClient()).getPayment(attempt.paymentId);
  return json(200, {
    penaltyRef: attempt.penaltyRef,
    amountPence: payment.amount,
    status: payment.state.status,
    finished: payment.state.finished,
  });
});
