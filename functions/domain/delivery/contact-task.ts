/**
 * A message that will never arrive (Notify says the address, number or email does not work) must
 * not go unnoticed: it opens a task for a caseworker, "no working contact", once per message, and
 * flags the case. The caseworker records what they did about it.
 */
import { hasApplied } from '../case-store.ts';
import { type Caller, type LifecycleDeps, staffActor, systemActor } from '../lifecycle/deps.ts';
import { flagCase } from '../lifecycle/flags.ts';
import { applyChange, writeItems } from '../lifecycle/step.ts';
import { caseTaskItem } from '../lifecycle/tasks.ts';
import type { Decision, StaffTask } from '../model/workflow.ts';
import type { RouteModule } from '../routes/types.ts';
import { addWorkingDays } from '../time.ts';
import type { DeliverableMessage } from './model.ts';

const who: Record<string, string> = {
  complainant: 'the complainant',
  source: 'the person responsible for the noise',
  managers: 'the managers',
  'legal-team': 'the legal team',
  caseworkers: 'the caseworkers',
};

export async function raiseNoWorkingContact(
  deps: LifecycleDeps,
  message: Pick<DeliverableMessage, 'messageId' | 'caseRef' | 'to' | 'channel' | 'template'>,
  why: { reason: string; providerStatus?: string | undefined },
): Promise<void> {
  const c = await deps.store.get(message.caseRef);
  if (!c) return;
  const opId = `undeliverable:${message.messageId}`;
  if (hasApplied(c, opId)) return;
  const { taskId, item } = caseTaskItem(deps, c, { type: 'no-working-contact', key: message.messageId });
  await writeItems(deps, opId, [item]);
  const at = deps.clock.now().toISOString();
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'MessageUndeliverable',
            at,
            actor: systemActor,
            visibility: 'staff',
            data: {
              messageId: message.messageId,
              to: message.to,
              channel: message.channel,
              template: message.template,
              providerStatus: why.providerStatus ?? null,
              taskId,
              summary: `No working contact for ${who[message.to] ?? message.to}: ${why.reason}`,
            },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
  await flagCase(deps, c.caseRef, 'undeliverable');
}

async function recordContactOutcome(
  deps: LifecycleDeps,
  task: StaffTask,
  decision: Decision,
  caller: Caller | 'system',
) {
  const c = await deps.store.get(task.caseRef);
  if (!c) return;
  const opId = `contact-outcome:${task.taskId}`;
  const at = deps.clock.now().toISOString();
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'ContactProblemResolved',
            at,
            actor: caller === 'system' ? systemActor : staffActor(caller),
            visibility: 'staff',
            reason: decision.reason,
            data: { taskId: task.taskId, outcome: decision.outcome },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
}

export const contact: RouteModule = {
  id: 'contact',
  title: 'Contact problems',
  phases: [],
  tasks: {
    'no-working-contact': {
      title: 'No working contact: a letter or message could not be delivered',
      groups: ['caseworker', 'manager'],
      outcomes: ['contact-updated', 'sent-another-way', 'no-contact-possible'],
      due: (policy, from) => addWorkingDays(from, policy.decisions.breachDecisionDueWorkingDays),
      onOverdue: 'escalate',
      standalone: { apply: recordContactOutcome },
    },
  },
  steps: {},
};
