/** POST /cases/{caseRef}/evidence/uploads/{uploadId}: an officer's file has been sent; Abate judges it and keeps it, or says why not. */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../../commons/auth.ts';
import { forbidden, notFound } from '../../commons/errors.ts';
import { evidenceDeps } from '../../commons/evidence-deps.ts';
import { httpApi } from '../../commons/http/api-handler.ts';
import { json } from '../../commons/http/responses.ts';
import { logger } from '../../commons/powertools.ts';
import { completeUpload } from '../../domain/evidence/files.ts';
import { mayView } from '../../domain/lifecycle/staff-view.ts';
import { CaseRef } from '../../domain/model/case.ts';
import { UploadId } from '../../domain/model/requests.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef, uploadId: UploadId }),
});

export const handler = httpApi(Event, async (event) => {
  const caller = callerOf(event);
  requireAnyGroup(caller, ['caseworker', 'manager', 'facilitator']);
  const deps = evidenceDeps();
  const c = await deps.store.read(event.pathParameters.caseRef);
  if (!c) throw notFound('No case with that reference');
  if (!mayView(c, caller)) throw forbidden('This case has not been referred to restorative justice');
  logger.appendKeys({ caseRef: c.caseRef });
  const file = await completeUpload(deps, c, { kind: 'staff', caller }, event.pathParameters.uploadId);
  logger.info('evidence file kept', { fileId: file.fileId, kind: file.kind, size: file.size });
  // 201 either way: the file is on the case (`duplicate` says it already was).
  return json(201, file);
});
