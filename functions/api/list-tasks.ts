/** GET /tasks?type=&mine=true: the open tasks the caller may act on, oldest due first. */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { listTasks } from '../domain/lifecycle/tasks.ts';
import { TaskType } from '../domain/routes/catalogue.ts';

export const ListTasksQuery = z.strictObject({
  type: TaskType.optional(),
  /** `true`: only tasks on cases the caller owns. */
  mine: z.enum(['true', 'false'], { error: 'mine is true or false' }).optional(),
});

const Event = APIGatewayProxyEventV2Schema.extend({ queryStringParameters: ListTasksQuery.optional() });

export const handler = httpApi(Event, async (event) => {
  const caller = callerOf(event);
  requireAnyGroup(caller, ['caseworker', 'manager', 'facilitator']);
  const query = event.queryStringParameters;
  const tasks = await listTasks(lifecycleDeps(), caller, query?.type, { mine: query?.mine === 'true' });
  return json(200, { tasks });
});
