/**
 * Staff sign-in: a Cognito user pool that only administrators can add people to, with MFA
 * required, threat protection on, and the three groups the API contract names.
 */
import { Annotations, Aws, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** Groups carried in the `cognito:groups` claim; handlers check them again per decision type. */
export const STAFF_GROUPS = {
  caseworker: 'Caseworkers: triage, breach decisions, agreement reviews',
  manager: 'Managers: everything a caseworker may do, plus prosecution reviews and escalations',
  facilitator: 'Restorative justice facilitators: consent, conferences, agreement reviews',
} as const;

export interface StaffDirectoryProps {
  stage: string;
  removalPolicy: RemovalPolicy;
  callbackUrls: string[];
  logoutUrls: string[];
}

export class StaffDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

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

    const hostedUi = props.callbackUrls.length > 0;
    if (!hostedUi) {
      Annotations.of(this).addWarningV2(
        'abate:noStaffCallbackUrls',
        'No staffCallbackUrls in context: the staff client has no hosted UI sign-in until they are set',
      );
    }
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
      ...(hostedUi
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true },
              scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
              callbackUrls: props.callbackUrls,
              logoutUrls: props.logoutUrls.length > 0 ? props.logoutUrls : props.callbackUrls,
            },
          }
        : { disableOAuth: true }),
    });
  }
}
