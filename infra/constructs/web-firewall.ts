/**
 * The optional AWS WAF web ACL in front of the site and, through the site's distribution, the API:
 * a per-IP rate limit and the AWS managed rule groups the stage asks for.
 *
 * Its scope is CLOUDFRONT, and CloudFront only takes web ACLs created in us-east-1, so this lives
 * in the edge stack (`Abate-<stage>-edge`), never in the regional stack. A REGIONAL web ACL would
 * not help the API: HTTP APIs (API Gateway v2) cannot be associated with AWS WAF at all; the API
 * is protected by being served through the distribution (see `WebHosting`).
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { WAF_MANAGED_RULE_GROUPS, type WafManagedRuleGroup } from '../stage-config.ts';

export interface WebFirewallProps {
  stage: string;
  /** Requests one client IP may make in any 5 minutes; more are blocked until the rate falls. */
  rateLimit: number;
  managedRules: WafManagedRuleGroup[];
}

/** Fixed per group, so leaving one out never renumbers the others. */
const PRIORITY: Record<WafManagedRuleGroup, number> = { ipReputation: 1, knownBadInputs: 2, common: 3 };

/**
 * The common rule set blocks any body over 8 KB; the handlers accept up to 64 KB (a staff decision
 * with its agreed actions can pass 8 KB) and refuse more with a 413 themselves, so that one rule
 * only counts.
 */
export const COMMON_RULES_COUNTED_ONLY = ['SizeRestrictions_BODY'];

export class WebFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WebFirewallProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== 'us-east-1') {
      throw new Error(`A CLOUDFRONT web ACL must be created in us-east-1, not ${region}`);
    }
    const name = `abate-${props.stage}-web`;
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      // The console keeps sampled requests for 3 hours: enough to tell a false positive from an attack.
      sampledRequestsEnabled: true,
    });

    const rateLimit: wafv2.CfnWebACL.RuleProperty = {
      name: 'RateLimitPerIp',
      priority: 0,
      action: { block: {} },
      statement: {
        rateBasedStatement: { aggregateKeyType: 'IP', limit: props.rateLimit, evaluationWindowSec: 300 },
      },
      visibilityConfig: visibility(`${name}-rate-limit`),
    };
    const managed = [...new Set(props.managedRules)].map(
      (group): wafv2.CfnWebACL.RuleProperty => ({
        name: WAF_MANAGED_RULE_GROUPS[group],
        priority: PRIORITY[group],
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: WAF_MANAGED_RULE_GROUPS[group],
            ...(group === 'common'
              ? {
                  ruleActionOverrides: COMMON_RULES_COUNTED_ONLY.map((rule) => ({
                    name: rule,
                    actionToUse: { count: {} },
                  })),
                }
              : {}),
          },
        },
        visibilityConfig: visibility(`${name}-${group}`),
      }),
    );

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name,
      description: `Abate ${props.stage}: rate limit per IP and AWS managed rules for the site and API`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      rules: [rateLimit, ...managed].sort((a, b) => a.priority - b.priority),
    });
  }

  get arn(): string {
    return this.webAcl.attrArn;
  }
}
