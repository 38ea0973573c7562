/** POST /cases/{caseRef}/diary-sheets/{sheetId}/submission: a resident sends their diary sheet; its entries freeze. */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { httpApi } from '../../commons/http/api-handler.ts';
import { json } from '../../commons/http/responses.ts';
import { lifecycleDeps } from '../../commons/lifecycle-deps.ts';
import { submitDiarySheet } from '../../domain/evidence/diary-sheets.ts';
import { residentOf } from '../../domain/evidence/resident.ts';
import { SheetId } from '../../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  headers: z.looseObject({ 'x-tracking-token': z.string().optional() }),
  pathParameters: z.object({ caseRef: z.string().max(40), sheetId: SheetId }),
});

export const handler = httpApi(Event, async (event) => {
  const deps = lifecycleDeps();
  const resident = await residentOf(deps, event.pathParameters.caseRef, event.headers['x-tracking-token']);
  return json(200, await submitDiarySheet(deps, resident, event.pathParameters.sheetId));
});
