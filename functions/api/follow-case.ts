/** GET /cases/{caseRef}/progress: the resident's view of their case, opened by their tracking token. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { caseDeps } from '../commons/case-deps.ts';
import { httpErrors } from '../commons/http/middleware.ts';
import { json } from '../commons/http/responses.ts';
import { logger } from '../commons/powertools.ts';
import { followCase } from '../domain/follow-case.ts';

export async function followCaseHandler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const caseRef = event.pathParameters?.caseRef ?? '';
  const view = await followCase(caseDeps(), caseRef, event.headers['x-tracking-token']);
  return json(200, view);
}

export const handler = middy(followCaseHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(httpErrors(logger));
