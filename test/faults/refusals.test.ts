/**
 * A refused request writes nothing: whatever mix of refused decisions, breaches, appeals,
 * withdrawals and payments is sent at a case, it answers 4xx each time and leaves the case, its
 * audit trail and everything listed under it exactly as they were.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithNotice,
  localNow,
  openTask,
  recordBreach,
} from '../support/lifecycle.ts';
import { startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

/** Everything stored about a case, in a stable order. */
async function snapshot(caseRef: string): Promise<string> {
  const own = await env.db.send(
    new QueryCommand({
      TableName: env.stack.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseRef}` },
      ConsistentRead: true,
    }),
  );
  const children = await env.db.send(
    new QueryCommand({
      TableName: env.stack.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseRef}` },
    }),
  );
  const stable = (items: Record<string, unknown>[] = []) =>
    items
      .map((item) =>
        JSON.stringify(item, (_key, value) => (value instanceof Set ? [...value].sort() : value)),
      )
      .sort();
  return JSON.stringify([stable(own.Items), stable(children.Items)]);
}

describe('refused requests', () => {
  it('leave the case and everything under it unchanged, whatever is refused and in whatever order', async () => {
    // A notice served and breached: a CPN breach decision waits, with an offence whose limitation date has not passed.
    const { caseRef } = await caseWithNotice(env);
    await advanceDays(env, 8);
    await recordBreach(env, caseRef);
    const task = await openTask(env, caseRef, 'cpn-breach-decision');
    const view = await caseView(env, caseRef);
    const cpn = view.notices.find((n) => n.kind === 'cpn');
    const cpw = view.notices.find((n) => n.kind === 'cpw');
    const refused: Record<string, () => Promise<{ status: number }>> = {
      'a caseworker deciding a manager task': () =>
        asStaff(env, 'caseworker', 'POST', `/tasks/${task.taskId}/decision`, {
          outcome: 'issue-fpn',
          reason: 'Not mine',
        }),
      'an outcome the task does not offer': () =>
        asStaff(env, 'manager', 'POST', `/tasks/${task.taskId}/decision`, {
          outcome: 'serve-cpn',
          reason: 'Wrong one',
        }),
      'details an outcome does not take': () =>
        asStaff(env, 'manager', 'POST', `/tasks/${task.taskId}/decision`, {
          outcome: 'issue-fpn',
          reason: 'With details',
          details: { finePence: 1 },
        }),
      'a decision without a reason': () =>
        asStaff(env, 'manager', 'POST', `/tasks/${task.taskId}/decision`, {
          outcome: 'issue-fpn',
          reason: '',
        }),
      'a breach witnessed tomorrow': () =>
        asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/breaches`, {
          witnessedAt: new Date(localNow().getTime() + 86_400_000).toISOString(),
          description: 'Tomorrow',
        }),
      'a withdrawal when no restorative justice runs': () =>
        asStaff(env, 'facilitator', 'POST', `/cases/${caseRef}/restorative/withdrawal`, {
          party: 'source',
          reason: 'No',
        }),
      'an appeal against a warning': () =>
        asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
          noticeId: cpw?.noticeId,
          lodgedAt: localNow().toISOString(),
          court: 'Northmoor Magistrates Court',
        }),
      'an appeal lodged after the window': () =>
        asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
          noticeId: cpn?.noticeId,
          lodgedAt: localNow().toISOString(),
          court: 'Northmoor Magistrates Court',
        }),
      'an appeal lodged before the notice': () =>
        asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
          noticeId: cpn?.noticeId,
          lodgedAt: new Date(Date.parse(cpn?.servedAt ?? '') - 86_400_000).toISOString(),
          court: 'Northmoor Magistrates Court',
        }),
      'a decision on a task that does not exist': () =>
        asStaff(env, 'manager', 'POST', '/tasks/tsk_00000000000000000000/decision', {
          outcome: 'issue-fpn',
          reason: 'None',
        }),
    };
    // The CPN was served 8 days ago, so its 21-day window is still open: move past it first.
    await advanceDays(env, 14);
    const before = await snapshot(caseRef);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...Object.keys(refused)), { minLength: 1, maxLength: 6 }),
        async (names) => {
          const answers = await Promise.all(names.map((name) => refused[name]?.()));
          names.forEach((name, i) => {
            const status = answers[i]?.status ?? 0;
            expect(status, name).toBeGreaterThanOrEqual(400);
            expect(status, name).toBeLessThan(500);
          });
          const after = await snapshot(caseRef);
          if (after !== before) {
            const a = JSON.parse(before).flat() as string[];
            const b = JSON.parse(after).flat() as string[];
            const changed = [
              ...b.filter((x) => !a.includes(x)),
              '--- was ---',
              ...a.filter((x) => !b.includes(x)),
            ];
            expect.fail(`changed: ${changed.join('\n')}`);
          }
        },
      ),
      { numRuns: 15, seed: 99 },
    );
  }, 120_000);
});
