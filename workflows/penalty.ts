/**
 * Fixed penalties, for any route whose offence allows one:
 *
 *   penalty: issue FPN → payment period (reminders) ─┬ paid ▶ closed
 *                                                    └ elapsed ▶ unpaid → prosecution review ─┬ prosecute ▶ prosecution
 *                                                                                            └ withdraw ▶ closed
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  awaitDeadline,
  awaitStaffDecision,
  closeCase,
  decided,
  nextPhase,
  phaseBuilder,
  routeOutcome,
  systemStep,
  waited,
} from './shapes.ts';
import type { RouteWorkflows } from './types.ts';

export const penaltyWorkflows: RouteWorkflows = {
  phases: [
    {
      id: 'penalty',
      description: 'Issue a fixed penalty notice, chase payment, review for prosecution if unpaid',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        const paid = closeCase(phase, 'Close after payment', 'penalty-paid', 'The fixed penalty was paid.');
        const review = awaitStaffDecision(phase, 'Prosecution review', 'prosecution-review').next(
          routeOutcome(phase, 'Prosecution review outcome', decided, {
            prosecute: nextPhase(phase, 'Start the prosecution', 'prosecution', {
              decisionTaskId: '$.decision.taskId',
            }),
            withdraw: systemStep(phase, 'Withdraw the penalty', 'penalty.withdraw').next(
              closeCase(
                phase,
                'Close after withdrawal',
                'penalty-withdrawn',
                'The fixed penalty was withdrawn.',
              ),
            ),
          }),
        );
        const unpaid = systemStep(phase, 'Mark the penalty unpaid', 'penalty.mark-unpaid', {
          resultPath: '$.unpaid',
        }).next(
          new sfn.Choice(ctx.scope, 'Paid at the last moment?')
            .when(
              sfn.Condition.booleanEquals('$.unpaid.settled', true),
              closeCase(phase, 'Close after late settlement', 'penalty-paid', 'The fixed penalty was paid.'),
            )
            .otherwise(review),
        );
        return systemStep(phase, 'Issue fixed penalty', 'penalty.issue-fpn', { resultPath: '$.penalty' })
          .next(
            awaitDeadline(phase, 'Payment period', 'payment-period', {
              penaltyRef: sfn.JsonPath.stringAt('$.penalty.penaltyRef'),
              facts: sfn.JsonPath.objectAt('$.penalty.facts'),
            }),
          )
          .next(routeOutcome(phase, 'Payment outcome', waited, { paid, elapsed: unpaid }));
      },
    },
  ],
};
