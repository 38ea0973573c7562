/** What the console's browser tests share: staff contexts, signing in, UK dates in the date boxes, axe. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { startTestStack } from '../support/local-stack.ts';
import { seriousAccessibilityViolations } from './browser.ts';

export type TestEnv = Awaited<ReturnType<typeof startTestStack>>;

export type StaffRole = 'Caseworker' | 'Team manager' | 'Restorative justice facilitator';

export async function staffContext(browser: Browser, env: TestEnv): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: env.stack.url,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
  });
}

/** Signs in with the local identity picker and waits for the page the console lands on. */
export async function signIn(page: Page, role: StaffRole, name: string): Promise<void> {
  await page.goto('/staff');
  await page.waitForURL('**/staff/sign-in');
  await page.getByLabel(role).check();
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/staff');
}

export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** The UK wall-clock parts of an instant, as a person would type them into the date and time boxes. */
export function londonParts(at: Date): { day: string; month: string; year: string; time: string } {
  const parts: Record<string, string> = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const part = (name: string) => parts[name] ?? '';
  return {
    day: part('day'),
    month: part('month'),
    year: part('year'),
    time: `${part('hour')}:${part('minute')}`,
  };
}

/** Types an instant into a GOV.UK date input (`#<id>-day` …) and its time box, when it has one. */
export async function fillDate(page: Page, id: string, at: Date, { time = true } = {}): Promise<void> {
  const parts = londonParts(at);
  await page.locator(`#${id}-day`).fill(parts.day);
  await page.locator(`#${id}-month`).fill(parts.month);
  await page.locator(`#${id}-year`).fill(parts.year);
  if (time) await page.locator(`#${id}-time`).fill(parts.time);
}

/** The text of an element, collapsed to single spaces. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * What a page logged as errors, less the browser's note of each API refusal the page answered
 * (a 400 with field problems, a 409 refusal): those are the behaviour under test, not faults.
 */
export function unexpectedErrors(errors: string[]): string[] {
  return errors.filter(
    (error) => !/^Failed to load resource: the server responded with a status of (400|409) /.test(error),
  );
}

/** Opens a task's page and waits for its decision form. */
export async function openTaskPage(page: Page, taskId: string): Promise<void> {
  await page.goto(`/staff/task?id=${taskId}`);
  await page.getByRole('button', { name: 'Record decision' }).waitFor();
}

/** The outcomes a task page offers, in order, by their API codes. */
export async function offeredOutcomes(page: Page): Promise<string[]> {
  return page
    .locator('#outcomes input')
    .evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
}

/** Opens a case's page and waits for it to render. */
export async function openCasePage(page: Page, caseRef: string): Promise<void> {
  await page.goto(`/staff/case?ref=${caseRef}`);
  await page.locator('#case-body').waitFor();
}

/** The value of a row of the case summary (`Route`, `Stage`, `Owner`…), collapsed to single spaces. */
export async function summaryValue(page: Page, key: string): Promise<string> {
  const row = page.locator('#case-summary .govuk-summary-list__row', {
    has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }),
  });
  return ((await row.locator('dd').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits for the answer banner of a page that records something on a case to give this heading. */
export async function answerHeading(page: Page, heading: string | RegExp): Promise<void> {
  await page.locator('#answer-heading', { hasText: heading }).waitFor();
}
