/**
 * The state machines the local stack runs: synthesized from the same CDK app that deploys (stage
 * `dev`, bundling skipped) and read back from the template, so there is no second copy of any
 * workflow. Synthesis takes seconds, so the result is cached on disk under a hash of every file
 * that can change it (the CDK app, the workflows, the lockfile); any edit means a fresh synth. The
 * cache also records which definitions passed validation, so a warm start does not validate again.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { functions } from '../functions.ts';
import { definitionHash, type LocalStateMachine, loadStateMachines } from './sfn/definitions.ts';

export const LOCAL_WORKFLOW_STAGE = 'dev';

const projectRoot = resolve(import.meta.dirname, '../..');
const cacheDir = join(projectRoot, 'node_modules', '.cache', 'abate');

function filesUnder(dir: string, skip: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (skip(path)) return [];
      return statSync(path).isDirectory() ? filesUnder(path, skip) : [path];
    });
}

function sourceHash(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(join(projectRoot, 'infra'), (path) => path.includes(join('infra', 'local'))).filter(
      (path) => path.endsWith('.ts'),
    ),
    ...filesUnder(join(projectRoot, 'workflows'), () => false),
    join(projectRoot, 'functions', 'domain', 'model', 'workflow.ts'),
    join(projectRoot, 'package-lock.json'),
  ];
  for (const path of inputs) {
    if (!existsSync(path)) continue;
    hash.update(path.slice(projectRoot.length)).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 24);
}

let loaded: LocalStateMachine[] | undefined;

/** Where the synthesized definitions for the current sources are cached (benchmarks remove it for a cold start). */
export function synthCacheFile(): string {
  return join(cacheDir, `state-machines-v2-${sourceHash()}.json`);
}

/** The template, and the hashes of the definitions in it that passed validation when it was synthesized. */
interface CachedSynth {
  template: Record<string, unknown>;
  validated: string[];
}

export async function synthesizedStateMachines(): Promise<LocalStateMachine[]> {
  if (loaded) return loaded;
  const functionIds = functions.map((spec) => spec.id);
  const cacheFile = synthCacheFile();
  if (existsSync(cacheFile)) {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as CachedSynth;
    loaded = loadStateMachines(cached.template, { functionIds, validated: new Set(cached.validated) });
    return loaded;
  }
  const { buildApp } = await import('../stack.ts');
  const { app, stack } = buildApp({
    stage: LOCAL_WORKFLOW_STAGE,
    bundling: false,
    cloudFormationValidation: false,
  });
  const template = app.synth().getStackArtifact(stack.artifactId).template;
  loaded = loadStateMachines(template, { functionIds });
  // Everything loaded was validated just now; the cache says so, so a warm start skips it.
  const cached: CachedSynth = {
    template,
    validated: loaded.map((machine) => definitionHash(machine.definition)),
  };
  mkdirSync(cacheDir, { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(cached));
  renameSync(temporary, cacheFile);
  return loaded;
}
