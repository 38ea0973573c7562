/** POST /cases/{caseRef}/noise-act/warning-notices: an officer records a Noise Act warning notice served at night (s.3). */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import * as z from 'zod';
import { callerOf, requireAnyGroup } from '../commons/auth.ts';
import { httpApi } from '../commons/http/api-handler.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { pdfRenderer } from '../domain/documents/pdf.ts';
import { CaseRef } from '../domain/model/case.ts';
import { NoiseActWarningNoticeRequest } from '../domain/model/requests.ts';
import { recordWarningNotice } from '../domain/routes/noise-act/warning-notice.ts';

const Event = APIGatewayProxyEventV2Schema.extend({
  pathParameters: z.object({ caseRef: CaseRef }),
  body: JSONStringified(NoiseActWarningNoticeRequest),
});

export const handler = httpApi(
  Event,
  async (event) => {
    const caller = callerOf(event);
    requireAnyGroup(caller, ['caseworker', 'manager']);
    return json(
      201,
      // The record of service is rendered once here, to keep the hash of what is posted.
      await recordWarningNotice(
        { ...lifecycleDeps(), documents: pdfRenderer },
        event.pathParameters.caseRef,
        caller,
        event.body,
      ),
    );
  },
  { jsonBody: true },
);
