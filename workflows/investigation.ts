/**
 * The investigation every report starts: a caseworker triages the case and the outcome starts the
 * route it chose (each route's workflow file says which triage outcome starts it), or closes it.
 *
 *   investigation: triage ─┬ <route outcome> ▶ that route's first phase
 *                          └ no-further-action ▶ closed
 */
import { awaitStaffDecision, closeCase, decided, nextPhase, phaseBuilder, routeOutcome } from './shapes.ts';
import type { TriageRoute, WorkflowSpec } from './types.ts';

export function investigationWorkflows(routes: TriageRoute[]): WorkflowSpec {
  return {
    id: 'investigation',
    description: 'Triage the case and start the route chosen',
    build(ctx) {
      const phase = phaseBuilder(ctx);
      return awaitStaffDecision(phase, 'Triage', 'triage').next(
        routeOutcome(phase, 'Triage outcome', decided, {
          ...Object.fromEntries(
            routes.map((route) => [
              route.outcome,
              nextPhase(phase, `Start ${route.phase}`, route.phase, { decisionTaskId: '$.decision.taskId' }),
            ]),
          ),
          'no-further-action': closeCase(
            phase,
            'Close after triage',
            'no-further-action',
            'After looking into the report, the council will take no further action at this time.',
          ),
        }),
      );
    },
  };
}
