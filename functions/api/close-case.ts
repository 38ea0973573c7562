/** POST /cases/{caseRef}/closure: a manager closes the case by hand, with a reason and letters. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';

import { closeByHand } from '../domain/casework/closing.ts';
import { CaseRef } from '../domain/model/case.ts';
import { CloseRequest } from '../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(CloseRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['manager']);
    return json(200, await closeByHand(lifecycleDeps(), event.pathParameters.caseRef, caller, event.body));
  },
  { jsonBody: true },
);
