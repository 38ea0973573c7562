/**
 * Drives cases through the local stack over HTTP, as residents, staff and the payment provider
 * would, in virtual time. Each case path is one small function in `flows` below, written against
 * `CaseApi` (the requests people make); change a flow there when the case lifecycle changes.
 * Used by the lifecycle, cost and counts benchmarks.
 */
import { createHmac } from 'node:crypto';
import { processClock } from '../functions/commons/clock.ts';
import type { LocalStack } from '../infra/local/stack.ts';
import { benchComplaint } from './intake.ts';

const DAY_MS = 86_400_000;
const PAYMENT_SECRET = process.env.ABATE_PAYMENT_SECRET ?? 'abate-local-payment-secret';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes
type Json = any;

/** What people do to a batch of cases; every call waits for the stack to settle afterwards. */
export interface CaseApi {
  /** Reports noise about a new source for each case wanted; resolves with the receipts' case refs. */
  report(count: number): Promise<string[]>;
  /** Lists the queue once, reads each case, and decides its open task of `type`. */
  decide(caseRefs: string[], type: string, group: string, outcome: string, extra?: Json): Promise<void>;
  recordBreach(caseRefs: string[]): Promise<void>;
  /** Pays each case's first penalty at its discounted amount, as the payment provider reports it. */
  payDiscounted(caseRefs: string[]): Promise<void>;
  advanceDays(days: number): Promise<void>;
  expectStatus(caseRefs: string[], status: string): Promise<void>;
}

/**
 * The case paths, each from the triage decision to the end (the report comes before). These
 * follow the current lifecycle; when the legal chain changes, change them here.
 */
export const flows = {
  /**
   * warning → breach after the time to comply → notice → breach after its time to comply → fixed
   * penalty → paid at the discount on day 5 → closed (the 2014 Act's order)
   */
  async 'fpn-paid'(api: CaseApi, caseRefs: string[]) {
    // To "the occupier", with the enquiries made to find them (2014 Act s.45), which the CPN cites.
    await api.decide(caseRefs, 'triage', 'caseworker', 'warn', {
      details: {
        recipient: { kind: 'occupier', enquiries: ['Asked Council Tax who is liable: nobody is registered'] },
      },
    });
    await api.advanceDays(8);
    await api.recordBreach(caseRefs);
    await api.decide(caseRefs, 'cpn-decision', 'manager', 'serve-cpn');
    await api.advanceDays(8);
    await api.recordBreach(caseRefs);
    await api.decide(caseRefs, 'cpn-breach-decision', 'manager', 'issue-fpn');
    await api.advanceDays(5);
    await api.payDiscounted(caseRefs);
    await api.expectStatus(caseRefs, 'closed');
  },

  /** restorative justice: consent → conference → agreement → review after 28 days: complied → closed */
  async restorative(api: CaseApi, caseRefs: string[]) {
    await api.decide(caseRefs, 'triage', 'caseworker', 'restorative');
    await api.decide(caseRefs, 'restorative-consent', 'facilitator', 'both-consented');
    const dueBy = new Date(processClock.now().getTime() + 20 * DAY_MS).toISOString().slice(0, 10);
    await api.decide(caseRefs, 'restorative-conference', 'facilitator', 'agreement-reached', {
      agreedActions: [{ action: 'Music off by 23:00 on weeknights', dueBy }],
    });
    await api.advanceDays(29);
    await api.decide(caseRefs, 'agreement-review', 'caseworker', 'complied');
    await api.expectStatus(caseRefs, 'closed');
  },
} satisfies Record<string, (api: CaseApi, caseRefs: string[]) => Promise<void>>;

export type Scenario = keyof typeof flows;

export interface Driver {
  /** HTTP requests sent to the API (the local-only clock and token routes are not counted). */
  apiRequests: number;
  api: CaseApi;
  /** Reports `size` cases, waits until their triage tasks are open, then runs the flow on them. */
  runBatch(scenario: Scenario, size: number): Promise<void>;
}

export function caseDriver(stack: LocalStack): Driver {
  const tokens = new Map<string, string>();
  const driver: Driver = { apiRequests: 0, api: caseApi(), runBatch };

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

  function caseApi(): CaseApi {
    let batch = 0;
    return {
      async report(count) {
        const tag = `bench-${Date.now()}-${++batch}-${Math.random().toString(36).slice(2, 6)}`;
        const caseRefs = await Promise.all(
          Array.from({ length: count }, async () => {
            const receipt = await send('POST', '/complaints', { body: benchComplaint(tag) });
            return String(receipt.caseRef);
          }),
        );
        await stack.settle();
        return caseRefs;
      },
      async decide(caseRefs, type, group, outcome, extra = {}) {
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
      },
      async recordBreach(caseRefs) {
        await Promise.all(
          caseRefs.map((caseRef) =>
            asStaff('caseworker', 'POST', `/cases/${caseRef}/breaches`, {
              witnessedAt: new Date(processClock.now().getTime() - 3_600_000).toISOString(),
              description: 'Amplified music audible from the street at 01:10',
            }),
          ),
        );
        await stack.settle();
      },
      async payDiscounted(caseRefs) {
        await Promise.all(
          caseRefs.map(async (caseRef) => {
            const view = await asStaff('caseworker', 'GET', `/cases/${caseRef}`);
            const penalty = view.penalties[0];
            const raw = JSON.stringify({
              amountPence: penalty.discountedAmountPence,
              paidAt: processClock.now().toISOString(),
              providerReference: `PAY-${penalty.penaltyRef}`,
            });
            const signature = `sha256=${createHmac('sha256', PAYMENT_SECRET).update(raw).digest('hex')}`;
            return send('POST', `/penalties/${penalty.penaltyRef}/payments`, {
              body: raw,
              headers: { 'x-signature': signature },
            });
          }),
        );
        await stack.settle();
      },
      async advanceDays(days) {
        await stack.advanceClock(days * DAY_MS);
      },
      async expectStatus(caseRefs, status) {
        await Promise.all(
          caseRefs.map(async (caseRef) => {
            const view = await asStaff('caseworker', 'GET', `/cases/${caseRef}`);
            if (view.case.status !== status)
              throw new Error(`${caseRef} is ${view.case.status}, not ${status}`);
          }),
        );
      },
    };
  }

  async function runBatch(scenario: Scenario, size: number) {
    const caseRefs = await driver.api.report(size);
    await flows[scenario](driver.api, caseRefs);
  }

  return driver;
}
