/**
 * Prosecutions end:
 *
 *   prosecution: prepare the file → prosecution outcome (reminders while it waits) → record it → closed
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { awaitStaffDecision, backstops, closeCase, phaseBuilder, systemStep } from './shapes.ts';
import type { RouteWorkflows } from './types.ts';

export const prosecutionWorkflows: RouteWorkflows = {
  phases: [
    {
      id: 'prosecution',
      description: 'Prepare the prosecution file, record the outcome and close the case',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        return systemStep(phase, 'Prepare prosecution file', 'prosecution.prepare-file')
          .next(
            awaitStaffDecision(phase, 'Prosecution outcome', 'prosecution-outcome', {
              backstop: backstops.courtOutcome,
            }),
          )
          .next(
            systemStep(phase, 'Record the outcome', 'prosecution.record-outcome', {
              args: { taskId: sfn.JsonPath.stringAt('$.decision.taskId') },
              resultPath: '$.concluded',
            }),
          )
          .next(
            closeCase(phase, 'Close after prosecution', '$.concluded.outcome', '$.concluded.residentOutcome'),
          );
      },
    },
  ],
};
