/** The stack built from the real registries, whatever they hold today. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, routes } from '../../infra/functions.ts';
import { PROJECT_ROOT } from '../../infra/stack.ts';
import { workflows } from '../../workflows/registry.ts';
import { auditCallbackTasks } from './support/asl.ts';
import { findDependencyCycle, type Synthesized, synthesize } from './support/synth.ts';

let synth: Synthesized;

beforeAll(() => {
  // With nag registered, synthesis fails on an unacknowledged AwsSolutions finding, so a new
  // function or workflow that needs an acknowledgement shows up here, not at deploy time.
  synth = synthesize({ stage: 'dev', functions, routes, workflows, nag: true });
});

describe('the stack from the real registries', () => {
  it('has one function per registry entry, each tagged with its id', () => {
    expect(Object.keys(synth.functionLogicalIds).sort()).toEqual(functions.map((spec) => spec.id).sort());
  });

  it('has one state machine per workflow, each tagged with its id', () => {
    expect(Object.keys(synth.machines).sort()).toEqual(workflows.map((spec) => spec.id).sort());
  });

  it('has one route per RouteSpec', () => {
    const keys = synth.ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties.RouteKey);
    expect(keys.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('gives every callback task in every workflow a timeout and a Catch', () => {
    expect(auditCallbackTasks(synth.machines).problems).toEqual([]);
  });

  it('passes the cdk-nag AwsSolutions checks', () => {
    const report = new AwsSolutionsChecks().validateScope(synth.stack);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });

  it('has no dependency cycle', () => {
    expect(findDependencyCycle(synth.resources)).toBeUndefined();
  });

  it('runs a schedule for each function marked as the sweeper', () => {
    const sweepers = functions.filter((spec) => spec.schedule === 'sweeper');
    synth.template.resourceCountIs('AWS::Scheduler::Schedule', sweepers.length);
  });
});

describe('the function registry', () => {
  it('declares every secret an entry module reads, so the stack grants it in AWS', () => {
    const undeclared: string[] = [];
    for (const spec of functions) {
      const entry = path.join(PROJECT_ROOT, spec.entry);
      if (!existsSync(entry)) continue;
      const source = readFileSync(entry, 'utf8');
      for (const match of source.matchAll(/readSecret\(\s*['"]([^'"]+)['"]/g)) {
        const name = match[1] as string;
        if (!(spec.secrets ?? []).includes(name)) undeclared.push(`${spec.id} reads "${name}"`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});
