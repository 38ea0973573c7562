/**
 * The complainant risk assessment over HTTP: at intake (in the report's own writes) and by staff
 * at any time. High risk makes the case high priority, shortens triage and asks a manager to
 * consider a safeguarding referral; every assessment is kept.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/commons/clients/dynamodb.ts';
import { processClock } from '../../functions/commons/clock.ts';
import { localSecretDefaults } from '../../functions/commons/secrets.ts';
import { policyBook } from '../../functions/config/policy.ts';
import { dynamoCaseStore } from '../../functions/domain/case-store.ts';
import { reportComplaint } from '../../functions/domain/intake/report.ts';
import { ComplaintRequest } from '../../functions/domain/model/complaint.ts';
import { addWorkingDays } from '../../functions/domain/time.ts';
import { localAwsConfig } from '../../infra/local/dynamodb.ts';
import { asStaff, caseView, decide, openCase, openTask } from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import { caseworker, expectRefused, manager } from './support.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const HIGH = { vulnerable: 'yes', healthAffected: 'yes', feelsUnsafe: 'yes', repeatVictim: 'no' } as const;
const LOW = { vulnerable: 'no', healthAffected: 'no', feelsUnsafe: 'no', hateMotivated: 'no' } as const;

type View = Awaited<ReturnType<typeof caseView>> & {
  case: { priority?: string };
  riskAssessments: {
    assessmentId: string;
    partyId: string;
    level: string;
    score: number;
    assessedBy: { kind: string };
  }[];
};
const view = async (caseRef: string) => (await caseView(env, caseRef)) as View;

async function report(overrides: Parameters<typeof complaintBody>[0], extra: Record<string, unknown>) {
  const body = { ...complaintBody(overrides), ...extra };
  const answer = await call(env.stack, 'POST', '/complaints', { json: body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  await env.stack.settle();
  return answer.body as { caseRef: string; trackingToken: string };
}

describe('risk at intake', () => {
  it('a high-risk report makes the case high priority, shortens triage to one working day and asks a manager about a safeguarding referral', async () => {
    const { caseRef } = await report({}, { risk: HIGH });
    const triage = await openTask(env, caseRef, 'triage', 'caseworker');
    const policy = policyBook().at(processClock.now());
    const opened = (await view(caseRef)).tasks as unknown as { type: string; createdAt: string }[];
    const createdAt = new Date(opened.find((t) => t.type === 'triage')?.createdAt ?? '');
    expect(triage.dueAt).toBe(addWorkingDays(createdAt, policy.triage.highRiskDueWorkingDays).toISOString());
    expect(policy.triage.highRiskDueWorkingDays).toBeLessThan(policy.triage.dueWorkingDays);

    const safeguarding = await openTask(env, caseRef, 'safeguarding-referral', 'manager');
    expect(safeguarding.allowedOutcomes).toEqual(['referred', 'not-needed']);
    const listedForCaseworker = await caseworker(env, 'GET', '/tasks?type=safeguarding-referral');
    expect(listedForCaseworker.body.tasks).toEqual([]);

    const seen = await view(caseRef);
    expect(seen.case.priority).toBe('high');
    expect(seen.case.flags).toContain('high-risk');
    expect(seen.riskAssessments).toMatchObject([
      { level: 'high', score: 7, assessedBy: { kind: 'resident' } },
    ]);
    expect(seen.timeline.some((e) => e.type === 'RiskAssessed')).toBe(true);
    const flagged = await manager(env, 'GET', '/cases?flag=high-risk');
    expect(flagged.body.cases.map((c: { caseRef: string }) => c.caseRef)).toContain(caseRef);
  });

  it('a report that fears it is targeted for who they are is high risk whatever else it says', async () => {
    const { caseRef } = await report({}, { risk: { hateMotivated: 'yes' } });
    expect((await view(caseRef)).case.priority).toBe('high');
  });

  it('a low-risk report, or one that answers nothing, leaves the case at normal priority with the usual triage date', async () => {
    const low = await report({}, { risk: LOW });
    const none = await report({}, {});
    for (const caseRef of [low.caseRef, none.caseRef]) {
      const seen = await view(caseRef);
      expect(seen.case.priority).toBe('normal');
      expect(seen.tasks.map((t) => t.type)).toEqual(['triage']);
    }
    expect((await view(low.caseRef)).riskAssessments.map((a) => a.level)).toEqual(['low']);
    expect((await view(none.caseRef)).riskAssessments).toEqual([]);
  });

  it('a high-risk report joining an open case raises its priority and opens the safeguarding task there', async () => {
    const line1 = `${Date.now()} Joining Lane`;
    const first = await report({ sourceLine1: line1 }, {});
    const second = await report({ sourceLine1: line1, name: 'Second Resident' }, { risk: HIGH });
    expect(second.caseRef).toBe(first.caseRef);
    const seen = await view(first.caseRef);
    expect(seen.case.priority).toBe('high');
    expect(seen.case.flags).toContain('high-risk');
    expect(
      seen.tasks
        .filter((t) => t.status === 'open')
        .map((t) => t.type)
        .sort(),
    ).toEqual(['safeguarding-referral', 'triage']);
  });

  it('a high-risk report joining a case whose triage is open brings the triage forward to one working day', async () => {
    const line1 = `${Date.now()} Hasten Lane`;
    const first = await report({ sourceLine1: line1 }, { risk: LOW });
    const before = await openTask(env, first.caseRef, 'triage', 'caseworker');
    const second = await report({ sourceLine1: line1, name: 'Second Resident' }, { risk: HIGH });
    expect(second.caseRef).toBe(first.caseRef);
    const after = await openTask(env, first.caseRef, 'triage', 'caseworker');
    expect(after.taskId).toBe(before.taskId);
    const tasks = (await view(first.caseRef)).tasks as unknown as { taskId: string; createdAt: string }[];
    const createdAt = new Date(tasks.find((t) => t.taskId === before.taskId)?.createdAt ?? '');
    const policy = policyBook().at(createdAt);
    expect(after.dueAt).toBe(addWorkingDays(createdAt, policy.triage.highRiskDueWorkingDays).toISOString());
    expect(Date.parse(after.dueAt)).toBeLessThan(Date.parse(before.dueAt));
  });

  it('a report stays within its request budget with a risk assessment: at most 8 DynamoDB requests, at most 4 one after another', async () => {
    const requests: { start: number; end: number; command: string }[] = [];
    const raw = new DynamoDBClient({ ...localAwsConfig, endpoint: env.stack.dynamoEndpoint });
    raw.middlewareStack.add(
      (next, context) => async (args) => {
        const entry = {
          start: performance.now(),
          end: Number.POSITIVE_INFINITY,
          command: String(context.commandName),
        };
        requests.push(entry);
        try {
          return await next(args);
        } finally {
          entry.end = performance.now();
        }
      },
      { step: 'initialize', name: 'countRequests' },
    );
    const db = documentClient(raw);
    const deps = {
      db,
      table: env.stack.tableName,
      store: dynamoCaseStore(db, env.stack.tableName),
      clock: processClock,
      policy: policyBook(),
      // Workflow starts are not DynamoDB requests of the report's own: the engine is left out here.
      engine: {
        start: async () => {},
        complete: async () => true,
        isWaiting: async () => true,
        stop: async () => {},
      },
      trackingTokenKey: localSecretDefaults.trackingToken as string,
    };
    /** The longest chain of requests each starting after the one before it ended. */
    const chain = () => {
      const sorted = [...requests].sort((a, b) => a.start - b.start);
      const depth: number[] = [];
      sorted.forEach((r, i) => {
        depth[i] =
          1 + Math.max(0, ...sorted.slice(0, i).map((p, j) => (p.end <= r.start ? (depth[j] ?? 0) : 0)));
      });
      return Math.max(...depth);
    };
    try {
      const line1 = `${Date.now()} Budget Street`;
      for (const [name, body] of [
        ['a new case', complaintBody({ sourceLine1: line1 })],
        ['a joining report', complaintBody({ sourceLine1: line1, name: 'Joiner' })],
      ] as const) {
        requests.length = 0;
        await reportComplaint(deps, ComplaintRequest.parse({ ...body, risk: HIGH }), {
          operationKey: `budget-${name.replaceAll(' ', '-')}-${Date.now()}`,
        });
        expect(requests.length, `${name}: ${requests.map((r) => r.command).join(', ')}`).toBeLessThanOrEqual(
          8,
        );
        expect(chain(), name).toBeLessThanOrEqual(4);
      }
    } finally {
      raw.destroy();
    }
  });
});

