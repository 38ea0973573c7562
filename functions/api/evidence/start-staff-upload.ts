/** POST /cases/{caseRef}/evidence/uploads: an officer asks to add a file to a case; gets a link that takes exactly it. */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../../commons/auth.ts';
import { forbidden, notFound } from '../../commons/errors.ts';
import { evidenceDeps } from '../../commons/evidence-deps.ts';
import { httpApi } from '../../commons/http/api-handler.ts';
import { json } from '../../commons/http/responses.ts';
import { startUpload } from '../../domain/evidence/files.ts';
import { mayView } from '../../domain/lifecycle/staff-view.ts';
import { CaseRef } from '../../domain/model/case.ts';
import { IdempotencyKey, UploadRequest } from '../../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  headers: z.looseObject({ 'idempotency-key': IdempotencyKey.optional() }),
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(UploadRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['caseworker', 'manager', 'facilitator']);
    const deps = evidenceDeps();
    const c = await deps.store.read(event.pathParameters.caseRef);
    if (!c) throw notFound('No case with that reference');
    if (!mayView(c, caller)) throw forbidden('This case has not been referred to restorative justice');
    const started = await startUpload(
      deps,
      c,
      { kind: 'staff', caller },
      event.body,
      event.headers['idempotency-key'],
    );
    return json(200, started);
  },
  { jsonBody: true },
);
