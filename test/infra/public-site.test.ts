/**
 * Deploying for real: the site's address (CloudFront's or the council's own domain with its
 * certificate), everything derived from it (the WebUrl output, the staff sign-in return addresses,
 * ABATE_WEB_URL in every function), and the optional WAF web ACL from the us-east-1 edge stack.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { edgeStackName } from '../../infra/constructs/edge-stack.ts';
import { STAFF_CALLBACK_PATH, STAFF_SIGNED_OUT_PATH } from '../../infra/constructs/staff-directory.ts';
import { COMMON_RULES_COUNTED_ONLY, WebFirewall } from '../../infra/constructs/web-firewall.ts';
import { WEB_URL_ENV } from '../../infra/stack.ts';
import { findDependencyCycle, type Synthesized, synthesize } from './support/synth.ts';

const DOMAIN = 'noise.council.example';
const CERTIFICATE = 'arn:aws:acm:us-east-1:111111111111:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const WEB_ACL =
  'arn:aws:wafv2:us-east-1:111111111111:global/webacl/abate-prod-web/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809';

type Distribution = {
  Aliases?: string[];
  ViewerCertificate?: Record<string, unknown>;
  WebACLId?: unknown;
};
const distributionOf = (synth: Synthesized): [string, Distribution] => {
  const [logicalId, resource] = synth.only('AWS::CloudFront::Distribution');
  return [logicalId, resource.Properties.DistributionConfig as Distribution];
};
const clientOf = (synth: Synthesized) => synth.only('AWS::Cognito::UserPoolClient')[1].Properties;
const outputsOf = (synth: Synthesized) =>
  synth.template.toJSON().Outputs as Record<string, { Value: unknown }>;
const warningsOf = (stack: Stack) =>
  Annotations.fromStack(stack)
    .findWarning('*', Match.anyValue())
    .map((warning) => String(warning.entry.data));
const nagFindings = (synth: Synthesized) =>
  new AwsSolutionsChecks().validateScope(synth.stack).violations.map((violation) => violation.ruleName);
/** cdk-nag rule ids acknowledged on the web hosting construct, with their reasons. */
const webAcknowledgements = (synth: Synthesized): Record<string, string> =>
  Object.fromEntries(
    synth.stack.node
      .findChild('Web')
      .node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => [id.replace(/^Annotation::/, ''), reason]),
  );
/** `https://<distribution domain>` plus a path, as the template writes it. */
const onDistribution = (distributionId: string, path = '') => ({
  'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, ...(path ? [path] : [])]],
});

describe('a stage without a domain of its own', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize({ stage: 'prod', nag: true });
  });

  it('serves the site with the CloudFront default certificate, setting no protocol it would ignore', () => {
    const [, distribution] = distributionOf(synth);
    expect(distribution.Aliases).toBeUndefined();
    expect(distribution.ViewerCertificate).toBeUndefined();
  });

  it('warns at synthesis that the default certificate allows TLSv1 until a domain is configured', () => {
    const warnings = warningsOf(synth.stack);
    expect(warnings.filter((warning) => warning.includes('fixed at TLSv1'))).toEqual([
      expect.stringContaining('Set webDomainName and webCertificateArn'),
    ]);
    expect(warnings.join('\n')).not.toContain("Ignoring 'minimumProtocolVersion'");
  });

  it('acknowledges the TLSv1 cdk-nag finding with a reason that names the way out', () => {
    expect(nagFindings(synth)).toEqual([]);
    expect(webAcknowledgements(synth)['AwsSolutions-CFR4']).toContain('webDomainName');
  });

  it('outputs the CloudFront address as WebUrl', () => {
    const [distributionId] = distributionOf(synth);
    expect(outputsOf(synth).WebUrl?.Value).toEqual(onDistribution(distributionId));
  });

  it('lets staff sign in and out through the CloudFront address from the first deployment', () => {
    const [distributionId] = distributionOf(synth);
    const client = clientOf(synth);
    expect(client.CallbackURLs).toEqual([onDistribution(distributionId, '/staff/callback')]);
    expect(client.LogoutURLs).toEqual([onDistribution(distributionId, '/staff/sign-in')]);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
  });

  it('gives every function the CloudFront address as ABATE_WEB_URL without a dependency cycle', () => {
    const [distributionId] = distributionOf(synth);
    for (const [, fn] of synth.abateFunctions()) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables[WEB_URL_ENV]).toEqual(onDistribution(distributionId));
    }
    expect(findDependencyCycle(synth.resources)).toBeUndefined();
  });

  it('has no web ACL and no edge stack when WAF is not asked for', () => {
    expect(distributionOf(synth)[1].WebACLId).toBeUndefined();
    expect(synth.edge).toBeUndefined();
  });
});

