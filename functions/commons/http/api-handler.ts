/**
 * The middleware stack every API handler shares, in one order: logger (with the Lambda context)
 * → error mapping → request guards (JSON bodies only) → zod parser → the handler.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { logger } from '../powertools.ts';
import { httpErrors, httpGuards } from './middleware.ts';

type Result = APIGatewayProxyStructuredResultV2;

export function httpApi<S extends z.ZodType>(
  schema: S,
  handle: (event: z.infer<S>, context: Context) => Promise<Result>,
  options: { jsonBody?: boolean; beforeParsing?: middy.MiddlewareObj[] } = {},
) {
  // Typed loosely here: the parser turns the raw v2 event into `z.infer<S>` before `handle` runs.
  // biome-ignore lint/suspicious/noExplicitAny: middy's generics cannot follow the parser's type change
  const stack: middy.MiddyfiedHandler<any, Result> = middy(
    handle as (event: unknown, context: Context) => Promise<Result>,
  );
  stack.use(injectLambdaContext(logger, { resetKeys: true })).use(httpErrors(logger));
  if (options.jsonBody) stack.use(httpGuards());
  for (const middleware of options.beforeParsing ?? []) stack.use(middleware);
  return stack.use(parser({ schema }));
}
