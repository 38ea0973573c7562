/** POST /cases/{caseRef}/split: a manager splits a report that joined the wrong case into its own new case. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { readSecret } from '../commons/secrets.ts';
import { splitCase } from '../domain/casework/split.ts';
import { CaseRef } from '../domain/model/case.ts';
import { SplitRequest } from '../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(SplitRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['manager']);
    return json(
      201,
      await splitCase(
        { ...lifecycleDeps(), trackingTokenKey: await readSecret('trackingToken') },
        event.pathParameters.caseRef,
        caller,
        event.body,
      ),
    );
  },
  { jsonBody: true },
);
