/**
 * State machine definitions as the CDK app synthesizes them: read each state machine's
 * `DefinitionString` from the CloudFormation template, resolve intrinsics to local ARNs, and refuse
 * at load time anything the local runtime would not run as AWS does.
 */
import { createHash } from 'node:crypto';
import {
  dynamoTableArn,
  functionIdFromReference,
  LOCAL_ACCOUNT,
  LOCAL_PARTITION,
  LOCAL_REGION,
  lambdaFunctionArn,
  stateMachineArn,
} from './arns.ts';
import { validateDefinition } from './interpreter.ts';

export const FUNCTION_ID_METADATA = 'abate:functionId';
export const WORKFLOW_ID_METADATA = 'abate:workflowId';

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'NONE' | 'FULL';
}

/** What a Task state calls, once its Resource is understood. */
export type TaskIntegration =
  | { kind: 'lambda'; functionId: string }
  | { kind: 'lambdaInvoke'; waitForTaskToken: boolean }
  | { kind: 'startExecution'; waitForTaskToken: boolean };

export interface TaskPlan {
  stateName: string;
  integration: TaskIntegration;
  timeoutSeconds?: number;
  timeoutSecondsPath?: string;
  heartbeatSeconds?: number;
  heartbeatSecondsPath?: string;
  retry: Retrier[];
}

export interface WaitPlan {
  stateName: string;
  seconds?: number;
  secondsPath?: string;
  timestamp?: string;
  timestampPath?: string;
}

export type JsonObject = Record<string, unknown>;

export interface LocalStateMachine {
  workflowId: string;
  logicalId: string;
  name: string;
  arn: string;
  /** The definition as synthesized, intrinsics resolved (what DescribeStateMachine returns). */
  definition: JsonObject;
  tasks: Map<string, TaskPlan>;
  waits: Map<string, WaitPlan>;
  /** State name → ASL type, for every state including those inside Parallel/Map. */
  stateTypes: Map<string, string>;
  timeoutSeconds?: number;
}

export interface LoadDefinitionsOptions {
  /** Function ids the runtime can invoke; a definition naming any other fails to load. */
  functionIds?: Iterable<string>;
  /**
   * `definitionHash`es of definitions that passed the interpreter's validator when they were
   * synthesized (the synth cache keeps them): that validation, a fresh Ajv compile each time, is
   * not repeated. Every other check still runs.
   */
  validated?: ReadonlySet<string>;
  /** Local name for a referenced DynamoDB table: one name for all, or per logical id. */
  tableName?: string | ((logicalId: string) => string);
}

export class DefinitionNotSupportedError extends Error {
  override name = 'DefinitionNotSupportedError';
}

interface CfnResource {
  Type: string;
  Properties?: JsonObject;
  Metadata?: JsonObject;
}

interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
}

/** Every state machine in the template that carries the workflow id metadata, ready to run. */
export function loadStateMachines(
  template: JsonObject,
  options: LoadDefinitionsOptions = {},
): LocalStateMachine[] {
  const resources = (template as CfnTemplate).Resources ?? {};
  const knownFunctions = options.functionIds ? new Set(options.functionIds) : undefined;
  const resolver = new IntrinsicResolver(resources, options);
  const machines: LocalStateMachine[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const workflowId = resource.Metadata?.[WORKFLOW_ID_METADATA];
    if (typeof workflowId !== 'string') {
      throw new DefinitionNotSupportedError(
        `state machine ${logicalId} has no "${WORKFLOW_ID_METADATA}" metadata, so it cannot be mapped to a workflow`,
      );
    }
    const name = resolver.stateMachineName(logicalId);
    const definition = resolver.definitionOf(logicalId);
    const where = `workflow ${workflowId} (${name})`;
    const machine = analyseDefinition(definition, where, knownFunctions, options.validated);
    machines.push({ workflowId, logicalId, name, arn: stateMachineArn(name), definition, ...machine });
  }
  const knownMachineArns = new Set(machines.map((machine) => machine.arn));
  for (const machine of machines) checkStartedMachinesExist(machine, knownMachineArns);
  return machines;
}

/** Validates a plain ASL definition (no template) the same way; used for hand-built tests and tools. */
export function prepareDefinition(
  name: string,
  definition: JsonObject,
  options: { workflowId?: string; functionIds?: Iterable<string> } = {},
): LocalStateMachine {
  const knownFunctions = options.functionIds ? new Set(options.functionIds) : undefined;
  const analysed = analyseDefinition(definition, `state machine ${name}`, knownFunctions);
  return {
    workflowId: options.workflowId ?? name,
    logicalId: name,
    name,
    arn: stateMachineArn(name),
    definition,
    ...analysed,
  };
}

