/**
 * Drives batches of cases through the local stack over HTTP, as residents, staff and the payment
 * provider would, in virtual time: every case in a batch takes each step together, then the stack
 * settles. Used by the lifecycle and cost benchmarks.
 */
import { createHmac } from 'node:crypto';
import { processClock } from '../functions/commons/clock.ts';
import type { LocalStack } from '../infra/local/stack.ts';
import { benchComplaint } from './intake.ts';

const DAY_MS = 86_400_000;
const PAYMENT_SECRET = process.env.ABATE_PAYMENT_SECRET ?? 'abate-local-payment-secret';

export type Scenario = 'fpn-paid' | 'restorative';

export interface Driver {
  /** HTTP requests sent to the API (the local-only clock and token routes are not counted). */
  apiRequests: number;
  runBatch(scenario: Scenario, size: number): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes
type Json = any;

export function caseDriver(stack: LocalStack): Driver {
  const tokens = new Map<string, string>();
  const driver: Driver = { apiRequests: 0, runBatch };

  async function send(
    method: string,
    path: string,
    options: { body?: string; headers?: Record<string, string> } = {},
  ) {
    if (!path.startsWith('/_local/')) driver.apiRequests++;
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: { ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(options.body ? { body: options.body } : {}),
    });
    const text = await response.text();
    const body: Json = text ? JSON.parse(text) : undefined;
    if (response.status >= 300)
      throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
    return body;
  }

  async function token(group: string): Promise<string> {
    let value = tokens.get(group);
    if (!value) {
      value = String((await send('POST', '/_local/dev-token', { body: JSON.stringify({ group }) })).token);
      tokens.set(group, value);
    }
    return value;
  }

  async function asStaff(group: string, method: string, path: string, json?: unknown) {
    return send(method, path, {
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      headers: { authorization: `Bearer ${await token(group)}` },
    });
  }

  /** One listing of the queue (as a caseworker opens it), then a decision on each case's task. */
  async function decideAll(caseRefs: string[], type: string, group: string, outcome: string, extra = {}) {
    const listed = await asStaff(group, 'GET', `/tasks?type=${type}`);
    const byCase = new Map<string, string>(
      listed.tasks.map((task: { caseRef: string; taskId: string }) => [task.caseRef, task.taskId]),
    );
    await Promise.all(
      caseRefs.map(async (caseRef) => {
        const taskId = byCase.get(caseRef);
        if (!taskId) throw new Error(`no open ${type} task for ${caseRef}`);
        // The caseworker reads the case before deciding.
        await asStaff(group, 'GET', `/cases/${caseRef}`);
        await asStaff(group, 'POST', `/tasks/${taskId}/decision`, {
          outcome,
          reason: `Benchmark decision: ${outcome}`,
          ...extra,
        });
      }),
    );
    await stack.settle();
  }

  async function advanceDays(days: number) {
    await stack.advanceClock(days * DAY_MS);
  }

  async function expectClosed(caseRefs: string[]) {
    await Promise.all(
      caseRefs.map(async (caseRef) => {
        const view = await asStaff('caseworker', 'GET', `/cases/${caseRef}`);
        if (view.case.status !== 'closed')
          throw new Error(`${caseRef} ended ${view.case.status}, not closed`);
      }),
    );
  }

  async function runBatch(scenario: Scenario, size: number) {
    const tag = `${scenario}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    const caseRefs = await Promise.all(
      Array.from({ length: size }, async () => {
        const receipt = await send('POST', '/complaints', { body: benchComplaint(tag) });
        return String(receipt.caseRef);
      }),
    );
    await stack.settle();
    if (scenario === 'fpn-paid') {
      await decideAll(caseRefs, 'triage', 'caseworker', 'warn');
      await advanceDays(3);
      await Promise.all(
        caseRefs.map((caseRef) =>
          asStaff('caseworker', 'POST', `/cases/${caseRef}/breaches`, {
            witnessedAt: new Date(processClock.now().getTime() - 3_600_000).toISOString(),
            description: 'Amplified music audible from the street at 01:10',
          }),
        ),
      );
      await stack.settle();
      await decideAll(caseRefs, 'breach-decision', 'caseworker', 'issue-fpn');
      await advanceDays(5);
      await Promise.all(
        caseRefs.map(async (caseRef) => {
          const view = await asStaff('caseworker', 'GET', `/cases/${caseRef}`);
          const penalty = view.penalties[0];
          const raw = JSON.stringify({
            amountPence: penalty.discountedAmountPence,
            paidAt: processClock.now().toISOString(),
            providerReference: `PAY-${penalty.penaltyRef}`,
          });
          return pay(penalty.penaltyRef, raw);
        }),
      );
      await stack.settle();
    } else {
      await decideAll(caseRefs, 'triage', 'caseworker', 'restorative');
      await decideAll(caseRefs, 'restorative-consent', 'facilitator', 'both-consented');
      const dueBy = new Date(processClock.now().getTime() + 20 * DAY_MS).toISOString().slice(0, 10);
      await decideAll(caseRefs, 'restorative-conference', 'facilitator', 'agreement-reached', {
        agreedActions: [{ action: 'Music off by 23:00 on weeknights', dueBy }],
      });
      await advanceDays(29);
      await decideAll(caseRefs, 'agreement-review', 'caseworker', 'complied');
    }
    await expectClosed(caseRefs);
  }

  async function pay(penaltyRef: string, raw: string) {
    const signature = `sha256=${createHmac('sha256', PAYMENT_SECRET).update(raw).digest('hex')}`;
    return send('POST', `/penalties/${penaltyRef}/payments`, {
      body: raw,
      headers: { 'x-signature': signature },
    });
  }

  return driver;
}
