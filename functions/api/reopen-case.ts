/** POST /cases/{caseRef}/reopening: a manager reopens a closed case; it starts at triage. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';

import { reopenByHand } from '../domain/casework/closing.ts';
import { CaseRef } from '../domain/model/case.ts';
import { ReopenRequest } from '../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(ReopenRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['manager']);
    return json(200, await reopenByHand(lifecycleDeps(), event.pathParameters.caseRef, caller, event.body));
  },
  { jsonBody: true },
);
