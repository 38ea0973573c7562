/** POST /cases/{caseRef}/move-on: a manager moves a stalled case on (restart, a decision, or close). */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';

import { moveStalledCaseOn } from '../domain/casework/stalled.ts';
import { CaseRef } from '../domain/model/case.ts';
import { MoveOnRequest } from '../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(MoveOnRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['manager']);
    return json(
      200,
      await moveStalledCaseOn(lifecycleDeps(), event.pathParameters.caseRef, caller, event.body),
    );
  },
  { jsonBody: true },
);
