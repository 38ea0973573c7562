/**
 * The wrapper for functions that Step Functions calls: validate the input with zod, log with the
 * case reference, and let errors through so the state machine's Retry and Catch decide.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { logger } from './powertools.ts';

export function workflowStep<S extends z.ZodType, R>(
  schema: S,
  step: (input: z.infer<S>, context: Context) => Promise<R>,
) {
  const runStep = async (event: unknown, context: Context): Promise<R> => {
    const input = schema.parse(event);
    const caseRef = (input as { caseRef?: unknown }).caseRef;
    if (typeof caseRef === 'string') logger.appendKeys({ caseRef });
    return step(input, context);
  };
  return middy(runStep).use(injectLambdaContext(logger, { resetKeys: true }));
}
