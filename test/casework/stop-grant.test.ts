/**
 * Stopping a case's workflow by hand needs states:StopExecution in AWS: the stack grants it to
 * the functions that declare the phases they stop, on those phases' executions, and to no other.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, routes } from '../../infra/functions.ts';
import { workflows } from '../../workflows/registry.ts';
import {
  actionsOf,
  resourcesOf,
  roleOfFunction,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from '../infra/support/synth.ts';

let synth: Synthesized;

beforeAll(() => {
  synth = synthesize({ stage: 'dev', functions, routes, workflows });
});

const stopGrants = (functionId: string) =>
  statementsOfRole(synth, roleOfFunction(synth, functionId))
    .filter((statement) => actionsOf(statement).includes('states:StopExecution'))
    .flatMap(resourcesOf)
    .map((resource) => JSON.stringify(resource));

describe('stopping executions', () => {
  it('each function that stops phases may stop exactly their executions', () => {
    const stoppers = functions.filter((spec) => spec.stopsStateMachines?.length);
    expect(stoppers.map((spec) => spec.id).sort()).toEqual(['CloseCase', 'MergeCases', 'MoveCaseOn']);
    for (const spec of stoppers) {
      const granted = stopGrants(spec.id);
      expect(granted, spec.id).toHaveLength(spec.stopsStateMachines?.length ?? 0);
      for (const phase of spec.stopsStateMachines ?? [])
        expect(
          granted.some((resource) => resource.includes(`:execution:abate-dev-${phase}:*`)),
          `${spec.id} ${phase}`,
        ).toBe(true);
      expect(granted.join()).not.toContain(':stateMachine:');
    }
  });

  it('no other function may stop an execution', () => {
    for (const spec of functions.filter((candidate) => !candidate.stopsStateMachines?.length))
      expect(stopGrants(spec.id), spec.id).toEqual([]);
  });
});
