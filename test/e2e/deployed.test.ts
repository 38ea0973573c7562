/**
 * The end-to-end checks that can run against a deployed stack as well as the local one. Point
 * them at AWS with ABATE_API_URL (and staff tokens, see infra/DEPLOY.md); without it they run
 * against a local stack started here. Clock-moving scenarios live in test/lifecycle (local only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../infra/local/dev-auth.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';

const deployedUrl = process.env.ABATE_API_URL?.replace(/\/$/, '');
let target: { url: string };
let local: Awaited<ReturnType<typeof startTestStack>> | undefined;

async function staffToken(group: 'caseworker' | 'manager' | 'facilitator'): Promise<string | undefined> {
  if (!deployedUrl) return signDevToken(group);
  return process.env[`ABATE_STAFF_TOKEN_${group.toUpperCase()}`];
}

beforeAll(async () => {
  if (deployedUrl) {
    target = { url: deployedUrl };
  } else {
    local = await startTestStack();
    target = local.stack;
  }
});
afterAll(async () => {
  await local?.close();
});

describe(`end to end against ${deployedUrl ?? 'the local stack'}`, () => {
  it('a resident reports noise, then follows the case with the tracking token', async () => {
    const reported = await call(target, 'POST', '/complaints', {
      json: complaintBody(),
      headers: { 'idempotency-key': `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    });
    expect(reported.status).toBe(201);
    const progress = await call(target, 'GET', `/cases/${reported.body.caseRef}/progress`, {
      headers: { 'x-tracking-token': reported.body.trackingToken },
    });
    expect(progress.status).toBe(200);
    expect(progress.body.caseRef).toBe(reported.body.caseRef);
  });

  it('invalid reports get field messages, never a server error', async () => {
    const answer = await call(target, 'POST', '/complaints', { json: { complainant: { email: 'nope' } } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields.length).toBeGreaterThan(0);
  });

  it('staff routes need a token, and a caseworker token opens the queue', async () => {
    expect((await call(target, 'GET', '/tasks')).status).toBe(401);
    const token = await staffToken('caseworker');
    if (!token) return; // no staff token given for this deployed stack
    const queue = await call(target, 'GET', '/tasks?type=triage', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(queue.status).toBe(200);
    expect(Array.isArray(queue.body.tasks)).toBe(true);
  });
});
