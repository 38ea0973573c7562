import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesized, synthesize } from './support/synth.ts';

let prod: Synthesized;

beforeAll(() => {
  // With nag registered, synthesis itself fails on an unacknowledged finding.
  prod = synthesize({
    stage: 'prod',
    nag: true,
    context: {
      alarmEmail: 'abate-alerts@council.example',
      sweeperRateMinutes: 5,
      tableContributorInsights: 'true',
    },
    cloudFormationValidation: true,
  });
});

function unacknowledgedFindings(synth: Synthesized): string[] {
  const report = new AwsSolutionsChecks().validateScope(synth.stack);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} ${resource.constructPath}`),
  );
}

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([id, value]) => ({
          path: construct.node.path,
          id,
          reason: typeof value === 'string' ? value : JSON.stringify(value),
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions checks', () => {
  it('find nothing unacknowledged in the prod stack', () => {
    expect(unacknowledgedFindings(prod)).toEqual([]);
  });

  it('every acknowledgement carries a written reason', () => {
    const all = acknowledgements(prod.stack);
    expect(all.length).toBeGreaterThan(0);
    for (const acknowledgement of all) {
      expect(acknowledgement.reason.length, `${acknowledgement.path} ${acknowledgement.id}`).toBeGreaterThan(
        40,
      );
    }
  });
});

describe('the CDK built-in CloudFormation validation', () => {
  it('reports nothing about the prod template', () => {
    const reportPath = path.join((prod.stack.node.root as App).outdir, 'validation-report.json');
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string; description: string }[] }[];
    };
    const violations = report.pluginReports.flatMap((plugin) =>
      plugin.violations.map(
        (violation) => `${plugin.pluginName} ${violation.ruleName}: ${violation.description}`,
      ),
    );
    expect(violations).toEqual([]);
  });
});

describe('the prod stage', () => {
  it('keeps the table on stack deletion and protects it from deletion', () => {
    const [, table] = prod.only('AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
  });

  it('keeps the user pool and secrets, and protects the user pool from deletion', () => {
    const [, pool] = prod.only('AWS::Cognito::UserPool');
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
    for (const [, secret] of prod.ofType('AWS::SecretsManager::Secret'))
      expect(secret.DeletionPolicy).toBe('Retain');
  });

  it('turns on contributor insights for the table when context asks for it', () => {
    const [, table] = prod.only('AWS::DynamoDB::Table');
    expect(table.Properties.ContributorInsightsSpecification).toEqual({ Enabled: true });
  });

  it('keeps logs for six months and retains the log groups', () => {
    for (const [, logGroup] of prod.ofType('AWS::Logs::LogGroup')) {
      expect(logGroup.Properties.RetentionInDays).toBe(180);
      expect(logGroup.DeletionPolicy).toBe('Retain');
    }
  });

  it('names its resources for the prod stage', () => {
    prod.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'abate-prod-investigation',
    });
    prod.template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'abate/prod/payment' });
  });

  it('allows no cross-origin calls unless origins are configured', () => {
    const [, api] = prod.only('AWS::ApiGatewayV2::Api');
    expect(api.Properties.CorsConfiguration).toBeUndefined();
  });

  it('runs the sweeper at the rate given in context', () => {
    prod.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
    });
  });

  it('subscribes the configured address to the alarm topic', () => {
    prod.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'abate-alerts@council.example',
    });
  });
});
