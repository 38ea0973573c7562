/**
 * The resident pages in a real browser against the real local stack: report noise, see the
 * confirmation, fix a field the API refused, follow the case. Every page passes axe-core.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack } from '../support/local-stack.ts';
import {
  launchBrowser,
  screenshot,
  seriousAccessibilityViolations,
  type TestBrowser,
  watchConsole,
} from './browser.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
let chrome: TestBrowser;
let context: BrowserContext;

beforeAll(async () => {
  [env, chrome] = await Promise.all([startTestStack(), launchBrowser()]);
  context = await chrome.browser.newContext({
    baseURL: env.stack.url,
    viewport: { width: 1024, height: 800 },
  });
});

afterAll(async () => {
  await context?.close();
  await chrome?.close();
  await env?.close();
});

/**
 * An evening two days ago in UK time, as the form asks for it: 11:30pm to 3am then lies wholly in
 * the past whatever the time of day the test runs (yesterday's 11:30pm to 3am ends in the future
 * when run just after midnight, and the API rightly refuses that).
 */
function lastNight() {
  const evening = new Date(Date.now() - 2 * 86_400_000);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).formatToParts(evening);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return { day: get('day'), month: get('month'), year: get('year'), time: '11:30pm' };
}

async function fillReport(page: Page, overrides: { sourcePostcode?: string; sourceLine1?: string } = {}) {
  const when = lastNight();
  await page.getByLabel('Music', { exact: true }).check();
  await page.getByLabel('Describe the noise').fill('Loud bass music and shouting');
  await page.getByLabel('Day').fill(when.day);
  await page.getByLabel('Month').fill(when.month);
  await page.getByLabel('Year').fill(when.year);
  await page.getByLabel('Time', { exact: true }).fill(when.time);
  await page.getByLabel('If it has stopped, what time did it stop? (optional)').fill('3am');
  await page.getByLabel('A home, such as a house or flat').check();
  const source = page.getByRole('group', { name: 'Address the noise comes from' });
  await source
    .getByLabel('Address line 1')
    .fill(overrides.sourceLine1 ?? `Flat 3, ${Date.now()} Mare Street`);
  await source.getByLabel('Postcode').fill(overrides.sourcePostcode ?? 'E8 1DY');
  await page.getByLabel('How would you describe the place? (optional)').fill('The flat above mine');
  await page.getByLabel('How does the noise affect you? (optional)').fill('I cannot sleep before work');
  await page.getByLabel('Full name').fill('Ann Example');
  await page.getByLabel('Email address').fill('ann@example.com');
  const home = page.getByRole('group', { name: 'Your address' });
  await home.getByLabel('Address line 1').fill('1 Mare Street');
  await home.getByLabel('Postcode').fill('E8 1DY');
}

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