describe('a stage with its own domain, certificate and web ACL', () => {
  let synth: Synthesized;
  let edge: Template;
  beforeAll(() => {
    synth = synthesize({
      stage: 'prod',
      nag: true,
      // The web ACL is written property by property: CloudFormation's schema checks it.
      cloudFormationValidation: true,
      context: {
        webDomainName: DOMAIN,
        webCertificateArn: CERTIFICATE,
        wafEnabled: 'true',
        wafRateLimit: '1200',
        webAclArn: WEB_ACL,
        staffCallbackUrls: 'https://staff-preview.council.example/staff/callback',
      },
    });
    if (!synth.edge) throw new Error('expected an edge stack');
    edge = Template.fromStack(synth.edge);
  });

  it('serves the domain with its us-east-1 certificate, SNI and TLS 1.2 (2021) at least', () => {
    const [, distribution] = distributionOf(synth);
    expect(distribution.Aliases).toEqual([DOMAIN]);
    expect(distribution.ViewerCertificate).toEqual({
      AcmCertificateArn: CERTIFICATE,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  it('passes cdk-nag without acknowledging the TLS finding, and synthesizes without a TLS warning', () => {
    expect(nagFindings(synth)).toEqual([]);
    const acknowledged = Object.keys(webAcknowledgements(synth));
    expect(acknowledged).toContain('AwsSolutions-CFR1');
    expect(acknowledged).not.toContain('AwsSolutions-CFR4');
    expect(acknowledged).not.toContain('AwsSolutions-CFR2');
    expect(warningsOf(synth.stack).join('\n')).not.toMatch(/TLSv1|webAclArn|webCertificateArn/);
  });

  it('outputs the domain as WebUrl, and the CloudFront name the domain must point at', () => {
    const [distributionId] = distributionOf(synth);
    expect(outputsOf(synth).WebUrl?.Value).toBe(`https://${DOMAIN}`);
    expect(outputsOf(synth).WebDistributionDomainName?.Value).toEqual({
      'Fn::GetAtt': [distributionId, 'DomainName'],
    });
  });

  it('sends staff back to the domain after sign-in and sign-out, plus the extra URLs configured', () => {
    const client = clientOf(synth);
    expect(client.CallbackURLs).toEqual([
      `https://${DOMAIN}/staff/callback`,
      'https://staff-preview.council.example/staff/callback',
    ]);
    expect(client.LogoutURLs).toEqual([`https://${DOMAIN}/staff/sign-in`]);
  });

  it('gives every function the domain as ABATE_WEB_URL', () => {
    for (const [, fn] of synth.abateFunctions()) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables[WEB_URL_ENV]).toBe(`https://${DOMAIN}`);
    }
  });

  it('passes the CDK built-in CloudFormation validation in both stacks', () => {
    const reportPath = path.join((synth.stack.node.root as App).outdir, 'validation-report.json');
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
      pluginReports: { violations: { ruleName: string; description: string }[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  });

  it('attaches the configured web ACL to the distribution', () => {
    expect(distributionOf(synth)[1].WebACLId).toBe(WEB_ACL);
  });

  it('creates the web ACL in a us-east-1 edge stack, scoped to CloudFront, and outputs its ARN', () => {
    expect(synth.edge?.stackName).toBe(edgeStackName('prod'));
    expect(synth.edge?.region).toBe('us-east-1');
    const [aclId] = Object.keys(edge.findResources('AWS::WAFv2::WebACL'));
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Name: 'abate-prod-web',
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
    });
    expect(edge.toJSON().Outputs.WebAclArn.Value).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
  });

  it('blocks an IP past the configured requests per 5 minutes, then applies the three managed rule groups', () => {
    const [acl] = Object.values(edge.findResources('AWS::WAFv2::WebACL')) as {
      Properties: { Rules: { Name: string; Priority: number; Statement: Record<string, unknown> }[] };
    }[];
    const rules = acl?.Properties.Rules ?? [];
    expect(rules.map((rule) => rule.Name)).toEqual([
      'RateLimitPerIp',
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesCommonRuleSet',
    ]);
    expect(rules[0]).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 1200, EvaluationWindowSec: 300 } },
    });
    for (const rule of rules.slice(1)) {
      expect(rule).toMatchObject({
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: rule.Name } },
      });
    }
  });

  it('only counts the common rule set body-size rule, since the handlers accept bodies up to 64 KB', () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              Name: 'AWSManagedRulesCommonRuleSet',
              RuleActionOverrides: COMMON_RULES_COUNTED_ONLY.map((name) => ({
                Name: name,
                ActionToUse: { Count: {} },
              })),
            }),
          },
        }),
      ]),
    });
  });
});

