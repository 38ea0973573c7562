/** POST /cases/{caseRef}/uploads/{uploadId}: the file has been sent; Abate judges it and keeps it, or says why not. */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { evidenceDeps } from '../../commons/evidence-deps.ts';
import { httpApi } from '../../commons/http/api-handler.ts';
import { json } from '../../commons/http/responses.ts';
import { logger } from '../../commons/powertools.ts';
import { completeUpload } from '../../domain/evidence/files.ts';
import { residentOf } from '../../domain/evidence/resident.ts';
import { UploadId } from '../../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  headers: z.looseObject({ 'x-tracking-token': z.string().optional() }),
  pathParameters: z.object({ caseRef: z.string().max(40), uploadId: UploadId }),
});

export const handler = httpApi(Event, async (event) => {
  const deps = evidenceDeps();
  const resident = await residentOf(deps, event.pathParameters.caseRef, event.headers['x-tracking-token']);
  logger.appendKeys({ caseRef: resident.c.caseRef });
  const file = await completeUpload(
    deps,
    resident.c,
    { kind: 'resident', partyId: resident.partyId },
    event.pathParameters.uploadId,
  );
  logger.info('evidence file kept', { fileId: file.fileId, kind: file.kind, size: file.size });
  // 201 either way: the file is on the case (`duplicate` says it already was).
  return json(201, file);
});
