/** POST /cases/{caseRef}/people: name (or correct) the person responsible, the owner or the managing agent. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';

import { namePerson } from '../domain/casework/people.ts';
import { CaseRef } from '../domain/model/case.ts';
import { NamePersonRequest } from '../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(NamePersonRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['caseworker', 'manager']);
    return json(201, await namePerson(lifecycleDeps(), event.pathParameters.caseRef, caller, event.body));
  },
  { jsonBody: true },
);
