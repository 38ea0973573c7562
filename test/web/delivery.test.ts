/**
 * In a real browser against the local stack and its GOV.UK stand-ins: the console's "sent" page
 * shows what the Notify stand-in received (emails as text, letters as PDFs), and a resident pays
 * a fixed penalty by card through the Pay stand-in and comes back to a confirmation.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councilConfig } from '../../functions/config/council.ts';
import { queueMessage } from '../../functions/domain/delivery/queue.ts';
import { SUCCESSFUL_CARD } from '../../infra/local/standins/pay.ts';
import { caseView, caseWithPenalty } from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import {
  launchBrowser,
  screenshot,
  seriousAccessibilityViolations,
  type TestBrowser,
  watchConsole,
} from './browser.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
let chrome: TestBrowser;
beforeAll(async () => {
  [env, chrome] = await Promise.all([startTestStack(), launchBrowser()]);
});
afterAll(async () => {
  await chrome?.close();
  await env?.close();
});

const council = councilConfig();

async function newPage(): Promise<Page> {
  const context = await chrome.browser.newContext({
    baseURL: env.stack.url,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
  });
  return context.newPage();
}

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** A complainant on a real case, and an email and a letter to them in the outbox. */
async function queueEmailAndLetter() {
  const answer = await call(env.stack, 'POST', '/complaints', {
    json: complaintBody({ name: 'Sam Sender', email: 'sam.sender@example.com' }),
  });
  expect(answer.status).toBe(201);
  const caseRef = answer.body.caseRef as string;
  const { Items } = await env.db.send(
    new QueryCommand({
      TableName: env.stack.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :c AND begins_with(gsi2sk, :p)',
      ExpressionAttributeValues: { ':c': `CASE#${caseRef}`, ':p': 'PERSON#complainant#' },
    }),
  );
  const partyId = String(Items?.[0]?.partyId);
  const base = {
    caseRef,
    to: 'complainant' as const,
    partyId,
    template: 'browser-test',
    createdAt: new Date(Date.now() - 1_000).toISOString(),
    status: 'queued' as const,
  };
  const access = { db: env.db, table: env.stack.tableName };
  await queueMessage(access, {
    ...base,
    messageId: `msg_web_email_${Date.now()}`,
    channel: 'email',
    subject: `Case ${caseRef}: we have your report`,
    body: `Dear Sam Sender,\n\nThank you for reporting noise to us.\n\n${council.teamName}`,
  });
  await queueMessage(access, {
    ...base,
    messageId: `msg_web_letter_${Date.now()}`,
    channel: 'letter',
    subject: `Case ${caseRef}: a letter`,
    body: 'Dear Sam Sender,\n\nThis letter is about the noise you reported.',
  });
  await env.stack.deliverOutbox();
  await env.stack.notify.settle();
  return caseRef;
}

describe('the sent page', () => {
  it('shows every email as its recipient reads it and every letter as its PDF, to a signed-in member of staff', async () => {
    const caseRef = await queueEmailAndLetter();
    const page = await newPage();
    const errors = watchConsole(page);
    await page.goto('/staff/sent');
    await page.waitForURL('**/staff/sign-in');
    await page.getByLabel('Caseworker').check();
    await page.getByLabel('Your name').fill('Casey Worker');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signing in returns to the page that asked for it.
    await page.waitForURL((url) => url.pathname === '/staff/sent');

    const email = page.locator('tr', { hasText: `Case ${caseRef}: we have your report` });
    await email.waitFor();
    expect(await email.textContent()).toContain('sam.sender@example.com');
    expect(await email.textContent()).toContain('Delivered');
    await email.getByText(`Case ${caseRef}: we have your report`).click();
    expect(await email.getByText('Thank you for reporting noise to us.').isVisible()).toBe(true);

    const letterLink = page.getByRole('link', { name: /Open the letter \(PDF\)/ }).first();
    const href = String(await letterLink.getAttribute('href'));
    const pdf = await page.request.get(href);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    expect(await page.title()).toBe(`Sent messages – Noise case console – ${council.name}`);
    await expectAccessible(page);
    await screenshot(page, 'staff-sent-messages');
    expect(errors).toEqual([]);
  });
});

describe('paying a penalty online', () => {
  it('a resident enters the notice number, pays by card on GOV.UK Pay and sees the payment confirmed', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    const page = await newPage();
    const errors = watchConsole(page);
    // The link in the FPN letter carries the notice number: the page opens with it filled in.
    await page.goto(`/pay?notice=${penalty.penaltyRef}`);
    expect(await page.getByLabel('Notice number').inputValue()).toBe(penalty.penaltyRef);
    await page.goto('/pay');
    await expectAccessible(page);
    expect(await page.getByText(council.phone).first().isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByRole('link', { name: 'Enter your notice number' }).waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page);

    await page.getByLabel('Notice number').fill(penalty.penaltyRef.toLowerCase());
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(`${env.stack.pay.url}/secure/**`);
    expect(await page.getByText('£75.00').isVisible()).toBe(true);
    await page.getByLabel('Card number').fill(SUCCESSFUL_CARD);
    await page.getByLabel('Expiry date (MM/YY)').fill('12/30');
    await page.getByLabel('Card security code').fill('123');
    await page.getByRole('button', { name: 'Confirm payment' }).click();

    await page.waitForURL('**/pay/return?attempt=*');
    await page.getByRole('heading', { name: 'Payment received' }).waitFor();
    expect(await page.locator('#paid-ref').textContent()).toBe(penalty.penaltyRef);
    expect(await page.locator('#paid-amount').textContent()).toBe('£75.00');
    await expectAccessible(page);
    await screenshot(page, 'resident-payment-received');
    expect(errors).toEqual([]);

    await env.stack.pay.settle();
    await env.stack.settle();
    expect((await caseView(env, caseRef)).penalties[0]?.status).toBe('paid');
  });
});