describe('reassessment', () => {
  it('staff reassess a complainant at any time; every assessment is kept and the priority follows the latest', async () => {
    const { caseRef } = await report({}, { risk: LOW });
    const complainant = (await view(caseRef)).riskAssessments[0]?.partyId as string;
    const triageBefore = await openTask(env, caseRef, 'triage', 'caseworker');

    const raised = await caseworker(env, 'POST', `/cases/${caseRef}/risk-assessments`, {
      complainantPartyId: complainant,
      answers: { ...LOW, feelsUnsafe: 'yes', vulnerable: 'yes' },
      notes: 'Disclosed on a home visit that they no longer feel safe',
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    expect(raised.body).toMatchObject({ level: 'high', priority: 'high' });
    // The triage task already open is now due as a high-risk case's would be.
    const triageAfter = await openTask(env, caseRef, 'triage', 'caseworker');
    expect(triageAfter.taskId).toBe(triageBefore.taskId);
    expect(Date.parse(triageAfter.dueAt)).toBeLessThan(Date.parse(triageBefore.dueAt));
    await openTask(env, caseRef, 'safeguarding-referral', 'manager');

    const lowered = await caseworker(env, 'POST', `/cases/${caseRef}/risk-assessments`, {
      complainantPartyId: complainant,
      answers: LOW,
      notes: 'Moved in with family; no longer at risk',
    });
    expect(lowered.body).toMatchObject({ level: 'low', priority: 'normal' });
    const seen = await view(caseRef);
    expect(seen.riskAssessments.map((a) => a.level)).toEqual(['low', 'high', 'low']);
    expect(seen.case.priority).toBe('normal');
    expect(seen.case.flags ?? []).not.toContain('high-risk');
    expect(seen.timeline.filter((e) => e.type === 'RiskAssessed')).toHaveLength(3);
  });

  it('a manager records the safeguarding referral made, and it is on the timeline', async () => {
    const { caseRef } = await report({}, { risk: HIGH });
    const refused = await asStaff(
      env,
      'manager',
      'POST',
      `/tasks/${(await openTask(env, caseRef, 'safeguarding-referral')).taskId}/decision`,
      {
        outcome: 'referred',
        reason: 'Vulnerable adult living alone',
      },
    );
    expect(refused.status).toBe(400);
    await decide(env, caseRef, 'safeguarding-referral', 'referred', {
      details: { agency: 'Northmoor Adult Social Care', reference: 'ASC-1234' },
    });
    const seen = await view(caseRef);
    expect(seen.timeline.find((e) => e.type === 'SafeguardingReferralMade')?.data).toMatchObject({
      agency: 'Northmoor Adult Social Care',
    });
    expect(seen.tasks.find((t) => t.type === 'safeguarding-referral')?.status).toBe('decided');
  });

  it('a reassessment names a complainant of the case, and a closed case is not reassessed', async () => {
    const { caseRef } = await openCase(env);
    const unknown = await caseworker(env, 'POST', `/cases/${caseRef}/risk-assessments`, {
      complainantPartyId: 'not-a-complainant',
      answers: HIGH,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe('complainantPartyId');
    await decide(env, caseRef, 'triage', 'no-further-action');
    const complainant = (await view(caseRef)).parties.find((p) => p.role === 'complainant') as unknown as {
      partyId: string;
    };
    expectRefused(
      await caseworker(env, 'POST', `/cases/${caseRef}/risk-assessments`, {
        complainantPartyId: complainant.partyId,
        answers: HIGH,
      }),
      'CASE_CLOSED',
    );
  });
});
