/**
 * The optional second stack, `Abate-<stage>-edge`, in us-east-1: what CloudFront will only take
 * from that region. It holds the WAF web ACL (`wafEnabled`) and, if asked (`edgeCertificate`), the
 * site's ACM certificate. The regional stack takes both by ARN from stage configuration
 * (`webAclArn`, `webCertificateArn`), copied from this stack's outputs: deploy this one first.
 *
 * ARNs rather than CDK cross-region references: those need a concrete account and region at
 * synthesis (`npm run synth` works offline without either), add custom resources to both stacks,
 * and would tie the regional stack's deployments to this one's; an ARN in version-controlled
 * stage configuration does neither.
 */
import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import type { StageConfig } from '../stage-config.ts';
import { WebFirewall } from './web-firewall.ts';

export const EDGE_REGION = 'us-east-1';

export function edgeStackName(stage: string): string {
  return `Abate-${stage}-edge`;
}

/** The edge stack exists only when the stage asks for something it holds. */
export function needsEdgeStack(config: StageConfig): boolean {
  return config.waf.enabled || config.edgeCertificate;
}

export interface EdgeStackProps extends StackProps {
  config: StageConfig;
}

export class EdgeStack extends Stack {
  readonly firewall?: WebFirewall;
  readonly certificate?: acm.Certificate;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, { ...stackProps, env: { ...stackProps.env, region: EDGE_REGION } });

    if (config.waf.enabled) {
      this.firewall = new WebFirewall(this, 'WebFirewall', {
        stage: config.stage,
        rateLimit: config.waf.rateLimit,
        managedRules: config.waf.managedRules,
      });
      this.firewall.webAcl.applyRemovalPolicy(config.removalPolicy);
      new CfnOutput(this, 'WebAclArn', {
        value: this.firewall.arn,
        description: `Set as webAclArn in the ${config.stage} stage configuration to attach it to the distribution`,
      });
    }

    if (config.edgeCertificate && config.webDomainName) {
      // No hosted zone: councils' DNS is rarely in Route 53. CloudFormation shows the validation
      // CNAME in the stack's events and waits until it is published (DEPLOY.md).
      this.certificate = new acm.Certificate(this, 'WebCertificate', {
        domainName: config.webDomainName,
        validation: acm.CertificateValidation.fromDns(),
      });
      this.certificate.applyRemovalPolicy(config.removalPolicy);
      new CfnOutput(this, 'CertificateArn', {
        value: this.certificate.certificateArn,
        description: `Set as webCertificateArn in the ${config.stage} stage configuration`,
      });
    }
  }
}

/**
 * Warnings on the regional stack for edge settings that are asked for but not yet wired: the first
 * deployment of the edge stack has to happen before its ARNs can be copied into stage configuration.
 */
export function warnAboutPendingEdgeSettings(stack: Stack, config: StageConfig): void {
  const edge = edgeStackName(config.stage);
  if (config.waf.enabled && !config.webAclArn) {
    Annotations.of(stack).addWarningV2(
      'abate:webAclPending',
      `wafEnabled is set but webAclArn is not: deploy ${edge}, then set webAclArn to its WebAclArn output. Until then the distribution has no web ACL`,
    );
  }
  if (config.webDomainName && !config.webCertificateArn) {
    Annotations.of(stack).addWarningV2(
      'abate:webCertificatePending',
      `webDomainName ${config.webDomainName} has no webCertificateArn yet: deploy ${edge}, publish the validation record, then set webCertificateArn to its CertificateArn output. Until then the site is served on its cloudfront.net name`,
    );
  }
}
