/**
 * The HTTP side of the Open311 routes: every answer, errors included, in the format the client
 * asked for (the path's `.xml` or `.json`; XML without one), with the spec's error array and
 * status. Nothing internal reaches a client: an unexpected failure is logged and answered with a
 * plain 500 in the same shape.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj, type Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError } from '../../commons/errors.ts';
import { logger } from '../../commons/powertools.ts';
import {
  contentTypes,
  errorsDocument,
  formatOfPath,
  type Open311Document,
  type Open311Format,
  serialise,
} from '../../domain/open311/documents.ts';
import { Open311Error, type Open311Status, open311Error } from '../../domain/open311/errors.ts';
import { describeProblems } from '../../domain/open311/mapping.ts';

type Result = APIGatewayProxyStructuredResultV2;

export function open311Response(status: number, document: Open311Document, format: Open311Format): Result {
  return {
    statusCode: status,
    headers: {
      'content-type': contentTypes[format],
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: serialise(document, format),
  };
}

/** Abate's own refusals (from intake) in Open311's terms: 403, 404 and 413/415 stay; other 4xx are 400. */
function fromAppError(error: AppError): Open311Error {
  const descriptions = error.fields?.length ? describeProblems(error.fields) : [error.message];
  const status: Open311Status =
    error.status === 403 || error.status === 404 || error.status === 413 || error.status === 415
      ? error.status
      : error.status === 503
        ? 503
        : error.status >= 500
          ? 500
          : 400;
  return new Open311Error(status, descriptions);
}

function open311Errors(): MiddlewareObj<APIGatewayProxyEventV2, Result> {
  const onError = (request: Request<APIGatewayProxyEventV2, Result>): void => {
    const error = request.error;
    const format = formatOfPath(request.event?.rawPath ?? '');
    let refusal: Open311Error;
    if (error instanceof Open311Error) {
      refusal = error;
    } else if (error instanceof AppError) {
      if (error.status >= 500) logger.error('open311 request failed', { code: error.code, error });
      refusal = fromAppError(error);
    } else if (error instanceof URIError) {
      refusal = open311Error(400, 'The request has a malformed % escape');
    } else {
      logger.error('unhandled error', { error });
      refusal = open311Error(500, 'Something went wrong on our side. Please try again later.');
    }
    request.response = open311Response(refusal.status, errorsDocument(refusal.errors), format);
  };
  return { onError };
}

export function open311Api(handle: (event: APIGatewayProxyEventV2) => Promise<Result>) {
  return middy(handle)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(open311Errors());
}

/** The raw body as text, whether API Gateway passed it as text or base64 (it does the latter for form posts). */
export function bodyText(event: APIGatewayProxyEventV2, maxBytes: number): string {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes)
    throw open311Error(413, `The request body must be ${maxBytes / 1024} KB or smaller`);
  return bytes.toString('utf8');
}
