/**
 * The Anti-social Behaviour, Crime and Policing Act 2014 route:
 *
 *   asb-warning:             serve CPW → watch ─┬ breached (after the time to comply) ▶ asb-cpn-decision
 *                                               └ elapsed ▶ closed (the warning stays live)
 *   asb-cpn-decision:        manager ─┬ serve-cpn ▶ asb-cpn      ├ restorative ▶ restorative
 *                                     └ no-further-action ▶ closed
 *   asb-cpn:                 serve CPN (21-day appeal) → watch ─┬ breached ▶ asb-cpn-breach-decision
 *                                                               ├ elapsed ▶ closed (the notice stays live)
 *                                                               └ quashed on appeal ▶ closed
 *   asb-cpn-breach-decision: manager ─┬ issue-fpn ▶ penalty   ├ prosecute ▶ prosecution
 *                                     ├ restorative ▶ restorative └ no-further-action ▶ closed
 *
 * No fixed penalty or prosecution can follow a warning: breaching a CPW is not an offence.
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

const breach = { offenceId: '$.wait.breachId' };
const decision = { decisionTaskId: '$.decision.taskId' };

export const asbWorkflows: RouteWorkflows = {
  triage: [{ outcome: 'warn', phase: 'asb-warning', reason: 'Triage decided to warn' }],
  phases: [
    {
      id: 'asb-warning',
      description:
        'Serve a Community Protection Warning and watch for conduct after the time it gives to comply',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        return systemStep(phase, 'Serve warning', 'asb.serve-cpw', { resultPath: '$.served' })
          .next(
            awaitDeadline(phase, 'Warning watch', 'cpw-watch', {
              facts: sfn.JsonPath.objectAt('$.served.facts'),
            }),
          )
          .next(
            routeOutcome(phase, 'Warning watch outcome', waited, {
              breached: nextPhase(phase, 'Ask for the CPN decision', 'asb-cpn-decision', breach),
              elapsed: closeCase(
                phase,
                'Close after warning complied with',
                'complied',
                'The noise stopped after the warning. The warning stays in force for a year: if the noise starts again, report it.',
              ),
            }),
          );
      },
    },
    {
      id: 'asb-cpn-decision',
      description:
        'A manager decides whether to serve a Community Protection Notice after a breached warning',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        return awaitStaffDecision(phase, 'CPN decision', 'cpn-decision').next(
          routeOutcome(phase, 'CPN decision outcome', decided, {
            'serve-cpn': nextPhase(phase, 'Start the notice', 'asb-cpn', decision),
            restorative: nextPhase(phase, 'Start restorative justice', 'restorative', decision),
            'no-further-action': closeCase(
              phase,
              'Close after CPN decision',
              'no-further-action',
              'The council has decided to take no further action at this time.',
            ),
          }),
        );
      },
    },
    {
      id: 'asb-cpn',
      description: 'Serve a Community Protection Notice and watch for a breach',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        return systemStep(phase, 'Serve notice', 'asb.serve-cpn', { resultPath: '$.served' })
          .next(
            awaitDeadline(phase, 'Notice watch', 'cpn-watch', {
              facts: sfn.JsonPath.objectAt('$.served.facts'),
            }),
          )
          .next(
            routeOutcome(phase, 'Notice watch outcome', waited, {
              breached: nextPhase(phase, 'Ask for the breach decision', 'asb-cpn-breach-decision', breach),
              elapsed: closeCase(
                phase,
                'Close after notice complied with',
                'complied',
                'The noise stopped after the Community Protection Notice, which stays in force: if the noise starts again, report it.',
              ),
              quashed: closeCase(
                phase,
                'Close after notice quashed',
                'notice-quashed',
                'The court quashed the Community Protection Notice on appeal.',
              ),
            }),
          );
      },
    },
    {
      id: 'asb-cpn-breach-decision',
      description: 'A manager decides what to do about a breach of a Community Protection Notice',
      build(ctx) {
        const phase = phaseBuilder(ctx);
        return awaitStaffDecision(phase, 'Breach decision', 'cpn-breach-decision').next(
          routeOutcome(phase, 'Breach decision outcome', decided, {
            'issue-fpn': nextPhase(phase, 'Start the penalty', 'penalty', decision),
            prosecute: nextPhase(phase, 'Start the prosecution', 'prosecution', decision),
            restorative: nextPhase(phase, 'Start restorative justice', 'restorative', decision),
            'no-further-action': closeCase(
              phase,
              'Close after breach decision',
              'no-further-action',
              'The council has decided to take no further action at this time.',
            ),
          }),
        );
      },
    },
  ],
};
