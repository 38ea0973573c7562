/**
 * Casework's task kinds: the manager's decision on a safeguarding referral for a complainant
 * assessed as high risk. It is a case task (no workflow waits on it): the decision is acted on
 * here, and the case carries on whatever route it is on.
 */
import * as z from 'zod';
import { hasApplied } from '../case-store.ts';
import { type Caller, type LifecycleDeps, staffActor, systemActor } from '../lifecycle/deps.ts';
import { applyChange } from '../lifecycle/step.ts';
import type { Decision, StaffTask } from '../model/workflow.ts';
import type { RouteModule } from '../routes/types.ts';
import { addWorkingDays } from '../time.ts';
import { SAFEGUARDING_TASK } from './names.ts';

const Referral = z.strictObject({
  agency: z
    .string({ error: 'Name the agency referred to' })
    .trim()
    .min(1, { error: 'Name the agency referred to' })
    .max(200, { error: 'The agency must be 200 characters or fewer' }),
  reference: z
    .string()
    .trim()
    .min(1)
    .max(100, { error: 'The reference must be 100 characters or fewer' })
    .optional(),
});

/** A referral made is a fact on the case of its own, beside the decision that records it. */
async function recordReferral(
  deps: LifecycleDeps,
  task: StaffTask,
  decision: Decision,
  caller: Caller | 'system',
): Promise<void> {
  if (decision.outcome !== 'referred') return;
  const c = await deps.store.get(task.caseRef);
  if (!c) return;
  const opId = `safeguarding:${task.taskId}`;
  const referral = decision.details as z.infer<typeof Referral>;
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'SafeguardingReferralMade',
            at: decision.decidedAt,
            actor: caller === 'system' ? systemActor : staffActor(caller),
            visibility: 'staff',
            data: {
              taskId: task.taskId,
              agency: referral.agency,
              ...(referral.reference ? { reference: referral.reference } : {}),
            },
            opId,
          },
          patch: { updatedAt: decision.decidedAt },
        },
  );
}

export const casework: RouteModule = {
  id: 'casework',
  title: 'Casework',
  phases: [],
  tasks: {
    [SAFEGUARDING_TASK]: {
      title: 'Consider a safeguarding referral for a complainant assessed as high risk',
      groups: ['manager'],
      outcomes: ['referred', 'not-needed'],
      due: (policy, from) => addWorkingDays(from, policy.risk.safeguardingDueWorkingDays),
      onOverdue: 'escalate',
      details: { referred: Referral },
      standalone: { apply: recordReferral },
    },
  },
  steps: {},
};
