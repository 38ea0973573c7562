import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/stack.ts';
import { FIXTURE_ENTRY } from './fixtures/registries.ts';

type LambdaResource = {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
};

let outdir: string;
/** Staged asset folder of each function, by registry id. */
const bundleDirs = new Map<string, string>();
const lambdas = new Map<string, LambdaResource>();

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'abate-cdk-'));
  const { app, stack } = buildApp({
    bundling: true,
    outdir,
    cloudFormationValidation: false,
    functions: [
      { id: 'Hello', entry: FIXTURE_ENTRY, description: 'bundling fixture', table: 'none' },
      { id: 'HelloAgain', entry: FIXTURE_ENTRY, description: 'second function, same module', table: 'none' },
    ],
    routes: [],
    workflows: [],
  });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, LambdaResource>;
  };
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function' || !resource.Metadata?.['abate:functionId']) continue;
    const functionId = String(resource.Metadata?.['abate:functionId']);
    // The asset's key is `<hash>.zip`; the CDK stages its contents in `asset.<hash>`.
    const assetHash = String((resource.Properties.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
    bundleDirs.set(functionId, path.join(outdir, `asset.${assetHash}`));
    lambdas.set(functionId, resource);
  }
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('bundling with esbuild', () => {
  it('gives each function its own asset: a minified ESM bundle and its source map', () => {
    expect([...bundleDirs.keys()].sort()).toEqual(['Hello', 'HelloAgain']);
    for (const bundleDir of bundleDirs.values()) {
      expect(readdirSync(bundleDir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      const code = readFileSync(path.join(bundleDir, 'index.mjs'), 'utf8');
      expect(code).toMatch(/export\s*\{/);
      // Minified: the fixture's schema variable name does not survive.
      expect(code).not.toContain('greeting');
    }
  });

  it('exports a handler that runs', async () => {
    const bundle = path.join(bundleDirs.get('Hello') as string, 'index.mjs');
    const module = (await import(pathToFileURL(bundle).href)) as {
      handler: (event: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    await expect(module.handler({ name: 'Abate' })).resolves.toEqual({
      statusCode: 200,
      body: JSON.stringify({ hello: 'Abate' }),
    });
  });

  it('points Lambda at the ESM entry and enables source maps at run time', () => {
    for (const fn of lambdas.values()) {
      expect(fn.Properties.Handler).toBe('index.handler');
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { NODE_OPTIONS: '--enable-source-maps' },
      });
    }
  });

  it('leaves no shared build behind in the cloud assembly', () => {
    expect(existsSync(path.join(outdir, '.abate-bundles', 'Abate-dev'))).toBe(false);
  });
});

describe('a registry entry whose module does not exist yet', () => {
  const missing = {
    id: 'NotWrittenYet',
    entry: 'functions/api/not-written-yet.ts',
    description: 'x',
    table: 'none' as const,
  };

  it('stops a bundling synth with a message naming the function and module', () => {
    expect(() =>
      buildApp({
        bundling: true,
        cloudFormationValidation: false,
        functions: [missing],
        routes: [],
        workflows: [],
      }),
    ).toThrow('NotWrittenYet (functions/api/not-written-yet.ts)');
  });

  it('still synthesizes without bundling, with placeholder code and a warning', () => {
    const { app, stack } = buildApp({
      bundling: false,
      cloudFormationValidation: false,
      functions: [missing],
      routes: [],
      workflows: [],
    });
    const artifact = app.synth().getStackByName(stack.stackName);
    const warnings = artifact.messages.filter((message) => message.level === 'warning');
    expect(warnings.map((warning) => String(warning.entry.data))).toEqual(
      expect.arrayContaining([expect.stringContaining('functions/api/not-written-yet.ts')]),
    );
  });
});
