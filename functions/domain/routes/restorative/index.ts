/**
 * Restorative justice: voluntary for both sides at every step. Offer, consent from both, a
 * conference with a non-binding outcome agreement (actions and dates), and a review. Declining,
 * no agreement, a withdrawal or a broken agreement all return the case to the decision of the
 * route it was on (the live notice's breach decision, or triage if no notice was ever served):
 * never straight to a penalty.
 */
import { conflict, notFound } from '../../../commons/errors.ts';
import { hasApplied } from '../../case-store.ts';
import { outboxItem, toComplainants, toSource } from '../../letters/outbox.ts';
import { greeting, signOff } from '../../letters/words.ts';
import { endDeadlineEarly, isWaitingFor } from '../../lifecycle/deadlines.ts';
import { type Caller, type LifecycleDeps, staffActor } from '../../lifecycle/deps.ts';
import { applyChange, runStep } from '../../lifecycle/step.ts';
import { closeOpenTaskWith, tasksOfCase } from '../../lifecycle/tasks.ts';
import { peopleOf, sourceRecipients } from '../../people/parties.ts';
import { addDays, addWorkingDays } from '../../time.ts';
import { noticeSpecOf, routeOfPhase } from '../catalogue.ts';
import type { RouteModule } from '../types.ts';

const RJ_TASKS = ['restorative-consent', 'restorative-conference', 'agreement-review'] as const;

export const restorative: RouteModule = {
  id: 'restorative',
  title: 'Restorative justice',
  phases: ['restorative'],
  triage: [
    {
      outcome: 'restorative',
      advice: () =>
        'Restorative justice: voluntary for both sides; the person responsible must accept responsibility.',
    },
  ],
  tasks: {
    'restorative-consent': {
      title: 'Record whether both parties consent to restorative justice',
      groups: ['facilitator'],
      outcomes: ['both-consented', 'declined'],
      due: (policy, from) => addDays(from, policy.restorative.consentDueDays),
      // Consent nobody recorded in time counts as declined: restorative justice is voluntary.
      onOverdue: { outcome: 'declined' },
    },
    'restorative-conference': {
      title: 'Hold the restorative conference and record the outcome',
      groups: ['facilitator'],
      outcomes: ['agreement-reached', 'no-agreement'],
      due: (policy, from) => addDays(from, policy.restorative.conferenceDueDays),
      onOverdue: { outcome: 'no-agreement' },
      needsAgreedActions: ['agreement-reached'],
    },
    'agreement-review': {
      title: 'Check whether the restorative agreement was kept',
      groups: ['caseworker', 'manager', 'facilitator'],
      outcomes: ['complied', 'breached'],
      due: (policy, from) => addWorkingDays(from, policy.decisions.breachDecisionDueWorkingDays),
      onOverdue: 'escalate',
    },
  },
  deadlines: {
    'agreement-review': {
      async due(deps) {
        const now = deps.clock.now();
        return addDays(now, deps.policy.at(now).restorative.reviewAfterDays);
      },
    },
  },
  steps: {
    async start(deps, input) {
      const c = await runStep(deps, input, 'start-restorative', async (current, { opId, at }) => {
        const people = await peopleOf(deps, current);
        const letters = [
          ...toComplainants(
            current,
            people.complainants,
            'restorativeStarted',
            (to) => ({
              subject: `Case ${current.caseRef}: restorative justice`,
              body: `${greeting(to.name)}\n\nWe would like to offer restorative justice for case ${current.caseRef}. A facilitator will contact you. Taking part is your choice, and you may stop at any time.\n\n${signOff()}`,
            }),
            opId,
            at,
          ),
          ...toSource(
            current,
            sourceRecipients(people),
            'restorativeInvitation',
            (to) => ({
              subject: `Case ${current.caseRef}: an invitation to restorative justice`,
              body: `${greeting(to.name)}\n\nThe council would like to offer restorative justice about noise from your address (case ${current.caseRef}). A facilitator will contact you. Taking part is voluntary, and you may stop at any time.\n\n${signOff()}`,
            }),
            opId,
            at,
          ),
        ];
        return {
          type: 'RestorativeProcessStarted',
          data: { messages: letters.map((m) => m.messageId) },
          patch: { status: 'restorative-process', referredToRestorative: true },
          residentTitle: 'A restorative justice process was offered',
          items: letters.map(outboxItem),
        };
      });
      return { status: c.status };
    },
    /** Restorative justice ended without a kept agreement: back to the decision of the route the case is on. */
    async return(deps, input) {
      const why = String(input.args?.why ?? 'Restorative justice ended');
      const c = await deps.store.get(input.caseRef);
      const notice =
        c?.liveNotice && Date.parse(c.liveNotice.liveUntil) > deps.clock.now().getTime()
          ? c.liveNotice
          : undefined;
      const spec = notice ? noticeSpecOf(notice.kind) : undefined;
      const phase = spec?.breachPhase ?? 'investigation';
      await runStep(deps, input, 'return-from-restorative', async () => ({
        type: 'RestorativeProcessEnded',
        data: { why, returnsTo: phase },
        patch: { status: spec?.caseStatus ?? 'under-investigation' },
        residentTitle: 'The restorative justice process ended; the council will decide on enforcement',
      }));
      return { phase, route: routeOfPhase(phase) ?? null };
    },
  },
};

/** A party leaves restorative justice: the step waiting on them ends, and the case returns to enforcement. */
export async function recordWithdrawal(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  withdrawal: { party: 'complainant' | 'source'; reason: string },
) {
  const c = await deps.store.get(caseRef);
  if (!c) throw notFound('No case with that reference');
  const notWaiting = () =>
    conflict('NOT_IN_RESTORATIVE_PROCESS', 'No restorative justice step is waiting on this case');
  if (c.status !== 'restorative-process') throw notWaiting();
  const open = (await tasksOfCase(deps, c)).some(
    (task) => task.status === 'open' && (RJ_TASKS as readonly string[]).includes(task.type),
  );
  if (!open && !(await isWaitingFor(deps, caseRef, ['agreement-review']))) throw notWaiting();
  const reason = `${withdrawal.party === 'complainant' ? 'The complainant' : 'The person responsible'} withdrew: ${withdrawal.reason}`;
  // The wait ends first (conditionally, so a refused withdrawal writes nothing), then it is audited.
  const ended =
    (await closeOpenTaskWith(deps, c, RJ_TASKS, 'withdrawn', reason, caller)) !== undefined ||
    (await endDeadlineEarly(deps, caseRef, ['agreement-review'], {
      outcome: 'withdrawn',
      party: withdrawal.party,
    }));
  if (!ended) throw notWaiting();
  const at = deps.clock.now().toISOString();
  const opId = `withdraw:${caseRef}:${at}`;
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'RestorativeWithdrawal',
            at,
            actor: staffActor(caller),
            visibility: 'staff',
            reason,
            data: { party: withdrawal.party },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
  return { caseRef, withdrawn: withdrawal.party };
}
