/**
 * Runs the sweeper on a fixed rate with EventBridge Scheduler. A failed invocation is retried;
 * one that still fails lands in a dead-letter queue that an alarm watches, so a stuck sweeper
 * (and with it every deadline) cannot go unnoticed.
 */
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SweeperScheduleProps {
  stage: string;
  functionId: string;
  sweeper: lambda.IFunction;
  rate: Duration;
  removalPolicy: RemovalPolicy;
  /** What the schedule is for (the sweeper's own words when absent). */
  description?: string;
}

export class SweeperSchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly deadLetterQueue: sqs.Queue;
  readonly role: iam.Role;
  readonly functionId: string;

  constructor(scope: Construct, id: string, props: SweeperScheduleProps) {
    super(scope, id);
    this.functionId = props.functionId;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Long enough to investigate a failure over a holiday weekend.
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });

    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the sweeper schedule; it has no consumer to fail',
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // Only schedules in this account may use the role (confused-deputy protection).
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `Lets EventBridge Scheduler invoke the ${props.functionId} function`,
    });

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleName: `abate-${props.stage}-${props.functionId}`,
      description: (props.description ?? 'Fires due deadlines, reminders and escalations').slice(0, 512),
      schedule: scheduler.ScheduleExpression.rate(props.rate),
      target: new LambdaInvoke(props.sweeper, {
        role: this.role,
        // The sweeper is idempotent for an instant, so a retry cannot double a reminder.
        retryAttempts: 3,
        // A sweep older than one interval is superseded by the next one.
        maxEventAge: props.rate.toSeconds() >= 60 ? props.rate : Duration.minutes(1),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });

    const cfnFunction = props.sweeper.node.defaultChild as lambda.CfnFunction;
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(cfnFunction)}.Arn>:*]`,
      reason:
        'CDK grants lambda:InvokeFunction on the sweeper and its qualified ARNs (versions, aliases) only',
    });
  }
}
