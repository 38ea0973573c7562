/**
 * Bundles every function of a stack in one esbuild run: the functions share most of their
 * dependencies (SDK clients, Powertools, zod, middy), so one build parses them once instead of once
 * per function, which keeps `npm run synth` well under a minute as the registry grows.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Annotations, type Stack, Stage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import * as esbuild from 'esbuild';
import { councilConfig } from '../../functions/config/council.ts';
import type { FunctionSpec } from '../functions.ts';

// Bundles are ESM; some dependencies still call `require`, which ESM lacks unless we recreate it.
const esmRequireBanner =
  "import { createRequire as __abateCreateRequire } from 'node:module'; const require = __abateCreateRequire(import.meta.url);";

/** What Lambda loads: `index.mjs` exporting `handler`, next to its source map. */
export const BUNDLE_HANDLER = 'index.handler';

export class FunctionBundles {
  private bundleRoot: string | undefined;

  constructor(
    private readonly stack: Stack,
    private readonly projectRoot: string,
    private readonly specs: readonly FunctionSpec[],
  ) {}

  /**
   * The code of one function. When the stack is not being bundled (tests, the local runtime
   * reading definitions, `cdk deploy` of another stack) it is a placeholder that throws, so a
   * registry entry whose module does not exist yet still synthesizes.
   */
  codeFor(spec: FunctionSpec, scope: IConstruct): lambda.Code {
    if (!this.stack.bundlingRequired) {
      if (!existsSync(this.entryOf(spec))) {
        Annotations.of(scope).addWarningV2(
          'abate:missingEntry',
          `Entry ${spec.entry} for function ${spec.id} does not exist yet; bundling is skipped, so placeholder code stands in`,
        );
      }
      return lambda.Code.fromInline(
        `exports.handler = async () => { throw new Error('${spec.id}: synthesized without bundling'); };`,
      );
    }
    this.bundleRoot ??= this.bundleAll();
    return lambda.Code.fromAsset(path.join(this.bundleRoot, spec.id));
  }

  /**
   * Removes the shared build once every function has been created: each function's asset was
   * copied into the cloud assembly when its construct was created, so the build is no longer read.
   */
  cleanUp(): void {
    if (this.bundleRoot) rmSync(this.bundleRoot, { recursive: true, force: true });
  }

  private entryOf(spec: FunctionSpec): string {
    return path.resolve(this.projectRoot, spec.entry);
  }

  private bundleAll(): string {
    const missing = this.specs.filter((spec) => !existsSync(this.entryOf(spec)));
    if (missing.length > 0) {
      const list = missing.map((spec) => `${spec.id} (${spec.entry})`).join(', ');
      throw new Error(`Cannot bundle functions whose entry module does not exist: ${list}`);
    }
    const bundleRoot = path.join(
      Stage.of(this.stack)?.outdir ?? 'cdk.out',
      '.abate-bundles',
      this.stack.artifactId,
    );
    rmSync(bundleRoot, { recursive: true, force: true });
    mkdirSync(bundleRoot, { recursive: true });

    const started = Date.now();
    esbuild.buildSync({
      absWorkingDir: this.projectRoot,
      entryPoints: this.specs.map((spec) => ({ in: this.entryOf(spec), out: `${spec.id}/index` })),
      outdir: bundleRoot,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      sourcemap: true,
      // Stack traces need file and line mapping only; the source text would double the bundle.
      sourcesContent: false,
      mainFields: ['module', 'main'],
      banner: { js: esmRequireBanner },
      tsconfig: path.join(this.projectRoot, 'tsconfig.json'),
      // A Lambda has no configuration file beside it: the council's (ABATE_COUNCIL_CONFIG at synth
      // time, logo included) is baked into the bundle where functions/config/council.ts reads it.
      define: { 'process.env.ABATE_COUNCIL_CONFIG_JSON': JSON.stringify(JSON.stringify(councilConfig())) },
      // The SDK is bundled (not taken from the runtime) so Lambda runs the versions the tests ran.
      logLevel: 'warning',
    });
    process.stderr.write(
      `Bundled ${this.specs.length} functions of ${this.stack.stackName} in ${Date.now() - started} ms\n`,
    );
    return bundleRoot;
  }
}
