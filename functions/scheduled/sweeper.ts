/** Scheduled (EventBridge Scheduler in AWS, an interval locally): fire whatever is due now. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { evidenceDeps } from '../commons/evidence-deps.ts';
import { logger } from '../commons/powertools.ts';
import { sweep } from '../domain/lifecycle/sweeper.ts';

export const handler = middy(async () => {
  // With the evidence store: retention deletes a case's files along with its personal data.
  const report = await sweep(evidenceDeps());
  logger.info('sweep finished', { ...report });
  // Failed items stay due and are retried next run; a failing sweep must still be visible.
  if (report.failures > 0) logger.error('sweep left items for the next run', { failures: report.failures });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));
