/**
 * Statutory nuisance, Environmental Protection Act 1990 ss.79-82:
 *
 *   nuisance-investigation:   start → caseworker ─┬ nuisance-exists ▶ nuisance-abatement
 *                                                 ├ informal-resolution → 7 days (s.80(2A)) → asked again,
 *                                                 │     without informal-resolution ─┬ nuisance-exists ▶ nuisance-abatement
 *                                                 │                                  └ not-a-nuisance ▶ closed (s.82 letter)
 *                                                 └ not-a-nuisance ▶ closed (the finding and s.82 in the letter)
 *   nuisance-abatement:       serve abatement notice (21-day appeal, reg. 3 statement) → watch ─┬ breached ▶ nuisance-breach-decision
 *                                                                                              ├ elapsed ▶ closed (the notice stays live)
 *                                                                                              └ quashed on appeal ▶ closed
 *   nuisance-breach-decision: manager ─┬ prosecute ▶ prosecution
 *                                      ├ works-in-default ▶ nuisance-works
 *                                      └ no-further-action ▶ closed (the notice stays live)
 *   nuisance-works:           record the works (s.81(3)) → watch again ─┬ breached ▶ nuisance-breach-decision
 *                                                                       ├ elapsed ▶ closed (the notice stays live)
 *                                                                       └ quashed ▶ closed
 *
 * No fixed penalty anywhere: there is none for breaching an abatement notice.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  awaitDeadline,
  awaitStaffDecision,
  closeCase,
  decided,
  nextPhase,
  type PhaseBuilder,
  phaseBuilder,
  routeOutcome,
  systemStep,
  waited,
} from './shapes.ts';
import type { RouteWorkflows } from './types.ts';

const breach = { offenceId: '$.wait.breachId' };
const decision = { decisionTaskId: '$.decision.taskId' };

/** Closing after no nuisance is found: the step builds the words from the decision and closes. */
function closeNotANuisance(phase: PhaseBuilder, name: string): sfn.IChainable {
  return systemStep(phase, name, 'statutory-nuisance.close-not-a-nuisance', {
    args: { taskId: sfn.JsonPath.stringAt('$.decision.taskId') },
  }).next(new sfn.Succeed(phase.ctx.scope, `${name}: closed`));
}

/** The watch on a served abatement notice, and what ends it. */
function watchNotice(
  phase: PhaseBuilder,
  name: string,
  quiet: { outcome: string; words: string },
): sfn.IChainable {
  return awaitDeadline(phase, name, 'abatement-watch').next(
    routeOutcome(phase, `${name} outcome`, waited, {
      breached: nextPhase(phase, 'Ask for the breach decision', 'nuisance-breach-decision', breach),
      elapsed: closeCase(phase, 'Close while the notice stays in force', quiet.outcome, quiet.words),
      quashed: closeCase(
        phase,
        'Close after notice quashed',
        'notice-quashed',
        'The court quashed the abatement notice on appeal.',
      ),
    }),
  );
}

export const statutoryNuisanceWorkflows: RouteWorkflows = {
  triage: [
    {
      outcome: 'investigate-nuisance',
      phase: 'nuisance-investigation',
      reason: 'Triage decided to investigate a statutory nuisance',
    },
  ],
  phases: [
    {
      id: 'nuisance-investigation',
      description:
        'Investigate whether the noise is a statutory nuisance, with up to 7 days of informal resolution first',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        const afterInformal = awaitStaffDecision(
          phase,
          'Nuisance decision after informal resolution',
          'nuisance-decision',
          { variant: 'after-informal' },
        ).next(
          routeOutcome(phase, 'Decision after informal resolution', decided, {
            'nuisance-exists': nextPhase(
              phase,
              'Serve the notice after informal resolution',
              'nuisance-abatement',
              decision,
            ),
            'not-a-nuisance': closeNotANuisance(phase, 'Close: abated informally or no nuisance'),
          }),
        );
        const informal = systemStep(
          phase,
          'Start informal resolution',
          'statutory-nuisance.informal-resolution',
          { args: { taskId: sfn.JsonPath.stringAt('$.decision.taskId') } },
        )
          .next(awaitDeadline(phase, 'Informal resolution period', 'informal-resolution'))
          .next(afterInformal);
        return systemStep(phase, 'Start the investigation', 'statutory-nuisance.start')
          .next(awaitStaffDecision(phase, 'Nuisance decision', 'nuisance-decision'))
          .next(
            routeOutcome(phase, 'Nuisance decision outcome', decided, {
              'nuisance-exists': nextPhase(
                phase,
                'Serve the abatement notice',
                'nuisance-abatement',
                decision,
              ),
              'informal-resolution': informal,
              'not-a-nuisance': closeNotANuisance(phase, 'Close: not a nuisance'),
            }),
          );
      },
    },
    {
      id: 'nuisance-abatement',
      description: 'Serve an abatement notice and watch for a breach after the time it gives to comply',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        return systemStep(phase, 'Serve abatement notice', 'statutory-nuisance.serve-abatement-notice').next(
          watchNotice(phase, 'Abatement notice watch', {
            outcome: 'complied',
            words:
              'The noise stopped after the abatement notice, which stays in force: if the noise starts again, report it.',
          }),
        );
      },
    },
    {
      id: 'nuisance-breach-decision',
      description:
        'A manager decides what to do about a breach of an abatement notice: prosecution or works in default',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        return awaitStaffDecision(phase, 'Breach decision', 'abatement-breach-decision').next(
          routeOutcome(phase, 'Breach decision outcome', decided, {
            prosecute: nextPhase(phase, 'Start the prosecution', 'prosecution', decision),
            'works-in-default': nextPhase(phase, 'Start works in default', 'nuisance-works', decision),
            'no-further-action': closeCase(
              phase,
              'Close after breach decision',
              'no-further-action',
              'The council has decided to take no further action on the breach at this time. The abatement notice stays in force.',
            ),
          }),
        );
      },
    },
    {
      id: 'nuisance-works',
      description:
        'Record works in default (s.81(3)) and watch the notice again: the works abate the nuisance, the notice still forbids its recurrence',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        return systemStep(phase, 'Record works in default', 'statutory-nuisance.works-in-default').next(
          watchNotice(phase, 'Watch after works', {
            outcome: 'works-in-default',
            words:
              'The council carried out works to abate the nuisance. The abatement notice stays in force: if the noise starts again, report it.',
          }),
        );
      },
    },
  ],
};
