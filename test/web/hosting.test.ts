/**
 * How the pages are served: the local server's routing, types, caching and security headers,
 * and the CloudFront construct that must serve the same URLs the same way in AWS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPathPatterns, REWRITE_FUNCTION, WebHosting } from '../../infra/constructs/web-hosting.ts';
import { routes } from '../../infra/functions.ts';
import { createGateway } from '../../infra/local/gateway.ts';
import { serveWeb, webFileFor } from '../../infra/local/web.ts';

describe('the local web server', () => {
  // The gateway with the real route list and serveWeb as its fallback; API handlers are stand-ins
  // (no DynamoDB needed) because only who answers which path is in question here.
  const gateway = createGateway({
    routes,
    handlerFor: async () => async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"from":"api"}',
    }),
    fallback: serveWeb,
  });
  let url = '';
  beforeAll(async () => {
    url = `http://127.0.0.1:${await gateway.listen(0)}`;
  });
  afterAll(async () => {
    await gateway.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers });

  it('serves resident pages from / and the console under /staff as no-cache HTML with a strict CSP', async () => {
    for (const path of [
      '/',
      '/follow',
      '/confirmation',
      '/staff',
      '/staff/',
      '/staff/task',
      '/staff/cases',
      '/staff/sign-in',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves GOV.UK Frontend from node_modules, with hashed fonts cached for a year', async () => {
    const css = await get('/assets/govuk-frontend.min.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const fontPath = (await css.text()).match(/url\((\/assets\/fonts\/[^)]+\.woff2)\)/)?.[1];
    expect(fontPath).toBeDefined();
    const font = await get(fontPath as string);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect(font.headers.get('cache-control')).toContain('immutable');
    const js = await get('/assets/govuk-frontend.min.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/images/favicon.ico')).status).toBe(200);
  });

  it('answers a repeat request with 304 when the file has not changed', async () => {
    const first = await get('/static/js/resident/report.js');
    expect(first.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    const etag = first.headers.get('etag') ?? '';
    expect((await get('/static/js/resident/report.js', { 'if-none-match': etag })).status).toBe(304);
  });

  it('gives the console its settings from /config.json', async () => {
    const response = await get('/config.json');
    expect(await response.json()).toEqual({ mode: 'local', apiBase: '' });
  });

  it('never serves files outside web/ or hidden files, and leaves API paths to the API', async () => {
    expect((await get('/..%2Fpackage.json')).status).toBe(404);
    expect((await get('/static/../../package.json')).status).toBe(404);
    expect((await get('/assets/..%2F..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await get('/.git/config')).status).toBe(404);
    const mistyped = await get('/no-such-page', { accept: 'text/html,application/xhtml+xml' });
    expect(mistyped.status).toBe(404);
    expect(await mistyped.text()).toContain('Page not found');
    expect((await get('/no-such-page')).headers.get('content-type')).toContain('application/json');
    const api = await get('/cases/NN-2026-000001/progress', { accept: 'text/html' });
    expect(await api.json()).toEqual({ from: 'api' });
  });
});

describe('the CloudFront hosting construct', () => {
  let outdir: string;
  let template: Template;
  let app: App;
  let stack: Stack;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'abate-web-synth-'));
    // No copying of assets (the CLI layer zip alone is large) into the assembly: the template is what is checked.
    // CloudFormation's own template validation runs on the whole stack, this construct in it, in
    // test/infra/prod.test.ts; here it would only repeat that for the construct.
    app = new App({
      outdir,
      context: { 'aws:cdk:disable-asset-staging': true },
      builtinCloudFormationValidation: false,
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    stack = new Stack(app, 'WebTest', { env: { account: '111111111111', region: 'eu-west-2' } });
    // A bare pool: the real one is the StaffDirectory's, checked by its own tests.
    const pool = new cognito.UserPool(stack, 'Pool');
    for (const id of ['AwsSolutions-COG1', 'AwsSolutions-COG2', 'AwsSolutions-COG8']) {
      Validations.of(pool).acknowledge({ id, reason: 'test fixture' });
    }
    new WebHosting(stack, 'Web', {
      stage: 'test',
      removalPolicy: RemovalPolicy.DESTROY,
      staffDomain: pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'abate-test' } }),
      staffClient: pool.addClient('Client'),
      api: { domainName: 'abc123.execute-api.eu-west-2.amazonaws.com', routes },
    });
    template = Template.fromStack(stack);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('keeps the bucket private and reachable only through CloudFront', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('sends every API route to the API uncached, and everything else to the bucket', () => {
    const patterns = apiPathPatterns(routes);
    expect(patterns).toContain('/complaints');
    expect(patterns).toContain('/cases/*');
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: {
        DistributionConfig: { CacheBehaviors: { PathPattern: string; CachePolicyId: string }[] };
      };
    };
    const behaviours = distribution.Properties.DistributionConfig.CacheBehaviors;
    expect(behaviours.map((behaviour) => behaviour.PathPattern).sort()).toEqual(patterns);
    // The managed CachingDisabled policy.
    for (const behaviour of behaviours)
      expect(behaviour.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
  });

  it('sets the same CSP as the local server, opened only to the Cognito domain', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            ContentSecurityPolicy: Match.objectLike({
              'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp("script-src 'self'")])]),
            }),
            Override: true,
          },
        }),
      }),
    });
  });

  it('rewrites clean URLs to the same files the local server serves', () => {
    const handler = new Function(`${REWRITE_FUNCTION}; return handler;`)() as (event: {
      request: { uri: string };
    }) => { uri: string };
    for (const uri of [
      '/',
      '/follow',
      '/confirmation',
      '/staff',
      '/staff/',
      '/staff/task',
      '/static/js/resident/report.js',
    ]) {
      const rewritten = handler({ request: { uri } }).uri;
      const local = webFileFor(uri)?.file ?? '';
      expect(local.endsWith(rewritten), `${uri} → ${rewritten} vs ${local}`).toBe(true);
    }
  });

  it('raises no unsuppressed cdk-nag errors', () => {
    app.synth();
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((error) => `${error.id}: ${String(error.entry.data).slice(0, 120)}`)).toEqual([]);
  });
});
