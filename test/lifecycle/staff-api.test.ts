import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../infra/local/dev-auth.ts';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithNotice,
  decide,
  openCase,
  openTask,
  recordBreach,
} from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

describe('staff sign-in', () => {
  it('staff routes refuse a missing, expired, tampered or foreign token with 401', async () => {
    const good = await signDevToken('caseworker');
    const expired = await signDevToken('caseworker', { expiresIn: '-1m' });
    const wrongIssuer = await signDevToken('caseworker', { issuer: 'https://someone-else.example' });
    const foreignKey = await signDevToken('caseworker', {
      key: new TextEncoder().encode('not the local key at all, sorry'),
    });
    const [header, payload, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['manager'] })).toString('base64url')}.${signature}`;
    const unsigned = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    for (const token of [undefined, 'garbage', expired, wrongIssuer, foreignKey, tampered, unsigned]) {
      const answer = await call(env.stack, 'GET', '/tasks', {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      expect(answer.status, String(token)).toBe(401);
    }
    const ok = await call(env.stack, 'GET', '/tasks', { headers: { authorization: `Bearer ${good}` } });
    expect(ok.status).toBe(200);
  });

  it('a facilitator sees only the tasks facilitators decide', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'restorative');
    const facilitator = await asStaff(env, 'facilitator', 'GET', '/tasks');
    const types = new Set(facilitator.body.tasks.map((task: { type: string }) => task.type));
    expect(types.has('restorative-consent')).toBe(true);
    expect(types.has('triage')).toBe(false);
  });
});

describe('cases', () => {
  it('lists cases by status a page at a time', async () => {
    for (let i = 0; i < 3; i++) await openCase(env);
    const first = await asStaff(env, 'caseworker', 'GET', '/cases?status=under-investigation');
    expect(first.status).toBe(200);
    expect(first.body.cases.length).toBeGreaterThanOrEqual(3);
    for (const c of first.body.cases) expect(c.status).toBe('under-investigation');
    const bad = await asStaff(env, 'caseworker', 'GET', '/cases?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('queryStringParameters.status');
  });

  it('the staff view shows parties, complaints, tasks and every audit event with who and why', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'warn', { reason: 'Three nights of loud bass' });
    const view = await caseView(env, caseRef);
    expect(view.parties.map((p) => p.role).sort()).toEqual(['complainant', 'source']);
    const decision = view.timeline.find((e) => e.type === 'TaskDecided');
    expect(decision).toMatchObject({ actor: { kind: 'staff' }, reason: 'Three nights of loud bass' });
    expect(view.tasks.find((t) => t.type === 'triage')?.status).toBe('decided');
    expect(JSON.stringify(view)).not.toContain('"token"');
  });

  it("a new report of noise after the warning's time to comply asks for the CPN decision", async () => {
    const line1 = `${Date.now()} Warning Walk`;
    const { caseRef } = await openCase(env, { sourceLine1: line1 });
    await decide(env, caseRef, 'triage', 'warn');
    await advanceDays(env, 8);
    const again = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({ sourceLine1: line1, name: 'Second Neighbour' }),
    });
    expect(again.body.caseRef).toBe(caseRef);
    await env.stack.settle();
    await openTask(env, caseRef, 'cpn-decision', 'manager');
    const view = await caseView(env, caseRef);
    expect(view.timeline.map((e) => e.type)).toContain('BreachReported');
    expect(view.breaches.some((b) => b.counts)).toBe(true);
  });

  it('a CPN breach decided for prosecution prepares the file with the limitation date and escalates the case', async () => {
    const { caseRef } = await caseWithNotice(env);
    await advanceDays(env, 8);
    await recordBreach(env, caseRef, { description: 'Music at 02:00 witnessed by the night team' });
    await decide(env, caseRef, 'cpn-breach-decision', 'prosecute');
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('escalated');
    const file = view.outbox.find((m) => m.to === 'legal-team');
    expect(file?.body).toMatch(/Proceedings must start by/);
    await openTask(env, caseRef, 'prosecution-outcome');
  });

  it('every complainant gets exactly one acknowledgement, including one whose report joined later', async () => {
    const line1 = '21 Acknowledgement Avenue';
    const { caseRef } = await openCase(env, { sourceLine1: line1, name: 'First Caller' });
    await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({ sourceLine1: line1, name: 'Second Caller' }),
    });
    await env.stack.settle();
    await decide(env, caseRef, 'triage', 'restorative');
    // Restorative justice declined: back to triage, a new investigation execution, no new letters.
    await asStaff(env, 'facilitator', 'POST', `/cases/${caseRef}/restorative/withdrawal`, {
      party: 'source',
      reason: 'Declined',
    });
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    const acknowledgements = view.outbox.filter((m) => m.template === 'acknowledgement');
    expect(acknowledgements).toHaveLength(2);
    expect(new Set(acknowledgements.map((m) => m.partyId)).size).toBe(2);
  });

  it('the last page of a case list has no cursor for a next page', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'no-further-action');
    const page = await asStaff(env, 'caseworker', 'GET', '/cases?status=closed');
    expect(page.body.cases.length).toBeLessThan(25);
    expect(page.body.nextCursor).toBeUndefined();
  });

  it('a report about a case closed in the last 28 days reopens it; a later one opens a new case', async () => {
    const line1 = '30 Reopen Road';
    const { caseRef } = await openCase(env, { sourceLine1: line1 });
    await decide(env, caseRef, 'triage', 'no-further-action');
    const reopened = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({ sourceLine1: line1 }),
    });
    expect(reopened.body).toMatchObject({ caseRef, joinedExistingCase: true, status: 'received' });
    await env.stack.settle();
    await openTask(env, caseRef, 'triage', 'caseworker');
    expect((await caseView(env, caseRef)).timeline.map((e) => e.type)).toContain('CaseReopened');

    await decide(env, caseRef, 'triage', 'no-further-action');
    await env.stack.advanceClock(29 * 86_400_000);
    const fresh = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({ sourceLine1: line1 }),
    });
    expect(fresh.body.joinedExistingCase).toBe(false);
    expect(fresh.body.caseRef).not.toBe(caseRef);
  });

  it('a breach on a closed case with no notice is kept as evidence and reopens nothing', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'no-further-action');
    const answer = await recordBreach(env, caseRef, { description: 'Too late' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ counts: false, actedOn: false });
    expect((await caseView(env, caseRef)).case.status).toBe('closed');
  });
});
