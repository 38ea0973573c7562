/**
 * One Standard state machine from a `WorkflowSpec`: fixed name (so functions can build its ARN),
 * definition kept inline in the template (the local runtime reads it), logging ALL and tracing.
 */
import { type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { stateMachineName, type WorkflowContext, type WorkflowSpec } from '../../workflows/registry.ts';

/** Metadata key the local Step Functions runtime uses to map a state machine to its workflow id. */
export const WORKFLOW_ID_METADATA = 'abate:workflowId';

export interface CaseWorkflowProps {
  spec: WorkflowSpec;
  context: WorkflowContext;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

export class CaseWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  /** Functions the workflow's states invoke: the state machine role may invoke these alone. */
  readonly invokedFunctions = new Set<lambda.IFunction>();

  constructor(scope: Construct, id: string, props: CaseWorkflowProps) {
    super(scope, id);
    const name = stateMachineName(props.context.stage, props.spec.id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps Step Functions from growing the account-wide log
      // resource policy, which has a hard size limit.
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: props.spec.description,
      definitionBody: sfn.DefinitionBody.fromChainable(
        props.spec.build({
          ...props.context,
          scope: this,
          fn: (functionId) => {
            const fn = props.context.fn(functionId);
            this.invokedFunctions.add(fn);
            return fn;
          },
        }),
      ),
      // Execution data carries case references and outcomes, not personal details (those live in
      // their own items), so logging it helps replays without spreading residents' data.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    (this.stateMachine.node.defaultChild as sfn.CfnStateMachine).addMetadata(
      WORKFLOW_ID_METADATA,
      props.spec.id,
    );

    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing and CloudWatch Logs delivery (logs:CreateLogDelivery and friends) accept no resource but "*"; Step Functions documents these exact statements',
    });
    const stack = Stack.of(this);
    for (const fn of this.invokedFunctions) {
      const cfnFunction = fn.node.defaultChild as lambda.CfnFunction;
      Validations.of(this.stateMachine.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(cfnFunction)}.Arn>:*]`,
        reason:
          'CDK grants lambda:InvokeFunction on the function and its qualified ARNs (versions, aliases) of exactly the functions this workflow invokes',
      });
    }
  }
}
