/**
 * Abate's AWS stack: builds every function, route, workflow and schedule by iterating the
 * registries (`infra/functions.ts`, `workflows/registry.ts`), so adding an entry there is all a
 * new function or workflow needs, and `buildApp` makes the same app for the CLI and for tests.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, App, Aws, CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import {
  workflows as registeredWorkflows,
  stateMachineName,
  type WorkflowSpec,
} from '../workflows/registry.ts';
import { AbateFunction } from './constructs/abate-function.ts';
import { CaseApi } from './constructs/case-api.ts';
import { CaseWorkflow } from './constructs/case-workflow.ts';
import { Operations } from './constructs/operations.ts';
import { StaffDirectory } from './constructs/staff-directory.ts';
import { SweeperSchedule } from './constructs/sweeper-schedule.ts';
import {
  type FunctionSpec,
  type RouteSpec,
  functions as registeredFunctions,
  routes as registeredRoutes,
} from './functions.ts';
import { describeSecret, secretName } from './secrets.ts';
import { type StageConfig, stageConfigFrom } from './stage-config.ts';
import { CaseTable } from './table/construct.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Service name in every structured log line and trace. */
export const SERVICE_NAME = 'abate';

export const SIGNAL_ACTIONS = [
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
];

export interface AbateStackProps extends StackProps {
  config: StageConfig;
  /** Defaults to the registries; tests pass their own lists. */
  functions?: FunctionSpec[];
  routes?: RouteSpec[];
  workflows?: WorkflowSpec[];
  projectRoot?: string;
}

export class AbateStack extends Stack {
  readonly config: StageConfig;
  readonly table: CaseTable;
  readonly functions = new Map<string, lambda.Function>();
  readonly stateMachines = new Map<string, sfn.StateMachine>();
  readonly secrets = new Map<string, secretsmanager.Secret>();
  readonly staff: StaffDirectory;
  readonly api: CaseApi;
  readonly sweepers: SweeperSchedule[] = [];
  readonly operations: Operations;

  constructor(scope: Construct, id: string, props: AbateStackProps) {
    super(scope, id, props);
    const config = props.config;
    this.config = config;
    const functionSpecs = props.functions ?? registeredFunctions;
    const routeSpecs = props.routes ?? registeredRoutes;
    const workflowSpecs = props.workflows ?? registeredWorkflows;
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;
    assertUniqueIds('function', functionSpecs);
    assertUniqueIds('workflow', workflowSpecs);

    this.table = new CaseTable(this, 'CaseTable', {
      removalPolicy: config.removalPolicy,
      contributorInsights: config.tableContributorInsights,
    });

    for (const name of new Set(functionSpecs.flatMap((spec) => spec.secrets ?? []))) {
      this.secrets.set(
        name,
        new secretsmanager.Secret(this, `Secret-${name}`, {
          secretName: secretName(config.stage, name),
          description: describeSecret(name).description,
          // A random value so nothing works with a guessable key until the real one is set.
          generateSecretString: { passwordLength: 48, excludePunctuation: true },
          removalPolicy: config.removalPolicy,
        }),
      );
      Validations.of(this.secrets.get(name) as secretsmanager.Secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: describeSecret(name).manualRotationReason,
      });
    }

