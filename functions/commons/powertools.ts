/** One place for the Powertools utilities every handler shares. */
import { Logger } from '@aws-lambda-powertools/logger';

export const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'abate';

export const logger = new Logger({
  serviceName,
  // Personal data never goes to the logs: these keys are redacted wherever they appear.
  jsonReplacerFn: (key: string, value: unknown) => (redactedKeys.has(key) ? '[redacted]' : value),
});

const redactedKeys = new Set([
  'email',
  'phone',
  'address',
  'line1',
  'line2',
  'trackingToken',
  'authorization',
  'x-tracking-token',
]);
