/**
 * Staff sign-in: a Cognito user pool that only administrators can add people to, with MFA
 * required, threat protection on, and the three groups the API contract names. The console's
 * sign-in and sign-out return addresses come from the site's URL, so the hosted UI works from the
 * first deployment.
 */
import { Aws, Duration, Lazy, type RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** Groups carried in the `cognito:groups` claim; handlers check them again per decision type. */
export const STAFF_GROUPS = {
  caseworker: 'Caseworkers: triage, breach decisions, agreement reviews',
  manager: 'Managers: everything a caseworker may do, plus prosecution reviews and escalations',
  facilitator: 'Restorative justice facilitators: consent, conferences, agreement reviews',
} as const;

/** Where the hosted UI sends staff back with a code (web/static/js/staff/session.js builds the same). */
export const STAFF_CALLBACK_PATH = '/staff/callback';
/** Where Cognito's logout returns; it must match the console's `logout_uri` exactly. */
export const STAFF_SIGNED_OUT_PATH = '/staff/sign-in';

export interface StaffDirectoryProps {
  stage: string;
  removalPolicy: RemovalPolicy;
  /**
   * `https://<host>` of the site serving the console, without a trailing slash. Asked for at
   * synthesis, not now: the site (CloudFront) is usually built after the API, which needs this
   * pool's client first. Its value may be a token, e.g. the distribution's domain name.
   */
  webUrl: () => string;
  /** Further callback and sign-out URLs, e.g. a console on localhost signing in against this pool. */
  extraCallbackUrls?: string[];
  extraLogoutUrls?: string[];
}

export class StaffDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** The hosted UI's allowed return addresses: the site's own first, then any extra ones. */
  readonly callbackUrls: string[];
  readonly logoutUrls: string[];

  constructor(scope: Construct, id: string, props: StaffDirectoryProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `abate-${props.stage}-staff`,
      // Staff accounts are created by an administrator (see DEPLOY.md), never by the public.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      // Authenticator apps only: SMS codes can be intercepted and need an SMS spending limit.
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Threat protection (compromised credentials, adaptive authentication) needs the Plus plan.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: props.removalPolicy !== 'destroy',
      removalPolicy: props.removalPolicy,
    });

    for (const [groupName, description] of Object.entries(STAFF_GROUPS)) {
      new cognito.UserPoolGroup(this, `Group-${groupName}`, {
        userPool: this.userPool,
        groupName,
        description,
      });
    }

    this.domain = this.userPool.addDomain('HostedUi', {
      // Domain prefixes are global across AWS accounts; the account id keeps ours unique.
      cognitoDomain: { domainPrefix: `abate-${props.stage}-${Aws.ACCOUNT_ID}` },
    });

    const webUrl = Lazy.string({ produce: props.webUrl });
    const unique = (urls: string[]) => [...new Set(urls)];
    this.callbackUrls = unique([`${webUrl}${STAFF_CALLBACK_PATH}`, ...(props.extraCallbackUrls ?? [])]);
    this.logoutUrls = unique([`${webUrl}${STAFF_SIGNED_OUT_PATH}`, ...(props.extraLogoutUrls ?? [])]);
    this.webClient = this.userPool.addClient('StaffWebClient', {
      userPoolClientName: `abate-${props.stage}-staff-web`,
      // A browser app cannot keep a client secret; authorization code + PKCE protects it instead.
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: this.callbackUrls,
        logoutUrls: this.logoutUrls,
      },
    });
  }
}
