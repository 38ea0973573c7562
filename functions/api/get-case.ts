/** GET /cases/{caseRef}: the full staff view of a case. */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { staffCaseView } from '../domain/lifecycle/staff-view.ts';
import { CaseRef } from '../domain/model/case.ts';

const Event = APIGatewayProxyEventV2Schema.extend({ pathParameters: z.object({ caseRef: CaseRef }) });

export const handler = httpApi(Event, async (event) => {
  const caller = callerOf(event);
  requireAnyGroup(caller, ['caseworker', 'manager', 'facilitator']);
  return json(200, await staffCaseView(lifecycleDeps(), event.pathParameters.caseRef, caller));
});
