/** POST /cases/{caseRef}/merge: a manager merges this case into another case about the same source. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { readSecret } from '../commons/secrets.ts';
import { mergeCases } from '../domain/casework/merge.ts';
import { CaseRef } from '../domain/model/case.ts';
import { MergeRequest } from '../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(MergeRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['manager']);
    return json(
      200,
      await mergeCases(
        { ...lifecycleDeps(), trackingTokenKey: await readSecret('trackingToken') },
        event.pathParameters.caseRef,
        caller,
        event.body,
      ),
    );
  },
  { jsonBody: true },
);
