/**
 * `npm start`'s entry point, run by plain `node`. The local stack is TypeScript; run through tsx,
 * every one of its few hundred modules goes through the loader's worker thread, which took most of
 * a warm start. So the first start after a change compiles `infra/local/start.ts` and every Lambda
 * entry in `infra/functions.ts` into one ESM build (esbuild, code split, packages left to Node)
 * under `node_modules/.cache/abate/local-build/<hash of the sources>/`, and every start runs
 * that. Any change to a source file or the lockfile gives a new hash and a new build (about 0.3 s).
 * If the build fails, the stack runs through tsx as before.
 *
 * `import.meta.dirname` and `import.meta.url` are replaced by each source file's own, so paths the
 * code resolves from its own location (the project root, web assets) stay what they were.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const projectRoot = resolve(import.meta.dirname, '../..');
/**
 * `ABATE_LOCAL_BUILD_DIR` puts the builds elsewhere (tests use a folder of their own); it must be
 * inside the project, as the build's imports of packages resolve from the project's node_modules.
 */
const buildsDir = process.env.ABATE_LOCAL_BUILD_DIR
  ? resolve(process.env.ABATE_LOCAL_BUILD_DIR)
  : join(projectRoot, 'node_modules', '.cache', 'abate', 'local-build');
/** Every file the build depends on: the sources and what decides how packages resolve. */
function sourceFiles() {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return walk(path);
        return /\.(ts|mts|mjs|js|json)$/.test(entry.name) ? [path] : [];
      });
  return [
    ...['functions', 'infra', 'workflows', 'config'].flatMap((dir) =>
      existsSync(join(projectRoot, dir)) ? walk(join(projectRoot, dir)) : [],
    ),
    ...['package.json', 'package-lock.json', 'tsconfig.json'].map((name) => join(projectRoot, name)),
  ];
}

function sourceHash() {
  const hash = createHash('sha256').update(projectRoot).update('\0').update(process.version);
  for (const path of sourceFiles()) {
    hash.update(relative(projectRoot, path)).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

const META = /import\.meta\.(dirname|url)\b/g;

/** esbuild plugin: each source file's `import.meta.dirname` and `.url` become its own, as literals. */
const ownLocation = {
  name: 'abate-own-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source
        .split('\n')
        .map((line) =>
          line.replace(META, (match, which, offset) => {
            // Left alone inside a string literal (code generated for Lambda bundles mentions it).
            if ((line.slice(0, offset).match(/["'`]/g) ?? []).length % 2 === 1) return match;
            return JSON.stringify(which === 'dirname' ? dirname(args.path) : pathToFileURL(args.path).href);
          }),
        )
        .join('\n');
      return { contents, loader: 'ts' };
    });
  },
};

async function build(outdir) {
  const { build: esbuild } = await import('esbuild');
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    plugins: [ownLocation],
  };
  // The function list decides which entries to compile; read it from its own small build.
  const listFile = join(outdir, 'function-list.mjs');
  await esbuild({ ...common, entryPoints: [join(projectRoot, 'infra', 'functions.ts')], outfile: listFile });
  const { functions } = await import(pathToFileURL(listFile).href);
  const entries = [...new Set(functions.map((spec) => spec.entry))];
  // `infra/local/sfn/functions.ts` finds each entry's compiled module here.
  const main = [
    `globalThis[Symbol.for('abate.local.entries')] = {`,
    ...entries.map(
      (entry) => `  ${JSON.stringify(entry)}: () => import(${JSON.stringify(join(projectRoot, entry))}),`,
    ),
    '};',
    `await import(${JSON.stringify(join(projectRoot, 'infra', 'local', 'start.ts'))});`,
  ].join('\n');
  await esbuild({
    ...common,
    stdin: { contents: main, resolveDir: projectRoot, sourcefile: 'launch-entry.ts', loader: 'ts' },
    outdir,
    entryNames: 'start',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
  });
}

async function prebuilt() {
  const hash = sourceHash();
  const dir = join(buildsDir, hash);
  const start = join(dir, 'start.js');
  if (existsSync(start)) return start;
  const temporary = `${dir}.${process.pid}.tmp`;
  rmSync(temporary, { recursive: true, force: true });
  try {
    await build(temporary);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  try {
    renameSync(temporary, dir);
  } catch (error) {
    // Another start built the same sources at the same moment: use its build.
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(start)) throw error;
  }
  // Builds of older sources are of no further use, nor are builds a killed start left half done.
  for (const name of readdirSync(buildsDir)) {
    const path = join(buildsDir, name);
    const abandoned = name.endsWith('.tmp') && Date.now() - statSync(path).mtimeMs > 10 * 60_000;
    if (name !== hash && (abandoned || !name.endsWith('.tmp')) && statSync(path).isDirectory())
      rmSync(path, { recursive: true, force: true });
  }
  return start;
}

let start;
try {
  start = await prebuilt();
} catch (error) {
  console.error(`Could not prebuild the local stack (${error?.message ?? error}); running it through tsx.`);
}
if (start) {
  await import(pathToFileURL(start).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(projectRoot, 'infra', 'local', 'start.ts')).href);
}
