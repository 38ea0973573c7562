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
import { serverRoot, startServerProcess } from './server-process.ts';

/** Removes the synthesized definitions the server would start from (of another checkout too). */
function removeSynthCache(): void {
  if (existsSync(synthCacheFile())) rmSync(synthCacheFile());
  const dir = join(serverRoot, 'node_modules', '.cache', 'abate');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (name.startsWith('state-machines-')) rmSync(join(dir, name));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function timeStarts(times: number, via: 'npm' | 'node', cold: boolean) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let index = 0; index < times; index++) {
    if (cold) removeSynthCache();
    const server = await startServerProcess({ via });
    wall.push(server.startMs);
    cpu.push(server.startCpuMs ?? Number.NaN);
    await server.stop();
  }
  return { wall, cpu };
}

export async function benchStartTime(options: { warmRuns?: number } = {}): Promise<BenchResult> {
  const warmRuns = options.warmRuns ?? 5;
  // One start first so the cache exists and the disk is warm for the warm runs.
  await timeStarts(1, 'node', false);
  const rows: BenchRow[] = [];
  const figures: Record<string, number> = {};
  for (const [via, label] of [
    ['npm', 'npm start'],
    ['node', 'node --import tsx infra/local/start.ts'],
  ] as const) {
    const warm = await timeStarts(warmRuns, via, false);
    const cold = await timeStarts(1, via, true);
    rows.push({
      command: label,
      'warm median ms': Math.round(median(warm.wall)),
      'warm min ms': Math.round(Math.min(...warm.wall)),
      'warm max ms': Math.round(Math.max(...warm.wall)),
      'warm server CPU ms': Math.round(median(warm.cpu)),
      'cold ms': Math.round(cold.wall[0] ?? 0),
      'cold server CPU ms': Math.round(cold.cpu[0] ?? 0),
    });
    figures[`${via}WarmMedianMs`] = Math.round(median(warm.wall));
    figures[`${via}WarmServerCpuMs`] = Math.round(median(warm.cpu));
    figures[`${via}ColdMs`] = Math.round(cold.wall[0] ?? 0);
  }
  return {
    name: 'start',
    rows,
    figures,
    notes: [
      `From spawning the command to the "Abate is running locally" banner (printed once the API listens), each on a fresh data folder; warm: median of ${warmRuns}.`,
      'Server CPU: user + system time of the node process that runs start.ts (its tsx loader thread included) when the banner appears; it is what other load on the machine disturbs least.',
      'Cold: the cached definitions for the current sources removed first, so the CDK app is synthesized (bundling skipped) and the definitions validated again.',
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchStartTime();
  console.table(result.rows);
  for (const note of result.notes ?? []) console.log(note);
  process.exit(0);
}
