/**
 * Abate's AWS stack: builds every function, route, workflow and schedule by iterating the
 * registries (`infra/functions.ts`, `workflows/registry.ts`), so adding an entry there is all a
 * new function or workflow needs, and `buildApp` makes the same app for the CLI and for tests.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, App, Aws, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
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
import {
  EdgeStack,
  edgeStackName,
  needsEdgeStack,
  warnAboutPendingEdgeSettings,
} from './constructs/edge-stack.ts';
import { FunctionBundles } from './constructs/function-bundles.ts';
import { Operations } from './constructs/operations.ts';
import { StaffDirectory } from './constructs/staff-directory.ts';
import { SweeperSchedule } from './constructs/sweeper-schedule.ts';
import { WebHosting } from './constructs/web-hosting.ts';
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

/** The site's public URL in every function's environment; `functions/config/council.ts` reads it. */
export const WEB_URL_ENV = 'ABATE_WEB_URL';

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
  /** The resident pages and staff console: S3 behind CloudFront, with the API on the same origin. */
  readonly web: WebHosting;
  /** `arn:<partition>:states:<region>:<account>:stateMachine:abate-<stage>-`; append a workflow id. */
  readonly stateMachineArnPrefix: string;

  constructor(scope: Construct, id: string, props: AbateStackProps) {
    super(scope, id, props);
    const config = props.config;
    this.config = config;
    const functionSpecs = props.functions ?? registeredFunctions;
    const workflowSpecs = props.workflows ?? registeredWorkflows;
    assertUniqueIds('function', functionSpecs);
    assertUniqueIds('workflow', workflowSpecs);

    // Built from fixed parts, not from state machine tokens: a function a workflow invokes may
    // also start or signal that workflow, and a token would make a dependency cycle.
    this.stateMachineArnPrefix = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:stateMachine:${stateMachineName(config.stage, '')}`;

    this.table = new CaseTable(this, 'CaseTable', {
      removalPolicy: config.removalPolicy,
      contributorInsights: config.tableContributorInsights,
    });
    this.createSecrets(functionSpecs);
    const knownWorkflows = new Set(workflowSpecs.map((spec) => spec.id));
    const bundles = new FunctionBundles(this, props.projectRoot ?? PROJECT_ROOT, functionSpecs);
    for (const spec of functionSpecs) this.createFunction(spec, bundles, knownWorkflows);
    bundles.cleanUp();
    for (const spec of workflowSpecs) {
      const workflow = new CaseWorkflow(this, `Workflow-${spec.id}`, {
        spec,
        context: { scope: this, fn: (functionId) => this.fn(functionId), stage: config.stage },
        logRetention: config.logRetention,
        removalPolicy: config.removalPolicy,
      });
      this.stateMachines.set(spec.id, workflow.stateMachine);
    }

    this.staff = new StaffDirectory(this, 'Staff', {
      stage: config.stage,
      removalPolicy: config.removalPolicy,
      // The site is built after the API, which needs this client, so its URL is read at synthesis:
      // the client gets <web>/staff/callback at the first deployment, with no second pass.
      webUrl: () => this.web.url,
      extraCallbackUrls: config.staffCallbackUrls,
      extraLogoutUrls: config.staffLogoutUrls,
    });
    this.api = new CaseApi(this, 'Api', {
      stage: config.stage,
      routes: props.routes ?? registeredRoutes,
      fn: (functionId) => this.fn(functionId),
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

    this.web = new WebHosting(this, 'Web', {
      stage: config.stage,
      removalPolicy: config.removalPolicy,
      staffDomain: this.staff.domain,
      staffClient: this.staff.webClient,
      api: {
        domainName: `${this.api.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`,
        routes: props.routes ?? registeredRoutes,
      },
      ...(config.webDomainName && config.webCertificateArn
        ? { customDomain: { domainName: config.webDomainName, certificateArn: config.webCertificateArn } }
        : {}),
      ...(config.webAclArn ? { webAclArn: config.webAclArn } : {}),
    });
    this.wirePublicSite();

    for (const spec of functionSpecs.filter((candidate) => candidate.schedule === 'sweeper')) {
      this.sweepers.push(
        new SweeperSchedule(this, `Schedule-${spec.id}`, {
          stage: config.stage,
          functionId: spec.id,
          sweeper: this.fn(spec.id),
          rate: spec.scheduleEveryMinutes ? Duration.minutes(spec.scheduleEveryMinutes) : config.sweeperRate,
          description: spec.description,
          removalPolicy: config.removalPolicy,
        }),
      );
    }

    this.operations = new Operations(this, 'Operations', {
      stage: config.stage,
      functions: this.functions,
      stateMachines: this.stateMachines,
      deadLetterQueues: new Map<string, sqs.IQueue>(
        this.sweepers.map((sweeper) => [`${sweeper.functionId}Schedule`, sweeper.deadLetterQueue]),
      ),
      httpApi: this.api.httpApi,
      removalPolicy: config.removalPolicy,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });

    this.addOutputs();
  }

  /**
   * Deploying for real (issue 16): every function learns the site's public URL, which overrides the
   * council configuration's `publicUrl` in links residents are sent. The distribution depends on
   * the API and the staff sign-in, never on a function, so this adds no dependency cycle (with a
   * custom domain the URL is a plain string and adds no dependency at all).
   */
  private wirePublicSite(): void {
    for (const fn of this.functions.values()) fn.addEnvironment(WEB_URL_ENV, this.web.url);
    warnAboutPendingEdgeSettings(this, this.config);
  }

  /** The Lambda function for a registry id. */
  fn(functionId: string): lambda.Function {
    const fn = this.functions.get(functionId);
    if (!fn) throw new Error(`No function ${functionId} in infra/functions.ts`);
    return fn;
  }

  /** One Secrets Manager secret per logical name any function reads. */
  private createSecrets(functionSpecs: FunctionSpec[]): void {
    for (const name of new Set(functionSpecs.flatMap((spec) => spec.secrets ?? []))) {
      const secret = new secretsmanager.Secret(this, `Secret-${name}`, {
        secretName: secretName(this.config.stage, name),
        description: describeSecret(name).description,
        // A random value so nothing works with a guessable key until the real one is set.
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
        removalPolicy: this.config.removalPolicy,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: describeSecret(name).manualRotationReason,
      });
      this.secrets.set(name, secret);
    }
  }

  /** The function for a spec, with exactly the table, secret and state machine access it declares. */
  private createFunction(spec: FunctionSpec, bundles: FunctionBundles, knownWorkflows: Set<string>): void {
    const environment: Record<string, string> = {
      TABLE_NAME: this.table.table.tableName,
      STAGE: this.config.stage,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      STATE_MACHINE_ARN_PREFIX: this.stateMachineArnPrefix,
    };
    const secrets = (spec.secrets ?? []).map((name) => ({ name, secret: this.secrets.get(name) }));
    for (const { name, secret } of secrets) {
      if (secret) environment[describeSecret(name).envVar] = secret.secretArn;
    }
    const built = new AbateFunction(this, spec.id, {
      spec,
      bundles,
      environment,
      logRetention: this.config.logRetention,
      removalPolicy: this.config.removalPolicy,
    });
    const fn = built.fn;
    this.functions.set(spec.id, fn);

    this.table.grant(fn, spec.table);
    for (const { secret } of secrets) secret?.grantRead(fn);

    const started = spec.startsStateMachines ?? [];
    const signalled = spec.signalsStateMachines ?? [];
    if (started.length > 0) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['states:StartExecution'],
          resources: started.map((workflowId) => `${this.stateMachineArnPrefix}${workflowId}`),
        }),
      );
    }
    if (signalled.length > 0) {
      // Task-token calls have no resource type in IAM: the token itself names the execution,
      // so the only resource they accept is "*". Only functions that signal get them.
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: SIGNAL_ACTIONS, resources: ['*'] }));
    }
    const stopped = spec.stopsStateMachines ?? [];
    if (stopped.length > 0) {
      // Execution names are chosen per case at run time: the grant names each machine's executions.
      const executions = (prefix: string) => stopped.map((workflowId) => `${prefix}${workflowId}:*`);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['states:StopExecution'],
          resources: executions(this.stateMachineArnPrefix.replace(':stateMachine:', ':execution:')),
        }),
      );
      const asNagSees = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName(this.config.stage, '')}`;
      for (const resource of executions(asNagSees))
        Validations.of(built).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${resource}]`,
          reason:
            'StopExecution is granted on the executions of the named case phases only; their names are chosen per case at run time',
        });
    }
    for (const workflowId of [...started, ...signalled, ...stopped]) {
      if (!knownWorkflows.has(workflowId)) {
        Annotations.of(built).addWarningV2(
          'abate:unknownWorkflow',
          `Function ${spec.id} refers to workflow ${workflowId}, which workflows/registry.ts does not define`,
        );
      }
    }
  }

  private addOutputs(): void {
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'WebUrl', {
      value: this.web.url,
      description: 'Resident pages at /, staff console at /staff (the custom domain when one is configured)',
    });
    new CfnOutput(this, 'WebDistributionDomainName', {
      value: this.web.distribution.distributionDomainName,
      description: 'Point the custom domain here: a CNAME (or a Route 53 alias) to this name',
    });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.staff.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.staff.webClient.userPoolClientId });
    new CfnOutput(this, 'HostedUiDomain', { value: this.staff.domain.baseUrl() });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.alarmTopic.topicArn });
    new CfnOutput(this, 'StateMachineArnPrefix', { value: this.stateMachineArnPrefix });
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

export function buildApp(options: BuildAppOptions = {}): { app: App; stack: AbateStack; edge?: EdgeStack } {
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
  // What CloudFront takes only from us-east-1 (web ACL, certificate), when the stage asks for it.
  const edge = needsEdgeStack(config)
    ? new EdgeStack(app, edgeStackName(config.stage), {
        config,
        description: `Abate ${config.stage}: CloudFront web ACL and certificate (us-east-1)`,
        ...(options.env?.account ? { env: { account: options.env.account } } : {}),
        tags: { application: 'abate', stage: config.stage },
      })
    : undefined;
  return { app, stack, ...(edge ? { edge } : {}) };
}
