/** Synthesizes the stack for tests (bundling skipped unless asked) and reads it back. */
import { Template } from 'aws-cdk-lib/assertions';
import { type BuildAppOptions, buildApp } from '../../../infra/stack.ts';
import { testFunctions, testRoutes, testWorkflows } from '../fixtures/registries.ts';
import { type AslMachine, definitionFromTemplate } from './asl.ts';

export type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

export interface Synthesized {
  stack: ReturnType<typeof buildApp>['stack'];
  /** The us-east-1 edge stack, when the stage configuration asks for one. */
  edge: ReturnType<typeof buildApp>['edge'];
  template: Template;
  resources: Record<string, Resource>;
  /** Logical id of each function, by registry id (from the `abate:functionId` metadata). */
  functionLogicalIds: Record<string, string>;
  /** Parsed ASL of each state machine, by workflow id (from the `abate:workflowId` metadata). */
  machines: Record<string, AslMachine>;
  ofType(type: string): [string, Resource][];
  /** The one resource of a type, as `[logicalId, resource]`; fails when there is not exactly one. */
  only(type: string): [string, Resource];
  /** The Lambda functions built from the registry (tagged with `abate:functionId`). */
  abateFunctions(): [string, Resource][];
}

/** The stack with the test registries unless the options say otherwise; bundling off by default. */
export function synthesize(options: BuildAppOptions = {}): Synthesized {
  const { stack, edge } = buildApp({
    bundling: false,
    cloudFormationValidation: false,
    functions: testFunctions,
    routes: testRoutes,
    workflows: testWorkflows,
    ...options,
  });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  // Abate's own functions carry their registry id; CDK-provided ones (web deployment, bucket
  // clean-up custom resources) do not.
  const abateFunctions = () =>
    ofType('AWS::Lambda::Function').filter(([, resource]) => resource.Metadata?.['abate:functionId']);
  const functionLogicalIds = Object.fromEntries(
    abateFunctions().map(([logicalId, resource]) => [
      String(resource.Metadata?.['abate:functionId']),
      logicalId,
    ]),
  );
  const machines = Object.fromEntries(
    ofType('AWS::StepFunctions::StateMachine').map(([, resource]) => [
      String(resource.Metadata?.['abate:workflowId']),
      definitionFromTemplate(resource.Properties.DefinitionString),
    ]),
  );
  const only = (type: string): [string, Resource] => {
    const found = ofType(type);
    if (found.length !== 1 || !found[0]) throw new Error(`Expected one ${type}, found ${found.length}`);
    return found[0];
  };
  return { stack, edge, template, resources, functionLogicalIds, machines, ofType, only, abateFunctions };
}

/** Statements of the inline policies attached to a role, flattened. */
export function statementsOfRole(synth: Synthesized, roleLogicalId: string): Record<string, unknown>[] {
  return synth
    .ofType('AWS::IAM::Policy')
    .filter(([, policy]) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleLogicalId),
    )
    .flatMap(
      ([, policy]) =>
        (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
}

export function roleOfFunction(synth: Synthesized, functionId: string): string {
  const logicalId = synth.functionLogicalIds[functionId];
  if (!logicalId) throw new Error(`No function ${functionId} in the template`);
  const role = synth.resources[logicalId]?.Properties.Role as { 'Fn::GetAtt': [string, string] };
  return role['Fn::GetAtt'][0];
}

export function actionsOf(statement: Record<string, unknown>): string[] {
  const action = statement.Action;
  return Array.isArray(action) ? (action as string[]) : [String(action)];
}

export function resourcesOf(statement: Record<string, unknown>): unknown[] {
  const resource = statement.Resource;
  return Array.isArray(resource) ? resource : [resource];
}

/** Logical ids a template value refers to through Ref, Fn::GetAtt or Fn::Sub. */
export function referencedLogicalIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedLogicalIds(item, into);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string' && !inner.startsWith('AWS::')) into.add(inner);
      else if (key === 'Fn::GetAtt') into.add(String((inner as string[])[0]).split('.')[0] as string);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? String(inner[0]) : String(inner);
        for (const match of text.matchAll(/\$\{([A-Za-z0-9]+)(\.[^}]*)?\}/g)) {
          if (match[1] && !match[1].startsWith('AWS')) into.add(match[1]);
        }
        if (Array.isArray(inner)) referencedLogicalIds(inner[1], into);
      } else referencedLogicalIds(inner, into);
    }
  }
  return into;
}

/** A cycle among resources (by Ref/GetAtt/Sub/DependsOn) as a list of logical ids, or undefined. */
export function findDependencyCycle(resources: Record<string, Resource>): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    const targets = referencedLogicalIds(resource.Properties ?? {});
    const dependsOn = resource.DependsOn ?? [];
    for (const target of Array.isArray(dependsOn) ? dependsOn : [dependsOn]) targets.add(target);
    edges.set(
      logicalId,
      [...targets].filter((target) => target in resources),
    );
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}
