/**
 * The Noise Act 1996 night route driven through the console in Chromium against the real local
 * stack, in virtual time. The stack's clock is moved to a morning, and the officer records what
 * they did during the night before: a warning notice refused for a daytime construction case;
 * for a dwelling, refused field by field when served in the evening, when its period starts too
 * soon or ends after 07:00, then recorded;
 * a measurement under the permitted level kept as evidence, one above it recorded as the offence,
 * which opens the manager's offence decision.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  followingLondonHour,
  londonInstant,
  londonWallClock,
} from '../../functions/domain/routes/noise-act/rules.ts';
import { caseView, localNow, openCase, openTask } from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import { launchBrowser, screenshot, type TestBrowser, watchConsole } from './browser.ts';
import {
  answerHeading,
  expectAccessible,
  fillDate,
  offeredOutcomes,
  openCasePage,
  openTaskPage,
  signIn,
  staffContext,
  summaryValue,
  textOf,
  unexpectedErrors,
} from './console-helpers.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
let chrome: TestBrowser;
beforeAll(async () => {
  [env, chrome] = await Promise.all([startTestStack({ retryDelayScale: 0.001 }), launchBrowser()]);
});
afterAll(async () => {
  await chrome?.close();
  await env?.close();
});

const DAY = 86_400_000;
const MINUTE = 60_000;

/** Moves the stack's clock to 09:00 UK time the next morning: last night is then wholly in the past. */
async function toNextMorning() {
  const now = localNow();
  await env.stack.advanceClock(followingLondonHour(now, 9).getTime() - now.getTime() + MINUTE);
}

/** hh:mm UK time last night: hours from noon are the evening before, earlier ones this morning. */
function lastNight(hour: number, minute = 0): Date {
  const { date } = londonWallClock(localNow());
  const day = hour >= 12 ? new Date(Date.parse(`${date}T12:00:00Z`) - DAY).toISOString().slice(0, 10) : date;
  return new Date(londonInstant(day, hour).getTime() + minute * MINUTE);
}

async function openCaseAbout(kind: string, category: string) {
  const body = complaintBody();
  const reported = await call(env.stack, 'POST', '/complaints', {
    json: { ...body, source: { ...body.source, kind }, noise: { ...body.noise, category } },
  });
  expect(reported.status).toBe(201);
  await env.stack.settle();
  return String(reported.body.caseRef);
}

/** Fills in the warning notice form: served, its period and the levels measured. */
async function fillWarning(page: Page, times: { served: Date; from: Date; until: Date }) {
  await fillDate(page, 'served', times.served);
  await fillDate(page, 'period-from', times.from);
  await fillDate(page, 'period-until', times.until);
  await page.getByLabel('Level measured before serving the notice').fill('48');
  await page.getByLabel('Background level').fill('30');
}

