/**
 * Kill -9 of the local server at random points while many cases move at once: `npm start`'s own
 * entry point runs as a child process on a temporary data folder and its own ports, is killed
 * mid-intake, mid-decisions and mid-clock-advance, restarted, and the cases are finished. Every
 * case must end in the state its events imply, with an audit trail that has no gaps or repeats.
 * Runs with `npm run test:crash` (ABATE_CRASH_TEST=1), which CI runs after `npm test`: about two
 * minutes. ABATE_CRASH_CASES sets how many cases (100 by default), ABATE_CRASH_SEED the random
 * kill points (the exact moment also depends on timing), ABATE_CRASH_KEEP=1 keeps the data folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/commons/clients/dynamodb.ts';
import { signDevToken } from '../../infra/local/dev-auth.ts';
import { localAwsConfig } from '../../infra/local/dynamodb.ts';
import { LOCAL_SFN_TABLE_NAME } from '../../infra/local/sfn/store.ts';
import { LOCAL_TABLE_NAME } from '../../infra/table/schema.ts';
import { freePort } from '../support/free-port.ts';
import { TO_THE_OCCUPIER } from '../support/lifecycle.ts';
import { type ApiResponse, call, complaintBody } from '../support/local-stack.ts';
import { seededRandom } from './dynamo-faults.ts';

const CASES = Number(process.env.ABATE_CRASH_CASES ?? 100);
const SEED = Number(process.env.ABATE_CRASH_SEED ?? 4242);
const random = seededRandom(SEED);
const projectRoot = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'abate-crash-'));

const ports = { api: 0, dynamo: 0, sfn: 0 };
let server: ChildProcess | undefined;
/** Error and warning lines the server logged, across restarts, to explain a failure. */
const serverErrors: string[] = [];
/** The end of what the running server printed. */
let serverOutput = '';
const url = () => `http://127.0.0.1:${ports.api}`;
const stack = {
  get url() {
    return url();
  },
};

