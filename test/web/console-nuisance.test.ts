/**
 * The statutory nuisance route (EPA 1990 Part 3) driven through the console in Chromium against
 * the real local stack, in virtual time: triage shows the routes that apply and why and offers
 * the investigation; informal resolution first, then the decision asked again without it; an
 * abatement notice with its particulars and regulation 3 statement; a breach, and works in
 * default. And the other way out: no nuisance, with the finding in the complainant's letter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceDays, caseView, decide, openCase, openTask, recordBreach } from '../support/lifecycle.ts';
import { startTestStack } from '../support/local-stack.ts';
import { launchBrowser, screenshot, type TestBrowser, watchConsole } from './browser.ts';
import {
  expectAccessible,
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

describe('statutory nuisance in the console', () => {
  it('a caseworker investigates from triage, tries informal resolution, is asked again without it, serves an abatement notice, and a manager meets its breach with works in default', async () => {
    const { caseRef } = await openCase(env);
    const caseworkerContext = await staffContext(chrome.browser, env);
    const managerContext = await staffContext(chrome.browser, env);
    const caseworker = await caseworkerContext.newPage();
    const manager = await managerContext.newPage();
    const errors = watchConsole(caseworker);
    const managerErrors = watchConsole(manager);

    // Triage says which routes apply and why, and offers the investigation.
    await signIn(caseworker, 'Caseworker', 'Casey Worker');
    const triage = await openTask(env, caseRef, 'triage', 'caseworker');
    await openTaskPage(caseworker, triage.taskId);
    expect(await textOf(caseworker, '#task-advice-heading')).toBe('The routes that apply, and why');
    const advice = await textOf(caseworker, '#task-advice');
    expect(advice).toContain('Statutory nuisance (EPA 1990 s.79(1)(g))');
    expect(advice).toContain('Noise Act 1996');
    expect(await offeredOutcomes(caseworker)).toContain('investigate-nuisance');
    await caseworker.getByLabel('Investigate a statutory nuisance').check();
    expect(await caseworker.locator('#section-recipient').isVisible()).toBe(false);
    await caseworker
      .getByLabel('Reason for your decision')
      .fill('Music from a flat at night, reported as affecting sleep: the council must investigate.');
    await expectAccessible(caseworker);
    await screenshot(caseworker, 'console-nuisance-1-triage');
    await caseworker.getByRole('button', { name: 'Record decision' }).click();
    await caseworker.getByText('Decision recorded: Investigate a statutory nuisance.').waitFor();
    await env.stack.settle();

    // The case page says which route it is on and what stage, in words.
    await openCasePage(caseworker, caseRef);
    expect(await summaryValue(caseworker, 'Route')).toBe(
      'Statutory nuisance (Environmental Protection Act 1990, Part 3)',
    );
    expect(await summaryValue(caseworker, 'Stage')).toBe(
      'Investigating whether the noise is a statutory nuisance',
    );
    expect(await textOf(caseworker, '#case-timeline')).toContain('Statutory nuisance investigation started');

    // Informal resolution first (s.80(2A)).
    const first = await openTask(env, caseRef, 'nuisance-decision', 'caseworker');
    await caseworker
      .locator('#case-tasks')
      .getByRole('link', { name: /statutory nuisance/ })
      .click();
    await caseworker.getByRole('button', { name: 'Record decision' }).waitFor();
    expect(await offeredOutcomes(caseworker)).toEqual([
      'nuisance-exists',
      'informal-resolution',
      'not-a-nuisance',
    ]);
    await caseworker.getByLabel('Try informal resolution first').check();
    expect(await caseworker.locator('#section-informal').isVisible()).toBe(true);
    expect(await caseworker.locator('#section-recipient').isVisible()).toBe(false);
    await caseworker
      .getByLabel('Steps taken to persuade the person responsible to stop (optional)')
      .fill('Visited and spoke to the occupier, who agreed to turn the music down after 11pm.');
    await caseworker
      .getByLabel('Reason for your decision')
      .fill('A nuisance, but the occupier was cooperative: a week to put it right.');
    await expectAccessible(caseworker);
    await caseworker.getByRole('button', { name: 'Record decision' }).click();
    await caseworker.getByText('Decision recorded: Try informal resolution first.').waitFor();
    expect(await textOf(caseworker, '#task-decision-details')).toContain('Visited and spoke to the occupier');
    await env.stack.settle();

    await openCasePage(caseworker, caseRef);
    expect(await summaryValue(caseworker, 'Stage')).toMatch(
      /^Informal resolution \(section 80\(2A\)\): the person responsible has until .+ to stop the noise/,
    );
    expect(await textOf(caseworker, '#case-timeline')).toContain(
      'Informal resolution started (section 80(2A))',
    );
    await expectAccessible(caseworker);
    await screenshot(caseworker, 'console-nuisance-2-informal-resolution');

    // Seven days on, the decision is asked again, without informal resolution this time.
    await advanceDays(env, 8);
    const again = await openTask(env, caseRef, 'nuisance-decision', 'caseworker');
    expect(again.taskId).not.toBe(first.taskId);
    await openTaskPage(caseworker, again.taskId);
    expect(await offeredOutcomes(caseworker)).toEqual(['nuisance-exists', 'not-a-nuisance']);
    await caseworker.getByLabel('A statutory nuisance exists: serve an abatement notice').check();
    expect(await textOf(caseworker, '#particulars-heading')).toBe('Particulars of the abatement notice');
    expect(await textOf(caseworker, '#requirements-legend')).toBe('What the abatement notice requires');
    expect(await caseworker.locator('#section-suspended').isVisible()).toBe(true);
    await caseworker.getByLabel('A named person').check();
    await caseworker.getByLabel('Full name of the person').fill('Sam Source');
    await caseworker.getByLabel('I have confirmed they are aged 16 or over').check();
    await caseworker
      .getByLabel('Requirement 1', { exact: true })
      .fill('Stop playing amplified music so loud that it is a nuisance to neighbours');
    await caseworker.getByLabel('Time to comply, in days (optional)').fill('7');
    await caseworker.getByLabel('No: it stays in force during an appeal').check();
    await caseworker
      .getByLabel('Reason for your decision')
      .fill('The music carried on after informal resolution: a notice must be served.');
    // A requirement without its kind is found in the browser, beside its row.
    await caseworker.getByRole('button', { name: 'Record decision' }).click();
    await caseworker.locator('.govuk-error-summary').waitFor();
    expect(await textOf(caseworker, '#details-requirements-0-kind-error')).toContain(
      'Say whether requirement 1 is to stop something or to do something',
    );
    await expectAccessible(caseworker);
    await screenshot(caseworker, 'console-nuisance-3-abatement-particulars-error');
    await caseworker.locator('#requirement-0-kind').check();
    await caseworker.getByRole('button', { name: 'Record decision' }).click();
    await caseworker
      .getByText('Decision recorded: A statutory nuisance exists: serve an abatement notice.')
      .waitFor();
    expect(await textOf(caseworker, '#task-decision-details')).toContain(
      'The notice stays in force during an appeal',
    );
    await env.stack.settle();

    let view = await caseView(env, caseRef);
    const notice = view.notices.find((n) => n.kind === 'abatement-notice') as
      | ((typeof view.notices)[number] & { suspendedOnAppeal?: boolean })
      | undefined;
    expect(notice).toMatchObject({
      recipient: { kind: 'person', name: 'Sam Source' },
      requirements: [{ kind: 'stop' }],
      suspendedOnAppeal: false,
    });

    await openCasePage(caseworker, caseRef);
    expect(await summaryValue(caseworker, 'Stage')).toBe(
      'Abatement notice: time to comply, appeal window and watch for a breach',
    );
    const card = await textOf(caseworker, '#case-notices .govuk-summary-card');
    expect(card).toContain('Abatement notice');
    expect(card).toContain('Environmental Protection Act 1990, section 80');
    expect(card).toContain('Sam Source (a person aged 16 or over)');
    expect(card).toContain('If appealed (regulation 3)The notice stays in force during an appeal');
    expect(card).toContain('Appeal window until');
    await expectAccessible(caseworker);
    await screenshot(caseworker, 'console-nuisance-4-abatement-notice');

    // A breach after the time to comply goes to a manager: no fixed penalty is offered.
    await advanceDays(env, 8);
    expect((await recordBreach(env, caseRef)).body).toMatchObject({ counts: true, actedOn: true });
    const breachDecision = await openTask(env, caseRef, 'abatement-breach-decision');
    await signIn(manager, 'Team manager', 'Morgan Manager');
    expect(await textOf(manager, '#queue-nav')).toContain('Abatement notice breaches');
    await openTaskPage(manager, breachDecision.taskId);
    expect(await offeredOutcomes(manager)).toEqual(['prosecute', 'works-in-default', 'no-further-action']);
    await manager.locator('#task-case-records').getByText('The notice it breached').waitFor();
    expect(await textOf(manager, '#task-case-records')).toContain('Abatement notice');
    expect(await textOf(manager, '#outcomes')).toContain('There is no fixed penalty for this offence');
    await manager.getByLabel('Carry out works in default').check();
    expect(await manager.locator('#section-works').isVisible()).toBe(true);
    await manager
      .getByLabel('Reason for your decision')
      .fill('The notice was breached again; removing the equipment abates the nuisance.');
    // The works are required: the API says so beside the box.
    await manager.getByRole('button', { name: 'Record decision' }).click();
    await manager.locator('#details-works-error').waitFor();
    expect(await textOf(manager, '#details-works-error')).toContain(
      'Enter the works the council will carry out',
    );
    expect(await manager.title()).toMatch(/^Error: /);
    await expectAccessible(manager);
    await screenshot(manager, 'console-nuisance-5-works-required');
    await manager
      .getByLabel('The works the council will carry out')
      .fill('Disconnect and remove the amplified sound system under warrant');
    await manager.locator('#planned-day').fill('14');
    await manager.locator('#planned-month').fill('1');
    await manager.locator('#planned-year').fill('2027');
    await manager.getByLabel('Who will carry out the works (optional)').fill('Northmoor Works Ltd');
    await manager.getByLabel('Estimated cost (optional)').fill('£850');
    await manager.getByRole('button', { name: 'Record decision' }).click();
    await manager.getByText('Decision recorded: Carry out works in default.').waitFor();
    const decision = await textOf(manager, '#task-decision-details');
    expect(decision).toContain('Disconnect and remove the amplified sound system');
    expect(decision).toContain('14 January 2027');
    expect(decision).toContain('£850.00');
    await env.stack.settle();

    view = await caseView(env, caseRef);
    expect(view.timeline.find((e) => e.type === 'WorksInDefaultRecorded')?.data).toMatchObject({
      works: 'Disconnect and remove the amplified sound system under warrant',
      plannedFor: '2027-01-14',
      contractor: 'Northmoor Works Ltd',
      estimatedCostPence: 85_000,
    });
    await openCasePage(manager, caseRef);
    expect(await summaryValue(manager, 'Stage')).toBe(
      'Works in default (section 81(3)), and watching the notice again',
    );
    const timeline = await textOf(manager, '#case-timeline');
    expect(timeline).toContain('Works in default to be carried out (section 81(3))');
    expect(timeline).toContain('Estimated cost £850.00');
    expect(timeline).toContain('Abatement notice served');
    await expectAccessible(manager);
    await screenshot(manager, 'console-nuisance-6-works-in-default');

    expect(unexpectedErrors(errors)).toEqual([]);
    expect(unexpectedErrors(managerErrors)).toEqual([]);
    await caseworkerContext.close();
    await managerContext.close();
  }, 150_000);

  it('a finding of no nuisance closes the case and the complainant’s letter gives the finding and their own route to court', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'investigate-nuisance', { group: 'caseworker' });
    const task = await openTask(env, caseRef, 'nuisance-decision', 'caseworker');
    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Caseworker', 'Casey Worker');
    expect(await textOf(page, '#queue-nav')).toContain('Statutory nuisance decisions');
    await openTaskPage(page, task.taskId);
    await page.getByLabel('Not a statutory nuisance').check();
    expect(await page.locator('#section-finding').isVisible()).toBe(true);
    await page
      .getByLabel('The finding, in words for the complainant (optional)')
      .fill('The music we heard on two visits was at a level most people would find reasonable.');
    await page.getByLabel('Reason for your decision').fill('Two visits found ordinary domestic noise.');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded: Not a statutory nuisance.').waitFor();
    await env.stack.settle();

    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('closed');
    const letter = view.outbox.find((m) => m.to === 'complainant' && /outcome/i.test(m.template));
    expect(letter?.body).toContain('at a level most people would find reasonable');
    expect(letter?.body).toMatch(/section 82/);
    await openCasePage(page, caseRef);
    expect(await summaryValue(page, 'Status')).toBe('Closed');
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  }, 90_000);
});
