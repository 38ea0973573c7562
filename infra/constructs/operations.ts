/**
 * What an operator watches: alarms on everything that means a case stopped moving or a request
 * failed, all to one SNS topic, and a dashboard with the same signals side by side.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OperationsProps {
  stage: string;
  functions: ReadonlyMap<string, lambda.IFunction>;
  stateMachines: ReadonlyMap<string, sfn.IStateMachine>;
  deadLetterQueues: ReadonlyMap<string, sqs.IQueue>;
  httpApi: apigw.IHttpApi;
  alarmEmail?: string;
  removalPolicy: RemovalPolicy;
}

const PERIOD = Duration.minutes(5);

export class Operations extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.stage = props.stage;

    // CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key (its policy
    // cannot name CloudWatch), so the topic has its own key that does.
    const topicKey = new kms.Key(this, 'AlarmTopicKey', {
      description: `Encrypts the abate-${props.stage} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `abate-${props.stage}-alarms`,
      displayName: `Abate ${props.stage} alarms`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    const workflowWidgets: cloudwatch.IWidget[] = [];
    for (const [workflowId, machine] of props.stateMachines) {
      // Any failed, timed-out or aborted execution is a case that stopped moving: one is enough.
      const failed = machine.metricFailed({ period: PERIOD, statistic: 'Sum' });
      const timedOut = machine.metricTimedOut({ period: PERIOD, statistic: 'Sum' });
      const aborted = machine.metricAborted({ period: PERIOD, statistic: 'Sum' });
      this.alarmOn(`${workflowId}-ExecutionsFailed`, failed, `Executions of ${workflowId} failed`);
      this.alarmOn(`${workflowId}-ExecutionsTimedOut`, timedOut, `Executions of ${workflowId} timed out`);
      this.alarmOn(`${workflowId}-ExecutionsAborted`, aborted, `Executions of ${workflowId} were aborted`);
      workflowWidgets.push(
        new cloudwatch.GraphWidget({
          title: `Workflow ${workflowId}`,
          left: [machine.metricStarted({ period: PERIOD }), machine.metricSucceeded({ period: PERIOD })],
          right: [failed, timedOut, aborted],
          width: 8,
        }),
      );
    }

    const functionWidgets: cloudwatch.IWidget[] = [];
    for (const [functionId, fn] of props.functions) {
      const errors = fn.metricErrors({ period: PERIOD, statistic: 'Sum' });
      const throttles = fn.metricThrottles({ period: PERIOD, statistic: 'Sum' });
      this.alarmOn(`${functionId}-Errors`, errors, `Function ${functionId} threw errors`);
      this.alarmOn(`${functionId}-Throttles`, throttles, `Function ${functionId} was throttled`);
      functionWidgets.push(
        new cloudwatch.GraphWidget({
          title: `Function ${functionId}`,
          left: [fn.metricInvocations({ period: PERIOD }), errors, throttles],
          right: [fn.metricDuration({ period: PERIOD, statistic: 'p99' })],
          width: 8,
        }),
      );
    }

    const queueWidgets: cloudwatch.IWidget[] = [];
    for (const [queueId, queue] of props.deadLetterQueues) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' });
      this.alarmOn(`${queueId}-DeadLetters`, depth, `Messages waiting in the ${queueId} dead-letter queue`);
      queueWidgets.push(
        new cloudwatch.GraphWidget({ title: `Dead letters: ${queueId}`, left: [depth], width: 8 }),
      );
    }

    const serverErrors = props.httpApi.metricServerError({ period: PERIOD, statistic: 'Sum' });
    this.alarmOn('Api-5xx', serverErrors, 'The API answered with server errors');
    const apiWidget = new cloudwatch.GraphWidget({
      title: 'API',
      left: [props.httpApi.metricCount({ period: PERIOD, statistic: 'Sum' }), serverErrors],
      right: [props.httpApi.metricLatency({ period: PERIOD, statistic: 'p99' })],
      width: 24,
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `abate-${props.stage}`,
      widgets: [[apiWidget], workflowWidgets, functionWidgets, queueWidgets].filter((row) => row.length > 0),
    });
  }

  private alarmOn(name: string, metric: cloudwatch.IMetric, description: string): void {
    const alarm = new cloudwatch.Alarm(this, `Alarm-${name}`, {
      alarmName: `abate-${this.stage}-${name}`,
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means nothing happened, which for these counters is the healthy case.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cwActions.SnsAction(this.alarmTopic));
    alarm.addOkAction(new cwActions.SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }
}
