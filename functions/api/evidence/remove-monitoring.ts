/** POST /cases/{caseRef}/monitoring/{deploymentId}/removal: the equipment came out; what it showed and the files it produced. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../../commons/auth.ts';
import { httpApi } from '../../commons/http/api-handler.ts';
import { json } from '../../commons/http/responses.ts';
import { lifecycleDeps } from '../../commons/lifecycle-deps.ts';
import { removeMonitoring } from '../../domain/evidence/monitoring.ts';
import { CaseRef } from '../../domain/model/case.ts';
import { DeploymentId, MonitoringRemovalRequest } from '../../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef, deploymentId: DeploymentId }),
  body: JSONStringified(MonitoringRemovalRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['caseworker', 'manager']);
    const { caseRef, deploymentId } = event.pathParameters;
    return json(200, await removeMonitoring(lifecycleDeps(), caseRef, caller, deploymentId, event.body));
  },
  { jsonBody: true },
);
