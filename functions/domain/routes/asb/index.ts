/**
 * The Anti-social Behaviour, Crime and Policing Act 2014 route, in the order the Act sets:
 * a written Community Protection Warning first; if the conduct continues after the time it gave
 * to comply, a manager may serve a Community Protection Notice (s.43) with the same requirements,
 * appealable within 21 days (s.46); failing to comply with the notice is the offence (s.48) that a
 * fixed penalty (s.52) or a prosecution can follow. Breaching a warning is not an offence, so no
 * penalty or prosecution can be chosen for it.
 */
import * as z from 'zod';
import type { PolicyValues } from '../../../config/policy.ts';
import { NoticeParticulars } from '../../notices/model.ts';
import { limitationCheck } from '../../notices/offences.ts';
import { recipientCheck } from '../../notices/recipient-check.ts';
import { serveNotice } from '../../notices/serve.ts';
import { addDays, addWorkingDays } from '../../time.ts';
import type { RouteModule } from '../types.ts';
import {
  communityProtectionNotice,
  communityProtectionWarning,
  noticeServed,
  warningIssued,
} from './letters.ts';

const STATUTE = 'Anti-social Behaviour, Crime and Policing Act 2014';

/** Used when a decision gives no requirements of its own. */
const defaultRequirement = {
  kind: 'stop' as const,
  text: 'Stop causing, or allowing anyone at the premises to cause, noise that can be heard outside the premises and is having a detrimental effect on the quality of life of those in the locality.',
};

/** A notice is watched a policy period from service, and at least until its time to comply ends. */
function watchFrom(
  facts: Record<string, string>,
  days: (policy: PolicyValues) => number,
  deps: { policy: { at(date: Date): PolicyValues } },
) {
  if (!facts.servedAt || !facts.complyBy) return undefined;
  const served = new Date(facts.servedAt);
  const watched = addDays(served, days(deps.policy.at(served)));
  const comply = new Date(facts.complyBy);
  return { dueAt: watched > comply ? watched : comply };
}

export const CpnParticulars = NoticeParticulars.extend({
  partnersInformed: z
    .array(z.string().trim().min(1, { error: 'Name each body informed' }).max(200))
    .min(1, { error: 'Name at least one body informed before the notice (s.43(6))' })
    .max(20)
    .optional(),
});

export const asb: RouteModule = {
  id: 'asb',
  title: STATUTE,
  enforcement: true,
  phases: ['asb-warning', 'asb-cpn-decision', 'asb-cpn', 'asb-cpn-breach-decision'],
  notices: {
    cpw: {
      title: 'Community Protection Warning',
      watchKind: 'cpw-watch',
      breachPhase: 'asb-cpn-decision',
      breachIsOffence: false,
      caseStatus: 'warning-issued',
    },
    cpn: {
      title: 'Community Protection Notice',
      watchKind: 'cpn-watch',
      breachPhase: 'asb-cpn-breach-decision',
      breachIsOffence: true,
      caseStatus: 'notice-served',
    },
  },
  triage: [
    {
      outcome: 'warn',
      details: NoticeParticulars,
      // A warning names its recipient as a notice does (s.45): "the occupier" only after enquiries.
      check: recipientCheck(['warn']),
      advice: (c) =>
        `ASB 2014 Act: a Community Protection Warning can be given for conduct of a persistent or continuing nature that is unreasonable (${c.complaintCount} report${c.complaintCount === 1 ? '' : 's'} so far).`,
    },
  ],
  penalties: {
    cpn: {
      statute: `${STATUTE}, section 52`,
      offence:
        'Failing to comply with a Community Protection Notice (section 48 of the Anti-social Behaviour, Crime and Policing Act 2014)',
      amounts: (policy) => ({
        amountPence: Math.min(policy.fixedPenalty.amountPence, policy.fixedPenalty.maximumPence),
        discountedAmountPence: policy.fixedPenalty.discountedAmountPence,
        discountDays: policy.fixedPenalty.discountDays,
        payWithinDays: policy.fixedPenalty.payWithinDays,
      }),
    },
  },
  tasks: {
    'cpn-decision': {
      title: 'Decide whether to serve a Community Protection Notice after a breached warning',
      // A notice with legal effect: a manager signs it off.
      groups: ['manager'],
      outcomes: ['serve-cpn', 'restorative', 'no-further-action'],
      due: (policy, from) => addWorkingDays(from, policy.decisions.cpnDecisionDueWorkingDays),
      onOverdue: 'escalate',
      details: { 'serve-cpn': CpnParticulars },
      check: recipientCheck(['serve-cpn']),
    },
    'cpn-breach-decision': {
      title: 'Decide what to do about a breach of a Community Protection Notice',
      groups: ['manager'],
      outcomes: ['issue-fpn', 'prosecute', 'restorative', 'no-further-action'],
      due: (policy, from) => addWorkingDays(from, policy.decisions.breachDecisionDueWorkingDays),
      onOverdue: 'escalate',
      check: limitationCheck(['prosecute']),
    },
  },
  deadlines: {
    'cpw-watch': {
      // Watched for a policy period from service, and at least until the time to comply ends.
      fromFacts: (deps, facts) => watchFrom(facts, (policy) => policy.warning.watchDays, deps),
      async due(deps, c) {
        const notice = c.liveNotice;
        const from = new Date(notice?.servedAt ?? deps.clock.now());
        const watched = addDays(from, deps.policy.at(from).warning.watchDays);
        const comply = new Date(notice?.breachableFrom ?? watched);
        return watched > comply ? watched : comply;
      },
    },
    'cpn-watch': {
      fromFacts: (deps, facts) => watchFrom(facts, (policy) => policy.cpn.watchDays, deps),
      async due(deps, c) {
        const notice = c.liveNotice;
        const from = new Date(notice?.servedAt ?? deps.clock.now());
        const watched = addDays(from, deps.policy.at(from).cpn.watchDays);
        const comply = new Date(notice?.breachableFrom ?? watched);
        return watched > comply ? watched : comply;
      },
    },
  },
  steps: {
    'serve-cpw': (deps, input) =>
      serveNotice(deps, input, {
        step: 'serve-cpw',
        route: 'asb',
        status: 'warning-issued',
        terms: (policy) => ({
          kind: 'cpw',
          statute: `${STATUTE}, section 43`,
          defaultRequirements: [defaultRequirement],
          complyDays: policy.warning.complyDays,
          liveMonths: policy.warning.liveMonths,
        }),
        eventType: 'WarningIssued',
        residentTitle: 'A Community Protection Warning was issued',
        letterToRecipient: { template: 'communityProtectionWarning', render: communityProtectionWarning },
        letterToComplainants: { template: 'warningIssued', render: warningIssued },
      }),
    'serve-cpn': (deps, input) =>
      serveNotice(deps, input, {
        step: 'serve-cpn',
        route: 'asb',
        status: 'notice-served',
        terms: (policy, particulars) => ({
          kind: 'cpn',
          statute: `${STATUTE}, section 43`,
          defaultRequirements: [defaultRequirement],
          complyDays: policy.cpn.complyDays,
          liveMonths: policy.cpn.liveMonths,
          appealDays: policy.cpn.appealDays,
          partnersInformed:
            (particulars?.partnersInformed as string[] | undefined) ?? policy.cpn.partnersToInform,
        }),
        eventType: 'CommunityProtectionNoticeServed',
        residentTitle: 'A Community Protection Notice was served',
        letterToRecipient: { template: 'communityProtectionNotice', render: communityProtectionNotice },
        letterToComplainants: { template: 'noticeServed', render: noticeServed },
      }),
  },
};
