/**
 * Officer visits (a breach recorded in the same step, by the same rules as any breach) and noise
 * monitoring deployments, over HTTP on the local stack in virtual time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithWarning,
  localNow,
  openCase,
  openTask,
} from '../support/lifecycle.ts';
import { startTestStack } from '../support/local-stack.ts';
import { sample, type TestEnv, upload, asStaff as uploader } from './support.ts';

let env: TestEnv;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const hoursAgo = (hours: number) => new Date(localNow().getTime() - hours * 3_600_000).toISOString();
const daysAgo = (days: number) =>
  new Date(localNow().getTime() - days * 86_400_000).toISOString().slice(0, 10);

async function visit(caseRef: string, body: Record<string, unknown>) {
  const response = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/visits`, {
    visitedAt: hoursAgo(1),
    location: 'From the pavement outside the premises',
    description: 'Amplified music clearly audible at 01:10, bass through closed windows',
    ...body,
  });
  await env.stack.settle();
  return response;
}

async function evidenceOf(caseRef: string) {
  const view = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`);
  return view.body.evidence as {
    visits: {
      visitId: string;
      amountsTo: string;
      statement?: string;
      breach?: { breachId: string; counts: boolean };
    }[];
    monitoring: {
      deploymentId: string;
      status: string;
      result?: string;
      fileIds?: string[];
      overran?: boolean;
    }[];
  };
}

describe('an officer visit', () => {
  it('that witnesses a breach of a warning after its time to comply records the breach in one step', async () => {
    const { caseRef } = await caseWithWarning(env);
    await advanceDays(env, 8);
    const recorded = await visit(caseRef, {
      amountsTo: 'breach',
      statement: 'I, the officer, heard amplified music from the street for 20 minutes.',
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(recorded.body.breach).toMatchObject({ counts: true, actedOn: true });
    // The breach ended the warning's watch: the decision on a CPN is now waiting.
    await openTask(env, caseRef, 'cpn-decision');
    const view = await caseView(env, caseRef);
    expect(view.breaches.map((b: { breachId: string }) => b.breachId)).toContain(
      recorded.body.breach.breachId,
    );
    const { visits } = await evidenceOf(caseRef);
    expect(visits).toEqual([
      expect.objectContaining({
        visitId: recorded.body.visitId,
        amountsTo: 'breach',
        statement: 'I, the officer, heard amplified music from the street for 20 minutes.',
        breach: expect.objectContaining({ breachId: recorded.body.breach.breachId, counts: true }),
      }),
    ]);
    const types = view.timeline.map((event) => event.type);
    expect(types).toContain('BreachRecorded');
    expect(types).toContain('VisitRecorded');
    expect(view.timeline.find((event) => event.type === 'VisitRecorded')?.actor.kind).toBe('staff');

    // The same visit sent again is the same visit and the same breach.
    const again = await visit(caseRef, {
      amountsTo: 'breach',
      visitedAt: (view.timeline.find((e) => e.type === 'VisitRecorded')?.data.visitedAt as string) ?? '',
    });
    expect(again.body.visitId).toBe(recorded.body.visitId);
    expect((await evidenceOf(caseRef)).visits).toHaveLength(1);
  });

  it('before the time to comply has ended keeps the conduct as evidence: the same rules judge it', async () => {
    const { caseRef } = await caseWithWarning(env);
    await advanceDays(env, 1);
    const recorded = await visit(caseRef, { amountsTo: 'breach' });
    expect(recorded.status).toBe(201);
    expect(recorded.body.breach).toMatchObject({ counts: false, actedOn: false });
    expect(recorded.body.breach.why).toContain('time the Community Protection Warning gave to comply');
  });

  it('that finds a statutory nuisance or none is recorded without a breach', async () => {
    const { caseRef } = await openCase(env);
    const none = await visit(caseRef, {
      amountsTo: 'no-nuisance',
      description: 'Nothing audible for 30 minutes',
    });
    const nuisance = await visit(caseRef, { amountsTo: 'nuisance', visitedAt: hoursAgo(2) });
    expect(none.status).toBe(201);
    expect(nuisance.status).toBe(201);
    expect(none.body.breach).toBeUndefined();
    const view = await caseView(env, caseRef);
    expect(view.breaches).toEqual([]);
    expect((await evidenceOf(caseRef)).visits.map((v) => v.amountsTo)).toEqual(['nuisance', 'no-nuisance']);
  });

  it('is refused in the future, or naming files the case does not have', async () => {
    const { caseRef } = await openCase(env);
    const future = await visit(caseRef, {
      amountsTo: 'nuisance',
      visitedAt: new Date(localNow().getTime() + 86_400_000).toISOString(),
    });
    expect(future.status).toBe(400);
    const unknownFile = await visit(caseRef, {
      amountsTo: 'nuisance',
      fileIds: ['ev_000000000000000000000000'],
    });
    expect(unknownFile.status).toBe(400);
    expect(unknownFile.body.error.fields[0].path).toBe('fileIds');
  });
});

describe('noise monitoring equipment', () => {
  it('is installed with its calibration, removed with its result, and linked to the files it produced', async () => {
    const { caseRef } = await openCase(env);
    const installed = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/monitoring`, {
      kitId: 'NM-KIT-07',
      calibratedOn: daysAgo(60),
      installedAt: hoursAgo(2),
      location: 'Complainant’s back bedroom',
    });
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    expect(installed.body.status).toBe('installed');
    await advanceDays(env, 8);
    const recording = await upload(env, uploader('caseworker'), caseRef, {
      fileName: 'NM-KIT-07 night 3.mp3',
      contentType: 'audio/mpeg',
      bytes: sample.mp3(),
    });
    const removed = await asStaff(
      env,
      'caseworker',
      'POST',
      `/cases/${caseRef}/monitoring/${installed.body.deploymentId}/removal`,
      {
        removedAt: hoursAgo(1),
        result: 'noise-recorded',
        notes: 'Three nights over 45 dB(A) between 23:00 and 02:00',
        fileIds: [recording.body.fileId],
      },
    );
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body).toMatchObject({ status: 'removed', result: 'noise-recorded', overran: true });
    const { monitoring } = await evidenceOf(caseRef);
    expect(monitoring).toEqual([
      expect.objectContaining({ status: 'removed', fileIds: [recording.body.fileId], overran: true }),
    ]);
    const types = (await caseView(env, caseRef)).timeline.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['MonitoringInstalled', 'MonitoringRemoved']));
    // Removed once: the same removal again answers the same, a different one is refused.
    const removal = `/cases/${caseRef}/monitoring/${installed.body.deploymentId}/removal`;
    const again = await asStaff(env, 'caseworker', 'POST', removal, {
      removedAt: removed.body.removedAt,
      result: 'noise-recorded',
    });
    expect(again.status).toBe(200);
    const other = await asStaff(env, 'caseworker', 'POST', removal, {
      removedAt: hoursAgo(0.5),
      result: 'inconclusive',
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('KIT_REMOVED');
    expect((await evidenceOf(caseRef)).monitoring[0]?.result).toBe('noise-recorded');
  });

  it('whose calibration had lapsed cannot be deployed', async () => {
    const { caseRef } = await openCase(env);
    const lapsed = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/monitoring`, {
      kitId: 'NM-KIT-01',
      calibratedOn: daysAgo(400),
      installedAt: hoursAgo(1),
    });
    expect(lapsed.status).toBe(400);
    expect(lapsed.body.error.fields[0]).toMatchObject({ path: 'calibratedOn' });
    expect(lapsed.body.error.fields[0].message).toContain('calibration had lapsed');
  });

  it('goes in at most twice on a case unless a manager decides otherwise', async () => {
    const { caseRef } = await openCase(env);
    const install = (group: string, kitId: string, hours: number) =>
      asStaff(env, group, 'POST', `/cases/${caseRef}/monitoring`, {
        kitId,
        calibratedOn: daysAgo(30),
        installedAt: hoursAgo(hours),
      });
    expect((await install('caseworker', 'KIT-A', 5)).status).toBe(201);
    expect((await install('caseworker', 'KIT-B', 4)).status).toBe(201);
    const third = await install('caseworker', 'KIT-C', 3);
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('MONITORING_LIMIT');
    expect((await install('manager', 'KIT-C', 3)).status).toBe(201);
    // The same kit cannot be in twice at once.
    const same = await install('manager', 'KIT-A', 2);
    expect(same.status).toBe(409);
    expect(same.body.error.code).toBe('KIT_INSTALLED');
  });
});
