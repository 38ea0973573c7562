/**
 * The resident report form in a real browser: it explains what giving evidence means instead of
 * promising anonymity, asks whether the resident would give evidence and the risk questions, and
 * what they answer reaches the case. The page stays accessible.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseView } from '../support/lifecycle.ts';
import { startTestStack } from '../support/local-stack.ts';
import {
  launchBrowser,
  screenshot,
  seriousAccessibilityViolations,
  type TestBrowser,
} from '../web/browser.ts';

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

async function fillReport(page: Page, line1: string) {
  const yesterday = new Date(Date.now() - 86_400_000);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).formatToParts(yesterday);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  await page.getByLabel('Music', { exact: true }).check();
  await page.getByLabel('Describe the noise').fill('Loud bass music and shouting');
  await page.getByLabel('Day').fill(get('day'));
  await page.getByLabel('Month').fill(get('month'));
  await page.getByLabel('Year').fill(get('year'));
  await page.getByLabel('Time', { exact: true }).fill('11:30pm');
  await page.getByLabel('A home, such as a house or flat').check();
  const source = page.getByRole('group', { name: 'Address the noise comes from' });
  await source.getByLabel('Address line 1').fill(line1);
  await source.getByLabel('Postcode').fill('E8 1DY');
  await page.getByLabel('Full name').fill('Ann Example');
  await page.getByLabel('Email address').fill('ann@example.com');
  const home = page.getByRole('group', { name: 'Your address' });
  await home.getByLabel('Address line 1').fill('1 Mare Street');
  await home.getByLabel('Postcode').fill('E8 1DY');
}

const answer = (page: Page, question: string | RegExp, choice: string) =>
  page.getByRole('group', { name: question }).getByLabel(choice, { exact: true }).check();

describe('the report form', () => {
  it('says a court case means sharing the evidence, instead of promising anonymity', async () => {
    const page = await context.newPage();
    await page.goto('/');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/We will not tell the person making the noise who you are\./);
    expect(text).toMatch(/If a case ever goes to court, the evidence has to be shared/);
    expect(text).toMatch(/your statement is shared with the court and with the person responsible/);
    await page.close();
  });

  it('asks whether the resident would give evidence and the risk questions, and the case gets both', async () => {
    const page = await context.newPage();
    await page.goto('/');
    await fillReport(page, `Flat 7, ${Date.now()} Form Street`);
    await answer(page, /would you be willing to give evidence/, 'Yes');
    await answer(page, 'Is the noise affecting your physical or mental health?', 'Yes');
    await answer(page, 'Do you feel unsafe in your home because of this?', 'Yes');
    await answer(page, /disability, illness or other circumstance/, 'Prefer not to say');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'casework-resident-form-risk-and-evidence');
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForURL('**/confirmation');
    const caseRef = (await page.getByTestId('case-ref').textContent()) ?? '';
    await env.stack.settle();

    const seen = (await caseView(env, caseRef)) as unknown as {
      case: { priority: string };
      parties: { role: string; willingToGiveEvidence?: boolean }[];
      riskAssessments: { answers: Record<string, string>; level: string }[];
    };
    expect(seen.parties.find((p) => p.role === 'complainant')?.willingToGiveEvidence).toBe(true);
    expect(seen.riskAssessments).toMatchObject([
      {
        answers: { healthAffected: 'yes', feelsUnsafe: 'yes', vulnerable: 'prefer-not-to-say' },
        level: 'high',
      },
    ]);
    expect(seen.case.priority).toBe('high');
    await page.close();
  });

  it('a resident who skips the optional questions sends no assessment and no answer about evidence', async () => {
    const page = await context.newPage();
    await page.goto('/');
    await fillReport(page, `Flat 8, ${Date.now()} Form Street`);
    await answer(page, /would you be willing to give evidence/, 'I’m not sure yet');
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForURL('**/confirmation');
    const caseRef = (await page.getByTestId('case-ref').textContent()) ?? '';
    await env.stack.settle();
    const seen = (await caseView(env, caseRef)) as unknown as {
      parties: { role: string; willingToGiveEvidence?: boolean }[];
      riskAssessments: unknown[];
    };
    expect(seen.parties.find((p) => p.role === 'complainant')).not.toHaveProperty('willingToGiveEvidence');
    expect(seen.riskAssessments).toEqual([]);
    await page.close();
  });
});
