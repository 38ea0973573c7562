/** POST /cases/{caseRef}/risk-assessments: staff assess (or reassess) the risk to a complainant. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';

import { assessRisk } from '../domain/casework/risk.ts';
import { CaseRef } from '../domain/model/case.ts';
import { RiskAssessmentRequest } from '../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(RiskAssessmentRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['caseworker', 'manager']);
    return json(201, await assessRisk(lifecycleDeps(), event.pathParameters.caseRef, caller, event.body));
  },
  { jsonBody: true },
);
