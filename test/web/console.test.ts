/**
 * The caseworker console in a real browser against the real local stack: sign in with the local
 * dev identity, find the triage task in its queue, decide it, see the resident's page change,
 * and see what a second caseworker and a facilitator are told when they may not decide.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import {
  launchBrowser,
  screenshot,
  seriousAccessibilityViolations,
  type TestBrowser,
  watchConsole,
} from './browser.ts';
import { unexpectedErrors } from './console-helpers.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
let chrome: TestBrowser;
beforeAll(async () => {
  [env, chrome] = await Promise.all([startTestStack(), launchBrowser()]);
});

afterAll(async () => {
  await chrome?.close();
  await env?.close();
});

async function devToken(group: string, name: string): Promise<string> {
  const response = await call(env.stack, 'POST', '/_local/dev-token', { json: { group, name } });
  expect(response.status).toBe(200);
  return response.body.token;
}

async function report(): Promise<{ caseRef: string; trackingToken: string }> {
  const response = await call(env.stack, 'POST', '/complaints', { json: complaintBody() });
  expect(response.status).toBe(201);
  return response.body;
}

/** The workflow opens each task a moment after the step before it; wait for it. */
async function openTask(type: string, caseRef: string, token: string): Promise<{ taskId: string }> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const { status, body } = await call(env.stack, 'GET', `/tasks?type=${type}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(status).toBe(200);
    const task = body.tasks.find((candidate: { caseRef: string }) => candidate.caseRef === caseRef);
    if (task) return task;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`no ${type} task appeared for ${caseRef}`);
}

const triageTaskFor = (caseRef: string, token: string) => openTask('triage', caseRef, token);

async function decide(taskId: string, token: string, outcome: string, reason: string) {
  const response = await call(env.stack, 'POST', `/tasks/${encodeURIComponent(taskId)}/decision`, {
    json: { outcome, reason },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

async function newStaffContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: env.stack.url,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
  });
}

async function signIn(
  page: Page,
  role: 'Caseworker' | 'Team manager' | 'Restorative justice facilitator',
  name: string,
) {
  await page.goto('/staff');
  await page.waitForURL('**/staff/sign-in');
  await page.getByLabel(role).check();
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/staff');
}

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

describe('caseworker console', () => {
  it('a caseworker signs in, finds the task in the triage queue, decides it, and the resident sees the new status', async () => {
    const resident = await report();
    const adminToken = await devToken('caseworker', 'Test Setup');
    const task = await triageTaskFor(resident.caseRef, adminToken);

    const first = await newStaffContext(chrome.browser);
    const second = await newStaffContext(chrome.browser);
    const page = await first.newPage();
    const errors = watchConsole(page);

    await page.goto('/staff/sign-in');
    await expectAccessible(page);
    await screenshot(page, 'staff-1-sign-in');
    await signIn(page, 'Caseworker', 'Casey Worker');
    expect(await page.getByText('Casey Worker (caseworker)').isVisible()).toBe(true);

    const row = page.locator(`tr[data-task-id="${task.taskId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(resident.caseRef);
    expect(await row.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await expectAccessible(page);
    await screenshot(page, 'staff-2-triage-queue');

    // A second caseworker opens the same task before the first decides it.
    const rival = await second.newPage();
    await signIn(rival, 'Caseworker', 'Robin Rival');
    await rival.goto(`/staff/task?id=${encodeURIComponent(task.taskId)}`);
    await rival.getByRole('button', { name: 'Record decision' }).waitFor();

    await row
      .getByRole('link', { name: /triage|Triage/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Record decision' }).waitFor();
    const offered = await page
      .locator('#outcomes input')
      .evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    expect(offered).toEqual(['warn', 'restorative', 'investigate-nuisance', 'no-further-action']);
    await expectAccessible(page);
    await screenshot(page, 'staff-3-task-decision-form');

    // The reason is required.
    await page.getByLabel('Issue a Community Protection Warning').check();
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('#reason-error').textContent()).toBe(
      'Error: Enter the reason for your decision',
    );
    await screenshot(page, 'staff-4-decision-needs-reason');

    await page
      .getByLabel('Reason for your decision')
      .fill('Music at night on three occasions; a written warning first.');
    // Nobody is named and no enquiries are recorded: the warning has nobody the law allows (s.45).
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page
      .getByText(/Nobody is named on this case and no enquiries/)
      .first()
      .waitFor();
    await page.getByLabel('The occupier').check();
    await page
      .getByLabel('Enquiries made to find the owner or occupier')
      .fill('Asked Council Tax who is liable: nobody is registered');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded: Issue a Community Protection Warning.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'staff-5-decision-recorded');

    // The rival's decision arrives second and is refused with a plain message.
    await rival.getByLabel('No further action').check();
    await rival.getByLabel('Reason for your decision').fill('Not a nuisance');
    await rival.getByRole('button', { name: 'Record decision' }).click();
    await rival.getByText('Someone else has already decided this task').waitFor();
    expect(await rival.getByRole('button', { name: 'Record decision' }).isVisible()).toBe(false);
    await rival.getByText('Issue a Community Protection Warning').first().waitFor();
    await screenshot(rival, 'staff-6-someone-else-decided');

    // The resident's follow page shows the new status.
    const residentPage = await (await chrome.browser.newContext({ baseURL: env.stack.url })).newPage();
    await expect
      .poll(
        async () =>
          (
            await call(env.stack, 'GET', `/cases/${resident.caseRef}/progress`, {
              headers: { 'x-tracking-token': resident.trackingToken },
            })
          ).body.status,
        { timeout: 15_000 },
      )
      .toBe('warning-issued');
    await residentPage.goto('/follow');
    await residentPage.getByLabel('Case reference').fill(resident.caseRef);
    await residentPage.getByLabel('Tracking token').fill(resident.trackingToken);
    await residentPage.getByRole('button', { name: 'Show my case' }).click();
    await residentPage.getByTestId('status').waitFor();
    expect(await residentPage.getByTestId('status').textContent()).toBe('Warning issued');
    await screenshot(residentPage, 'staff-7-resident-sees-warning');
    await residentPage.context().close();

    // The case page shows the decision in the timeline, the parties and the letters.
    await page.goto(`/staff/case?ref=${resident.caseRef}`);
    await page.locator('#case-body').waitFor();
    expect(await page.locator('#case-summary').textContent()).toContain('Warning issued');
    expect(await page.locator('#case-parties').textContent()).toContain('Ann Example');
    expect(await page.locator('#case-timeline').textContent()).toContain('Music at night on three occasions');
    expect(await page.locator('#case-outbox details').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, 'staff-8-case-page');

    // The case is listed among cases with a warning issued.
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('link', { name: 'Warning issued' }).click();
    await page.getByRole('link', { name: resident.caseRef }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'staff-10-cases-by-status');

    // The refused first attempt is the one failed request.
    expect(unexpectedErrors(errors)).toEqual([]);
    await first.close();
    await second.close();
    // Three browser sessions and a workflow step: allow for a busy CI machine.
  }, 60_000);

  it('a facilitator who may not decide a triage task is told so and the task stays open', async () => {
    const resident = await report();
    const task = await triageTaskFor(resident.caseRef, await devToken('caseworker', 'Test Setup'));
    const context = await newStaffContext(chrome.browser);
    const page = await context.newPage();
    await signIn(page, 'Restorative justice facilitator', 'Fran Facilitator');
    await page.goto(`/staff/task?id=${encodeURIComponent(task.taskId)}`);
    const form = page.getByRole('button', { name: 'Record decision' });
    const refusedToSee = page.getByRole('heading', { name: 'You cannot open this task' });
    await Promise.race([form.waitFor(), refusedToSee.waitFor()]);
    if (await form.isVisible()) {
      await page.getByLabel('Offer restorative justice').check();
      await page.getByLabel('Reason for your decision').fill('I would like to try');
      await form.click();
      await page.getByText('You cannot decide this task').waitFor();
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Ask a team manager');
    }
    await screenshot(page, 'staff-9-forbidden');
    const check = await call(env.stack, 'GET', `/tasks/${encodeURIComponent(task.taskId)}`, {
      headers: { authorization: `Bearer ${await devToken('caseworker', 'Test Setup')}` },
    });
    expect(check.body.task.status).toBe('open');
    await context.close();
  });

  it('a facilitator records a conference agreement with its actions and due dates', async () => {
    const resident = await report();
    const caseworker = await devToken('caseworker', 'Test Setup');
    const facilitator = await devToken('facilitator', 'Test Facilitator');
    await decide(
      (await triageTaskFor(resident.caseRef, caseworker)).taskId,
      caseworker,
      'restorative',
      'Neighbours willing to talk',
    );
    const consent = await openTask('restorative-consent', resident.caseRef, facilitator);
    await decide(consent.taskId, facilitator, 'both-consented', 'Both agreed on the phone');
    const conference = await openTask('restorative-conference', resident.caseRef, facilitator);

    const context = await newStaffContext(chrome.browser);
    const page = await context.newPage();
    await signIn(page, 'Restorative justice facilitator', 'Fran Facilitator');
    await page.goto(`/staff/task?id=${encodeURIComponent(conference.taskId)}`);
    await page.getByLabel('Agreement reached').check();
    await page.getByLabel('Action 1', { exact: true }).fill('Music off by 11pm on weeknights');
    await page.getByLabel('Action 1 due by').fill('2027-01-15');
    await page.getByLabel('Action 2', { exact: true }).fill('Rugs down in the living room');
    await page.getByLabel('Action 2 due by').fill('2027-01-31');
    await page.getByLabel('Reason for your decision').fill('Both signed the agreement at the conference');
    await expectAccessible(page);
    await screenshot(page, 'staff-11-conference-agreement');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded: Agreement reached.').waitFor();
    const decision = (await page.locator('#task-decision-details').textContent()) ?? '';
    expect(decision).toContain('Music off by 11pm on weeknights (by 15 January 2027)');
    expect(decision).toContain('Rugs down in the living room (by 31 January 2027)');
    await context.close();
  }, 60_000);

  it('signing out forgets the token and the console asks to sign in again', async () => {
    const context = await newStaffContext(chrome.browser);
    const page = await context.newPage();
    await signIn(page, 'Team manager', 'Morgan Manager');
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect(await page.evaluate("Object.keys(sessionStorage).filter((key) => key.includes('token'))")).toEqual(
      [],
    );
    await page.goto('/staff');
    await page.waitForURL('**/staff/sign-in');
    await context.close();
  });
});