describe('resident pages', () => {
  let caseRef = '';
  let trackingToken = '';

  it('a resident reports noise and is shown the case reference and tracking token once', async () => {
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto('/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Report a noise problem');
    await expectAccessible(page);
    await screenshot(page, 'resident-1-report-form');

    await fillReport(page);
    const sent: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/complaints')) sent.push(request.headers()['idempotency-key']);
    });
    // A double click sends the report once.
    await page.getByRole('button', { name: 'Send report' }).dblclick();
    await page.waitForURL('**/confirmation');
    await page.getByTestId('case-ref').waitFor();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/);
    caseRef = (await page.getByTestId('case-ref').textContent()) ?? '';
    trackingToken = (await page.getByTestId('tracking-token').textContent()) ?? '';
    expect(caseRef).toMatch(/^NN-\d{4}-\d{6}$/);
    expect(trackingToken.length).toBeGreaterThan(10);
    expect(page.url()).not.toContain(trackingToken);
    expect(page.url()).not.toContain('ann');
    await expectAccessible(page);
    await screenshot(page, 'resident-2-confirmation');

    // Shown once: a reload no longer has it.
    await page.reload();
    await page.getByRole('heading', { name: 'There is no report to show' }).waitFor();
    expect(await page.content()).not.toContain(trackingToken);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a field the API refuses is shown beside that field and in the error summary, which takes focus', async () => {
    const page = await context.newPage();
    await page.goto('/');
    await fillReport(page, { sourcePostcode: 'not a postcode' });
    await page.getByLabel('Full name').fill('');
    await page.getByRole('button', { name: 'Send report' }).click();

    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    await expect
      .poll(() => page.evaluate("document.activeElement?.className ?? ''"))
      .toContain('govuk-error-summary');
    expect(await page.title()).toMatch(/^Error: /);
    const links = await summary.getByRole('link').allTextContents();
    expect(links).toEqual(['Enter a real postcode, like E8 1DY', 'Enter your full name']);

    const postcode = page.getByRole('group', { name: 'Address the noise comes from' }).getByLabel('Postcode');
    const describedBy = (await postcode.getAttribute('aria-describedby')) ?? '';
    const message = page.locator(`#${describedBy.split(' ').at(-1)}`);
    expect(await message.textContent()).toBe('Error: Enter a real postcode, like E8 1DY');
    expect(await postcode.getAttribute('class')).toContain('govuk-input--error');

    // The summary link moves focus to the field.
    await summary.getByRole('link', { name: 'Enter a real postcode, like E8 1DY' }).click();
    expect(await page.evaluate('document.activeElement?.id')).toBe('source-address-postcode');
    await expectAccessible(page);
    await screenshot(page, 'resident-3-validation-errors');

    // Fixing the fields sends the report.
    await postcode.fill('E8 1DY');
    await page.getByLabel('Full name').fill('Ann Example');
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForURL('**/confirmation');
    await page.close();
  });

  it('a start date that is not a real date is shown by the date fields along with the API problems', async () => {
    const page = await context.newPage();
    await page.goto('/');
    await fillReport(page);
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Send report' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'The date the noise started must be a real date',
      'Enter an email address in the correct format, like name@example.com',
    ]);
    const fieldset = page.getByRole('group', { name: 'When did the noise start?' });
    expect(await fieldset.getAttribute('aria-describedby')).toContain('noise-occurredAt-error');
    await page.close();
  });

  it('the follow page shows the status and timeline for a case reference and tracking token, sent as a header', async () => {
    expect(caseRef).not.toBe('');
    const page = await context.newPage();
    const errors = watchConsole(page);
    const progressRequests: { url: string; token?: string }[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/progress'))
        progressRequests.push({ url: request.url(), token: request.headers()['x-tracking-token'] });
    });
    await page.goto('/follow');
    await expectAccessible(page);
    await screenshot(page, 'resident-4-follow-form');

    await page.getByLabel('Case reference').fill(caseRef);
    await page.getByLabel('Tracking token').fill('wrong-token-value');
    await page.getByRole('button', { name: 'Show my case' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('#caseRef-error').textContent()).toContain('No case matches');

    await page.getByLabel('Tracking token').fill(trackingToken);
    await page.getByRole('button', { name: 'Show my case' }).click();
    await page.getByTestId('status').waitFor();
    // The workflow may already have picked the case up.
    expect(await page.getByTestId('status').textContent()).toMatch(/^(Received|Under investigation)$/);
    const timeline = await page.getByTestId('timeline').locator('li').allTextContents();
    expect(timeline.some((entry) => entry.includes('You reported noise and we opened a case'))).toBe(true);
    expect(page.url()).toMatch(/\/follow$/);
    expect(progressRequests.at(-1)).toEqual({
      url: `${env.stack.url}/cases/${caseRef}/progress`,
      token: trackingToken,
    });
    await expectAccessible(page);
    await screenshot(page, 'resident-5-follow-progress');
    expect(errors.filter((error) => !error.includes('404'))).toEqual([]);
    await page.close();
  });

  it('with JavaScript off the report page says how to report another way', async () => {
    const noScript = await chrome.browser.newContext({ baseURL: env.stack.url, javaScriptEnabled: false });
    const page = await noScript.newPage();
    await page.goto('/');
    const notice = page.getByRole('region', { name: 'Important' });
    expect(await notice.textContent()).toContain('This form needs JavaScript');
    expect(await notice.textContent()).toContain('phone 01632 960 000');
    expect(await page.locator('#report-form').isVisible()).toBe(false);
    await screenshot(page, 'resident-6-no-javascript');
    await noScript.close();
  });

  it('the report and follow pages reflow to a 320 pixel wide screen without sideways scrolling', async () => {
    const phone = await chrome.browser.newContext({
      baseURL: env.stack.url,
      viewport: { width: 320, height: 640 },
    });
    const page = await phone.newPage();
    for (const path of ['/', '/follow']) {
      await page.goto(path);
      await page.locator('form:visible').waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth'), path).toBeLessThanOrEqual(320);
    }
    await page.goto('/');
    await screenshot(page, 'resident-7-report-form-320px');
    await phone.close();
  });

  it('the other resident pages pass the accessibility check', async () => {
    const page = await context.newPage();
    for (const path of ['/privacy', '/accessibility', '/confirmation']) {
      await page.goto(path);
      await page.locator('h1:visible').first().waitFor();
      await expectAccessible(page);
      await screenshot(page, `resident-page${path.replace(/\//g, '-')}`);
    }
    await page.close();
  });
});