class IntrinsicResolver {
  constructor(
    private readonly resources: Record<string, CfnResource>,
    private readonly options: LoadDefinitionsOptions,
  ) {}

  stateMachineName(logicalId: string): string {
    const resource = this.resources[logicalId];
    const declared = resource?.Properties?.StateMachineName;
    if (declared === undefined) {
      const workflowId = resource?.Metadata?.[WORKFLOW_ID_METADATA];
      return typeof workflowId === 'string' ? workflowId : logicalId;
    }
    return this.resolveString(declared, `StateMachineName of ${logicalId}`);
  }

  definitionOf(logicalId: string): JsonObject {
    const properties = this.resources[logicalId]?.Properties ?? {};
    if (properties.DefinitionS3Location !== undefined) {
      throw new DefinitionNotSupportedError(
        `state machine ${logicalId} keeps its definition in S3; use DefinitionBody.fromChainable so it is inline`,
      );
    }
    let text: string;
    if (properties.DefinitionString !== undefined) {
      text = this.resolveString(properties.DefinitionString, `DefinitionString of ${logicalId}`);
    } else if (properties.Definition !== undefined) {
      text = JSON.stringify(this.resolveDeep(properties.Definition, `Definition of ${logicalId}`));
    } else {
      throw new DefinitionNotSupportedError(`state machine ${logicalId} has no inline definition`);
    }
    const substitutions = properties.DefinitionSubstitutions as JsonObject | undefined;
    for (const [key, value] of Object.entries(substitutions ?? {})) {
      text = text.split(`\${${key}}`).join(this.resolveString(value, `DefinitionSubstitutions.${key}`));
    }
    return JSON.parse(text) as JsonObject;
  }

  private resolveDeep(value: unknown, where: string): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolveDeep(item, where));
    if (value && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::'))) {
        return this.resolveString(value, where);
      }
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [key, this.resolveDeep(inner, where)]),
      );
    }
    return value;
  }

  resolveString(value: unknown, where: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new DefinitionNotSupportedError(`${where}: cannot resolve ${JSON.stringify(value)}`);
    }
    const intrinsic = value as JsonObject;
    if ('Ref' in intrinsic) return this.resolveRef(String(intrinsic.Ref), where);
    if ('Fn::GetAtt' in intrinsic) {
      const target = intrinsic['Fn::GetAtt'];
      const [logicalId, attribute] = Array.isArray(target) ? target : String(target).split('.');
      return this.resolveGetAtt(String(logicalId), String(attribute), where);
    }
    if ('Fn::Join' in intrinsic) {
      const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => this.resolveString(part, where)).join(separator);
    }
    if ('Fn::Sub' in intrinsic) {
      const sub = intrinsic['Fn::Sub'];
      const [text, variables] = Array.isArray(sub) ? (sub as [string, JsonObject]) : [String(sub), {}];
      return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
        if (name in variables) return this.resolveString(variables[name], where);
        if (name.includes('.')) {
          const [logicalId, attribute] = name.split('.');
          return this.resolveGetAtt(String(logicalId), String(attribute), where);
        }
        return this.resolveRef(name, where);
      });
    }
    throw new DefinitionNotSupportedError(
      `${where}: unsupported intrinsic ${Object.keys(intrinsic).join(', ')}`,
    );
  }

  private resolveRef(logicalId: string, where: string): string {
    switch (logicalId) {
      case 'AWS::Partition':
        return LOCAL_PARTITION;
      case 'AWS::Region':
        return LOCAL_REGION;
      case 'AWS::AccountId':
        return LOCAL_ACCOUNT;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
    }
    const resource = this.resources[logicalId];
    switch (resource?.Type) {
      case 'AWS::Lambda::Function':
        return this.functionIdOf(logicalId, where);
      case 'AWS::StepFunctions::StateMachine':
        return stateMachineArn(this.stateMachineName(logicalId));
      case 'AWS::DynamoDB::Table':
        return this.tableNameOf(logicalId, where);
    }
    throw new DefinitionNotSupportedError(
      `${where}: unmapped reference Ref ${logicalId} (${resource?.Type ?? 'no such resource'})`,
    );
  }

  private resolveGetAtt(logicalId: string, attribute: string, where: string): string {
    const resource = this.resources[logicalId];
    const key = `${resource?.Type}.${attribute}`;
    switch (key) {
      case 'AWS::Lambda::Function.Arn':
        return lambdaFunctionArn(this.functionIdOf(logicalId, where));
      case 'AWS::StepFunctions::StateMachine.Arn':
        return stateMachineArn(this.stateMachineName(logicalId));
      case 'AWS::StepFunctions::StateMachine.Name':
        return this.stateMachineName(logicalId);
      case 'AWS::DynamoDB::Table.Arn':
        return dynamoTableArn(this.tableNameOf(logicalId, where));
    }
    throw new DefinitionNotSupportedError(
      `${where}: unmapped reference Fn::GetAtt ${logicalId}.${attribute}`,
    );
  }

  private functionIdOf(logicalId: string, where: string): string {
    const functionId = this.resources[logicalId]?.Metadata?.[FUNCTION_ID_METADATA];
    if (typeof functionId !== 'string') {
      throw new DefinitionNotSupportedError(
        `${where}: Lambda function ${logicalId} has no "${FUNCTION_ID_METADATA}" metadata, so no local handler can run it`,
      );
    }
    return functionId;
  }

  private tableNameOf(logicalId: string, where: string): string {
    const { tableName } = this.options;
    if (typeof tableName === 'string') return tableName;
    if (typeof tableName === 'function') return tableName(logicalId);
    throw new DefinitionNotSupportedError(
      `${where}: table ${logicalId} is referenced but no local table name was given`,
    );
  }
}

