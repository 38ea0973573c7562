/**
 * The one place that holds Abate's Lambda defaults: Node.js 22 on ARM64, minified ESM bundles with
 * source maps, X-Ray tracing, a log group per function with the stage's retention, and the
 * environment every handler relies on.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Annotations, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../functions.ts';

/** Metadata key the local Step Functions runtime uses to map a Lambda resource to a registry id. */
export const FUNCTION_ID_METADATA = 'abate:functionId';

export const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_TIMEOUT_SECONDS = 10;

export interface AbateFunctionProps {
  spec: FunctionSpec;
  /** Absolute project root: entries in the registry are relative to it. */
  projectRoot: string;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

// Bundles are ESM; some dependencies still call `require`, which ESM lacks unless we recreate it.
const esmRequireBanner =
  "import { createRequire as __abateCreateRequire } from 'node:module'; const require = __abateCreateRequire(import.meta.url);";

export class AbateFunction extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AbateFunctionProps) {
    super(scope, id);
    const { spec } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    const entry = path.resolve(props.projectRoot, spec.entry);
    const common = {
      description: spec.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    };

    if (!existsSync(entry) && !Stack.of(this).bundlingRequired) {
      // Registry entries can land before their handler module; a synth that does not bundle (tests,
      // the local runtime reading definitions) should still describe every function.
      Annotations.of(this).addWarningV2(
        'abate:missingEntry',
        `Entry ${spec.entry} for function ${spec.id} does not exist yet; placeholder code used because bundling is skipped`,
      );
      this.fn = new lambda.Function(this, 'Function', {
        ...common,
        handler: 'index.handler',
        code: lambda.Code.fromInline(
          `exports.handler = async () => { throw new Error('${spec.id}: entry module missing at synth time'); };`,
        ),
      });
    } else {
      if (!existsSync(entry)) {
        throw new Error(
          `Function ${spec.id}: entry module ${spec.entry} does not exist, so it cannot be bundled`,
        );
      }
      this.fn = new NodejsFunction(this, 'Function', {
        ...common,
        entry,
        handler: 'handler',
        projectRoot: props.projectRoot,
        depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
        bundling: {
          format: OutputFormat.ESM,
          target: 'node22',
          minify: true,
          sourceMap: true,
          // Source text inflates the bundle and the stack traces only need file/line mapping.
          sourcesContent: false,
          mainFields: ['module', 'main'],
          banner: esmRequireBanner,
          // The SDK is pinned in package-lock.json; bundling it means Lambda runs the version we test.
          bundleAwsSDK: true,
          tsconfig: path.join(props.projectRoot, 'tsconfig.json'),
        },
      });
    }

    (this.fn.node.defaultChild as lambda.CfnFunction).addMetadata(FUNCTION_ID_METADATA, spec.id);

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime the design fixes for the handlers and their pinned dependencies; moving to a newer runtime is a deliberate, tested change, not an automatic one',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'The AWS-managed basic execution role grants only logs:CreateLogStream and logs:PutLogEvents, which every function needs for its own log group',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords accept no resource but "*"; so do states:SendTask* (the task token names the execution), granted only to functions whose spec says they signal a workflow',
    });
  }
}
