/**
 * How long `npm start` takes to listen: warm (the synthesized definitions cached) and cold (the
 * cache removed, so the CDK app is synthesized again), each on a fresh data folder. Also the server
 * entry point run by `node` directly, without npm and tsx's launcher in front of it.
 * `npx tsx bench/start-time.ts` runs it alone.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { synthCacheFile } from '../infra/local/workflows.ts';
import type { BenchResult, BenchRow } from './run.ts';
import { compareRoot, serverRoot, startServerProcess } from './server-process.ts';

/**
 * Removes the synthesized definitions and `npm start`'s compiled build the server would start
 * from (of another checkout too).
 */
function removeSynthCache(root = serverRoot): void {
  if (root === serverRoot && existsSync(synthCacheFile())) rmSync(synthCacheFile());
  const dir = join(root, 'node_modules', '.cache', 'abate');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir))
    if (name.startsWith('state-machines-') || name === 'local-build')
      rmSync(join(dir, name), { recursive: true, force: true });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

interface Checkout {
  label: string;
  root?: string;
}

async function timeStart(via: 'npm' | 'node' | 'tsx', checkout: Checkout, cold: boolean) {
  if (cold) removeSynthCache(checkout.root);
  const server = await startServerProcess({ via, ...(checkout.root ? { root: checkout.root } : {}) });
  await server.stop();
  return { wall: server.startMs, cpu: server.startCpuMs ?? Number.NaN };
}

export async function benchStartTime(options: { warmRuns?: number } = {}): Promise<BenchResult> {
  const warmRuns = options.warmRuns ?? 5;
  const checkouts: Checkout[] = [
    { label: 'this checkout' },
    ...(compareRoot ? [{ label: compareRoot, root: compareRoot }] : []),
  ];
  const commands = [
    ['npm', 'npm start'],
    ['node', 'node infra/local/launch.mjs'],
    ['tsx', 'node --import tsx infra/local/start.ts'],
  ] as const;
  // One start of each first, so each has its cache and the disk is warm for the warm runs.
  for (const checkout of checkouts) await timeStart('node', checkout, false);
  const warm = new Map<string, { wall: number[]; cpu: number[] }>();
  const key = (via: string, checkout: Checkout) => `${via}|${checkout.label}`;
  // Alternating, so a busy moment on the machine is shared by all.
  for (let run = 0; run < warmRuns; run++) {
    for (const [via] of commands) {
      for (const checkout of checkouts) {
        const measured = await timeStart(via, checkout, false);
        const entry = warm.get(key(via, checkout)) ?? { wall: [], cpu: [] };
        entry.wall.push(measured.wall);
        entry.cpu.push(measured.cpu);
        warm.set(key(via, checkout), entry);
      }
    }
  }
  const rows: BenchRow[] = [];
  const figures: Record<string, number> = {};
  for (const [via, label] of commands) {
    for (const checkout of checkouts) {
      const entry = warm.get(key(via, checkout)) ?? { wall: [], cpu: [] };
      const cold = await timeStart(via, checkout, true);
      rows.push({
        command: label,
        checkout: checkout.label,
        'warm median ms': Math.round(median(entry.wall)),
        'warm min ms': Math.round(Math.min(...entry.wall)),
        'warm max ms': Math.round(Math.max(...entry.wall)),
        'warm server CPU ms': Math.round(median(entry.cpu)),
        'cold ms': Math.round(cold.wall),
        'cold server CPU ms': Math.round(cold.cpu),
      });
      const suffix = checkout.root ? 'Compared' : '';
      figures[`${via}WarmMedianMs${suffix}`] = Math.round(median(entry.wall));
      figures[`${via}WarmServerCpuMs${suffix}`] = Math.round(median(entry.cpu));
      figures[`${via}ColdMs${suffix}`] = Math.round(cold.wall);
    }
  }
  return {
    name: 'start',
    rows,
    figures,
    notes: [
      `From spawning the command to the "Abate is running locally" banner (printed once the API listens), each on a fresh data folder; warm: median of ${warmRuns}, the commands${compareRoot ? ' and checkouts' : ''} alternating.`,
      "`npm start` runs `node infra/local/launch.mjs`, which runs the stack compiled once per change of the sources; the tsx row is the same stack uncompiled, through tsx's loader (as tests run it).",
      'Server CPU: user + system time of the node process that runs the stack (a loader thread included) when the banner appears; it is what other load on the machine disturbs least.',
      'Cold: the cached definitions and the compiled build removed first, so the CDK app is synthesized (bundling skipped), the definitions validated and the stack compiled again. ABATE_BENCH_COMPARE_ROOT=<checkout> adds another checkout.',
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchStartTime();
  console.table(result.rows);
  for (const note of result.notes ?? []) console.log(note);
  process.exit(0);
}
