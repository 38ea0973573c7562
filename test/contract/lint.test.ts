/**
 * docs/openapi.json passes Redocly's recommended rules (redocly.yaml says which rules are off and
 * why), with the pinned @redocly/cli, and without the network: the linter runs with a preload
 * that makes any attempt to reach the network fail loudly.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const noNetwork = resolve(import.meta.dirname, 'no-network.mjs');
const redocly = resolve(root, 'node_modules/@redocly/cli/bin/cli.js');

function offline(args: string[]) {
  const { REDOCLY_TELEMETRY: _t, ...env } = process.env;
  return spawnSync(process.execPath, ['--import', noNetwork, ...args], {
    cwd: root,
    encoding: 'utf8',
    // Telemetry is turned off by redocly.yaml alone, as `npm run lint:openapi` relies on.
    env: { ...env, REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    timeout: 120_000,
  });
}

describe('the OpenAPI document', () => {
  it('passes Redocly lint with the recommended rules, with no errors and no warnings, offline', () => {
    const run = offline([redocly, 'lint', 'docs/openapi.json', '--format=json']);
    expect(run.stderr).not.toContain('NETWORK-ATTEMPT');
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      totals: { errors: number; warnings: number };
      problems: unknown[];
    };
    expect(report.problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('would notice a tool reaching for the network (the preload refuses and reports it)', () => {
    const run = offline([
      '-e',
      "fetch('http://127.0.0.1:9/').catch(() => {}); require('node:net').connect(9, '127.0.0.1').on('error', () => {});",
    ]);
    expect(run.stderr).toContain('NETWORK-ATTEMPT fetch http://127.0.0.1:9/');
    expect(run.stderr).toContain('NETWORK-ATTEMPT connect');
  });
});
