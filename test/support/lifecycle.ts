/** Drives cases through the lifecycle over HTTP, as residents, staff and the payment provider would. */
import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { processClock } from '../../functions/commons/clock.ts';
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
  options: {
    group?: string;
    reason?: string;
    agreedActions?: { action: string; dueBy: string }[];
    details?: Record<string, unknown>;
    name?: string;
  } = {},
) {
  const group = options.group ?? (type.startsWith('restorative') ? 'facilitator' : 'manager');
  if (SERVES_A_NOTICE.includes(outcome) && !options.details?.recipient) await enquiryRecorded(env, caseRef);
  const task = await openTask(env, caseRef, type, group);
  const decided = await asStaff(
    env,
    group,
    'POST',
    `/tasks/${task.taskId}/decision`,
    {
      outcome,
      reason: options.reason ?? `Decided ${outcome} in a test`,
      ...(options.agreedActions ? { agreedActions: options.agreedActions } : {}),
      ...(options.details ? { details: options.details } : {}),
    },
    options.name,
  );
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  await env.stack.settle();
  return task;
}

/**
 * A warning's or notice's particulars giving "the occupier" as its recipient with the enquiries
 * made to find them (2014 Act s.45), for a decision sent without the `decide` helper.
 */
export const TO_THE_OCCUPIER = {
  recipient: { kind: 'occupier', enquiries: ['Asked Council Tax who is liable: nobody is registered'] },
} as const;

/** Outcomes that give a CPW or serve a CPN, which need someone the law allows (2014 Act s.45). */
const SERVES_A_NOTICE = ['warn', 'serve-cpn'];

/**
 * A reasonable enquiry to find the owner or occupier, as an officer records it before a warning or
 * notice goes to "the occupier"; once per case, and not when a test has named the person responsible.
 */
export async function enquiryRecorded(env: TestEnv, caseRef: string) {
  const view = await caseView(env, caseRef);
  if (
    view.case.enquiryCount ||
    view.parties.some((p) => p.role === 'responsible' && p.name && p.ageConfirmed16Plus)
  )
    return;
  const recorded = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/enquiries`, {
    method: 'site-visit',
    madeAt: new Date(localNow().getTime() - 60_000).toISOString(),
    description: 'Knocked at the premises and asked the neighbours who lives there',
    findings: 'Nobody answered; the neighbours did not know a name',
  });
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
}

export async function caseView(env: TestEnv, caseRef: string) {
  const view = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`);
  expect(view.status).toBe(200);
  return view.body as {
    case: {
      status: string;
      version: number;
      route?: string;
      flags?: string[];
      closedReason?: string;
      complaintCount?: number;
      enquiryCount?: number;
      sourceDistrict?: string;
      sourceKind?: string;
      anonymisedAt?: string;
    };
    notices: {
      noticeId: string;
      kind: string;
      servedAt: string;
      complyBy: string;
      appealUntil?: string;
      recipient: { kind: string; name?: string; enquiries?: string[] };
      requirements: { id: string; kind: string; text: string }[];
      partnersInformed?: string[];
      status: string;
      appeal?: { status: string };
    }[];
    breaches: {
      breachId: string;
      counts: boolean;
      why: string;
      limitationDate?: string;
      noticeKind?: string;
    }[];
    penalties: {
      penaltyRef: string;
      issuedAt: string;
      paidPence: number;
      offenceAt: string;
      statute: string;
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
      ageConfirmed16Plus?: boolean;
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

/** Now on the local stack's clock (tests move it; the stack runs in this process). */
export function localNow(): Date {
  return processClock.now();
}

export async function recordBreach(
  env: TestEnv,
  caseRef: string,
  breach: { witnessedAt?: string; description?: string; location?: string; requirement?: 'do' | 'stop' } = {},
) {
  const response = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/breaches`, {
    witnessedAt: breach.witnessedAt ?? new Date(localNow().getTime() - 3_600_000).toISOString(),
    description: breach.description ?? 'Amplified music audible from the street at 01:10',
    ...(breach.location ? { location: breach.location } : {}),
    ...(breach.requirement ? { requirement: breach.requirement } : {}),
  });
  await env.stack.settle();
  return response;
}

/** Reports noise and triages it to a Community Protection Warning. */
export async function caseWithWarning(env: TestEnv, overrides: Parameters<typeof complaintBody>[0] = {}) {
  const opened = await openCase(env, overrides);
  await decide(env, opened.caseRef, 'triage', 'warn');
  return opened;
}

/** A warning breached after its time to comply, and a Community Protection Notice served for it. */
export async function caseWithNotice(env: TestEnv, details?: Record<string, unknown>) {
  const opened = await caseWithWarning(env);
  await advanceDays(env, 8);
  const breach = await recordBreach(env, opened.caseRef);
  expect(breach.status).toBe(201);
  expect(breach.body).toMatchObject({ counts: true, actedOn: true });
  await decide(env, opened.caseRef, 'cpn-decision', 'serve-cpn', details ? { details } : {});
  return opened;
}

/** A notice breached after its time to comply, and a fixed penalty decided for it: returns the penalty. */
export async function caseWithPenalty(env: TestEnv) {
  const opened = await caseWithNotice(env);
  await advanceDays(env, 8);
  const breach = await recordBreach(env, opened.caseRef, {
    location: 'From the pavement outside the premises',
  });
  expect(breach.body).toMatchObject({ counts: true, actedOn: true });
  await decide(env, opened.caseRef, 'cpn-breach-decision', 'issue-fpn', { name: 'Officer Priya Shah' });
  const view = await caseView(env, opened.caseRef);
  const penalty = view.penalties[0];
  expect(penalty).toBeDefined();
  return {
    ...opened,
    breachId: String(breach.body.breachId),
    penalty: penalty as NonNullable<typeof penalty>,
  };
}
