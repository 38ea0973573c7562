/** Drives cases through the lifecycle over HTTP, as residents, staff and the payment provider would. */
import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { call, complaintBody, type startTestStack } from './local-stack.ts';

type TestEnv = Awaited<ReturnType<typeof startTestStack>>;

const DAY_MS = 86_400_000;
const tokens = new Map<string, string>();

export async function staffToken(env: TestEnv, group: string, name = `Test ${group}`): Promise<string> {
  const key = `${group}|${name}`;
  let token = tokens.get(key);
  if (!token) {
    const response = await call(env.stack, 'POST', '/_local/dev-token', { json: { group, name } });
    expect(response.status).toBe(200);
    token = String(response.body.token);
    tokens.set(key, token);
  }
  return token;
}

export async function asStaff(
  env: TestEnv,
  group: string,
  method: string,
  path: string,
  json?: unknown,
  name?: string,
) {
  const token = await staffToken(env, group, name);
  return call(env.stack, method, path, {
    ...(json !== undefined ? { json } : {}),
    headers: { authorization: `Bearer ${token}` },
  });
}

/** Reports noise about a fresh source and waits until the case's triage task is open. */
export async function openCase(env: TestEnv, overrides: Parameters<typeof complaintBody>[0] = {}) {
  const reported = await call(env.stack, 'POST', '/complaints', { json: complaintBody(overrides) });
  expect(reported.status).toBe(201);
  await env.stack.settle();
  return { caseRef: String(reported.body.caseRef), trackingToken: String(reported.body.trackingToken) };
}

export async function openTask(env: TestEnv, caseRef: string, type: string, group = 'manager') {
  const listed = await asStaff(env, group, 'GET', `/tasks?type=${type}`);
  expect(listed.status).toBe(200);
  const task = listed.body.tasks.find((candidate: { caseRef: string }) => candidate.caseRef === caseRef);
  expect(task, `an open ${type} task for ${caseRef}`).toBeDefined();
  return task as {
    taskId: string;
    type: string;
    dueAt: string;
    allowedOutcomes: string[];
    overdue: boolean;
    escalated: boolean;
  };
}

export async function decide(
  env: TestEnv,
  caseRef: string,
  type: string,
  outcome: string,
  options: { group?: string; reason?: string; agreedActions?: { action: string; dueBy: string }[] } = {},
) {
  const group = options.group ?? (type.startsWith('restorative') ? 'facilitator' : 'manager');
  const task = await openTask(env, caseRef, type, group);
  const decided = await asStaff(env, group, 'POST', `/tasks/${task.taskId}/decision`, {
    outcome,
    reason: options.reason ?? `Decided ${outcome} in a test`,
    ...(options.agreedActions ? { agreedActions: options.agreedActions } : {}),
  });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  await env.stack.settle();
  return task;
}

export async function caseView(env: TestEnv, caseRef: string) {
  const view = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`);
  expect(view.status).toBe(200);
  return view.body as {
    case: {
      status: string;
      version: number;
      flags?: string[];
      closedReason?: string;
      complaintCount?: number;
      sourceDistrict?: string;
      sourceKind?: string;
    };
    penalties: {
      penaltyRef: string;
      amountPence: number;
      discountedAmountPence: number;
      status: string;
      remindersSent: number;
      dueBy: string;
      discountUntil: string;
      prosecutionLimitationDate: string;
    }[];
    outbox: { to: string; template: string; subject: string; body: string; partyId?: string }[];
    timeline: {
      type: string;
      actor: { kind: string; id?: string };
      reason?: string;
      data: Record<string, unknown>;
    }[];
    tasks: { type: string; status: string; escalated: boolean }[];
    parties: {
      role: string;
      name?: string;
      email?: string;
      phone?: string;
      address: { line1: string; postcode: string };
    }[];
  };
}

export async function advanceDays(env: TestEnv, days: number) {
  await env.stack.advanceClock(days * DAY_MS);
}

export const PAYMENT_SECRET = 'abate-local-payment-secret';

export async function pay(
  env: TestEnv,
  penaltyRef: string,
  amountPence: number,
  paidAt: Date,
  providerReference: string,
) {
  const raw = JSON.stringify({ amountPence, paidAt: paidAt.toISOString(), providerReference });
  const signature = `sha256=${createHmac('sha256', PAYMENT_SECRET).update(raw).digest('hex')}`;
  const response = await call(env.stack, 'POST', `/penalties/${penaltyRef}/payments`, {
    raw,
    headers: { 'content-type': 'application/json', 'x-signature': signature },
  });
  await env.stack.settle();
  return response;
}

/** Warns, records a witnessed breach and decides on a fixed penalty: returns the penalty. */
export async function caseWithPenalty(env: TestEnv) {
  const opened = await openCase(env);
  await decide(env, opened.caseRef, 'triage', 'warn');
  const breach = await asStaff(env, 'caseworker', 'POST', `/cases/${opened.caseRef}/breaches`, {
    witnessedAt: new Date(Date.now() - 3_600_000).toISOString(),
    description: 'Amplified music audible from the street at 01:10',
  });
  expect(breach.status).toBe(201);
  expect(breach.body.actedOn).toBe(true);
  await env.stack.settle();
  await decide(env, opened.caseRef, 'breach-decision', 'issue-fpn');
  const view = await caseView(env, opened.caseRef);
  const penalty = view.penalties[0];
  expect(penalty).toBeDefined();
  return { ...opened, penalty: penalty as NonNullable<typeof penalty> };
}
