import { App, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WAF_RATE_LIMIT, stageConfigFrom } from '../../infra/stage-config.ts';

const configWith = (context: Record<string, unknown>) => stageConfigFrom(new App({ context }).node);

describe('stage configuration from context', () => {
  it('is dev unless told otherwise: things are deleted with the stack and logs kept a week', () => {
    const config = configWith({});
    expect(config).toMatchObject({
      stage: 'dev',
      removalPolicy: RemovalPolicy.DESTROY,
      logRetention: RetentionDays.ONE_WEEK,
    });
    expect(config.sweeperRate.toMinutes()).toBe(15);
  });

  it('keeps prod resources on deletion and logs for six months, with no CORS origin by default', () => {
    expect(configWith({ stage: 'prod' })).toMatchObject({
      stage: 'prod',
      removalPolicy: RemovalPolicy.RETAIN,
      logRetention: RetentionDays.SIX_MONTHS,
      corsOrigins: [],
    });
  });

  it('reads lists from comma-separated -c values and from JSON arrays alike', () => {
    expect(configWith({ corsOrigins: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(configWith({ staffCallbackUrls: ['https://a.example/cb'] }).staffCallbackUrls).toEqual([
      'https://a.example/cb',
    ]);
  });

  it('refuses a stage it does not know', () => {
    expect(() => configWith({ stage: 'staging' })).toThrow('Context stage must be one of dev, prod');
  });

  it('refuses a sweeper rate that is not a positive number', () => {
    expect(() => configWith({ sweeperRateMinutes: 'often' })).toThrow('sweeperRateMinutes');
    expect(() => configWith({ sweeperRateMinutes: 0 })).toThrow('sweeperRateMinutes');
    expect(configWith({ sweeperRateMinutes: '5' }).sweeperRate.toMinutes()).toBe(5);
  });
});

const CERTIFICATE = 'arn:aws:acm:us-east-1:111111111111:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const WEB_ACL =
  'arn:aws:wafv2:us-east-1:111111111111:global/webacl/abate-prod-web/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809';

describe('the public site in stage configuration', () => {
  it('has no domain, no web ACL and WAF off unless configured', () => {
    const config = configWith({ stage: 'prod' });
    expect(config.webDomainName).toBeUndefined();
    expect(config.webCertificateArn).toBeUndefined();
    expect(config.webAclArn).toBeUndefined();
    expect(config.edgeCertificate).toBe(false);
    expect(config.waf).toEqual({
      enabled: false,
      rateLimit: DEFAULT_WAF_RATE_LIMIT,
      managedRules: ['common', 'knownBadInputs', 'ipReputation'],
    });
  });

  it('reads a domain with its certificate and web ACL, lower-casing the host name', () => {
    const config = configWith({
      webDomainName: 'Noise.Council.Example',
      webCertificateArn: CERTIFICATE,
      webAclArn: WEB_ACL,
    });
    expect(config).toMatchObject({
      webDomainName: 'noise.council.example',
      webCertificateArn: CERTIFICATE,
      webAclArn: WEB_ACL,
    });
  });

  it('refuses a certificate outside us-east-1, the only region CloudFront takes certificates from', () => {
    expect(() =>
      configWith({
        webDomainName: 'noise.council.example',
        webCertificateArn: CERTIFICATE.replace('us-east-1', 'eu-west-2'),
      }),
    ).toThrow(/Context webCertificateArn must be the ARN of an ACM certificate in us-east-1/);
  });

  it('refuses a domain without a certificate, unless the edge stack is to request one', () => {
    expect(() => configWith({ webDomainName: 'noise.council.example' })).toThrow(
      'Context webDomainName needs webCertificateArn',
    );
    expect(
      configWith({ webDomainName: 'noise.council.example', edgeCertificate: 'true' }).edgeCertificate,
    ).toBe(true);
  });

  it('refuses a certificate or a certificate request without a domain to use it for', () => {
    expect(() => configWith({ webCertificateArn: CERTIFICATE })).toThrow(
      'Context webCertificateArn needs webDomainName',
    );
    expect(() => configWith({ edgeCertificate: true })).toThrow(
      'Context edgeCertificate needs webDomainName',
    );
  });

  it('refuses a domain written as a URL', () => {
    expect(() =>
      configWith({ webDomainName: 'https://noise.council.example/', webCertificateArn: CERTIFICATE }),
    ).toThrow('Context webDomainName must be a host name without scheme or path');
  });

  it('refuses a regional web ACL, which CloudFront cannot use', () => {
    expect(() =>
      configWith({ webAclArn: WEB_ACL.replace('us-east-1', 'eu-west-2').replace('/global/', '/regional/') }),
    ).toThrow('Context webAclArn must be the ARN of a CLOUDFRONT-scope web ACL');
  });

  it('reads WAF settings from -c strings: on, a rate limit, and a subset of the managed rule groups', () => {
    expect(
      configWith({ wafEnabled: 'true', wafRateLimit: '300', wafManagedRules: 'ipReputation, common' }).waf,
    ).toEqual({ enabled: true, rateLimit: 300, managedRules: ['ipReputation', 'common'] });
    expect(configWith({ wafEnabled: true, wafManagedRules: 'none' }).waf.managedRules).toEqual([]);
  });

  it('refuses a WAF rate limit AWS WAF would not accept', () => {
    expect(() => configWith({ wafRateLimit: 5 })).toThrow('Context wafRateLimit must be at least 10');
    expect(() => configWith({ wafRateLimit: '100.5' })).toThrow(
      'Context wafRateLimit must be a whole number',
    );
    expect(() => configWith({ wafRateLimit: 'lots' })).toThrow('Context wafRateLimit must be a whole number');
  });

  it('refuses a managed rule group it does not know', () => {
    expect(() => configWith({ wafManagedRules: 'common,sqlInjection' })).toThrow(
      'Context wafManagedRules must list only common, knownBadInputs, ipReputation',
    );
  });

  it('refuses a flag that is neither true nor false', () => {
    expect(() => configWith({ wafEnabled: 'yes' })).toThrow('Context wafEnabled must be true or false');
  });
});

describe('staff sign-in URLs in stage configuration', () => {
  it('are extra URLs only: dev adds the local console, prod adds none', () => {
    expect(configWith({}).staffCallbackUrls).toEqual(['http://localhost:3000/staff/callback']);
    expect(configWith({}).staffLogoutUrls).toEqual(['http://localhost:3000/staff/sign-in']);
    expect(configWith({ stage: 'prod' }).staffCallbackUrls).toEqual([]);
  });

  it('refuses plain-http URLs anywhere but localhost, as Cognito does', () => {
    expect(() => configWith({ staffCallbackUrls: 'http://staff.council.example/staff/callback' })).toThrow(
      'Context staffCallbackUrls must list callback URLs with https://',
    );
  });
});

describe('reading stage configuration', () => {
  it('lists every problem in one error, so one synth shows them all', () => {
    let message = '';
    try {
      configWith({
        sweeperRateMinutes: -1,
        alarmEmail: 'not-an-address',
        corsOrigins: 'https://a.example/path',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'Context corsOrigins must list origins as scheme and host without a path, like https://noise.example.gov.uk, got "https://a.example/path"',
      'Context sweeperRateMinutes must be a positive number, got -1',
      'Context alarmEmail must be an email address, got "not-an-address"',
    ]);
  });
});