/** Starts the local stack as `npm start` does (its compiled build), and waits until it answers. */
async function startServer(): Promise<void> {
  const child = spawn(process.execPath, ['infra/local/launch.mjs'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(ports.api),
      DYNAMODB_PORT: String(ports.dynamo),
      SFN_PORT: String(ports.sfn),
      ABATE_DATA_DIR: dataDir,
      ABATE_SWEEP_EVERY_MS: '1000',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listen = (chunk: unknown) => {
    output = (output + String(chunk)).slice(-4000);
    serverOutput = output;
    for (const line of String(chunk).split('\n'))
      if (line.includes('"level":"ERROR"') || line.includes('"level":"WARN"')) serverErrors.push(line);
  };
  child.stdout?.on('data', listen);
  child.stderr?.on('data', listen);
  server = child;
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the local server exited: ${output}`);
    try {
      const answer = await fetch(`${url()}/no-such-route`);
      if (answer.status === 404) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`the local server did not start: ${output}`);
}

async function killServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
}

/** Runs `tasks` a few at a time and kills the server once `killAfter` of them have finished. */
async function runAndCrash<T>(items: T[], killAfter: number, task: (item: T) => Promise<unknown>) {
  let next = 0;
  let finished = 0;
  let killing: Promise<void> | undefined;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < items.length && !killing) {
        const item = items[next++] as T;
        await task(item).catch(() => {});
        if (++finished >= killAfter) killing ??= killServer();
      }
    }),
  );
  await killing;
}

/** Keeps asking until the server gives an answer that is not a crash, a 5xx or a twin in progress. */
async function untilAnswered(send: () => Promise<ApiResponse>): Promise<ApiResponse> {
  let last = '';
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const answer = await send();
      const inProgress = answer.status === 409 && answer.body?.error?.code === 'REQUEST_IN_PROGRESS';
      if (answer.status < 500 && !inProgress) return answer;
      last = `${answer.status} ${JSON.stringify(answer.body)}`;
    } catch (error) {
      // the server is down or restarting
      last = String((error as Error).cause ?? error);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(
    `no answer after 200 attempts; last: ${last}; server exit code ${server?.exitCode}; server said: ${serverOutput}`,
  );
}

async function advance(body: Record<string, number>) {
  return untilAnswered(() => call(stack, 'POST', '/_local/clock/advance', { json: body }));
}

afterAll(async () => {
  await killServer();
  // ABATE_CRASH_KEEP=1 keeps the data folder to inspect after a failure.
  if (process.env.ABATE_CRASH_KEEP) console.info(`crash test: data kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!process.env.ABATE_CRASH_TEST)('kill -9 of the local server at random points', () => {
  it(`${CASES} cases interrupted mid-intake, mid-decision and mid-deadline all end as their events say, with complete audit trails`, async () => {
    ports.api = await freePort();
    ports.dynamo = await freePort();
    ports.sfn = await freePort();
    const staff = { authorization: `Bearer ${await signDevToken('manager')}` };
    const reports = Array.from({ length: CASES }, (_, index) => ({
      index,
      key: `crash-report-${index}-${process.pid}`,
      body: complaintBody(),
      caseRef: undefined as string | undefined,
    }));
    const report = (r: (typeof reports)[number]) =>
      call(stack, 'POST', '/complaints', { json: r.body, headers: { 'idempotency-key': r.key } });

    const started = Date.now();
    const phase = (name: string) =>
      console.info(`crash test: ${name} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    phase(`${CASES} cases, seed ${SEED}`);
    // 1. Intake, killed part-way; every report is then retried with its key until answered.
    await startServer();
    await runAndCrash(reports, Math.floor(CASES * (0.2 + random() * 0.6)), async (r) => {
      const answer = await report(r);
      if (answer.status === 201) r.caseRef = answer.body.caseRef;
    });
    await startServer();
    await Promise.all(
      reports.map(async (r) => {
        const answer = await untilAnswered(() => report(r));
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        if (r.caseRef) expect(answer.body.caseRef).toBe(r.caseRef);
        r.caseRef = answer.body.caseRef;
      }),
    );
    expect(new Set(reports.map((r) => r.caseRef)).size).toBe(CASES);
    phase('intake done');
    // An hour on: workflows whose start was lost in the crash are started by the sweeper.
    await advance({ hours: 1 });

    // 2. Triage decisions (even cases warned, odd ones closed), killed part-way, then retried.
    const taskOf = new Map<string, string>();
    for (let round = 0; round < 5 && taskOf.size < CASES; round++) {
      if (round > 0) await advance({ hours: 1 });
      const listed = await untilAnswered(() => call(stack, 'GET', '/tasks?type=triage', { headers: staff }));
      for (const t of listed.body.tasks as { caseRef: string; taskId: string }[])
        taskOf.set(t.caseRef, t.taskId);
    }
    // A case whose workflow start was lost in the kill must have been started by the sweeper by
    // now; any case without a triage task is reported with what its execution says.
    const stuck: string[] = [];
    const sfn = new SFNClient({ ...localAwsConfig, endpoint: `http://127.0.0.1:${ports.sfn}` });
    for (const r of reports) {
      if (taskOf.has(String(r.caseRef))) continue;
      const view = await call(stack, 'GET', `/cases/${r.caseRef}`, { headers: staff });
      const executionArn = `arn:aws:states:eu-west-2:000000000000:execution:abate-dev-investigation:${view.body.case?.execution}`;
      const described = await sfn
        .send(new DescribeExecutionCommand({ executionArn }))
        .catch((e: Error) => e.name);
      const lostStart =
        view.body.case?.status === 'received' &&
        described === 'ExecutionDoesNotExist' &&
        view.body.timeline?.some((e: { type: string }) => e.type === 'PhaseStarted');
      if (lostStart) {
        stuck.push(String(r.caseRef));
        continue;
      }
      expect.fail(
        `no triage task for ${r.caseRef}: ${JSON.stringify({ case: view.body.case, execution: described, timeline: view.body.timeline?.map((e: { type: string }) => e.type) })}`,
      );
    }
    sfn.destroy();
    // The sweeper restarts a workflow whose start was lost, so no case may be stuck.
    expect(stuck, 'cases whose workflow start was lost').toEqual([]);
    const finishing = reports.filter((r) => !stuck.includes(String(r.caseRef)));
    phase('decisions');
    const outcomeOf = (r: (typeof reports)[number]) => (r.index % 2 === 0 ? 'warn' : 'no-further-action');
    const decide = (r: (typeof reports)[number]) =>
      call(stack, 'POST', `/tasks/${taskOf.get(String(r.caseRef))}/decision`, {
        json: {
          outcome: outcomeOf(r),
          reason: `Crash test decision ${r.index}`,
          ...(outcomeOf(r) === 'warn' ? { details: TO_THE_OCCUPIER } : {}),
        },
        headers: staff,
      });
    await runAndCrash(finishing, Math.floor(finishing.length * (0.2 + random() * 0.6)), decide);
    await startServer();
    await Promise.all(
      finishing.map(async (r) => {
        const answer = await untilAnswered(() => decide(r));
        // 409: the decision made before the crash stands.
        expect([200, 409], JSON.stringify(answer.body)).toContain(answer.status);
      }),
    );
    await advance({ hours: 1 });

    phase('decided');
    // 3. The compliance period runs out while the server is killed mid-advance.
    const advancing = advance({ days: 15 });
    await new Promise((done) => setTimeout(done, 200 + random() * 2_000));
    await killServer();
    await advancing.catch(() => {});
    await startServer();
    await advance({ days: 15 });

    phase('deadline passed');
    // 4. Every case ends as its events say, each event once, versions without gaps.
    const raw = new DynamoDBClient({ ...localAwsConfig, endpoint: `http://127.0.0.1:${ports.dynamo}` });
    const db = documentClient(raw);
    try {
      for (const r of finishing) {
        const { Items = [] } = await db.send(
          new QueryCommand({
            TableName: LOCAL_TABLE_NAME,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `CASE#${r.caseRef}` },
          }),
        );
        const events = Items.filter((item) => String(item.sk).startsWith('EVENT#'));
        const types = events.map((e) => String(e.type));
        const where = `${r.caseRef} (${outcomeOf(r)}): ${types.join(', ')}`;
        const caseItem = Items.find((item) => item.sk === 'CASE');
        const versions = events.map((e) => Number(String(e.sk).slice('EVENT#'.length)));
        expect(versions, where).toEqual(versions.map((_, i) => i + 1));
        expect(caseItem?.version, where).toBe(versions.length);
        const count = (type: string) => types.filter((t) => t === type).length;
        expect(count('ComplaintReceived'), where).toBe(1);
        // A retry after a crash completes the same report: it is never added twice.
        expect(count('ComplaintAdded'), where).toBe(0);
        expect(caseItem?.complaintCount, where).toBe(1);
        // The triage decision is recorded once, on its task (the one write that decides it).
        const { Items: decidedTasks = [] } = await db.send(
          new QueryCommand({
            TableName: LOCAL_TABLE_NAME,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :task)',
            ExpressionAttributeValues: { ':pk': `CASE#${r.caseRef}`, ':task': 'TASK#' },
          }),
        );
        expect(decidedTasks.filter((t) => t.type === 'triage' && t.status === 'decided').length, where).toBe(
          1,
        );
        if (count('CaseClosed') !== 1) {
          // Say what the workflow and the task were doing, to find where the case stopped.
          const sfnAfter = new SFNClient({ ...localAwsConfig, endpoint: `http://127.0.0.1:${ports.sfn}` });
          const executionArn = `arn:aws:states:eu-west-2:000000000000:execution:abate-dev-${caseItem?.phase}:${caseItem?.execution}`;
          const described = await sfnAfter
            .send(new DescribeExecutionCommand({ executionArn }))
            .then((d) => d.status)
            .catch((e: Error) => e.name);
          const history = await sfnAfter
            .send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 5 }))
            .then((h) => h.events?.map((e) => e.type).join(' < '))
            .catch((e: Error) => e.name);
          sfnAfter.destroy();
          const task = await call(stack, 'GET', `/tasks/${taskOf.get(String(r.caseRef))}`, {
            headers: staff,
          });
          const { Items: children = [] } = await db.send(
            new QueryCommand({
              TableName: LOCAL_TABLE_NAME,
              IndexName: 'gsi2',
              KeyConditionExpression: 'gsi2pk = :pk',
              ExpressionAttributeValues: { ':pk': `CASE#${r.caseRef}` },
            }),
          );
          const deadlines = children
            .filter((item) => String(item.pk).startsWith('DEADLINE#'))
            .map((d) => ({
              status: d.status,
              dueAt: d.dueAt,
              token: String(d.token).slice(-12),
              due: d.gsi3sk,
            }));
          const { Items: steps = [] } = await db.send(
            new QueryCommand({
              TableName: LOCAL_SFN_TABLE_NAME,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': `EXEC#${executionArn}` },
            }),
          );
          const journal = steps.map((step) => ({
            sk: step.sk,
            status: step.status,
            invoked: step.invoked,
            token: step.token ? String(step.token).slice(-12) : undefined,
          }));
          // Lines about the case, its task or its deadlines (the sweeper names items by key).
          const names = [
            String(r.caseRef),
            String(taskOf.get(String(r.caseRef))),
            ...children.map((c) => String(c.pk)),
          ];
          const logged = serverErrors.filter((line) => names.some((name) => line.includes(name)));
          expect.fail(
            `${where}; execution ${described}: ${history}; task ${JSON.stringify(task.body.task)}; deadlines ${JSON.stringify(deadlines)}; steps ${JSON.stringify(journal)}; logged ${logged.join('\n')}`,
          );
        }
        if (outcomeOf(r) === 'warn') {
          expect(count('WarningIssued'), where).toBe(1);
          expect(caseItem, where).toMatchObject({ status: 'closed', closedReason: 'complied' });
        } else {
          expect(count('WarningIssued'), where).toBe(0);
          expect(caseItem, where).toMatchObject({ status: 'closed', closedReason: 'no-further-action' });
        }
        const view = await untilAnswered(() => call(stack, 'GET', `/cases/${r.caseRef}`, { headers: staff }));
        const templates = (view.body.outbox as { template: string }[]).map((m) => m.template);
        // One acknowledgement for the one complainant.
        const acknowledgements = (view.body.outbox as { template: string }[]).filter(
          (m) => m.template === 'acknowledgement',
        );
        expect(acknowledgements.length, `${where}; ${JSON.stringify(acknowledgements)}`).toBe(1);
        expect(
          templates.filter((t) => t === 'communityProtectionWarning'),
          where,
        ).toHaveLength(outcomeOf(r) === 'warn' ? 1 : 0);
      }
    } finally {
      raw.destroy();
    }
  }, 600_000);
});
