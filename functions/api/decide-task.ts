/** POST /tasks/{taskId}/decision: a caseworker, manager or facilitator decides a step, with a reason. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { logger } from '../commons/powertools.ts';
import { decideTask } from '../domain/lifecycle/tasks.ts';
import { DecisionRequest } from '../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ taskId: z.string().max(64) }),
  body: JSONStringified(DecisionRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    const task = await decideTask(lifecycleDeps(), event.pathParameters.taskId, caller, event.body);
    logger.appendKeys({ caseRef: task.caseRef });
    logger.info('task decided', { taskId: task.taskId, type: task.type, outcome: event.body.outcome });
    return json(200, { task });
  },
  { jsonBody: true },
);
