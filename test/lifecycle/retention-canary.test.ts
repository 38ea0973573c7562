/**
 * Personal data goes everywhere when retention says so: a unique name is planted in every
 * free-text field a case can hold (the report, the people, decisions and their particulars,
 * breaches, appeals, restorative justice, enquiries, risk notes), the case is closed and its
 * retention period passes, and the name is then nowhere in any table the local stack keeps,
 * the case table and the Step Functions runtime's own store alike.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceDays, asStaff, caseView, decide, localNow, recordBreach } from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const CANARY = 'Quillfeather';

/** Every item of every table, as text. */
async function everything(): Promise<string> {
  const tables = ['abate-cases', 'abate-local-sfn'];
  const texts: string[] = [];
  for (const TableName of tables) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await env.db.send(
        new ScanCommand({ TableName, ExclusiveStartKey: ExclusiveStartKey as never }),
      );
      texts.push(JSON.stringify(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return texts.join('\n');
}

const planted = (what: string) => `${CANARY} ${what}`;

describe('retention', () => {
  it('removes a name planted in every free-text field of a case from every table', async () => {
    const line1 = `${Date.now()} Canary Close`;
    const first = complaintBody({ sourceLine1: line1, name: `Ann ${CANARY}` });
    first.noise.description = planted('plays drums every night');
    first.noise.impact = planted('cannot sleep, says Ann');
    first.source.description = planted('the flat above, lives there');
    first.complainant.address.line1 = `1 ${CANARY} Street`;
    const reported = await call(env.stack, 'POST', '/complaints', { json: first });
    expect(reported.status).toBe(201);
    const caseRef = String(reported.body.caseRef);
    const second = complaintBody({ sourceLine1: line1, name: `Bob ${CANARY}` });
    second.noise.description = planted('heard it too');
    expect((await call(env.stack, 'POST', '/complaints', { json: second })).status).toBe(201);
    await env.stack.settle();

    // Casework: a named person, an enquiry, a risk assessment.
    const named = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/people`, {
      role: 'owner',
      name: `Olive ${CANARY}`,
      relationship: planted('landlord'),
      address: { line1: `9 ${CANARY} Row`, postcode: 'E8 2AA' },
    });
    expect(named.status, JSON.stringify(named.body)).toBeLessThan(300);
    const enquiry = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/enquiries`, {
      method: 'other',
      madeAt: localNow().toISOString(),
      description: planted('asked the neighbour'),
      findings: planted('no name known'),
    });
    expect(enquiry.status, JSON.stringify(enquiry.body)).toBeLessThan(300);

    // A warning to a named person, with the planted name in its reason and requirements.
    await decide(env, caseRef, 'triage', 'warn', {
      group: 'caseworker',
      reason: planted('reported it three times'),
      details: {
        recipient: { kind: 'person', name: `Dan ${CANARY}`, ageConfirmed16Plus: true },
        requirements: [{ kind: 'stop', text: planted('must stop the drumming') }],
      },
    });
    await advanceDays(env, 8);
    await recordBreach(env, caseRef, {
      description: planted('drumming again at 01:00'),
      location: planted('from the pavement'),
    });
    await decide(env, caseRef, 'cpn-decision', 'serve-cpn', {
      reason: planted('warned and carried on'),
      details: {
        requirements: [{ kind: 'do', text: planted('fit a limiter') }],
        partnersInformed: [planted('police contact')],
      },
    });
    const cpn = (await caseView(env, caseRef)).notices.find((n) => n.kind === 'cpn');
    const appeal = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
      noticeId: cpn?.noticeId,
      lodgedAt: localNow().toISOString(),
      court: planted('Magistrates'),
    });
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
    await decide(env, caseRef, 'appeal-outcome', 'varied', {
      reason: planted('court varied it'),
      details: { requirements: [{ kind: 'stop', text: planted('no drums after 22:00') }] },
    });
    await advanceDays(env, 8);
    await recordBreach(env, caseRef, { description: planted('drums at 23:30') });
    await decide(env, caseRef, 'cpn-breach-decision', 'restorative', { reason: planted('try RJ') });
    await decide(env, caseRef, 'restorative-consent', 'both-consented', { reason: planted('both agree') });
    const dueBy = new Date(localNow().getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
    await decide(env, caseRef, 'restorative-conference', 'agreement-reached', {
      reason: planted('met on Tuesday'),
      agreedActions: [{ action: planted('will practise elsewhere'), dueBy }],
    });
    const withdrawn = await asStaff(env, 'facilitator', 'POST', `/cases/${caseRef}/restorative/withdrawal`, {
      party: 'source',
      reason: planted('changed his mind'),
    });
    expect(withdrawn.status).toBe(200);
    await env.stack.settle();
    await decide(env, caseRef, 'cpn-breach-decision', 'no-further-action', { reason: planted('moved out') });
    const closed = await caseView(env, caseRef);
    expect(closed.case.status).toBe('closed');
    expect(await everything()).toContain(CANARY);

    // Six years after closure, and a day.
    await env.stack.advanceClock((6 * 366 + 1) * 86_400_000);
    const view = await caseView(env, caseRef);
    expect(view.case.anonymisedAt).toBeDefined();
    const left = await everything();
    const at = left.indexOf(CANARY);
    expect(at, `found "${left.slice(Math.max(0, at - 300), at + 100)}"`).toBe(-1);
    // The statistics stay.
    expect(view.case).toMatchObject({
      complaintCount: 2,
      sourceKind: 'domestic',
      closedReason: 'no-further-action',
    });
  }, 120_000);
});
