/**
 * Middy middlewares every API handler uses: request guards that run before parsing (content type,
 * size), and the one place errors become responses (validation → 400 with field messages, known
 * errors → their status, anything else → 500 without internals).
 */
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ZodError } from 'zod';
import { AppError, type FieldProblem } from '../errors.ts';
import { errorBody, json } from './responses.ts';

type HttpRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

interface Logger {
  error(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
}

const guardDefaults = { maxBodyBytes: 64 * 1024, jsonBody: true };

/** Refuses what the parser should never see: wrong content type (415), oversized body (413). */
export function httpGuards(
  options: Partial<typeof guardDefaults> = {},
): MiddlewareObj<APIGatewayProxyEventV2> {
  const { maxBodyBytes, jsonBody } = { ...guardDefaults, ...options };
  const httpGuardsBefore = (request: HttpRequest): void => {
    const event = request.event;
    if (!jsonBody) return;
    const raw = event.body ?? '';
    const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
    if (bytes.byteLength > maxBodyBytes) {
      throw new AppError(
        413,
        'PAYLOAD_TOO_LARGE',
        `The request body must be ${maxBodyBytes / 1024} KB or smaller`,
      );
    }
    const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
    const mediaType = contentType.split(';')[0]?.trim();
    if (mediaType !== 'application/json') {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json');
    }
    if (event.isBase64Encoded) {
      event.body = bytes.toString('utf8');
      event.isBase64Encoded = false;
    }
    if (!event.body?.trim()) {
      throw new AppError(400, 'VALIDATION_FAILED', 'The request body must be a JSON object', [
        { path: '', message: 'The request body is empty' },
      ]);
    }
  };
  return { before: httpGuardsBefore };
}

interface Issue {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  code?: string;
  keys?: string[];
}

/** Turns schema issues into field messages; `body.` is dropped so paths match the request body. */
export function fieldProblems(issues: readonly Issue[]): FieldProblem[] {
  return issues.map((issue) => {
    const path = (issue.path ?? []).map((segment) =>
      String(typeof segment === 'object' ? segment.key : segment),
    );
    if (path[0] === 'body') path.shift();
    let message = issue.message;
    if (issue.code === 'invalid_type' && /^Invalid input: expected \w+, received undefined$/.test(message)) {
      message = 'This field is required';
    } else if (issue.code === 'unrecognized_keys' && issue.keys) {
      message = `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    } else if (path.length === 0 && /JSON/i.test(message)) {
      message = 'The request body is not valid JSON';
    }
    return { path: path.join('.'), message };
  });
}

/** Finds schema issues behind an error: a ZodError, or Standard Schema issues on a ParseError. */
function schemaIssues(error: unknown): readonly Issue[] | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (current instanceof ZodError) return current.issues as Issue[];
    if (Array.isArray(current) && current.every((item) => typeof item?.message === 'string'))
      return current as Issue[];
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function httpErrors(
  logger: Logger,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const httpErrorsOnError = (request: HttpRequest): void => {
    const error = request.error;
    if (error instanceof AppError) {
      if (error.status >= 500) logger.error('request failed', { code: error.code, error });
      request.response = json(error.status, errorBody(error.code, error.message, error.fields));
      return;
    }
    if (error instanceof URIError) {
      // A malformed % escape that reached a handler (API Gateway may pass one through): bad input.
      request.response = json(400, errorBody('BAD_REQUEST', 'The request has a malformed % escape'));
      return;
    }
    const issues = schemaIssues(error);
    if (issues) {
      request.response = json(
        400,
        errorBody('VALIDATION_FAILED', 'The request has problems in some fields', fieldProblems(issues)),
      );
      return;
    }
    logger.error('unhandled error', { error });
    request.response = json(
      500,
      errorBody('INTERNAL_ERROR', 'Something went wrong on our side. Please try again later.'),
    );
  };
  return { onError: httpErrorsOnError };
}