describe('Noise Act warning notices and measurements in the console', () => {
  it('a warning notice for a daytime construction case is refused in plain words, and nothing is recorded', async () => {
    await toNextMorning();
    const caseRef = await openCaseAbout('construction', 'construction');
    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Caseworker', 'Casey Worker');
    await openCasePage(page, caseRef);
    await page.getByRole('button', { name: 'Record a Noise Act warning notice' }).click();
    await page.waitForURL('**/staff/record-noise-act-warning?ref=*');
    await page.locator('#warning-form').waitFor();
    expect(await textOf(page, '#noise-act-note')).toContain('a warning notice will be refused');
    await fillWarning(page, { served: lastNight(14), from: lastNight(14, 10), until: lastNight(7) });
    await page.getByLabel('Left at the premises').check();
    await page.getByRole('button', { name: 'Record the warning notice' }).click();
    await page.getByRole('heading', { name: 'The Noise Act does not cover this case' }).waitFor();
    const summary = await textOf(page, '.govuk-error-summary');
    expect(summary).toContain('covers noise from a dwelling or licensed premises only');
    expect(summary).toContain('noise from construction');
    expect(summary).toContain('only at night, between 23:00 and 07:00');
    expect(await page.locator('#warning-form').isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page);
    await screenshot(page, 'console-noise-act-1-construction-refused');
    const view = await caseView(env, caseRef);
    expect(view.notices).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  }, 60_000);

  it('a warning notice for a dwelling is refused field by field when served in the evening, or its period starts too soon or ends after 07:00, then recorded at night; a measurement above the level is the offence and opens the decision', async () => {
    await toNextMorning();
    const { caseRef } = await openCase(env);
    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Caseworker', 'Kim Night');
    await openCasePage(page, caseRef);
    // No warning notice yet: nothing to measure against.
    expect(await page.getByRole('button', { name: 'Record a Noise Act measurement' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Record a Noise Act warning notice' }).click();
    await page.locator('#warning-form').waitFor();
    expect(await textOf(page, '#noise-act-note')).toContain('this case is about a home (a dwelling)');

    // Served in the evening, its period starting 5 minutes after and ending at 8am: each refused on its field.
    await fillWarning(page, { served: lastNight(22), from: lastNight(22, 5), until: lastNight(8) });
    await page.getByLabel('Given to a person at the premises').check();
    await page.getByLabel('Their name').fill('Jo Occupier');
    await page.getByLabel('Where you measured from (optional)').fill('The complainant’s bedroom');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record the warning notice' }).click();
    await page.locator('#servedAt-error').waitFor();
    expect(await textOf(page, '#servedAt-error')).toContain(
      'can be served only at night, between 23:00 and 07:00',
    );
    expect(await textOf(page, '#period-from-error')).toContain(
      'at least 10 minutes after the notice was served',
    );
    expect(await textOf(page, '#period-until-error')).toContain(
      'must end at 07:00 (UK time) the morning after the notice was served',
    );
    await expectAccessible(page);
    await screenshot(page, 'console-noise-act-2-served-in-the-evening');

    // Served at night, but five minutes after service is still too soon (section 3).
    await fillDate(page, 'served', lastNight(23, 30));
    await fillDate(page, 'period-from', lastNight(23, 35));
    await fillDate(page, 'period-until', lastNight(7));
    await page.getByRole('button', { name: 'Record the warning notice' }).click();
    await page.locator('#servedAt-error').waitFor({ state: 'detached' });
    expect(await page.locator('#period-until-error').count()).toBe(0);
    expect(await textOf(page, '#period-from-error')).toContain(
      'must start at least 10 minutes after the notice was served (section 3)',
    );
    expect(await textOf(page, '.govuk-error-summary__title')).toBe(
      'The warning notice does not meet section 3 of the Noise Act 1996',
    );
    await page.locator('.govuk-error-summary a', { hasText: 'at least 10 minutes' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('period-from-day');
    await expectAccessible(page);
    await screenshot(page, 'console-noise-act-3-period-too-soon');
    expect((await caseView(env, caseRef)).notices).toEqual([]);

    await fillDate(page, 'period-from', lastNight(23, 40));
    await page.getByRole('button', { name: 'Record the warning notice' }).click();
    await answerHeading(page, 'Warning notice recorded');
    const answer = await textOf(page, '#answer-banner');
    expect(answer).toContain('The permitted level is 40 dB(A) (background 30 dB(A))');
    expect(await page.title()).not.toMatch(/^Error: /);
    await expectAccessible(page);
    await screenshot(page, 'console-noise-act-4-warning-recorded');
    await env.stack.settle();

    await openCasePage(page, caseRef);
    expect(await summaryValue(page, 'Noise Act 1996, beside the route')).toMatch(
      /^1 warning notice served\. The latest period ran from .+ to .+, permitted level 40 dB\(A\)\.$/,
    );
    const card = await textOf(page, '#case-notices .govuk-summary-card');
    expect(card).toContain('Noise Act warning notice');
    expect(card).toContain('Jo Occupier');
    expect(card).toContain('noise above 40 dB(A) in the period is an offence');
    expect(card).toContain('The complainant’s bedroom');
    await expectAccessible(page);

    // Under the permitted level: evidence only.
    await page.getByRole('button', { name: 'Record a Noise Act measurement' }).click();
    await page.locator('#measure-form').waitFor();
    expect(await page.locator('#measure-notice').isChecked()).toBe(true);
    await fillDate(page, 'measured', lastNight(0, 15));
    await page.getByLabel('Level measured').fill('38');
    await page.getByRole('button', { name: 'Record the measurement' }).click();
    await answerHeading(page, 'Kept as evidence, not an offence');
    expect(await textOf(page, '#answer-banner')).toContain(
      '38 dB(A) is not above the permitted level of 40 dB(A)',
    );
    await expectAccessible(page);

    // Above it, in the period: the offence, and a manager is asked to decide.
    await page.goto(`/staff/record-noise-act-measurement?ref=${caseRef}`);
    await page.locator('#measure-form').waitFor();
    await fillDate(page, 'measured', lastNight(0, 30));
    await page.getByLabel('Level measured').fill('forty six');
    await page.getByRole('button', { name: 'Record the measurement' }).click();
    await page.locator('#levelDb-error').waitFor();
    expect(await textOf(page, '#levelDb-error')).toContain(
      'Enter the level measured as a number of decibels',
    );
    await expectAccessible(page);
    await page.getByLabel('Level measured').fill('46');
    await page.getByRole('button', { name: 'Record the measurement' }).click();
    await answerHeading(page, 'Recorded as the offence: a manager decides');
    const offence = await textOf(page, '#answer-banner');
    expect(offence).toContain('An offence under section 4 of the Noise Act 1996: 46 dB(A)');
    expect(offence).toContain('Proceedings must start by');
    await expectAccessible(page);
    await screenshot(page, 'console-noise-act-5-offence');
    await env.stack.settle();

    await openCasePage(page, caseRef);
    expect(await summaryValue(page, 'Route')).toBe('Noise Act 1996 (noise at night)');
    expect(await summaryValue(page, 'Stage')).toBe('Deciding what to do about a Noise Act offence');
    const breaches = await textOf(page, '#case-breaches');
    expect(breaches).toContain('Measured 46 dB(A), permitted 40 dB(A)');
    expect(breaches).toContain('Evidence only');
    expect(await textOf(page, '#case-timeline')).toContain('Noise Act offence recorded');
    await context.close();

    // The manager's decision shows the offence and the notice it followed; no restorative option.
    const decision = await openTask(env, caseRef, 'noise-act-offence-decision');
    const managerContext = await staffContext(chrome.browser, env);
    const manager = await managerContext.newPage();
    const managerErrors = watchConsole(manager);
    await signIn(manager, 'Team manager', 'Morgan Manager');
    expect(await textOf(manager, '#queue-nav')).toContain('Noise Act offences');
    await openTaskPage(manager, decision.taskId);
    expect(await offeredOutcomes(manager)).toEqual(['issue-fpn', 'prosecute', 'no-further-action']);
    await manager.locator('#task-case-records').getByText('The offence this decision is about').waitFor();
    const records = await textOf(manager, '#task-case-records');
    expect(records).toContain('Measured 46 dB(A), permitted 40 dB(A)');
    expect(records).toContain('The warning notice it followed');
    expect(await textOf(manager, '#outcomes')).toContain('Noise Act 1996, section 8');
    await manager.getByLabel('Issue a fixed penalty notice').check();
    await manager.getByLabel('Reason for your decision').fill('Measured well above the permitted level.');
    await expectAccessible(manager);
    await screenshot(manager, 'console-noise-act-6-offence-decision');
    await manager.getByRole('button', { name: 'Record decision' }).click();
    await manager.getByText('Decision recorded: Issue a fixed penalty notice.').waitFor();
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.penalties[0]?.statute).toContain('Noise Act 1996, section 8');
    await openCasePage(manager, caseRef);
    expect(await summaryValue(manager, 'Route')).toBe('Noise Act 1996 (noise at night)');
    expect(await textOf(manager, '#case-penalties')).toContain('Noise Act 1996, section 8');
    expect(unexpectedErrors(errors)).toEqual([]);
    expect(unexpectedErrors(managerErrors)).toEqual([]);
    await managerContext.close();
  }, 120_000);
});
