/**
 * Where each member of staff lands and how they find cases, in Chromium against the real local
 * stack: a facilitator on restorative justice tasks (and records a withdrawal), a manager on
 * everything due with escalated tasks first, and the Cases page on every open case with filters
 * by status, flag and owner, offering a next page only when there is one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceDays, caseView, caseWithWarning, decide, openCase, openTask } from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import { launchBrowser, screenshot, type TestBrowser, watchConsole } from './browser.ts';
import { expectAccessible, signIn, staffContext, textOf, unexpectedErrors } from './console-helpers.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
let chrome: TestBrowser;
beforeAll(async () => {
  [env, chrome] = await Promise.all([startTestStack({ retryDelayScale: 0.001 }), launchBrowser()]);
});
afterAll(async () => {
  await chrome?.close();
  await env?.close();
});

describe('landing pages', () => {
  it('a facilitator lands on restorative justice tasks, not triage, and records a withdrawal from the case page', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'restorative', { group: 'caseworker' });
    const consent = await openTask(env, caseRef, 'restorative-consent', 'facilitator');

    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Restorative justice facilitator', 'Fran Facilitator');
    expect(await textOf(page, '#queue-heading')).toBe('Restorative justice tasks');
    const row = page.locator(`tr[data-task-id="${consent.taskId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Restorative justice');
    const queues = await textOf(page, '#queue-nav');
    expect(queues).toContain('Restorative consent');
    expect(queues).not.toContain('Triage');
    expect(queues).not.toContain('CPN');
    await expectAccessible(page);
    await screenshot(page, 'console-facilitator-landing');

    await row.getByRole('link', { name: caseRef }).click();
    await page.locator('#case-body').waitFor();
    expect(await page.getByRole('button', { name: 'Record a breach or evidence' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Record a withdrawal from restorative justice' }).click();
    await page.getByRole('button', { name: 'Record the withdrawal' }).waitFor();
    await page.getByRole('button', { name: 'Record the withdrawal' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await textOf(page, '#party-error')).toContain('Choose who withdrew');
    expect(await textOf(page, '#reason-error')).toContain('Enter the reason given for withdrawing');
    await expectAccessible(page);
    await page.getByLabel('The complainant').check();
    await page.getByLabel('The reason they gave').fill('Does not want to meet the neighbour');
    await page.getByRole('button', { name: 'Record the withdrawal' }).click();
    await page.getByText('Withdrawal recorded').waitFor();
    expect(await textOf(page, '#answer-banner')).toContain('returns to the enforcement decision');
    await expectAccessible(page);
    await screenshot(page, 'console-withdrawal-recorded');
    await env.stack.settle();

    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('under-investigation');
    expect(view.timeline.find((entry) => entry.type === 'RestorativeWithdrawal')).toMatchObject({
      actor: { kind: 'staff', name: 'Fran Facilitator' },
      reason: 'The complainant withdrew: Does not want to meet the neighbour',
    });
    await page.goto(`/staff/case?ref=${caseRef}`);
    await page
      .locator('#case-timeline')
      .getByText('The complainant withdrew from restorative justice')
      .waitFor();
    expect(await textOf(page, '#case-timeline')).toContain('by Fran Facilitator (RJ facilitator)');
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  }, 60_000);

  it('a manager lands on everything due with escalated tasks first, whatever order the API lists them in', async () => {
    const late = await openCase(env);
    // Nobody triages it in two working days: it is escalated to managers.
    await advanceDays(env, 5);
    const fresh = await openCase(env);
    const escalated = await openTask(env, late.caseRef, 'triage');
    expect(escalated.escalated).toBe(true);
    const onTime = await openTask(env, fresh.caseRef, 'triage');
    expect(onTime.escalated).toBe(false);

    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    // The console sorts for itself: give it the API's real list back to front.
    await page.route('**/tasks', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      await route.fulfill({ response, json: { ...body, tasks: [...body.tasks].reverse() } });
    });
    await signIn(page, 'Team manager', 'Morgan Manager');
    expect(await textOf(page, '#queue-heading')).toBe('Everything due');
    await page.locator(`tr[data-task-id="${escalated.taskId}"]`).waitFor();
    const order = await page
      .locator('#queue-rows tr')
      .evaluateAll((rows) =>
        rows.map((row) => (row as unknown as { dataset: { taskId: string } }).dataset.taskId),
      );
    expect(order.indexOf(escalated.taskId)).toBeLessThan(order.indexOf(onTime.taskId));
    const states = await page
      .locator('#queue-rows tr')
      .evaluateAll((rows) => rows.map((row) => (row.textContent ?? '').includes('Escalated')));
    expect(states.indexOf(false)).toBeGreaterThan(states.lastIndexOf(true));
    expect(await textOf(page, `tr[data-task-id="${escalated.taskId}"]`)).toContain('Escalated');
    expect(await textOf(page, '#queue-nav')).toContain('CPN breach decisions');
    await expectAccessible(page);
    await screenshot(page, 'console-manager-landing');
    await context.close();
  }, 60_000);
});

