/** Dependencies of lifecycle handlers: the case table plus the workflow engine and the logger. */
import type { LifecycleDeps } from '../domain/lifecycle/deps.ts';
import { caseDeps } from './case-deps.ts';
import { sharedWorkflowEngine } from './clients/sfn.ts';
import { logger } from './powertools.ts';

export function lifecycleDeps(): LifecycleDeps {
  return {
    ...caseDeps(),
    engine: sharedWorkflowEngine(),
    log: {
      error: (message, extra) => logger.error(message, extra ?? {}),
      info: (message, extra) => logger.info(message, extra ?? {}),
    },
  };
}
