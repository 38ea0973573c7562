import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/stack.ts';
import { FIXTURE_ENTRY } from './fixtures/registries.ts';

let outdir: string;
let assembly: CloudAssembly;
let bundleDir: string;

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'abate-cdk-'));
  const { app, stack } = buildApp({
    bundling: true,
    outdir,
    functions: [{ id: 'Hello', entry: FIXTURE_ENTRY, description: 'bundling fixture', table: 'none' }],
    routes: [],
    workflows: [],
  });
  assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
  };
  const fn = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Lambda::Function');
  // The asset's key is `<hash>.zip`; the CDK stages its contents in `asset.<hash>`.
  const assetHash = String(fn?.Properties.Code?.S3Key).replace(/\.zip$/, '');
  bundleDir = path.join(outdir, `asset.${assetHash}`);
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('bundling with esbuild', () => {
  it('produces a minified ESM bundle with a source map for each function', () => {
    expect(existsSync(path.join(bundleDir, 'index.mjs'))).toBe(true);
    expect(existsSync(path.join(bundleDir, 'index.mjs.map'))).toBe(true);
    const code = readFileSync(path.join(bundleDir, 'index.mjs'), 'utf8');
    expect(code).toMatch(/export\s*\{/);
    // Minified: the fixture's schema variable name does not survive.
    expect(code).not.toContain('greeting');
  });

  it('exports a handler that runs', async () => {
    const module = (await import(pathToFileURL(path.join(bundleDir, 'index.mjs')).href)) as {
      handler: (event: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    await expect(module.handler({ name: 'Abate' })).resolves.toEqual({
      statusCode: 200,
      body: JSON.stringify({ hello: 'Abate' }),
    });
  });

  it('points Lambda at the ESM entry and enables source maps at run time', () => {
    const [stack] = assembly.stacks;
    const template = stack?.template as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const resources = Object.values(template.Resources);
    const fn = resources.find((resource) => resource.Type === 'AWS::Lambda::Function');
    expect(fn?.Properties.Handler).toBe('index.handler');
    expect(fn?.Properties.Environment).toMatchObject({ Variables: { NODE_OPTIONS: '--enable-source-maps' } });
  });
});
