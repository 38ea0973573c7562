/** Steps every route ends with: closing the case. */
import { closeCase } from '../../lifecycle/closing.ts';
import type { RouteModule } from '../types.ts';

export const caseSteps: RouteModule = {
  id: 'case',
  title: 'Case',
  phases: [],
  tasks: {},
  steps: {
    async close(deps, input) {
      const outcome = String(input.args?.outcome ?? 'closed');
      const residentOutcome = String(input.args?.residentOutcome ?? 'The case is closed.');
      const c = await closeCase(deps, { ...input, outcome, residentOutcome });
      return { status: c.status, closedAt: c.closedAt ?? null };
    },
  },
};
