/** POST /cases/{caseRef}/uploads: a resident (tracking token) asks to send a file; gets a link that takes exactly it. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { evidenceDeps } from '../../commons/evidence-deps.ts';
import { httpApi } from '../../commons/http/api-handler.ts';
import { json } from '../../commons/http/responses.ts';
import { startUpload } from '../../domain/evidence/files.ts';
import { residentOf } from '../../domain/evidence/resident.ts';
import { IdempotencyKey, UploadRequest } from '../../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  headers: z.looseObject({
    'x-tracking-token': z.string().optional(),
    'idempotency-key': IdempotencyKey.optional(),
  }),
  pathParameters: z.object({ caseRef: z.string().max(40) }),
  body: JSONStringified(UploadRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const deps = evidenceDeps();
    const resident = await residentOf(deps, event.pathParameters.caseRef, event.headers['x-tracking-token']);
    const started = await startUpload(
      deps,
      resident.c,
      { kind: 'resident', partyId: resident.partyId },
      event.body,
      event.headers['idempotency-key'],
    );
    return json(200, started);
  },
  { jsonBody: true },
);
