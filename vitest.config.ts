import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // A worker process runs file after file and imports the modules they share once: importing
    // the handlers, the AWS SDK, dynalite and the Step Functions runtime afresh for each of ~85
    // files cost about 40% of the suite's CPU time. Each file still starts its own local stack,
    // and test/support/file-isolation.ts puts back the environment and clock a file changed.
    isolate: false,
    setupFiles: ['test/support/file-isolation.ts'],
    // One more test file than cores: a file spends a third (the local stack's files, waiting
    // for its Step Functions runtime to go quiet) to three quarters (the browser files, waiting
    // on Chromium) of its time waiting, and a third file uses what the other two leave idle.
    // A fourth did not help on 2 cores.
    maxWorkers: availableParallelism() + 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
  },
});
