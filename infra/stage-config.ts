/**
 * What differs between the `dev` and `prod` stacks, read from CDK context (`-c stage=prod`,
 * `-c corsOrigins=https://a,https://b`, ...) so one app definition serves both. Every key is
 * checked by one zod schema before anything is built, so a typo fails the synth with a message
 * naming the key instead of deploying something half-configured.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import * as z from 'zod';

export type StageName = 'dev' | 'prod';

export const STAGES: readonly StageName[] = ['dev', 'prod'];

/** AWS managed rule groups the optional web ACL can use, by the short name stage config gives them. */
export const WAF_MANAGED_RULE_GROUPS = {
  /** OWASP-style protection: bad bots, cross-site scripting, local file inclusion, size limits. */
  common: 'AWSManagedRulesCommonRuleSet',
  /** Request patterns known to exploit vulnerabilities (Log4j, Java deserialization, ...). */
  knownBadInputs: 'AWSManagedRulesKnownBadInputsRuleSet',
  /** Addresses Amazon threat intelligence has seen sending bots and attacks. */
  ipReputation: 'AWSManagedRulesAmazonIpReputationList',
} as const;
export type WafManagedRuleGroup = keyof typeof WAF_MANAGED_RULE_GROUPS;
const WAF_RULE_GROUP_NAMES = Object.keys(WAF_MANAGED_RULE_GROUPS) as [
  WafManagedRuleGroup,
  ...WafManagedRuleGroup[],
];

export interface WafConfig {
  /** Create a CLOUDFRONT-scope web ACL in the us-east-1 edge stack (`Abate-<stage>-edge`). */
  enabled: boolean;
  /** Requests one client IP may make in any 5 minutes before it is blocked (AWS WAF allows 10 or more). */
  rateLimit: number;
  managedRules: WafManagedRuleGroup[];
}

export interface StageConfig {
  stage: StageName;
  /** Table, user pool, secrets and log groups: kept in prod so a stack deletion loses no case data. */
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
  /** Browser origins allowed by CORS; empty means no cross-origin access at all. */
  corsOrigins: string[];
  sweeperRate: Duration;
  /** Where the alarm topic sends mail; without it the topic has no subscriber until one is added. */
  alarmEmail?: string;
  /**
   * Callback and sign-out URLs of the staff console beyond the ones the stack derives from the web
   * address (`<web>/staff/callback` and `<web>/staff/sign-in`, always present).
   */
  staffCallbackUrls: string[];
  staffLogoutUrls: string[];
  /** Steady-state requests per second and burst for the whole API (the default stage). */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Tighter limits on unauthenticated routes, which anyone on the internet can call. */
  publicRouteRateLimit: number;
  publicRouteBurstLimit: number;
  /** DynamoDB contributor insights (most-used keys); useful when tuning, billed per event. */
  tableContributorInsights: boolean;
  /** The site's own host name (`noise.example-council.gov.uk`); without it, the CloudFront one. */
  webDomainName?: string;
  /** An ACM certificate in us-east-1 covering `webDomainName` (CloudFront only uses that region's). */
  webCertificateArn?: string;
  /** Have the us-east-1 edge stack request the certificate for `webDomainName` (DNS validation). */
  edgeCertificate: boolean;
  /** A CLOUDFRONT-scope web ACL to attach to the distribution (the edge stack's `WebAclArn`). */
  webAclArn?: string;
  waf: WafConfig;
}

type Defaults = Omit<
  StageConfig,
  'stage' | 'alarmEmail' | 'webDomainName' | 'webCertificateArn' | 'webAclArn' | 'edgeCertificate' | 'waf'
>;

