/**
 * `npm start` runs `infra/local/launch.mjs`: the stack compiled once per change of the sources and
 * run by plain node. The compiled stack must behave as the TypeScript one: it listens, takes a
 * report through the compiled Lambda entry, and a second start reuses the build.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { complaintBody } from '../support/local-stack.ts';

const projectRoot = resolve(import.meta.dirname, '../..');
const workDir = mkdtempSync(join(tmpdir(), 'abate-launch-'));
// Inside the project, as the build's imports of packages resolve from its node_modules.
const buildsDir = join(projectRoot, 'node_modules', '.cache', 'abate', `launch-test-${process.pid}`);
const running: ChildProcess[] = [];

/** Starts the launcher as `npm start` does and waits for its banner; answers its API address. */
async function launch(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    DYNAMODB_PORT: String(await freePort()),
    SFN_PORT: String(await freePort()),
    NOTIFY_PORT: String(await freePort()),
    PAY_PORT: String(await freePort()),
    ABATE_DATA_DIR: dataDir,
    ABATE_LOCAL_BUILD_DIR: buildsDir,
    ABATE_SWEEP_EVERY_MS: '0',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  const child = spawn(process.execPath, ['infra/local/launch.mjs'], { cwd: projectRoot, env, stdio: 'pipe' });
  running.push(child);
  let output = '';
  await new Promise<void>((done, fail) => {
    const listen = (chunk: unknown) => {
      output += String(chunk);
      if (output.includes('Abate is running locally')) done();
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => fail(new Error(`the launcher exited (${code}): ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
  rmSync(buildsDir, { recursive: true, force: true });
});

describe('npm start launcher', () => {
  it('compiles the stack once, serves a report through the compiled handlers, and reuses the build on the next start', async () => {
    const dataDir = join(workDir, 'data');
    const first = await launch(dataDir);
    const builds = readdirSync(buildsDir);
    expect(builds).toHaveLength(1);
    const start = join(buildsDir, builds[0] ?? '', 'start.js');
    expect(existsSync(start)).toBe(true);
    const builtAt = statSync(start).mtimeMs;

    const reported = await fetch(`${first.url}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'launch-test-0001' },
      body: JSON.stringify(complaintBody()),
    });
    expect(reported.status).toBe(201);
    const { caseRef, trackingToken } = (await reported.json()) as { caseRef: string; trackingToken: string };
    await first.stop();

    // The same sources: the second start runs the same build, and the case survived the restart.
    const second = await launch(dataDir);
    expect(readdirSync(buildsDir)).toEqual(builds);
    expect(statSync(start).mtimeMs).toBe(builtAt);
    const progress = await fetch(`${second.url}/cases/${caseRef}/progress`, {
      headers: { 'x-tracking-token': trackingToken },
    });
    expect(progress.status).toBe(200);
    expect(((await progress.json()) as { caseRef: string }).caseRef).toBe(caseRef);
    await second.stop();
  });
});
