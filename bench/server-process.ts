/**
 * Runs the local server as `npm start` does, in a child process on a fresh data folder and free
 * ports, so benchmarks can load it from outside and read the CPU time it spends (Linux /proc).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { freePort } from '../test/support/free-port.ts';

/** The checkout whose server runs: this one, or another (`ABATE_BENCH_SERVER_ROOT`) to compare commits. */
export const serverRoot = resolve(process.env.ABATE_BENCH_SERVER_ROOT ?? resolve(import.meta.dirname, '..'));
/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

export interface ServerProcess {
  url: string;
  dynamoEndpoint: string;
  /** Real ms from spawning to the "running locally" banner (printed once the API listens). */
  startMs: number;
  /** CPU ms the server process had used by then (less disturbed by other load than `startMs`). */
  startCpuMs: number | undefined;
  /** CPU ms (user + system) the server process has used so far; undefined without /proc. */
  cpuMs(): number | undefined;
  /** The same for its main thread alone: the event loop that serves the API and runs the workflows. */
  mainThreadCpuMs(): number | undefined;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /**
   * `npm` runs `npm start` itself; `node` runs its entry point (`infra/local/launch.mjs`, the
   * compiled stack) directly; `tsx` runs `infra/local/start.ts` through tsx's loader, uncompiled.
   * A checkout without the launcher runs through tsx for `node` too.
   */
  via?: 'npm' | 'node' | 'tsx';
  env?: Record<string, string>;
  /** Extra `node` flags for the server (e.g. `--max-semi-space-size=32`); `node` launches only. */
  nodeFlags?: string[];
  /** Keep this data folder instead of a fresh one. */
  dataDir?: string;
  /** Sees everything the server prints (e.g. `--trace-gc` lines). */
  onOutput?: (text: string) => void;
  /** The checkout whose server to run; default `serverRoot`. */
  root?: string;
}

/** Another checkout to measure beside this one (`ABATE_BENCH_COMPARE_ROOT`), e.g. the commit before a change. */
export const compareRoot = process.env.ABATE_BENCH_COMPARE_ROOT
  ? resolve(process.env.ABATE_BENCH_COMPARE_ROOT)
  : undefined;

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'abate-bench-server-'));
  const ports = { api: await freePort(), dynamo: await freePort(), sfn: await freePort() };
  const env = {
    ...process.env,
    PORT: String(ports.api),
    DYNAMODB_PORT: String(ports.dynamo),
    SFN_PORT: String(ports.sfn),
    ABATE_DATA_DIR: dataDir,
    ABATE_SWEEP_EVERY_MS: '0',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    ...options.env,
  };
  const root = options.root ?? serverRoot;
  const compiled = options.via !== 'tsx' && existsSync(join(root, 'infra', 'local', 'launch.mjs'));
  const entry = compiled ? ['infra/local/launch.mjs'] : ['--import', 'tsx', 'infra/local/start.ts'];
  const startedAt = performance.now();
  const child: ChildProcess =
    options.via === 'npm'
      ? spawn('npm', ['start', '--silent'], {
          cwd: options.root ?? serverRoot,
          env,
          stdio: 'pipe',
          detached: true,
        })
      : spawn(process.execPath, [...(options.nodeFlags ?? []), ...entry], {
          cwd: options.root ?? serverRoot,
          env,
          stdio: 'pipe',
          detached: true,
        });
  let output = '';
  const ready = new Promise<void>((done, fail) => {
    const listen = (chunk: unknown) => {
      options.onOutput?.(String(chunk));
      output = (output + String(chunk)).slice(-8000);
      if (output.includes('Abate is running locally')) done();
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => fail(new Error(`the server exited (${code}) before listening: ${output}`)));
  });
  await ready;
  const startMs = performance.now() - startedAt;
  // With npm the server is a grandchild: find the node process that runs the stack.
  const serverPid = options.via === 'npm' ? findServerPid(child.pid ?? 0) : child.pid;
  const startCpuMs = serverPid ? processCpuMs(serverPid) : undefined;
  return {
    startCpuMs,
    url: `http://127.0.0.1:${ports.api}`,
    dynamoEndpoint: `http://127.0.0.1:${ports.dynamo}`,
    startMs,
    cpuMs: () => (serverPid ? processCpuMs(serverPid) : undefined),
    mainThreadCpuMs: () => (serverPid ? processCpuMs(serverPid, serverPid) : undefined),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        process.kill(-(child.pid ?? 0), 'SIGTERM');
        await exited;
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** CPU ms of a process (all its threads), or of one of its threads when `thread` is given. */
function processCpuMs(pid: number, thread?: number): number | undefined {
  const file = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
  if (!existsSync(file)) return undefined;
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = readFileSync(file, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

function findServerPid(rootPid: number): number | undefined {
  const children = (pid: number): number[] => {
    const file = `/proc/${pid}/task/${pid}/children`;
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split(' ').filter(Boolean).map(Number);
  };
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    const commandLine = existsSync(`/proc/${pid}/cmdline`)
      ? readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      : '';
    const runsStack = ['infra/local/launch.mjs', 'infra/local/start.ts'].some((entry) =>
      commandLine.includes(entry),
    );
    const program = commandLine.split('\0')[0] ?? '';
    if (runsStack && (program === process.execPath || basename(program) === 'node')) return pid;
    queue.push(...children(pid));
  }
  return undefined;
}

/** Lets the server finish whatever the load started (workflows run on after each 201). */
export async function settleServer(url: string): Promise<void> {
  // Moving the local clock a minute waits until the runtime is idle and the sweeper has run.
  const response = await fetch(`${url}/_local/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ minutes: 1 }),
  });
  if (response.status !== 200) throw new Error(`settling the server failed: ${response.status}`);
}