type AnalysedDefinition = Pick<LocalStateMachine, 'tasks' | 'waits' | 'stateTypes' | 'timeoutSeconds'>;

const JSONATA_ONLY_FIELDS = ['Arguments', 'Output', 'Items'];

/** Identifies a definition's exact content (what a validation result can be cached under). */
export function definitionHash(definition: JsonObject): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex');
}

function analyseDefinition(
  definition: JsonObject,
  where: string,
  knownFunctions: Set<string> | undefined,
  validated?: ReadonlySet<string>,
): AnalysedDefinition {
  const analysed: AnalysedDefinition = { tasks: new Map(), waits: new Map(), stateTypes: new Map() };
  if (definition.QueryLanguage === 'JSONata') {
    throw new DefinitionNotSupportedError(
      `${where}: QueryLanguage JSONata is not supported locally (JSONPath only)`,
    );
  }
  if (typeof definition.TimeoutSeconds === 'number') analysed.timeoutSeconds = definition.TimeoutSeconds;
  analyseStates(definition, where, knownFunctions, analysed);
  if (validated?.has(definitionHash(definition))) return analysed;
  try {
    // The interpreter's own validator (asl-validator) catches malformed definitions now, not mid-run.
    // It writes defaults into what it checks, so it gets a copy: the definition stays as synthesized.
    validateDefinition(structuredClone(definition));
  } catch (error) {
    throw new DefinitionNotSupportedError(`${where}: ${(error as Error).message}`);
  }
  return analysed;
}

function analyseStates(
  machine: JsonObject,
  where: string,
  knownFunctions: Set<string> | undefined,
  analysed: AnalysedDefinition,
): void {
  const states = (machine.States ?? {}) as Record<string, JsonObject>;
  for (const [stateName, state] of Object.entries(states)) {
    const at = `${where}, state "${stateName}"`;
    if (analysed.stateTypes.has(stateName))
      throw new DefinitionNotSupportedError(`${at}: state name used twice`);
    analysed.stateTypes.set(stateName, String(state.Type));
    if (state.QueryLanguage === 'JSONata') {
      throw new DefinitionNotSupportedError(
        `${at}: QueryLanguage JSONata is not supported locally (JSONPath only)`,
      );
    }
    if ('Assign' in state) {
      throw new DefinitionNotSupportedError(`${at}: Assign (workflow variables) is not supported locally`);
    }
    for (const field of JSONATA_ONLY_FIELDS) {
      if (field in state && state.Type !== 'Map') {
        throw new DefinitionNotSupportedError(
          `${at}: ${field} is a JSONata field and is not supported locally`,
        );
      }
    }
    switch (state.Type) {
      case 'Task':
        analysed.tasks.set(stateName, analyseTask(stateName, state, at, knownFunctions));
        break;
      case 'Wait':
        analysed.waits.set(stateName, {
          stateName,
          ...(state.Seconds !== undefined ? { seconds: Number(state.Seconds) } : {}),
          ...(state.SecondsPath !== undefined ? { secondsPath: String(state.SecondsPath) } : {}),
          ...(state.Timestamp !== undefined ? { timestamp: String(state.Timestamp) } : {}),
          ...(state.TimestampPath !== undefined ? { timestampPath: String(state.TimestampPath) } : {}),
        });
        break;
      case 'Parallel':
        for (const branch of (state.Branches ?? []) as JsonObject[]) {
          analyseStates(branch, where, knownFunctions, analysed);
        }
        break;
      case 'Map': {
        for (const field of ['ItemReader', 'ResultWriter', 'ItemBatcher', 'ItemsPointer']) {
          if (field in state) {
            throw new DefinitionNotSupportedError(
              `${at}: distributed Map (${field}) is not supported locally`,
            );
          }
        }
        const processor = (state.ItemProcessor ?? state.Iterator) as JsonObject | undefined;
        const mode = (processor?.ProcessorConfig as JsonObject | undefined)?.Mode;
        if (mode === 'DISTRIBUTED') {
          throw new DefinitionNotSupportedError(`${at}: distributed Map is not supported locally`);
        }
        if (processor) analyseStates(processor, where, knownFunctions, analysed);
        break;
      }
    }
  }
}

