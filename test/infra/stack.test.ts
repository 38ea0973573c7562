import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseTable } from '../../infra/table/schema.ts';
import { testFunctions, testRoutes } from './fixtures/registries.ts';
import { auditCallbackTasks } from './support/asl.ts';
import { findDependencyCycle, type Resource, type Synthesized, synthesize } from './support/synth.ts';

let synth: Synthesized;

beforeAll(() => {
  // With nag registered, synthesis itself fails on an unacknowledged AwsSolutions finding.
  synth = synthesize({
    stage: 'dev',
    nag: true,
    context: { corsOrigins: 'https://staff.council.example,https://report.council.example' },
  });
});

const environmentOf = (properties: Record<string, unknown>) =>
  (properties.Environment as { Variables: Record<string, unknown> }).Variables;

describe('the case table', () => {
  it('is built from the shared definition: keys and every index with all attributes projected', () => {
    const [, table] = synth.only('AWS::DynamoDB::Table');
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: caseTable.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: caseTable.sortKey.name, KeyType: 'RANGE' },
    ]);
    const indexes = table.Properties.GlobalSecondaryIndexes as {
      IndexName: string;
      KeySchema: unknown[];
      Projection: unknown;
    }[];
    expect(indexes.map((index) => index.IndexName)).toEqual(
      caseTable.globalSecondaryIndexes.map((index) => index.indexName),
    );
    for (const [position, index] of caseTable.globalSecondaryIndexes.entries()) {
      expect(indexes[position]?.KeySchema).toEqual([
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ]);
      expect(indexes[position]?.Projection).toEqual({ ProjectionType: 'ALL' });
    }
  });

  it('is on-demand, encrypted and has point-in-time recovery', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });
});

describe('the functions', () => {
  it('exist once per registry entry, each tagged with its registry id for the local runtime', () => {
    expect(Object.keys(synth.functionLogicalIds).sort()).toEqual(testFunctions.map((spec) => spec.id).sort());
  });

  it('run Node.js 22 on ARM64 with X-Ray tracing', () => {
    for (const [, fn] of synth.abateFunctions()) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('take memory and timeout from the spec, with defaults when it says nothing', () => {
    const props = (id: string) => synth.resources[synth.functionLogicalIds[id] as string]?.Properties;
    expect(props('Sweeper')).toMatchObject({ Timeout: 60, MemorySize: 512 });
    expect(props('RenderLetter')).toMatchObject({ Timeout: 10, MemorySize: 256 });
  });

  it('get the table name, stage, service name and state machine ARN prefix in their environment', () => {
    for (const [, fn] of synth.abateFunctions()) {
      const variables = environmentOf(fn.Properties);
      expect(variables.STAGE).toBe('dev');
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe('abate');
      expect(variables.TABLE_NAME).toEqual({ Ref: expect.stringMatching(/^CaseTable/) });
      expect(variables.STATE_MACHINE_ARN_PREFIX).toEqual({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':states:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':stateMachine:abate-dev-',
          ],
        ],
      });
    }
  });

  it('never carry a signing key or secret value in their environment, only secret ARNs', () => {
    for (const [, fn] of synth.abateFunctions()) {
      for (const name of Object.keys(environmentOf(fn.Properties))) {
        expect(name).not.toMatch(/SIGNING|PRIVATE|PASSWORD|_SECRET$|_KEY$/);
      }
    }
    const payment = synth.resources[synth.functionLogicalIds.RecordPayment as string];
    expect(environmentOf(payment?.Properties ?? {}).PAYMENT_SECRET_ARN).toEqual({
      Ref: expect.stringMatching(/^Secretpayment/),
    });
  });

  it('each log to their own log group with the stage retention', () => {
    const logGroups = new Set<string>();
    for (const [, fn] of synth.abateFunctions()) {
      const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(synth.resources[logGroupId]?.Properties.RetentionInDays).toBe(7);
      logGroups.add(logGroupId);
    }
    expect(logGroups.size).toBe(testFunctions.length);
  });
});