    // Built from fixed parts, not from state machine tokens: a function a workflow invokes may
    // also start or signal that workflow, and a token would make a dependency cycle.
    const stateMachineArnPrefix = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:stateMachine:${stateMachineName(config.stage, '')}`;
    const stateMachineArn = (workflowId: string) => `${stateMachineArnPrefix}${workflowId}`;
    const knownWorkflows = new Set(workflowSpecs.map((spec) => spec.id));

    for (const spec of functionSpecs) {
      const environment: Record<string, string> = {
        TABLE_NAME: this.table.table.tableName,
        STAGE: config.stage,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        STATE_MACHINE_ARN_PREFIX: stateMachineArnPrefix,
      };
      for (const name of spec.secrets ?? []) {
        environment[describeSecret(name).envVar] = this.secrets.get(name)?.secretArn ?? '';
      }
      const built = new AbateFunction(this, spec.id, {
        spec,
        projectRoot,
        environment,
        logRetention: config.logRetention,
        removalPolicy: config.removalPolicy,
      });
      const fn = built.fn;
      this.functions.set(spec.id, fn);

      this.table.grant(fn, spec.table);
      for (const name of spec.secrets ?? []) this.secrets.get(name)?.grantRead(fn);

      const started = spec.startsStateMachines ?? [];
      if (started.length > 0) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['states:StartExecution'],
            resources: started.map(stateMachineArn),
          }),
        );
      }
      if ((spec.signalsStateMachines ?? []).length > 0) {
        // Task-token calls have no resource type in IAM: the token itself names the execution,
        // so the only resource they accept is "*". Only functions that signal get them.
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: SIGNAL_ACTIONS, resources: ['*'] }));
      }
      for (const workflowId of [...started, ...(spec.signalsStateMachines ?? [])]) {
        if (!knownWorkflows.has(workflowId)) {
          Annotations.of(built).addWarningV2(
            'abate:unknownWorkflow',
            `Function ${spec.id} refers to workflow ${workflowId}, which workflows/registry.ts does not define`,
          );
        }
      }
    }

    const fnById = (functionId: string): lambda.Function => {
      const fn = this.functions.get(functionId);
      if (!fn) throw new Error(`No function ${functionId} in infra/functions.ts`);
      return fn;
    };

    for (const spec of workflowSpecs) {
      const workflow = new CaseWorkflow(this, `Workflow-${spec.id}`, {
        spec,
        context: { scope: this, fn: fnById, stage: config.stage },
        logRetention: config.logRetention,
        removalPolicy: config.removalPolicy,
      });
      this.stateMachines.set(spec.id, workflow.stateMachine);
    }

    this.staff = new StaffDirectory(this, 'Staff', {
      stage: config.stage,
      removalPolicy: config.removalPolicy,
      callbackUrls: config.staffCallbackUrls,
      logoutUrls: config.staffLogoutUrls,
    });

    this.api = new CaseApi(this, 'Api', {
      stage: config.stage,
      routes: routeSpecs,
      fn: fnById,
      userPool: this.staff.userPool,
      userPoolClients: [this.staff.webClient],
      corsOrigins: config.corsOrigins,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      publicRouteRateLimit: config.publicRouteRateLimit,
      publicRouteBurstLimit: config.publicRouteBurstLimit,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });

    const deadLetterQueues = new Map<string, sqs.IQueue>();
    for (const spec of functionSpecs.filter((candidate) => candidate.schedule === 'sweeper')) {
      const sweeper = new SweeperSchedule(this, `Schedule-${spec.id}`, {
        stage: config.stage,
        functionId: spec.id,
        sweeper: fnById(spec.id),
        rate: config.sweeperRate,
        removalPolicy: config.removalPolicy,
      });
      this.sweepers.push(sweeper);
      deadLetterQueues.set(`${spec.id}Schedule`, sweeper.deadLetterQueue);
    }

    this.operations = new Operations(this, 'Operations', {
      stage: config.stage,
      functions: this.functions,
      stateMachines: this.stateMachines,
      deadLetterQueues,
      httpApi: this.api.httpApi,
      removalPolicy: config.removalPolicy,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.staff.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.staff.webClient.userPoolClientId });
    new CfnOutput(this, 'HostedUiDomain', { value: this.staff.domain.baseUrl() });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.alarmTopic.topicArn });
    new CfnOutput(this, 'StateMachineArnPrefix', { value: stateMachineArnPrefix });
    for (const [name, secret] of this.secrets) {
      new CfnOutput(this, `SecretArn-${name}`, { value: secret.secretArn, description: `Secret "${name}"` });
    }
  }
}

function assertUniqueIds(kind: string, specs: { id: string }[]): void {
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.id)) throw new Error(`Duplicate ${kind} id ${spec.id}`);
    seen.add(spec.id);
  }
}

export interface BuildAppOptions {
  /** `dev` unless given; other stage settings come from `context`. */
  stage?: StageConfig['stage'];
  /** Run esbuild for every function (slow); off skips bundling through CDK context. */
  bundling?: boolean;
  /** Register cdk-nag's AwsSolutions checks as a synthesis validation plugin. */
  nag?: boolean;
  /**
   * The CDK's built-in CloudFormation schema and rule validation (on by default). It costs a few
   * seconds per synthesis, so most tests switch it off and one test keeps it on.
   */
  cloudFormationValidation?: boolean;
  /** Extra CDK context, e.g. `{ corsOrigins: 'https://council.example' }`. */
  context?: Record<string, unknown>;
  functions?: FunctionSpec[];
  routes?: RouteSpec[];
  workflows?: WorkflowSpec[];
  /** Where function entries are resolved from; defaults to the repository root. */
  projectRoot?: string;
  outdir?: string;
  env?: StackProps['env'];
}

export function stackName(stage: string): string {
  return `Abate-${stage}`;
}

export function buildApp(options: BuildAppOptions = {}): { app: App; stack: AbateStack } {
  const context: Record<string, unknown> = { ...options.context };
  if (options.stage) context.stage = options.stage;
  if (options.bundling === false) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({
    context,
    builtinCloudFormationValidation: options.cloudFormationValidation ?? true,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const config = stageConfigFrom(app.node);
  const stack = new AbateStack(app, stackName(config.stage), {
    config,
    description: `Abate noise nuisance case workflows (${config.stage})`,
    ...(options.functions ? { functions: options.functions } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
    ...(options.workflows ? { workflows: options.workflows } : {}),
    ...(options.projectRoot ? { projectRoot: options.projectRoot } : {}),
    ...(options.env ? { env: options.env } : {}),
    tags: { application: 'abate', stage: config.stage },
  });
  return { app, stack };
}
