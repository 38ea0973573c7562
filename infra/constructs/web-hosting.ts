/**
 * The web front ends in AWS: `web/` and GOV.UK Frontend's assets in a private S3 bucket behind
 * CloudFront, laid out and cached exactly as `infra/local/web.ts` serves them locally. The API
 * can share the distribution (same origin: no CORS, and the page's CSP stays `connect-src 'self'`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { pageFiles, renderPageFile } from '../../web/layout.ts';
import type { RouteSpec } from '../functions.ts';
import { cacheControl, contentSecurityPolicy } from '../local/web.ts';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface WebHostingProps {
  stage: string;
  removalPolicy: RemovalPolicy;
  /** Sign-in for the staff console: the hosted UI domain and the browser client (no secret, PKCE). */
  staffDomain: cognito.UserPoolDomain;
  staffClient: cognito.IUserPoolClient;
  /**
   * The HTTP API's host (`<apiId>.execute-api.<region>.amazonaws.com`) and the routes to send
   * there. With both, the API is served from the site's own origin; without, `apiBase` is used.
   */
  api?: { domainName: string; routes: RouteSpec[] };
  /** A different origin for the API (then it must allow the site in its CORS origins). */
  apiBase?: string;
  /** Where CloudFront and S3 write access logs; a bucket with ACLs enabled (CloudFront needs them). */
  accessLogBucket?: s3.IBucket;
  /**
   * The site's own host name and the ACM certificate for it, which must be in us-east-1 (the only
   * region CloudFront takes certificates from). Without it the site is on `<id>.cloudfront.net`
   * with CloudFront's default certificate, which accepts TLSv1 and cannot be made stricter.
   */
  customDomain?: { domainName: string; certificateArn: string };
  /** A CLOUDFRONT-scope WAF web ACL (those live in us-east-1) to attach to the distribution. */
  webAclArn?: string;
  /** Defaults to the project's `web/` and `node_modules/govuk-frontend/dist/govuk`. */
  webRoot?: string;
  govukFrontendDist?: string;
}

/** `/cases/{caseRef}/progress` → `/cases/*`; `/complaints` → `/complaints`: one behaviour per first segment. */
export function apiPathPatterns(routes: RouteSpec[]): string[] {
  const patterns = new Set<string>();
  for (const route of routes) {
    const [, first, ...rest] = route.path.split('/');
    patterns.add(rest.length > 0 ? `/${first}/*` : `/${first}`);
  }
  return [...patterns].sort();
}

/**
 * Clean URLs as the local server has them: `/` → `/index.html`, `/follow` → `/follow.html`,
 * `/staff` → `/staff/index.html` (CloudFront Functions runtime 2.0).
 */
