import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkflowEngine } from '../../functions/commons/clients/sfn.ts';
import { processClock } from '../../functions/commons/clock.ts';
import { policyBook } from '../../functions/config/policy.ts';
import { dynamoCaseStore } from '../../functions/domain/case-store.ts';
import { decideTask } from '../../functions/domain/lifecycle/tasks.ts';
import { advanceDays, asStaff, caseView, openCase, openTask, TO_THE_OCCUPIER } from '../support/lifecycle.ts';
import { call, startTestStack } from '../support/local-stack.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'abate-lifecycle-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('restarting the local server mid-case', () => {
  it('a case waiting on a decision and then on a compliance period completes after restarts', async () => {
    const first = await startTestStack({ dataDir, retryDelayScale: 0.001 });
    const { caseRef } = await openCase(first);
    const task = await openTask(first, caseRef, 'triage', 'caseworker');
    await first.stack.close();

    // The token behind the task survived: the decision made after the restart reaches the workflow.
    const second = await startTestStack({ dataDir, retryDelayScale: 0.001 });
    const decided = await asStaff(second, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'warn',
      reason: 'Repeated loud music',
      details: TO_THE_OCCUPIER,
    });
    expect(decided.status).toBe(200);
    await second.stack.settle();
    expect((await caseView(second, caseRef)).case.status).toBe('warning-issued');
    await advanceDays(second, 5);
    await second.stack.close();

    // The compliance period keeps counting across the restart (the clock offset is kept too).
    const third = await startTestStack({ dataDir, retryDelayScale: 0.001 });
    try {
      await advanceDays(third, 10);
      const view = await caseView(third, caseRef);
      expect(view.case).toMatchObject({ status: 'closed', closedReason: 'complied' });
      expect(view.timeline.filter((e) => e.type === 'WarningIssued')).toHaveLength(1);
      expect(view.outbox.filter((m) => m.template === 'communityProtectionWarning')).toHaveLength(1);
    } finally {
      await third.close();
    }
  });

  it('the new time of a clock advance is saved before anything happens at it, so a kill mid-advance cannot send the clock back', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'abate-clock-'));
    const env = await startTestStack({ dataDir: folder, retryDelayScale: 0.001 });
    try {
      const before = processClock.offset;
      const advancing = env.stack.advanceClock(3 * 86_400_000);
      // Read as soon as the clock has moved, before anything at the new time has had a turn: a
      // process killed now restarts here.
      while (processClock.offset === before) await new Promise((next) => setImmediate(next));
      const saved = JSON.parse(readFileSync(join(folder, 'clock.json'), 'utf8')) as { offsetMs: number };
      expect(saved.offsetMs).toBe(before + 3 * 86_400_000);
      await advancing;
    } finally {
      await env.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('the local clock endpoint refuses to go back, to stand still or to take unknown units, saying which field is wrong', async () => {
    const env = await startTestStack({ retryDelayScale: 0.001 });
    try {
      const advance = (json: unknown) => call(env.stack, 'POST', '/_local/clock/advance', { json });
      const backwards = await advance({ days: -1 });
      expect(backwards.status).toBe(400);
      expect(backwards.body.error.fields).toEqual([expect.objectContaining({ path: 'days' })]);
      const standing = await advance({ hours: 0 });
      expect(standing.status).toBe(400);
      expect(standing.body.error.fields[0].message).toMatch(/greater than 0/);
      const weeks = await advance({ weeks: 2 });
      expect(weeks.status).toBe(400);
      expect(weeks.body.error.fields[0].message).toMatch(/weeks/);
      const before = processClock.now().getTime();
      const moved = await advance({ hours: 2, minutes: 30 });
      expect(moved.status).toBe(200);
      expect(Date.parse(moved.body.now) - before).toBeGreaterThanOrEqual(2.5 * 3_600_000);
    } finally {
      await env.close();
    }
  });

  it('a clock advance sent straight after a decision moves time only after the notice the decision asked for is served', async () => {
    const env = await startTestStack({ retryDelayScale: 0.001 });
    try {
      const { caseRef } = await openCase(env);
      const task = await openTask(env, caseRef, 'triage', 'caseworker');
      const decidedAt = Date.now() + processClock.offset;
      const decided = await asStaff(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
        outcome: 'warn',
        reason: 'Loud music three nights running',
        details: TO_THE_OCCUPIER,
      });
      expect(decided.status).toBe(200);
      // No settling in between: what a person pasting two commands, or a script, does.
      const advanced = await call(env.stack, 'POST', '/_local/clock/advance', { json: { days: 10 } });
      expect(advanced.status).toBe(200);
      const view = await caseView(env, caseRef);
      const warning = view.notices.find((notice) => notice.kind === 'cpw');
      expect(warning, JSON.stringify(view.notices)).toBeDefined();
      // Served at the time of the decision, give or take the seconds the steps take; not ten days on.
      expect(Date.parse(String(warning?.servedAt)) - decidedAt).toBeLessThan(60_000);
    } finally {
      await env.close();
    }
  });

  it('a decision whose hand-over to the workflow was lost is delivered by the next sweep', async () => {
    const env = await startTestStack({ retryDelayScale: 0.001 });
    try {
      const { caseRef } = await openCase(env);
      const task = await openTask(env, caseRef, 'triage', 'caseworker');
      // The process dies between recording the decision and telling Step Functions.
      const crashing: WorkflowEngine = {
        start: async () => {},
        complete: async () => {
          throw new Error('process killed');
        },
        isWaiting: async () => true,
        stop: async () => {},
      };
      const deps = {
        db: env.db,
        table: env.stack.tableName,
        store: dynamoCaseStore(env.db, env.stack.tableName),
        clock: processClock,
        policy: policyBook(),
        engine: crashing,
      };
      await expect(
        decideTask(
          deps,
          task.taskId,
          { id: 'officer-1', groups: ['caseworker'] },
          { outcome: 'warn', reason: 'Loud music', details: TO_THE_OCCUPIER },
        ),
      ).rejects.toThrow('process killed');
      expect((await caseView(env, caseRef)).case.status).toBe('under-investigation');

      const report = await env.stack.sweep();
      expect(report.outcomes.redelivered).toBe(1);
      await env.stack.settle();
      const view = await caseView(env, caseRef);
      expect(view.case.status).toBe('warning-issued');
      expect(view.timeline.filter((e) => e.type === 'TaskDecided')).toHaveLength(1);
    } finally {
      await env.close();
    }
  });
});
