/**
 * `npm run bench`: runs every benchmark in one process, so each comparison is measured side by
 * side on the same machine at the same time, and prints one table per benchmark.
 * `npm run bench -- --json <file>` also writes the figures as JSON; `-- --only <name>[,<name>]`
 * runs only the named ones.
 */
import { writeFileSync } from 'node:fs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

export interface BenchRow {
  [column: string]: string | number;
}

export interface BenchResult {
  name: string;
  rows: BenchRow[];
  notes?: string[];
  /** Headline figures by name, for the JSON output. */
  figures?: Record<string, number>;
}

type Benchmark = { name: string; run: () => Promise<BenchResult> };

const benchmarks: Benchmark[] = [];

async function register(name: string, modulePath: string, exportName: string): Promise<void> {
  try {
    const module = await import(modulePath);
    const run = module[exportName] as (() => Promise<BenchResult>) | undefined;
    if (run) benchmarks.push({ name, run });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
}

await register('counts', './counts.ts', 'benchCounts');
await register('intake', './intake.ts', 'benchIntake');
await register('lifecycle', './lifecycle.ts', 'benchLifecycle');
await register('sfn-runtime', './sfn-runtime.ts', 'benchSfnRuntime');
await register('cost', './lifecycle.ts', 'benchCost');
await register('sweeper', './sweeper.ts', 'benchSweeper');
await register('bundles', './bundles.ts', 'benchBundles');
await register('start', './start-time.ts', 'benchStartTime');
await register('gc', './intake.ts', 'benchGc');

const argument = (flag: string) => {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const jsonFile = argument('--json');
const only = argument('--only')?.split(',');
const selected = only ? benchmarks.filter((benchmark) => only.includes(benchmark.name)) : benchmarks;
if (only && selected.length !== only.length) {
  console.error(
    `Unknown benchmark in --only ${only.join(',')}; known: ${benchmarks.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
const results: BenchResult[] = [];
for (const benchmark of selected) {
  console.log(`\n## ${benchmark.name}`);
  const startedAt = performance.now();
  const result = await benchmark.run();
  result.notes = [...(result.notes ?? []), `(${((performance.now() - startedAt) / 1000).toFixed(0)} s)`];
  console.table(result.rows);
  for (const note of result.notes ?? []) console.log(`  ${note}`);
  results.push(result);
}
if (selected.length === 0) console.log('No benchmarks are registered yet.');
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
process.exit(0);
