/**
 * The console's AWS sign-in in a real browser: the Cognito hosted UI redirect with PKCE, the
 * code exchange, and sign-out through Cognito's logout. Cognito itself is played by intercepted
 * requests; the pages are served by the local server under the CSP CloudFront sets in AWS.
 */
import { createHash } from 'node:crypto';
import type { BrowserContext, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../infra/local/gateway.ts';
import { contentSecurityPolicy, serveWeb } from '../../infra/local/web.ts';
import {
  launchBrowser,
  screenshot,
  seriousAccessibilityViolations,
  type TestBrowser,
  watchConsole,
} from './browser.ts';

const COGNITO = 'abate-test-111111111111.auth.eu-west-2.amazoncognito.com';
const CLIENT_ID = 'test-client-id';

const gateway = createGateway({ routes: [], handlerFor: async () => async () => ({}), fallback: serveWeb });
let base = '';
let chrome: TestBrowser;
let context: BrowserContext;

function fakeJwt(claims: Record<string, unknown>) {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.signature`;
}

beforeAll(async () => {
  [base, chrome] = await Promise.all([
    gateway.listen(0).then((port) => `http://127.0.0.1:${port}`),
    launchBrowser(),
  ]);
  context = await chrome.browser.newContext({ baseURL: base });
  // What the AWS deployment serves instead of the local settings and CSP.
  await context.route('**/config.json', (route) =>
    route.fulfill({
      json: { mode: 'cognito', apiBase: '', cognitoDomain: COGNITO, clientId: CLIENT_ID },
    }),
  );
  await context.route(`${base}/staff/**`, async (route: Route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: {
        ...response.headers(),
        'content-security-policy': contentSecurityPolicy([`https://${COGNITO}`]),
      },
    });
  });
  await context.route(`${base}/tasks?*`, (route) => route.fulfill({ json: { tasks: [] } }));
});

afterAll(async () => {
  await context?.close();
  await chrome?.close();
  await gateway.close();
});

describe('signing in to the console with Cognito', () => {
  it('sends the person to the hosted UI with a PKCE challenge and exchanges the code with its verifier', async () => {
    const page = await context.newPage();
    const errors = watchConsole(page);
    let authorize: URL | undefined;
    let tokenRequest: URLSearchParams | undefined;
    await context.route(`https://${COGNITO}/oauth2/authorize?*`, (route) => {
      authorize = new URL(route.request().url());
      const back = new URL(authorize.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', 'one-time-code');
      back.searchParams.set('state', authorize.searchParams.get('state') ?? '');
      // A page that moves on, not a 302: routes do not see the requests a redirect makes.
      return route.fulfill({
        contentType: 'text/html',
        body: `<meta http-equiv="refresh" content="0;url=${back.href.replace(/&/g, '&amp;')}">`,
      });
    });
    await context.route(`https://${COGNITO}/oauth2/token`, (route) => {
      tokenRequest = new URLSearchParams(route.request().postData() ?? '');
      return route.fulfill({
        json: {
          access_token: fakeJwt({
            sub: 'u-1',
            'cognito:groups': ['caseworker'],
            exp: Date.now() / 1000 + 3600,
          }),
          id_token: fakeJwt({ sub: 'u-1', name: 'Cora Cognito', exp: Date.now() / 1000 + 3600 }),
          token_type: 'Bearer',
        },
        headers: { 'access-control-allow-origin': base },
      });
    });

    await page.goto('/staff/task?id=abc');
    await page.waitForURL('**/staff/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'staff-sign-in-cognito');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/staff/task?id=abc');

    expect(authorize?.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorize?.searchParams.get('response_type')).toBe('code');
    expect(authorize?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize?.searchParams.get('redirect_uri')).toBe(`${base}/staff/callback`);
    const verifier = tokenRequest?.get('code_verifier') ?? '';
    expect(verifier.length).toBeGreaterThanOrEqual(43);
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(
      authorize?.searchParams.get('code_challenge'),
    );
    expect(tokenRequest?.get('code')).toBe('one-time-code');
    expect(tokenRequest?.get('grant_type')).toBe('authorization_code');
    // The one-time code does not stay in the address bar or history.
    expect(page.url()).not.toContain('one-time-code');
    await page.getByText('Cora Cognito (caseworker)').waitFor();
    expect(errors.filter((error) => !error.includes('404'))).toEqual([]);
    await page.close();
  });

  it('refuses a code that comes back with the wrong state', async () => {
    const page = await context.newPage();
    await page.goto('/staff/callback?code=stolen&state=not-mine');
    await page.getByRole('heading', { name: 'You are not signed in' }).waitFor();
    expect(await page.getByRole('link', { name: 'Try signing in again' }).isVisible()).toBe(true);
    await page.close();
  });

  it('signs out through Cognito and comes back to the sign-in page', async () => {
    const page = await context.newPage();
    let logout: URL | undefined;
    await context.route(`https://${COGNITO}/logout?*`, (route) => {
      logout = new URL(route.request().url());
      return route.fulfill({
        status: 302,
        headers: { location: logout.searchParams.get('logout_uri') ?? '' },
      });
    });
    await page.goto('/staff/sign-in');
    await page.evaluate(
      `sessionStorage.setItem('abate.staff.token', ${JSON.stringify(fakeJwt({ sub: 'u-1', 'cognito:groups': ['manager'], exp: Date.now() / 1000 + 3600 }))})`,
    );
    await page.goto('/staff');
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect(logout?.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(logout?.searchParams.get('logout_uri')).toBe(`${base}/staff/sign-in`);
    expect(await page.evaluate("sessionStorage.getItem('abate.staff.token')")).toBeNull();
    await page.close();
  });
});
