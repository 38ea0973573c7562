/** POST /cases/{caseRef}/restorative/withdrawal: a party withdraws from restorative justice; enforcement resumes. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { CaseRef } from '../domain/model/case.ts';
import { WithdrawalRequest } from '../domain/model/requests.ts';
import { recordWithdrawal } from '../domain/routes/restorative/index.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(WithdrawalRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['caseworker', 'manager', 'facilitator']);
    return json(
      200,
      await recordWithdrawal(lifecycleDeps(), event.pathParameters.caseRef, caller, event.body),
    );
  },
  { jsonBody: true },
);