export const REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/staff' || uri.endsWith('/')) {
    request.uri = uri.replace(/\\/$/, '') + '/index.html';
  } else if (uri.lastIndexOf('.') <= uri.lastIndexOf('/')) {
    request.uri = uri + '.html';
  }
  return request;
}`;

export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** The host residents and staff use: the custom domain if there is one, else the CloudFront one. */
  readonly domainName: string;
  /** `https://<domainName>`, without a trailing slash: the base of every link to the site. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const webRoot = props.webRoot ?? path.join(PROJECT_ROOT, 'web');
    const govukDist =
      props.govukFrontendDist ?? path.join(PROJECT_ROOT, 'node_modules/govuk-frontend/dist/govuk');
    const cognitoHost = `${props.staffDomain.domainName}.auth.${Stack.of(this).region}.amazoncognito.com`;
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;

    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: !destroy,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
      ...(props.accessLogBucket
        ? {
            serverAccessLogsBucket: props.accessLogBucket,
            serverAccessLogsPrefix: `s3/abate-${props.stage}-web/`,
          }
        : {}),
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `abate-${props.stage}-web-security`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The console exchanges its sign-in code with the Cognito domain; everything else is same-origin.
          contentSecurityPolicy: contentSecurityPolicy([
            `https://${cognitoHost}`,
            ...(props.apiBase ? [props.apiBase] : []),
          ]),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
        ],
      },
    });

    const rewrite = new cloudfront.Function(this, 'CleanUrls', {
      functionName: `abate-${props.stage}-web-clean-urls`,
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(REWRITE_FUNCTION),
    });

    const apiBehaviours: Record<string, cloudfront.BehaviorOptions> = {};
    if (props.api) {
      const apiOrigin = new origins.HttpOrigin(props.api.domainName, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      });
      for (const pattern of apiPathPatterns(props.api.routes)) {
        apiBehaviours[pattern] = {
          origin: apiOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          // Case data is personal: never cached at the edge.
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        };
      }
    }

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Abate ${props.stage} resident pages and staff console`,
      defaultRootObject: 'index.html',
      // The security policy can only be chosen with a certificate of our own; CloudFront's default
      // certificate is fixed at TLSv1, so without one there is nothing to set.
      ...(props.customDomain
        ? {
            domainNames: [props.customDomain.domainName],
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'Certificate',
              props.customDomain.certificateArn,
            ),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }
        : {}),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      ...(props.accessLogBucket
        ? {
            enableLogging: true,
            logBucket: props.accessLogBucket,
            logFilePrefix: `cloudfront/abate-${props.stage}-web/`,
          }
        : {}),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        // Honour the Cache-Control each object was deployed with (see the deployments below).
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: apiBehaviours,
      errorResponses: [
        // S3 behind OAC answers 403 for a missing key; show the page-not-found page either way.
        { httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.minutes(1) },
        { httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.minutes(1) },
      ],
    });
    this.domainName = props.customDomain?.domainName ?? this.distribution.distributionDomainName;
    this.url = `https://${this.domainName}`;
    if (!props.customDomain) {
      Annotations.of(this).addWarningV2(
        'abate:webDefaultCertificate',
        'No webDomainName: the site is served on its cloudfront.net name with the CloudFront default certificate, whose security policy is fixed at TLSv1. Set webDomainName and webCertificateArn (infra/DEPLOY.md, "A domain of your own") to require TLS 1.2 or later',
      );
    }

    const config = {
      mode: 'cognito',
      apiBase: props.api ? '' : (props.apiBase ?? ''),
      cognitoDomain: cognitoHost,
      clientId: props.staffClient.userPoolClientId,
    };

    // One deployment per cache class; none prunes, so they cannot delete each other's files.
    const deploy = (
      deployId: string,
      sources: s3deploy.ISource[],
      cache: string,
      options: Partial<s3deploy.BucketDeploymentProps> = {},
    ) =>
      new s3deploy.BucketDeployment(this, deployId, {
        destinationBucket: this.bucket,
        sources,
        prune: false,
        cacheControl: [s3deploy.CacheControl.fromString(cache)],
        memoryLimit: 512,
        ...options,
      });

    const app = deploy('AppAssets', [s3deploy.Source.asset(path.join(webRoot, 'static'))], cacheControl.app, {
      destinationKeyPrefix: 'static/',
    });
    const fonts = deploy(
      'GovukFonts',
      [s3deploy.Source.asset(path.join(govukDist, 'assets/fonts'))],
      cacheControl.fingerprinted,
      { destinationKeyPrefix: 'assets/fonts/' },
    );
    const govuk = deploy(
      'GovukAssets',
      [
        s3deploy.Source.asset(path.join(govukDist, 'assets'), { exclude: ['fonts', 'fonts/**'] }),
        s3deploy.Source.asset(govukDist, {
          exclude: ['*', '!govuk-frontend.min.css', '!govuk-frontend.min.js'],
        }),
      ],
      cacheControl.vendor,
      { destinationKeyPrefix: 'assets/' },
    );
    const pages = deploy(
      'Pages',
      [
        // Each page rendered into its shared chrome, under the same key as its file.
        ...pageFiles(webRoot).map(([key, file]) => s3deploy.Source.data(key, renderPageFile(file))),
        s3deploy.Source.jsonData('config.json', config),
      ],
      cacheControl.page,
      { distribution: this.distribution, distributionPaths: ['/*'] },
    );
    // Pages last, so a page never names a script that is not there yet; its invalidation comes last too.
    // (Created last as well: the first deployment owns the shared CLI layer, which must not depend on pages.)
    pages.node.addDependency(app, fonts, govuk);

    this.suppressNagFindings(props);
  }

  private suppressNagFindings(props: WebHostingProps) {
    const reasons = [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'A council service for its residents, who may report from anywhere; no geo restriction',
      },
    ];
    if (!props.customDomain) {
      reasons.push({
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain is configured, and the default CloudFront certificate is fixed at TLSv1; configuring webDomainName and webCertificateArn gives TLS_V1_2_2021 and lifts this (synth warns until then)',
      });
    }
    if (!props.webAclArn) {
      reasons.push({
        id: 'AwsSolutions-CFR2',
        reason:
          'WAF web ACLs for CloudFront live in us-east-1: set wafEnabled to create one in the edge stack, then webAclArn to attach it (infra/DEPLOY.md)',
      });
    }
    if (!props.accessLogBucket) {
      reasons.push(
        { id: 'AwsSolutions-CFR3', reason: 'Access logs go to accessLogBucket when the stack provides one' },
        { id: 'AwsSolutions-S1', reason: 'Access logs go to accessLogBucket when the stack provides one' },
      );
    }
    for (const acknowledgement of reasons) Validations.of(this).acknowledge(acknowledgement);
    // BucketDeployment's upload function is a stack-level singleton that CDK writes and AWS maintains;
    // its role reads the CDK asset bucket and writes this site bucket, by prefix.
    const stack = Stack.of(this);
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const siteBucket = stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    const wildcards = [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${region}/*`,
      `Resource::<${siteBucket}.Arn>/*`,
      'Resource::*',
    ];
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      const acknowledge = (id: string, reason: string) => Validations.of(child).acknowledge({ id, reason });
      acknowledge(
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'The CDK BucketDeployment handler writes its own logs through the basic execution role',
      );
      for (const finding of wildcards) {
        acknowledge(
          `AwsSolutions-IAM5[${finding}]`,
          'The CDK BucketDeployment handler copies the deployment assets into the site bucket by prefix; CDK writes this policy',
        );
      }
      acknowledge('AwsSolutions-L1', 'The CDK BucketDeployment handler runtime is chosen by aws-cdk-lib');
    }
  }
}
