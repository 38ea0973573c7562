/** GET /cases?status=&cursor=: cases in a status, most recently updated first, a page at a time. */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { listCases } from '../domain/lifecycle/staff-view.ts';
import { ListCasesQuery } from '../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  queryStringParameters: ListCasesQuery.default({ status: 'received' }),
});

export const handler = httpApi(Event, async (event) => {
  requireAnyGroup(callerOf(event), ['caseworker', 'manager', 'facilitator']);
  const query = event.queryStringParameters;
  return json(200, await listCases(lifecycleDeps(), query.status, query.cursor));
});
