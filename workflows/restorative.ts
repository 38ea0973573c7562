/**
 * Restorative justice:
 *
 *   restorative: offer → consent → conference → review date → agreement review ─┬ complied ▶ closed
 *                (declined, no agreement, withdrawal, broken agreement ▶ the decision of the route the case is on)
 */
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

/** Back to the decision of the route the case is on (chosen by the step from the live notice). */
function returnToRoute(phase: PhaseBuilder, name: string, why: string) {
  return systemStep(phase, `${name}: decide where`, 'restorative.return', {
    args: { why },
    resultPath: '$.returnTo',
  }).next(nextPhase(phase, name, { path: '$.returnTo.phase' }));
}

export const restorativeWorkflows: RouteWorkflows = {
  triage: [{ outcome: 'restorative', phase: 'restorative', reason: 'Triage chose restorative justice' }],
  phases: [
    {
      id: 'restorative',
      description: 'Restorative justice: consent, conference, agreement and its review',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        const review = awaitStaffDecision(phase, 'Agreement review', 'agreement-review').next(
          routeOutcome(
            phase,
            'Agreement review outcome',
            decided,
            {
              complied: closeCase(
                phase,
                'Close after agreement kept',
                'agreement-kept',
                'The restorative agreement was kept.',
              ),
              breached: returnToRoute(
                phase,
                'Return after a broken agreement',
                'The restorative agreement was broken',
              ),
            },
            returnToRoute(
              phase,
              'Return after withdrawal at review',
              'A party withdrew before the agreement review',
            ),
          ),
        );
        const reviewDate = awaitDeadline(phase, 'Wait for review date', 'agreement-review').next(
          routeOutcome(
            phase,
            'Review date outcome',
            waited,
            { elapsed: review },
            returnToRoute(phase, 'Return after withdrawal', 'A party withdrew'),
          ),
        );
        const conference = awaitStaffDecision(phase, 'Restorative conference', 'restorative-conference').next(
          routeOutcome(
            phase,
            'Conference outcome',
            decided,
            { 'agreement-reached': reviewDate },
            returnToRoute(phase, 'Return after conference', 'No agreement was reached'),
          ),
        );
        return systemStep(phase, 'Offer restorative justice', 'restorative.start')
          .next(awaitStaffDecision(phase, 'Restorative consent', 'restorative-consent'))
          .next(
            routeOutcome(
              phase,
              'Consent outcome',
              decided,
              { 'both-consented': conference },
              returnToRoute(phase, 'Return after consent', 'Consent was declined or withdrawn'),
            ),
          );
      },
    },
  ],
};
