/** GET /cases/{caseRef}/evidence/{fileId}: one file's record and a short-lived link to download it. */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../../commons/auth.ts';
import { evidenceDeps } from '../../commons/evidence-deps.ts';
import { httpApi } from '../../commons/http/api-handler.ts';
import { json } from '../../commons/http/responses.ts';
import { logger } from '../../commons/powertools.ts';
import { fileDownload } from '../../domain/evidence/files.ts';
import { CaseRef } from '../../domain/model/case.ts';
import { FileId } from '../../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef, fileId: FileId }),
});

export const handler = httpApi(Event, async (event) => {
  const caller = callerOf(event);
  requireAnyGroup(caller, ['caseworker', 'manager', 'facilitator']);
  const { caseRef, fileId } = event.pathParameters;
  const found = await fileDownload(evidenceDeps(), caseRef, fileId, caller);
  // Who read which exhibit, in the logs (S3 access logs record the download itself).
  logger.info('evidence file link given', { caseRef, fileId, staffId: caller.id });
  return json(200, found);
});
