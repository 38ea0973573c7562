/** GET /cases?status=&flag=&owner=me&cursor=: open cases (or those in a status, or flagged), a page at a time. */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { listCases } from '../domain/lifecycle/staff-view.ts';
import { ListCasesQuery } from '../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  queryStringParameters: ListCasesQuery.default({}),
});

export const handler = httpApi(Event, async (event) => {
  const caller = callerOf(event);
  requireAnyGroup(caller, ['caseworker', 'manager', 'facilitator']);
  return json(200, await listCases(lifecycleDeps(), caller, event.queryStringParameters));
});
