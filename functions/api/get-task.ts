/** GET /tasks/{taskId}: one task, with its decision once made. */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { getTask } from '../domain/lifecycle/tasks.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ taskId: z.string().max(64) }),
});

export const handler = httpApi(Event, async (event) => {
  const task = await getTask(lifecycleDeps(), event.pathParameters.taskId, callerOf(event));
  return json(200, { task });
});