describe('the Cases page', () => {
  it('opens on every open case, filters by status, flag and owner, and offers a next page only when the API gives one', async () => {
    const warned = await caseWithWarning(env);
    const abated = await openCase(env);
    await decide(env, abated.caseRef, 'triage', 'investigate-nuisance', { group: 'caseworker' });
    await decide(env, abated.caseRef, 'nuisance-decision', 'nuisance-exists', { group: 'caseworker' });
    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Team manager', 'Morgan Manager');
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/staff/cases');
    expect(await textOf(page, '#cases-heading')).toBe('Open cases');
    await page.getByRole('link', { name: warned.caseRef }).waitFor();
    const statuses = await page
      .locator('#cases-table tbody tr td:nth-child(2) .govuk-tag:first-child')
      .allTextContents();
    expect(new Set(statuses).size).toBeGreaterThan(1);
    expect(statuses).not.toContain('Closed');
    expect(await page.locator('#cases-pagination').isVisible()).toBe(false);
    await expectAccessible(page);
    await screenshot(page, 'console-cases-open');

    await page.locator('#status-nav').getByRole('link', { name: 'Warning issued' }).click();
    await page.getByRole('link', { name: warned.caseRef }).waitFor();
    expect(await textOf(page, '#cases-heading')).toBe('Cases: warning issued');
    expect(
      new Set(
        await page.locator('#cases-table tbody tr td:nth-child(2) .govuk-tag:first-child').allTextContents(),
      ),
    ).toEqual(new Set(['Warning issued']));

    // An abatement notice addressed to the occupier with no enquiries recorded is flagged for
    // attention (a warning or notice under the 2014 Act is refused without them).
    await page.locator('#flag-nav').getByRole('link', { name: 'Occupier named without enquiries' }).click();
    await page.getByRole('link', { name: abated.caseRef }).waitFor();
    expect(await textOf(page, '#cases-heading')).toBe('Cases flagged: occupier named without enquiries');
    expect(await textOf(page, '#cases-table')).toContain('Occupier named without enquiries');
    await expectAccessible(page);
    await screenshot(page, 'console-cases-flagged');

    await page.locator('#owner-nav').getByRole('link', { name: 'My cases' }).click();
    await page.getByText('There are no open cases that you own.').waitFor();
    expect(await textOf(page, '#cases-heading')).toBe('My open cases');
    expect(await page.locator('#cases-pagination').isVisible()).toBe(false);
    await expectAccessible(page);

    // More open cases than one page holds: a next page, then a last page without one.
    for (let i = 0; i < 26; i++) {
      const reported = await call(env.stack, 'POST', '/complaints', { json: complaintBody() });
      expect(reported.status).toBe(201);
    }
    await env.stack.settle();
    await page.locator('#owner-nav').getByRole('link', { name: 'All open cases' }).click();
    await page.locator('#cases-next').waitFor();
    expect(await page.locator('#cases-table tbody tr').count()).toBe(25);
    const firstPage = await page.locator('#cases-table tbody tr td:first-child').allTextContents();
    await page.getByRole('link', { name: 'Next page of cases' }).click();
    await page.locator('#cases-first').waitFor();
    const secondPage = await page.locator('#cases-table tbody tr td:first-child').allTextContents();
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.some((ref) => firstPage.includes(ref))).toBe(false);
    expect(await page.locator('#cases-next').isVisible()).toBe(false);
    expect(await textOf(page, '#cases-status')).toContain('on this page');
    await expectAccessible(page);
    await screenshot(page, 'console-cases-last-page');
    await page.getByRole('link', { name: 'First page of cases' }).click();
    await page.locator('#cases-next').waitFor();
    expect(await page.locator('#cases-first').isVisible()).toBe(false);
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  }, 90_000);
});