describe('the state machines', () => {
  it('are Standard, named from fixed parts, traced and logging everything', () => {
    synth.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'abate-dev-investigation',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
  });

  it('keep their definition inline and carry their workflow id for the local runtime', () => {
    const [, machine] = synth.only('AWS::StepFunctions::StateMachine');
    expect(machine.Metadata).toMatchObject({ 'abate:workflowId': 'investigation' });
    expect(synth.machines.investigation?.StartAt).toBe('Triage');
  });

  it('give every callback task, nested in Parallel branches and Map items too, a timeout and a Catch', () => {
    const { problems, callbackTasks } = auditCallbackTasks(synth.machines);
    expect(problems).toEqual([]);
    expect(callbackTasks.sort()).toEqual([
      'investigation: Both parties/branch 0/Source decision',
      'investigation: Each complainant/items/Complainant decision',
      'investigation: Triage',
    ]);
  });

  it('invoke functions through the ARN of the function resource, so the local runtime can map them', () => {
    const triage = synth.machines.investigation?.States.Triage;
    expect(triage?.Resource).toBe('arn:<Ref:AWS::Partition>:states:::lambda:invoke.waitForTaskToken');
    expect(JSON.stringify(triage?.Parameters)).toContain(
      `<GetAtt:${synth.functionLogicalIds.AwaitDecision}.Arn>`,
    );
    expect(triage?.TimeoutSeconds).toBe(3 * 24 * 3600);
  });
});

describe('staff sign-in', () => {
  it('is a user pool without self sign-up, with MFA required and threat protection enforced', () => {
    synth.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('has the caseworker, manager and facilitator groups', () => {
    const groups = synth.ofType('AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties.GroupName);
    expect(groups.sort()).toEqual(['caseworker', 'facilitator', 'manager']);
  });

  it('has a hosted UI client using the authorization code flow without a client secret', () => {
    const [distributionId] = synth.only('AWS::CloudFront::Distribution');
    synth.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      // The site's own callback first (derived from the distribution), then dev's local console.
      CallbackURLs: [
        {
          'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/staff/callback']],
        },
        'http://localhost:3000/staff/callback',
      ],
    });
    synth.template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });
});

describe('the sweeper schedule', () => {
  it('invokes the function marked as sweeper every 15 minutes, with retries and a dead-letter queue', () => {
    synth.template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [synth.functionLogicalIds.Sweeper, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
      }),
    });
  });

  it('has an encrypted dead-letter queue that refuses plain-HTTP access', () => {
    synth.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });
});

describe('secrets', () => {
  it('are created once per logical name, under the stage prefix', () => {
    synth.template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    synth.template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'abate/dev/payment' });
  });
});

describe('operations', () => {
  const alarmNames = () =>
    synth.ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties.AlarmName);

  it('alarms on failed, timed-out and aborted executions of every state machine', () => {
    expect(alarmNames()).toEqual(
      expect.arrayContaining([
        'abate-dev-investigation-ExecutionsFailed',
        'abate-dev-investigation-ExecutionsTimedOut',
        'abate-dev-investigation-ExecutionsAborted',
      ]),
    );
  });

  it('alarms on errors and throttles of every function', () => {
    for (const spec of testFunctions) {
      expect(alarmNames()).toEqual(
        expect.arrayContaining([`abate-dev-${spec.id}-Errors`, `abate-dev-${spec.id}-Throttles`]),
      );
    }
  });

  it('alarms on dead letters and API server errors', () => {
    expect(alarmNames()).toEqual(
      expect.arrayContaining(['abate-dev-SweeperSchedule-DeadLetters', 'abate-dev-Api-5xx']),
    );
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'abate-dev-Api-5xx',
      MetricName: '5xx',
      Namespace: 'AWS/ApiGateway',
    });
  });

  it('sends every alarm to the one encrypted SNS topic', () => {
    const [topicId, topic] = synth.only('AWS::SNS::Topic');
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    for (const [, alarm] of synth.ofType('AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  it('has a dashboard', () => {
    synth.template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'abate-dev' });
  });
});

