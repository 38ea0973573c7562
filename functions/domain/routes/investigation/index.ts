/**
 * The investigation every report starts: a caseworker triages the case and chooses the route it
 * goes on. The outcomes are those the routes offer (see each route's `triage`), plus no further
 * action; the task says which routes apply to the case and why.
 */
import type * as z from 'zod';
import { addWorkingDays } from '../../time.ts';
import { triageOptions } from '../catalogue.ts';
import type { RouteModule } from '../types.ts';

export const investigation: RouteModule = {
  id: 'investigation',
  title: 'Investigation',
  phases: ['investigation'],
  tasks: {
    triage: {
      title: 'Triage a new noise case',
      groups: ['caseworker', 'manager'],
      get outcomes() {
        return [
          ...triageOptions().flatMap((option) => (option.outcome ? [option.outcome] : [])),
          'no-further-action',
        ];
      },
      due: (policy, from, c) =>
        addWorkingDays(
          from,
          c.priority === 'high' ? policy.triage.highRiskDueWorkingDays : policy.triage.dueWorkingDays,
        ),
      onOverdue: 'escalate',
      get details() {
        return Object.fromEntries(
          triageOptions()
            .filter((option) => option.outcome && option.details)
            .map((option) => [option.outcome, option.details as z.ZodType]),
        );
      },
      async check(deps, task, decision) {
        for (const option of triageOptions())
          if (option.outcome === decision.outcome) await option.check?.(deps, task, decision);
      },
      async advice(_deps, c) {
        return triageOptions()
          .map((option) => option.advice?.(c))
          .filter((line): line is string => Boolean(line));
      },
    },
  },
  steps: {},
};