const defaults: Record<StageName, Defaults> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_WEEK,
    corsOrigins: ['http://localhost:3000'],
    sweeperRate: Duration.minutes(15),
    // The console served by `npm start` on its default port, signing in against a dev user pool.
    staffCallbackUrls: ['http://localhost:3000/staff/callback'],
    // The console returns to /staff/sign-in after Cognito's logout (web/static/js/staff/session.js).
    staffLogoutUrls: ['http://localhost:3000/staff/sign-in'],
    apiRateLimit: 50,
    apiBurstLimit: 100,
    publicRouteRateLimit: 10,
    publicRouteBurstLimit: 20,
    tableContributorInsights: false,
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    // Logs hold case references and staff actions: kept long enough to investigate a complaint
    // about how a case was handled, then dropped (the audit trail itself lives in DynamoDB).
    logRetention: RetentionDays.SIX_MONTHS,
    corsOrigins: [],
    sweeperRate: Duration.minutes(15),
    staffCallbackUrls: [],
    staffLogoutUrls: [],
    apiRateLimit: 100,
    apiBurstLimit: 200,
    publicRouteRateLimit: 20,
    publicRouteBurstLimit: 40,
    tableContributorInsights: false,
  },
};

/**
 * A council office often reaches the internet through one address, so every member of staff
 * counts against the same limit: 20 people each opening a page every 30 s, at about 8 requests a
 * page, is 3,200 requests in 5 minutes. 5,000 leaves room for that and still stops a flood.
 */
export const DEFAULT_WAF_RATE_LIMIT = 5_000;

// ---- Reading context values ------------------------------------------------------------------
// `-c key=value` gives strings; cdk.json and tests give JSON values. Both mean the same.

const blankToUndefined = (value: unknown) => (value === null || value === '' ? undefined : value);

/** A comma-separated string or a JSON array, each item trimmed, empty items dropped. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => {
    if (value === undefined || value === null) return undefined;
    const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
    return items.map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  }, z.array(item).optional());

const positiveNumber = (message: string) =>
  z.preprocess((value) => {
    const present = blankToUndefined(value);
    return typeof present === 'string' ? Number(present) : present;
  }, z.number({ error: message }).finite({ error: message }).positive({ error: message }).optional());

const flag = z.preprocess((value) => {
  const present = blankToUndefined(value);
  if (present === 'true') return true;
  if (present === 'false') return false;
  return present;
}, z.boolean({ error: 'must be true or false' }).optional());

const text = z.preprocess(blankToUndefined, z.string().trim().optional());

const httpsOrLocalhost = (what: string) =>
  z
    .url({ error: `must list ${what} as full URLs` })
    .refine((url) => url.startsWith('https://') || /^http:\/\/localhost(:\d+)?\//.test(url), {
      error: `must list ${what} with https:// (Cognito allows http:// only for localhost)`,
    });

const origin = z.string().refine((value) => value === '*' || /^https?:\/\/[^/\s]+$/.test(value), {
  error: 'must list origins as scheme and host without a path, like https://noise.example.gov.uk',
});

/** A DNS name CloudFront can serve: lower-case labels, at least one dot, no scheme or path. */
const hostName = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const ACM_IN_US_EAST_1 = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;
const CLOUDFRONT_WEB_ACL =
  /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]{1,128}\/[0-9a-f-]{36}$/;

