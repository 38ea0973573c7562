/**
 * The one place that holds Abate's Lambda defaults: Node.js 22 on ARM64, minified ESM bundles with
 * source maps (built by `FunctionBundles`), X-Ray tracing, a log group per function with the
 * stage's retention, and the environment every handler relies on.
 */
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../functions.ts';
import { BUNDLE_HANDLER, type FunctionBundles } from './function-bundles.ts';

/** Metadata key the local Step Functions runtime uses to map a Lambda resource to a registry id. */
export const FUNCTION_ID_METADATA = 'abate:functionId';

export const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_TIMEOUT_SECONDS = 10;

export interface AbateFunctionProps {
  spec: FunctionSpec;
  /** Where the function's code comes from (one esbuild run for the whole stack). */
  bundles: FunctionBundles;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

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

    this.fn = new lambda.Function(this, 'Function', {
      description: spec.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.bundles.codeFor(spec, this),
      handler: BUNDLE_HANDLER,
      memorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      // Bundles ship source maps; this makes Node apply them to stack traces.
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    });

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