describe('the template as a whole', () => {
  it('has no dependency cycle among its resources', () => {
    expect(findDependencyCycle(synth.resources)).toBeUndefined();
  });

  it('lets dev data go with the stack: the table is deleted and not deletion-protected', () => {
    const [, table] = synth.only('AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Delete');
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
  });

  it('lets dev log groups and secrets go with the stack', () => {
    for (const [, logGroup] of synth.ofType('AWS::Logs::LogGroup'))
      expect(logGroup.DeletionPolicy).toBe('Delete');
    for (const [, secret] of synth.ofType('AWS::SecretsManager::Secret'))
      expect(secret.DeletionPolicy).toBe('Delete');
  });

  it('has no alarm subscriber unless one is configured', () => {
    synth.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('outputs what an operator and the end-to-end suite need', () => {
    const outputs = Object.keys(synth.template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining(['ApiUrl', 'TableName', 'UserPoolId', 'UserPoolClientId', 'AlarmTopicArn']),
    );
  });
});

describe('cdk-nag AwsSolutions checks', () => {
  it('find nothing unacknowledged in the dev stack', () => {
    const report = new AwsSolutionsChecks().validateScope(synth.stack);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});

const routeByKey = (): Map<string, Resource> =>
  new Map(
    synth.ofType('AWS::ApiGatewayV2::Route').map(([, route]) => [String(route.Properties.RouteKey), route]),
  );

describe('routes', () => {
  it('exist once per RouteSpec, each integrated with the function the spec names', () => {
    const routes = routeByKey();
    expect([...routes.keys()].sort()).toEqual(
      testRoutes.map((route) => `${route.method} ${route.path}`).sort(),
    );
    for (const spec of testRoutes) {
      const target = routes.get(`${spec.method} ${spec.path}`)?.Properties.Target as {
        'Fn::Join': [string, unknown[]];
      };
      const integrationId = (target['Fn::Join'][1][1] as { Ref: string }).Ref;
      const integration = synth.resources[integrationId];
      expect(integration?.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [synth.functionLogicalIds[spec.functionId], 'Arn'] },
      });
    }
  });

  it('staff routes require a JWT from the Cognito user pool; public and provider routes do not', () => {
    const [authorizerId, authorizer] = synth.only('AWS::ApiGatewayV2::Authorizer');
    const [userPoolId] = synth.only('AWS::Cognito::UserPool');
    const [clientId] = synth.only('AWS::Cognito::UserPoolClient');
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: clientId }] },
    });
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration)).toContain(userPoolId);

    const routes = routeByKey();
    for (const spec of testRoutes) {
      const route = routes.get(`${spec.method} ${spec.path}`);
      if (spec.access === 'staff') {
        expect(route?.Properties).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: authorizerId },
        });
      } else {
        expect(route?.Properties.AuthorizationType).toBe('NONE');
        expect(route?.Properties.AuthorizerId).toBeUndefined();
      }
    }
  });
});

describe('the API as a whole', () => {
  it('allows cross-origin calls only from the configured origins', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ['https://staff.council.example', 'https://report.council.example'],
        AllowMethods: ['GET', 'POST', 'OPTIONS'],
        AllowHeaders: ['authorization', 'content-type', 'idempotency-key'],
      },
    });
  });

  it('throttles the whole stage and public routes more tightly', () => {
    const [, stage] = synth.only('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      RouteSettings: {
        'POST /complaints': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'GET /cases/{caseRef}/progress': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      },
    });
    // Route settings name routes by key, so the stage must be created after every route.
    const routeIds = synth.ofType('AWS::ApiGatewayV2::Route').map(([logicalId]) => logicalId);
    expect(stage.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('writes JSON access logs without the caller IP to a log group with the stage retention', () => {
    const [, stage] = synth.only('AWS::ApiGatewayV2::Stage');
    const settings = stage.Properties.AccessLogSettings as {
      DestinationArn: { 'Fn::GetAtt': [string] };
      Format: string;
    };
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(settings.Format).not.toContain('sourceIp');
    const logGroup = synth.resources[settings.DestinationArn['Fn::GetAtt'][0]];
    expect(logGroup?.Properties.RetentionInDays).toBe(7);
  });
});
