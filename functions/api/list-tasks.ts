/** GET /tasks?type=: the open tasks the caller may act on, oldest due first. */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { listTasks } from '../domain/lifecycle/tasks.ts';
import { ListTasksQuery } from '../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({ queryStringParameters: ListTasksQuery.optional() });

export const handler = httpApi(Event, async (event) => {
  const caller = callerOf(event);
  requireAnyGroup(caller, ['caseworker', 'manager', 'facilitator']);
  const tasks = await listTasks(lifecycleDeps(), caller, event.queryStringParameters?.type);
  return json(200, { tasks });
});
