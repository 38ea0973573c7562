/**
 * The Noise Act 1996 night route. Recording a warning notice starts no workflow: the route runs
 * beside the one the case is on, and only an offence (noise above the permitted level in a
 * warning period) brings the case here:
 *
 *   noise-act-offence: manager ─┬ issue-fpn ▶ penalty (s.8: one per warning period)
 *                               ├ prosecute ▶ prosecution
 *                               └ no-further-action ─┬ notice in force, or the case was closed ▶ closed
 *                                                    └ otherwise ▶ investigation (triage again)
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  awaitStaffDecision,
  closeCase,
  decided,
  nextPhase,
  phaseBuilder,
  routeOutcome,
  systemStep,
} from './shapes.ts';
import type { RouteWorkflows } from './types.ts';

const decision = { decisionTaskId: '$.decision.taskId' };

export const noiseActWorkflows: RouteWorkflows = {
  phases: [
    {
      id: 'noise-act-offence',
      description:
        'A manager decides what to do about a Noise Act offence: a fixed penalty, a prosecution or no further action',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        const noAction = systemStep(phase, 'No further action on the offence', 'noise-act.after-no-action', {
          resultPath: '$.resume',
        }).next(
          new sfn.Choice(ctx.scope, 'Close or triage again?')
            .when(
              sfn.Condition.booleanEquals('$.resume.close', true),
              closeCase(
                phase,
                'Close after offence decision',
                'no-further-action',
                'The council has decided to take no further action on the noise measured after the warning notice.',
              ),
            )
            .otherwise(nextPhase(phase, 'Back to triage', 'investigation')),
        );
        return awaitStaffDecision(phase, 'Offence decision', 'noise-act-offence-decision').next(
          routeOutcome(phase, 'Offence decision outcome', decided, {
            'issue-fpn': nextPhase(phase, 'Start the penalty', 'penalty', decision),
            prosecute: nextPhase(phase, 'Start the prosecution', 'prosecution', decision),
            'no-further-action': noAction,
          }),
        );
      },
    },
  ],
};
