/** Scheduled (EventBridge Scheduler in AWS, an interval locally): send what the outbox has due. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { deliveryDeps } from '../adapters/delivery-wiring.ts';
import { logger } from '../commons/powertools.ts';
import { drainOutbox } from '../domain/delivery/drain.ts';

export const handler = middy(async () => {
  const report = await drainOutbox(deliveryDeps());
  // It runs every few minutes (seconds locally): say something only when there was something to do.
  if (report.examined > 0) logger.info('outbox drained', { ...report });
  // Failed messages stay due for the next run; a failing drain must still be visible.
  if (report.failures > 0)
    logger.error('the drain left messages for the next run', { failures: report.failures });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));
