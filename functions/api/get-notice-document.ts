/**
 * GET /cases/{caseRef}/notices/{noticeId}/document: a notice as served, as the PDF that was posted
 * (a notice's id, or a fixed penalty notice's number). Its SHA-256 is in `X-Document-SHA256`.
 */
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { SERVED_DOCUMENT_ID, servedDocumentPdf } from '../domain/documents/download.ts';
import { pdfRenderer } from '../domain/documents/pdf.ts';
import { CaseRef } from '../domain/model/case.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({
    caseRef: CaseRef,
    noticeId: z.string().regex(SERVED_DOCUMENT_ID, {
      error:
        'A notice id looks like ntc_0123456789abcdef, or a fixed penalty notice number like FPN-2026-000123-AB12',
    }),
  }),
});

export const handler = httpApi(Event, async (event) => {
  const caller = callerOf(event);
  requireAnyGroup(caller, ['caseworker', 'manager', 'facilitator']);
  const pdf = await servedDocumentPdf(
    { ...lifecycleDeps(), documents: pdfRenderer },
    event.pathParameters.caseRef,
    event.pathParameters.noticeId,
    caller,
  );
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${pdf.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-document-sha256': pdf.sha256,
    },
    body: pdf.bytes.toString('base64'),
    isBase64Encoded: true,
  };
});