describe('a stage whose edge settings wait for the edge stack', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize({
      stage: 'dev',
      nag: true,
      context: {
        webDomainName: DOMAIN,
        edgeCertificate: true,
        wafEnabled: true,
        wafManagedRules: 'ipReputation',
      },
    });
  });

  it('serves on the CloudFront address until the certificate ARN is configured, and says what to do', () => {
    const [distributionId, distribution] = distributionOf(synth);
    expect(distribution.Aliases).toBeUndefined();
    expect(outputsOf(synth).WebUrl?.Value).toEqual(onDistribution(distributionId));
    expect(warningsOf(synth.stack)).toContainEqual(
      expect.stringContaining('set webCertificateArn to its CertificateArn output'),
    );
  });

  it('warns that the web ACL is not attached until webAclArn is configured, and keeps cdk-nag satisfied', () => {
    expect(distributionOf(synth)[1].WebACLId).toBeUndefined();
    expect(warningsOf(synth.stack)).toContainEqual(
      expect.stringContaining('set webAclArn to its WebAclArn output'),
    );
    expect(nagFindings(synth)).toEqual([]);
  });

  it('has the edge stack request a DNS-validated certificate for the domain and output its ARN', () => {
    if (!synth.edge) throw new Error('expected an edge stack');
    const edge = Template.fromStack(synth.edge);
    edge.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: DOMAIN,
      ValidationMethod: 'DNS',
    });
    expect(Object.keys(edge.toJSON().Outputs)).toEqual(
      expect.arrayContaining(['CertificateArn', 'WebAclArn']),
    );
  });

  it('puts only the managed rule groups the stage lists in the web ACL, after the rate limit', () => {
    if (!synth.edge) throw new Error('expected an edge stack');
    const [acl] = Object.values(Template.fromStack(synth.edge).findResources('AWS::WAFv2::WebACL')) as {
      Properties: { Rules: { Name: string }[] };
    }[];
    expect(acl?.Properties.Rules.map((rule) => rule.Name)).toEqual([
      'RateLimitPerIp',
      'AWSManagedRulesAmazonIpReputationList',
    ]);
  });
});

describe('the staff console and the sign-in client', () => {
  it('agree on where Cognito sends staff back, since Cognito matches those addresses exactly', () => {
    const session = readFileSync(
      path.resolve(import.meta.dirname, '../../web/static/js/staff/session.js'),
      'utf8',
    );
    expect(session).toContain(`redirect_uri: \`\${location.origin}${STAFF_CALLBACK_PATH}\``);
    expect(session).toContain(`'logout_uri', \`\${location.origin}${STAFF_SIGNED_OUT_PATH}\``);
  });
});

describe('the web firewall construct', () => {
  it('refuses to be built outside us-east-1, where CloudFront cannot use it', () => {
    const stack = new Stack(new App(), 'Regional', { env: { region: 'eu-west-2' } });
    expect(
      () => new WebFirewall(stack, 'Firewall', { stage: 'dev', rateLimit: 100, managedRules: ['common'] }),
    ).toThrow('must be created in us-east-1');
  });
});