const contextSchema = z
  .object({
    stage: z.preprocess(
      (value) => blankToUndefined(value) ?? 'dev',
      z.enum(STAGES, { error: `must be one of ${STAGES.join(', ')}` }),
    ),
    corsOrigins: list(origin),
    sweeperRateMinutes: positiveNumber('must be a positive number'),
    alarmEmail: z.preprocess(blankToUndefined, z.email({ error: 'must be an email address' }).optional()),
    staffCallbackUrls: list(httpsOrLocalhost('callback URLs')),
    staffLogoutUrls: list(httpsOrLocalhost('sign-out URLs')),
    apiRateLimit: positiveNumber('must be a positive number'),
    apiBurstLimit: positiveNumber('must be a positive number'),
    tableContributorInsights: flag,
    webDomainName: z.preprocess(
      (value) => (typeof value === 'string' ? blankToUndefined(value.trim().toLowerCase()) : value),
      z
        .string()
        .regex(hostName, {
          error: 'must be a host name without scheme or path, like noise.example-council.gov.uk',
        })
        .optional(),
    ),
    webCertificateArn: text.pipe(
      z
        .string()
        .regex(ACM_IN_US_EAST_1, {
          error:
            'must be the ARN of an ACM certificate in us-east-1 (arn:aws:acm:us-east-1:<account>:certificate/<id>): CloudFront uses certificates from that region only',
        })
        .optional(),
    ),
    edgeCertificate: flag,
    webAclArn: text.pipe(
      z
        .string()
        .regex(CLOUDFRONT_WEB_ACL, {
          error:
            'must be the ARN of a CLOUDFRONT-scope web ACL (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)',
        })
        .optional(),
    ),
    wafEnabled: flag,
    wafRateLimit: z.preprocess((value) => {
      const present = blankToUndefined(value);
      return typeof present === 'string' ? Number(present) : present;
    }, z
      .number({ error: 'must be a whole number of requests from 10 to 2000000000' })
      .int({ error: 'must be a whole number of requests from 10 to 2000000000' })
      .min(10, { error: 'must be at least 10 (the lowest limit AWS WAF accepts)' })
      .max(2_000_000_000, { error: 'must be at most 2000000000 (the highest limit AWS WAF accepts)' })
      .optional()),
    wafManagedRules: z.preprocess(
      (value) => (value === 'none' ? [] : value),
      list(
        z.enum(WAF_RULE_GROUP_NAMES, {
          error: `must list only ${WAF_RULE_GROUP_NAMES.join(', ')} (or none)`,
        }),
      ),
    ),
  })
  .superRefine((context, issues) => {
    const problem = (key: string, message: string) =>
      issues.addIssue({ code: 'custom', path: [key], message, input: context[key as keyof typeof context] });
    if (context.webCertificateArn && !context.webDomainName) {
      problem('webCertificateArn', 'needs webDomainName: the host name the certificate is for');
    }
    if (context.edgeCertificate && !context.webDomainName) {
      problem('edgeCertificate', 'needs webDomainName: the host name to request a certificate for');
    }
    if (context.webDomainName && !context.webCertificateArn && !context.edgeCertificate) {
      problem(
        'webDomainName',
        'needs webCertificateArn (an ACM certificate in us-east-1 covering it), or edgeCertificate=true to have the edge stack request one',
      );
    }
  });

type Context = z.infer<typeof contextSchema>;
const CONTEXT_KEYS = Object.keys(contextSchema.shape) as (keyof Context)[];

/** `Context <key> <what is wrong>, got <value>` for each problem, so one synth lists them all. */
function describeProblems(error: z.ZodError, raw: Record<string, unknown>): string {
  return error.issues
    .map((issue) => {
      const key = String(issue.path[0] ?? 'context');
      return `Context ${key} ${issue.message}, got ${JSON.stringify(raw[key])}`;
    })
    .join('\n');
}

export function stageConfigFrom(node: Node): StageConfig {
  const raw = Object.fromEntries(CONTEXT_KEYS.map((key) => [key, node.tryGetContext(key)]));
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) throw new Error(describeProblems(parsed.error, raw));
  const context = parsed.data;
  const base = defaults[context.stage];
  return {
    ...base,
    stage: context.stage,
    corsOrigins: context.corsOrigins ?? base.corsOrigins,
    sweeperRate:
      context.sweeperRateMinutes === undefined
        ? base.sweeperRate
        : Duration.minutes(context.sweeperRateMinutes),
    staffCallbackUrls: context.staffCallbackUrls ?? base.staffCallbackUrls,
    staffLogoutUrls: context.staffLogoutUrls ?? base.staffLogoutUrls,
    apiRateLimit: context.apiRateLimit ?? base.apiRateLimit,
    apiBurstLimit: context.apiBurstLimit ?? base.apiBurstLimit,
    tableContributorInsights: context.tableContributorInsights ?? base.tableContributorInsights,
    edgeCertificate: context.edgeCertificate ?? false,
    waf: {
      enabled: context.wafEnabled ?? false,
      rateLimit: context.wafRateLimit ?? DEFAULT_WAF_RATE_LIMIT,
      managedRules: context.wafManagedRules ?? [...WAF_RULE_GROUP_NAMES],
    },
    ...(context.alarmEmail ? { alarmEmail: context.alarmEmail } : {}),
    ...(context.webDomainName ? { webDomainName: context.webDomainName } : {}),
    ...(context.webCertificateArn ? { webCertificateArn: context.webCertificateArn } : {}),
    ...(context.webAclArn ? { webAclArn: context.webAclArn } : {}),
  };
}
