/** POST /cases/{caseRef}/diary-sheets/{sheetId}/entries: a resident saves one diary entry as a draft (new or changed). */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { httpApi } from '../../commons/http/api-handler.ts';
import { json } from '../../commons/http/responses.ts';
import { lifecycleDeps } from '../../commons/lifecycle-deps.ts';
import { saveDiaryEntry } from '../../domain/evidence/diary-sheets.ts';
import { residentOf } from '../../domain/evidence/resident.ts';
import { DiaryEntryRequest, SheetId } from '../../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  headers: z.looseObject({ 'x-tracking-token': z.string().optional() }),
  pathParameters: z.object({ caseRef: z.string().max(40), sheetId: SheetId }),
  body: JSONStringified(DiaryEntryRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const deps = lifecycleDeps();
    const resident = await residentOf(deps, event.pathParameters.caseRef, event.headers['x-tracking-token']);
    return json(200, await saveDiaryEntry(deps, resident, event.pathParameters.sheetId, event.body));
  },
  { jsonBody: true },
);
