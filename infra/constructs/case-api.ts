/**
 * The HTTP API: one route per `RouteSpec`, staff routes behind a Cognito JWT authorizer, CORS
 * limited to configured origins, stage-wide throttling with tighter limits on public routes, and
 * JSON access logs.
 *
 * Payload limits: API Gateway HTTP APIs accept bodies up to 10 MB; the handlers refuse anything
 * over 64 KB (a complaint is text), so the lower limit is the one a client meets.
 */
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteSpec } from '../functions.ts';

export interface CaseApiProps {
  stage: string;
  routes: RouteSpec[];
  /** The Lambda function for a registry id; throws for an id the registry does not have. */
  fn(functionId: string): lambda.IFunction;
  userPool: cognito.IUserPool;
  userPoolClients: cognito.IUserPoolClient[];
  corsOrigins: string[];
  rateLimit: number;
  burstLimit: number;
  publicRouteRateLimit: number;
  publicRouteBurstLimit: number;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/** `POST /complaints`: the key API Gateway uses for routes and per-route settings. */
export function routeKey(route: RouteSpec): string {
  return `${route.method} ${route.path}`;
}

export class CaseApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: CaseApiProps) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `abate-${props.stage}`,
      description: 'Abate noise nuisance case API',
      // The stage is created below so it can carry access logs and throttling.
      createDefaultStage: false,
      ...(props.corsOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: props.corsOrigins,
              allowMethods: [
                apigw.CorsHttpMethod.GET,
                apigw.CorsHttpMethod.POST,
                apigw.CorsHttpMethod.OPTIONS,
              ],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    const publicRouteSettings = Object.fromEntries(
      props.routes
        .filter((route) => route.access === 'public')
        .map((route) => [
          routeKey(route),
          {
            ThrottlingRateLimit: props.publicRouteRateLimit,
            ThrottlingBurstLimit: props.publicRouteBurstLimit,
          },
        ]),
    );

    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        // No source IP: residents reporting neighbours are entitled to that much privacy in our logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    if (Object.keys(publicRouteSettings).length > 0) {
      const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
      // Route keys are created by the routes; the stage must exist after them to refer to them.
      cfnStage.addPropertyOverride('RouteSettings', publicRouteSettings);
    }

    this.authorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', props.userPool, {
      userPoolClients: props.userPoolClients,
      authorizerName: 'staff-cognito-jwt',
    });

    const integrations = new Map<string, HttpLambdaIntegration>();
    const routesOf = (functionId: string) => props.routes.filter((r) => r.functionId === functionId).length;
    for (const route of props.routes) {
      let integration = integrations.get(route.functionId);
      if (!integration) {
        integration = new HttpLambdaIntegration(
          `${route.functionId}Integration`,
          props.fn(route.functionId),
          {
            payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
            // A function behind several routes (evidence) gets one invoke permission for this API,
            // not one per route: each is a stack resource, and the stack may hold only 500.
            ...(routesOf(route.functionId) > 1 ? { scopePermissionToRoute: false } : {}),
          },
        );
        integrations.set(route.functionId, integration);
      }
      const routes = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        // `provider` routes are authenticated by the HMAC signature the handler verifies.
        ...(route.access === 'staff' ? { authorizer: this.authorizer } : {}),
      });
      for (const created of routes) {
        this.stage.node.addDependency(created);
        if (route.access !== 'staff') {
          Validations.of(created).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason:
              route.access === 'public'
                ? 'Residents report noise and follow their case without an account; the case view needs a tracking token the handler checks, and the route is throttled tighter than the stage'
                : 'The payment provider cannot hold a Cognito token; the handler verifies an HMAC-SHA256 signature of the raw body with the shared secret before doing anything',
          });
        }
      }
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
