/** POST /cases/{caseRef}/diary-sheets: a caseworker gives a complainant a diary sheet to keep for a period. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../../commons/auth.ts';
import { httpApi } from '../../commons/http/api-handler.ts';
import { json } from '../../commons/http/responses.ts';
import { lifecycleDeps } from '../../commons/lifecycle-deps.ts';
import { issueDiarySheet } from '../../domain/evidence/diary-sheets.ts';
import { CaseRef } from '../../domain/model/case.ts';
import { IdempotencyKey, IssueDiarySheetRequest } from '../../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  headers: z.looseObject({ 'idempotency-key': IdempotencyKey.optional() }),
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(IssueDiarySheetRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['caseworker', 'manager']);
    const sheet = await issueDiarySheet(
      lifecycleDeps(),
      event.pathParameters.caseRef,
      caller,
      event.body,
      event.headers['idempotency-key'],
    );
    return json(201, sheet);
  },
  { jsonBody: true },
);
