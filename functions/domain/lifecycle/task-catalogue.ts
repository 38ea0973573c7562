/**
 * Every kind of staff decision in the lifecycle: who may make it, what they may decide, when it is
 * due and what happens if nobody decides in time. Part of the API contract.
 */
import type { PolicyValues } from '../../config/policy.ts';
import type { StaffGroup, TaskType } from '../model/workflow.ts';
import { addDays, addWorkingDays } from '../time.ts';

export interface TaskKind {
  title: string;
  /** Groups that may decide; a manager may also do what a caseworker may. */
  groups: StaffGroup[];
  outcomes: string[];
  due(policy: PolicyValues, from: Date): Date;
  /** `escalate`: managers are told and may decide; otherwise the named outcome is decided for it. */
  onOverdue: 'escalate' | { outcome: string };
  /** Outcomes that need agreed actions with dates. */
  needsAgreedActions?: string[];
}

export const taskCatalogue: Record<TaskType, TaskKind> = {
  triage: {
    title: 'Triage a new noise case',
    groups: ['caseworker', 'manager'],
    outcomes: ['warn', 'restorative', 'no-further-action'],
    due: (policy, from) => addWorkingDays(from, policy.triage.dueWorkingDays),
    onOverdue: 'escalate',
  },
  'breach-decision': {
    title: 'Decide what to do about a breach of a warning',
    groups: ['caseworker', 'manager'],
    outcomes: ['issue-fpn', 'restorative', 'prosecute', 'no-further-action'],
    due: (policy, from) => addWorkingDays(from, policy.decisions.breachDecisionDueWorkingDays),
    onOverdue: 'escalate',
  },
  'prosecution-review': {
    title: 'Review an unpaid fixed penalty for prosecution',
    groups: ['manager'],
    outcomes: ['prosecute', 'withdraw'],
    due: (policy, from) => addWorkingDays(from, policy.decisions.prosecutionReviewDueWorkingDays),
    onOverdue: 'escalate',
  },
  'restorative-consent': {
    title: 'Record whether both parties consent to restorative justice',
    groups: ['facilitator'],
    outcomes: ['both-consented', 'declined'],
    due: (policy, from) => addDays(from, policy.restorative.consentDueDays),
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
};

/** Whether someone with these groups may decide a task of this kind. */
export function mayDecide(kind: TaskKind, callerGroups: readonly string[], escalated: boolean): boolean {
  if (callerGroups.some((group) => kind.groups.includes(group as StaffGroup))) return true;
  // Managers take over what a caseworker may do, and anything escalated to them.
  if (callerGroups.includes('manager') && (kind.groups.includes('caseworker') || escalated)) return true;
  return false;
}
