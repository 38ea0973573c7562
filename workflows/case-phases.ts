/**
 * The phases of a noise case, each a Standard state machine started by the one before it:
 *
 *   investigation: acknowledge → triage ─┬ warn ──────────────▶ warning
 *                                        ├ restorative ───────▶ restorative
 *                                        └ no further action ─▶ closed
 *   warning:       issue CPW → compliance period ─┬ elapsed ▶ closed
 *                                                 └ breach ─▶ breach
 *   breach:        breach decision ─┬ issue FPN ▶ penalty     ├ restorative ▶ restorative
 *                                   ├ prosecute ▶ prosecution └ no further action ▶ closed
 *   penalty:       issue FPN → payment period (reminders) ─┬ paid ▶ closed
 *                                                          └ unpaid ▶ prosecution review ─┬ prosecute ▶ prosecution
 *                                                                                         └ withdraw ▶ closed
 *   restorative:   offer → consent → conference → review date → agreement review ─┬ complied ▶ closed
 *                  (declined, no agreement, withdrawal ▶ back to enforcement)     └ breached ▶ breach
 *   prosecution:   prepare the file, escalate.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { WorkflowSpec } from './registry.ts';
import {
  awaitDeadline,
  awaitStaffDecision,
  closeCase,
  nextPhase,
  phaseBuilder,
  returnToEnforcement,
  routeOutcome,
  systemStep,
} from './shapes.ts';

const decided = '$.decision.outcome';
const waited = '$.wait.outcome';

export const investigation: WorkflowSpec = {
  id: 'investigation',
  description: 'Acknowledge the report and triage the case',
  build(ctx) {
    const phase = phaseBuilder(ctx);
    return systemStep(phase, 'Acknowledge complaint', 'AcknowledgeComplaint')
      .next(awaitStaffDecision(phase, 'Triage', 'triage'))
      .next(
        routeOutcome(phase, 'Triage outcome', decided, {
          warn: nextPhase(phase, 'Start warning phase', 'warning', 'Triage decided to warn'),
          restorative: nextPhase(
            phase,
            'Start restorative phase',
            'restorative',
            'Triage chose restorative justice',
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

export const warning: WorkflowSpec = {
  id: 'warning',
  description: 'Issue a Community Protection Warning and watch the compliance period',
  build(ctx) {
    const phase = phaseBuilder(ctx);
    return systemStep(phase, 'Issue warning', 'IssueWarning')
      .next(awaitDeadline(phase, 'Compliance period', 'compliance-period'))
      .next(
        routeOutcome(phase, 'Compliance outcome', waited, {
          elapsed: closeCase(
            phase,
            'Close after compliance',
            'complied',
            'The noise stopped after the warning.',
          ),
          breached: nextPhase(phase, 'Start breach phase', 'breach', 'The warning was breached'),
        }),
      );
  },
};

export const breach: WorkflowSpec = {
  id: 'breach',
  description: 'Decide what to do about a breach',
  build(ctx) {
    const phase = phaseBuilder(ctx);
    return awaitStaffDecision(phase, 'Breach decision', 'breach-decision').next(
      routeOutcome(phase, 'Breach outcome', decided, {
        'issue-fpn': nextPhase(phase, 'Start penalty phase', 'penalty', 'A fixed penalty was decided'),
        restorative: nextPhase(
          phase,
          'Start restorative phase',
          'restorative',
          'Restorative justice was chosen after a breach',
        ),
        prosecute: nextPhase(phase, 'Start prosecution phase', 'prosecution', 'Prosecution was decided'),
        'no-further-action': closeCase(
          phase,
          'Close after breach decision',
          'no-further-action',
          'The council has decided to take no further action at this time.',
        ),
      }),
    );
  },
};

export const penalty: WorkflowSpec = {
  id: 'penalty',
  description: 'Issue a fixed penalty notice, chase payment, review for prosecution if unpaid',
  build(ctx) {
    const phase = phaseBuilder(ctx);
    const review = awaitStaffDecision(phase, 'Prosecution review', 'prosecution-review').next(
      routeOutcome(phase, 'Prosecution review outcome', decided, {
        prosecute: nextPhase(
          phase,
          'Start prosecution phase',
          'prosecution',
          'The unpaid penalty goes to prosecution',
        ),
        withdraw: closeCase(
          phase,
          'Close after withdrawal',
          'penalty-withdrawn',
          'The fixed penalty was withdrawn.',
        ),
      }),
    );
    return systemStep(phase, 'Issue fixed penalty', 'IssueFixedPenalty', { resultPath: '$.penalty' })
      .next(
        awaitDeadline(phase, 'Payment period', 'payment-period', {
          penaltyRef: sfn.JsonPath.stringAt('$.penalty.penaltyRef'),
        }),
      )
      .next(
        routeOutcome(phase, 'Payment outcome', waited, {
          paid: closeCase(phase, 'Close after payment', 'penalty-paid', 'The fixed penalty was paid.'),
          elapsed: review,
        }),
      );
  },
};

export const restorative: WorkflowSpec = {
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
          breached: nextPhase(phase, 'Start breach phase', 'breach', 'The restorative agreement was broken'),
        },
        returnToEnforcement(
          phase,
          'Return to enforcement after review',
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
        returnToEnforcement(phase, 'Return to enforcement after withdrawal', 'A party withdrew'),
      ),
    );
    const conference = awaitStaffDecision(phase, 'Restorative conference', 'restorative-conference').next(
      routeOutcome(
        phase,
        'Conference outcome',
        decided,
        { 'agreement-reached': reviewDate },
        returnToEnforcement(phase, 'Return to enforcement after conference', 'No agreement was reached'),
      ),
    );
    return systemStep(phase, 'Offer restorative justice', 'StartRestorative')
      .next(awaitStaffDecision(phase, 'Restorative consent', 'restorative-consent'))
      .next(
        routeOutcome(
          phase,
          'Consent outcome',
          decided,
          { 'both-consented': conference },
          returnToEnforcement(
            phase,
            'Return to enforcement after consent',
            'Consent was declined or withdrawn',
          ),
        ),
      );
  },
};

export const prosecution: WorkflowSpec = {
  id: 'prosecution',
  description: 'Prepare the prosecution file and escalate the case',
  build(ctx) {
    const phase = phaseBuilder(ctx);
    return systemStep(phase, 'Prepare prosecution file', 'PrepareProsecutionFile').next(
      new sfn.Succeed(ctx.scope, 'Referred for prosecution'),
    );
  },
};

export const casePhases: WorkflowSpec[] = [investigation, warning, breach, penalty, restorative, prosecution];
