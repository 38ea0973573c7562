/**
 * `npm run bench`: runs every benchmark in one process, so each comparison is measured side by
 * side on the same machine at the same time, and prints one table per benchmark.
 * `npm run bench -- --json <file>` also writes the figures as JSON.
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

await register('intake', './intake.ts', 'benchIntake');
await register('lifecycle', './lifecycle.ts', 'benchLifecycle');
await register('sfn-runtime', './sfn-runtime.ts', 'benchSfnRuntime');
await register('cost', './lifecycle.ts', 'benchCost');
await register('sweeper', './sweeper.ts', 'benchSweeper');
await register('bundles', './bundles.ts', 'benchBundles');

const jsonIndex = process.argv.indexOf('--json');
const jsonFile = jsonIndex >= 0 ? process.argv[jsonIndex + 1] : undefined;
const results: BenchResult[] = [];
for (const benchmark of benchmarks) {
  console.log(`\n## ${benchmark.name}`);
  const startedAt = performance.now();
  const result = await benchmark.run();
  result.notes = [...(result.notes ?? []), `(${((performance.now() - startedAt) / 1000).toFixed(0)} s)`];
  console.table(result.rows);
  for (const note of result.notes ?? []) console.log(`  ${note}`);
  results.push(result);
}
if (benchmarks.length === 0) console.log('No benchmarks are registered yet.');
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
process.exit(0);
