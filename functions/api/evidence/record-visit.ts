/** POST /cases/{caseRef}/visits: an officer records a visit and what they witnessed; a breach is recorded in the same step. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../../commons/auth.ts';
import { httpApi } from '../../commons/http/api-handler.ts';
import { json } from '../../commons/http/responses.ts';
import { lifecycleDeps } from '../../commons/lifecycle-deps.ts';
import { recordVisit } from '../../domain/evidence/visits.ts';
import { CaseRef } from '../../domain/model/case.ts';
import { VisitRequest } from '../../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(VisitRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['caseworker', 'manager']);
    return json(201, await recordVisit(lifecycleDeps(), event.pathParameters.caseRef, caller, event.body));
  },
  { jsonBody: true },
);
