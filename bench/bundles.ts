/**
 * Lambda bundles: the size of each function's minified bundle from a real synth (`cdk synth` of
 * the dev stage into a temporary folder, as `npm run synth` builds them), and its module
 * initialisation time: a fresh Node process imports the bundle, timed from just before the import
 * to just after, against importing an empty module the same way in the same run. Node's own start
 * is outside both, so the difference is what the bundle adds to a cold start.
 * `npx tsx bench/bundles.ts` runs it alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BenchResult, BenchRow } from './run.ts';

const projectRoot = resolve(import.meta.dirname, '..');

/** Imports one module in a fresh process and prints how long the import took, in ms. */
const probe = `
const started = performance.now();
await import(process.argv[1]);
process.stdout.write(String(performance.now() - started));
`;

function importMs(moduleUrl: string, env: NodeJS.ProcessEnv): number {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', probe, moduleUrl], {
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return Number(output);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

function synthesize(outdir: string): Map<string, string> {
  execFileSync('npx', ['cdk', 'synth', '--quiet', '--output', outdir, 'Abate-dev'], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
  const template = JSON.parse(readFileSync(join(outdir, 'Abate-dev.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
  };
  const bundles = new Map<string, string>();
  for (const resource of Object.values(template.Resources)) {
    const functionId = resource.Metadata?.['abate:functionId'];
    const asset = resource.Metadata?.['aws:asset:path'];
    if (resource.Type === 'AWS::Lambda::Function' && functionId && asset)
      bundles.set(functionId, join(outdir, asset, 'index.mjs'));
  }
  return bundles;
}

export async function benchBundles(options: { repeats?: number } = {}): Promise<BenchResult> {
  const repeats = options.repeats ?? 5;
  const outdir = mkdtempSync(join(tmpdir(), 'abate-bench-synth-'));
  try {
    const started = performance.now();
    const bundles = synthesize(outdir);
    const synthSeconds = (performance.now() - started) / 1000;
    const emptyModule = join(outdir, 'empty.mjs');
    writeFileSync(emptyModule, 'export const handler = async () => ({});\n');
    // What the Lambda environment gives a function at init; nothing is called, only imported.
    const env = {
      PATH: process.env.PATH,
      AWS_REGION: 'eu-west-2',
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
      TABLE_NAME: 'abate-bench',
      STATE_MACHINE_ARN_PREFIX: 'arn:aws:states:eu-west-2:000000000000:stateMachine:abate-dev-',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const emptyUrl = pathToFileURL(emptyModule).href;
    const rows: BenchRow[] = [];
    for (const [functionId, bundle] of [...bundles].sort(([a], [b]) => a.localeCompare(b))) {
      const url = pathToFileURL(bundle).href;
      const bundleTimes: number[] = [];
      const emptyTimes: number[] = [];
      // Interleaved, so machine load affects both alike.
      for (let run = 0; run < repeats; run++) {
        emptyTimes.push(importMs(emptyUrl, env));
        bundleTimes.push(importMs(url, env));
      }
      const bytes = statSync(bundle).size;
      const bundleMs = median(bundleTimes);
      const emptyMs = median(emptyTimes);
      rows.push({
        function: functionId,
        'minified KB': Number((bytes / 1024).toFixed(1)),
        'gzip KB': Number((gzipSync(readFileSync(bundle)).length / 1024).toFixed(1)),
        'import ms (median)': Number(bundleMs.toFixed(1)),
        'empty module ms': Number(emptyMs.toFixed(1)),
        'init cost ms': Number((bundleMs - emptyMs).toFixed(1)),
      });
    }
    return {
      name: 'bundles',
      rows,
      notes: [
        `Real synth of Abate-dev (esbuild, minified ESM, the SDK bundled) in ${synthSeconds.toFixed(1)} s; sizes are index.mjs without its source map.`,
        `Init: median of ${repeats} fresh Node ${process.versions.node} processes per function, each timing \`await import(bundle)\` against an empty module, interleaved. Lambda runs Node 22 on Arm; expect the same order, not the same numbers.`,
      ],
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchBundles();
  console.table(result.rows);
  for (const note of result.notes ?? []) console.log(note);
  process.exit(0);
}
