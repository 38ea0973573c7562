/** POST /complaints: a resident reports noise; the report opens a case or joins the open one. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { httpErrors, httpGuards } from '../commons/http/middleware.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { logger } from '../commons/powertools.ts';
import { readSecret } from '../commons/secrets.ts';
import { trackingTokenFor } from '../domain/identifiers.ts';
import { reportComplaint } from '../domain/intake/report.ts';
import { ComplaintRequest } from '../domain/model/complaint.ts';

const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/, {
  error: 'Idempotency-Key must be 8 to 128 letters, digits or . _ : -',
});

export const ReportComplaintEvent = APIGatewayProxyEventV2Schema.extend({
  headers: z.looseObject({ 'idempotency-key': IdempotencyKey.optional() }),
  body: JSONStringified(ComplaintRequest),
});
export type ReportComplaintEvent = z.infer<typeof ReportComplaintEvent>;

/**
 * The same Idempotency-Key and body, however much later, returns the first answer and records nothing
 * new: the key fixes the report's ids, and the report's own conditional writes do the rest (one
 * extra write, instead of an idempotency record written three times).
 */
export async function reportComplaintHandler(
  event: ReportComplaintEvent,
): Promise<APIGatewayProxyStructuredResultV2> {
  const key = event.headers['idempotency-key'];
  const trackingTokenKey = await readSecret('trackingToken');
  const receipt = await reportComplaint(
    { ...lifecycleDeps(), trackingTokenKey },
    event.body,
    key ? { operationKey: key } : {},
  );
  logger.appendKeys({ caseRef: receipt.caseRef });
  logger.info('complaint recorded', {
    joinedExistingCase: receipt.joinedExistingCase,
    status: receipt.status,
  });
  return json(
    201,
    {
      caseRef: receipt.caseRef,
      trackingToken: trackingTokenFor(receipt.complainantPartyId, trackingTokenKey),
      status: receipt.status,
      joinedExistingCase: receipt.joinedExistingCase,
    },
    { location: `/cases/${receipt.caseRef}/progress` },
  );
}

export const handler = middy(reportComplaintHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(httpErrors(logger))
  .use(httpGuards())
  .use(parser({ schema: ReportComplaintEvent }));
