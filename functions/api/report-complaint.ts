/** POST /complaints: a resident reports noise; the report opens a case or joins the open one. */
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { caseDeps } from '../commons/case-deps.ts';
import { AppError } from '../commons/errors.ts';
import { httpErrors, httpGuards } from '../commons/http/middleware.ts';
import { json } from '../commons/http/responses.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { logger } from '../commons/powertools.ts';
import { readSecret } from '../commons/secrets.ts';
import { trackingTokenFor } from '../domain/identifiers.ts';
import { type CaseWorkflowPort, type ComplaintReceipt, reportComplaint } from '../domain/intake.ts';
import { complaintDuringWarning } from '../domain/lifecycle/case-actions.ts';
import { acknowledgeComplainants, startCaseWorkflow } from '../domain/lifecycle/steps.ts';
import { ComplaintRequest } from '../domain/model/complaint.ts';

const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/, {
  error: 'Idempotency-Key must be 8 to 128 letters, digits or . _ : -',
});

export const ReportComplaintEvent = APIGatewayProxyEventV2Schema.extend({
  headers: z.looseObject({ 'idempotency-key': IdempotencyKey.optional() }),
  body: JSONStringified(ComplaintRequest),
});
export type ReportComplaintEvent = z.infer<typeof ReportComplaintEvent>;

interface IdempotentInput {
  idempotencyKey: string;
  complaint: ComplaintRequest;
}

let reportOnce: { raw: unknown; run: (input: IdempotentInput) => Promise<ComplaintReceipt> } | undefined;
const idempotencyConfig = new IdempotencyConfig({
  eventKeyJmesPath: 'idempotencyKey',
  payloadValidationJmesPath: 'complaint',
  expiresAfterSeconds: 24 * 60 * 60,
});

/**
 * Starting the workflow is best effort here: the case records that it waits for one, and the
 * sweeper starts it (under the same execution name) if this request could not.
 */
const caseWorkflow: CaseWorkflowPort = {
  async caseOpened({ caseRef, at }) {
    try {
      await startCaseWorkflow(lifecycleDeps(), caseRef, at);
    } catch (error) {
      logger.error('could not start the case workflow; the sweeper will', { caseRef, error });
    }
  },
  async complaintAdded({ caseRef, complaintId, status }) {
    try {
      await acknowledgeComplainants(lifecycleDeps(), caseRef, `ack:${complaintId}`);
      await complaintDuringWarning(lifecycleDeps(), caseRef, complaintId, status);
    } catch (error) {
      logger.error('could not signal a breach from a new complaint', { caseRef, error });
    }
  },
};

async function record(complaint: ComplaintRequest, idempotencyKey?: string): Promise<ComplaintReceipt> {
  const deps = caseDeps();
  return reportComplaint(
    { ...deps, workflow: caseWorkflow, trackingTokenKey: await readSecret('trackingToken') },
    complaint,
    idempotencyKey ? { operationKey: idempotencyKey } : {},
  );
}

/** The same key and body within 24 hours returns the first receipt and writes nothing new. */
function idempotentReport(): (input: IdempotentInput) => Promise<ComplaintReceipt> {
  const { raw, table } = caseDeps();
  if (!reportOnce || reportOnce.raw !== raw) {
    const run = makeIdempotent((input: IdempotentInput) => record(input.complaint, input.idempotencyKey), {
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName: table,
        keyAttr: 'pk',
        sortKeyAttr: 'sk',
        staticPkValue: 'idempotency#ReportComplaint',
        awsSdkV3Client: raw,
      }),
      config: idempotencyConfig,
    });
    reportOnce = { raw, run };
  }
  return reportOnce.run;
}

async function reportOnceWaitingForTwin(input: IdempotentInput): Promise<ComplaintReceipt> {
  // A twin request with the same key still running: wait for its receipt instead of failing.
  for (let attempt = 0; ; attempt++) {
    try {
      return await idempotentReport()(input);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new AppError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used with a different report',
        );
      }
      if (!(error instanceof IdempotencyAlreadyInProgressError) || attempt >= 40) {
        if (error instanceof IdempotencyAlreadyInProgressError) {
          throw new AppError(
            409,
            'REQUEST_IN_PROGRESS',
            'The same report is still being recorded; try again shortly',
          );
        }
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 + attempt * 10));
    }
  }
}

export async function reportComplaintHandler(
  event: ReportComplaintEvent,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  idempotencyConfig.registerLambdaContext(context);
  const key = event.headers['idempotency-key'];
  const receipt = key
    ? await reportOnceWaitingForTwin({ idempotencyKey: key, complaint: event.body })
    : await record(event.body);
  logger.appendKeys({ caseRef: receipt.caseRef });
  logger.info('complaint recorded', {
    joinedExistingCase: receipt.joinedExistingCase,
    status: receipt.status,
  });
  return json(
    201,
    {
      caseRef: receipt.caseRef,
      trackingToken: trackingTokenFor(receipt.complainantPartyId, await readSecret('trackingToken')),
      status: receipt.status,
      joinedExistingCase: receipt.joinedExistingCase,
    },
    { location: `/cases/${receipt.caseRef}/progress` },
  );
}

export const handler = middy(reportComplaintHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(httpErrors(logger))
  .use(httpGuards())
  .use(parser({ schema: ReportComplaintEvent }));