const OPTIMISED_RESOURCE =
  /^arn:[^:]+:states:::([a-z0-9-]+):([A-Za-z]+)(?:\.(waitForTaskToken|sync(?::2)?))?$/;

function analyseTask(
  stateName: string,
  state: JsonObject,
  at: string,
  knownFunctions: Set<string> | undefined,
): TaskPlan {
  const resource = String(state.Resource);
  if ('Credentials' in state)
    throw new DefinitionNotSupportedError(`${at}: Task Credentials are not supported locally`);
  const parameters = (state.Parameters ?? {}) as JsonObject;
  let integration: TaskIntegration;
  const optimised = OPTIMISED_RESOURCE.exec(resource);
  if (/^arn:[^:]+:lambda:/.test(resource)) {
    const functionId = functionIdFromReference(resource);
    requireKnownFunction(functionId, knownFunctions, at);
    integration = { kind: 'lambda', functionId };
  } else if (optimised?.[3]?.startsWith('sync')) {
    throw new DefinitionNotSupportedError(
      `${at}: the .sync integration pattern (${resource}) is not supported locally`,
    );
  } else if (optimised?.[1] === 'lambda' && optimised[2] === 'invoke') {
    integration = { kind: 'lambdaInvoke', waitForTaskToken: optimised[3] === 'waitForTaskToken' };
    if (typeof parameters.FunctionName === 'string') {
      requireKnownFunction(functionIdFromReference(parameters.FunctionName), knownFunctions, at);
    } else if (typeof parameters['FunctionName.$'] !== 'string') {
      throw new DefinitionNotSupportedError(`${at}: lambda:invoke without a FunctionName`);
    }
  } else if (optimised?.[1] === 'states' && optimised[2] === 'startExecution') {
    integration = { kind: 'startExecution', waitForTaskToken: optimised[3] === 'waitForTaskToken' };
    if (
      typeof parameters.StateMachineArn !== 'string' &&
      typeof parameters['StateMachineArn.$'] !== 'string'
    ) {
      throw new DefinitionNotSupportedError(`${at}: states:startExecution without a StateMachineArn`);
    }
  } else {
    throw new DefinitionNotSupportedError(
      `${at}: Task resource ${resource} is not supported by the local runtime`,
    );
  }
  return {
    stateName,
    integration,
    ...(typeof state.TimeoutSeconds === 'number' ? { timeoutSeconds: state.TimeoutSeconds } : {}),
    ...(typeof state.TimeoutSecondsPath === 'string' ? { timeoutSecondsPath: state.TimeoutSecondsPath } : {}),
    ...(typeof state.HeartbeatSeconds === 'number' ? { heartbeatSeconds: state.HeartbeatSeconds } : {}),
    ...(typeof state.HeartbeatSecondsPath === 'string'
      ? { heartbeatSecondsPath: state.HeartbeatSecondsPath }
      : {}),
    retry: (state.Retry ?? []) as Retrier[],
  };
}

function requireKnownFunction(functionId: string, knownFunctions: Set<string> | undefined, at: string): void {
  if (knownFunctions && !knownFunctions.has(functionId)) {
    throw new DefinitionNotSupportedError(`${at}: Lambda function ${functionId} has no local handler`);
  }
}

function checkStartedMachinesExist(machine: LocalStateMachine, knownMachineArns: Set<string>): void {
  const visit = (states: Record<string, JsonObject>): void => {
    for (const [stateName, state] of Object.entries(states)) {
      const target = (state.Parameters as JsonObject | undefined)?.StateMachineArn;
      if (machine.tasks.get(stateName)?.integration.kind === 'startExecution' && typeof target === 'string') {
        if (!knownMachineArns.has(target)) {
          throw new DefinitionNotSupportedError(
            `workflow ${machine.workflowId}, state "${stateName}": starts ${target}, which is not in the template`,
          );
        }
      }
      for (const branch of (state.Branches ?? []) as JsonObject[]) visit((branch.States ?? {}) as never);
      const processor = (state.ItemProcessor ?? state.Iterator) as JsonObject | undefined;
      if (processor) visit((processor.States ?? {}) as never);
    }
  };
  visit((machine.definition.States ?? {}) as never);
}
