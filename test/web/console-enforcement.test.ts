/**
 * The 2014 Act chain driven through the console by staff in Chromium against the real local stack,
 * in virtual time: a Community Protection Warning first, a Community Protection Notice decided by a
 * manager only after the warning is breached, a fixed penalty only for a breach of the notice; a
 * prosecution refused after the limitation date; appeals against a notice; prosecution outcomes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithNotice,
  caseWithPenalty,
  localNow,
  openCase,
  openTask,
  pay,
  recordBreach,
} from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import { launchBrowser, screenshot, type TestBrowser, watchConsole } from './browser.ts';
import {
  expectAccessible,
  fillDate,
  signIn,
  staffContext,
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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the enforcement chain in the console', () => {
  it('staff take a case from a warning to a fixed penalty in the browser: CPW, breach, CPN with its particulars, breach, FPN', async () => {
    const source = `${Date.now()} Chain Street`;
    const { caseRef } = await openCase(env, { sourceLine1: source });
    // A second report about the same source joins the case.
    const second = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({ sourceLine1: source, name: 'Bo Neighbour', email: 'bo@example.com' }),
    });
    expect(second.body).toMatchObject({ caseRef, joinedExistingCase: true });
    await env.stack.settle();

    const caseworkerContext = await staffContext(chrome.browser, env);
    const managerContext = await staffContext(chrome.browser, env);
    const caseworker = await caseworkerContext.newPage();
    const manager = await managerContext.newPage();
    const errors = watchConsole(caseworker);
    const managerErrors = watchConsole(manager);

    // Triage: a warning to a named person, with its requirement and time to comply.
    await signIn(caseworker, 'Caseworker', 'Casey Worker');
    const triage = await openTask(env, caseRef, 'triage', 'caseworker');
    await caseworker.locator(`tr[data-task-id="${triage.taskId}"] a`).first().click();
    await caseworker.getByRole('button', { name: 'Record decision' }).waitFor();
    expect(await textOf(caseworker, '#task-advice')).toContain('Community Protection Warning can be given');
    await caseworker.locator('#task-case').waitFor();
    const complaints = caseworker
      .locator('#task-case-summary .govuk-summary-list__row', { hasText: 'Complaints' })
      .locator('dd');
    // Both reports are about the hour before now, so they count as night-time when run at night.
    expect(await complaints.textContent()).toMatch(/^2(, 2 at night)?$/);
    expect(await textOf(caseworker, '#task-case-summary')).toContain('The flat above mine');
    expect(await caseworker.locator('#section-recipient').isVisible()).toBe(false);
    await caseworker.getByLabel('Issue a Community Protection Warning').check();
    expect(await caseworker.locator('#section-recipient').isVisible()).toBe(true);
    await caseworker.getByLabel('A named person').check();
    await caseworker.getByLabel('Full name of the person').fill('Sam Source');
    await caseworker.locator('#requirement-0-kind').check();
    await caseworker
      .getByLabel('Requirement 1', { exact: true })
      .fill('Stop playing amplified music that can be heard outside the flat between 11pm and 7am');
    await caseworker.getByLabel('Time to comply, in days (optional)').fill('7');
    await caseworker
      .getByLabel('Reason for your decision')
      .fill('Loud music reported by two neighbours; a written warning first.');
    await expectAccessible(caseworker);
    await screenshot(caseworker, 'console-chain-1-warning-particulars');

    // The age is not confirmed: the API refuses and says so against the checkbox.
    await caseworker.getByRole('button', { name: 'Record decision' }).click();
    await caseworker.locator('.govuk-error-summary').waitFor();
    expect(await textOf(caseworker, '#details-recipient-ageConfirmed16Plus-error')).toContain(
      'aged 16 or over',
    );
    expect(await textOf(caseworker, '.govuk-error-summary')).toContain('aged 16 or over');
    expect(await caseworker.title()).toMatch(/^Error: /);
    await expectAccessible(caseworker);
    await screenshot(caseworker, 'console-chain-2-age-not-confirmed');
    await caseworker.getByLabel('I have confirmed they are aged 16 or over').check();
    await caseworker.getByRole('button', { name: 'Record decision' }).click();
    await caseworker.getByText('Decision recorded: Issue a Community Protection Warning.').waitFor();
    expect(await textOf(caseworker, '#task-decision-details')).toContain('Sam Source (aged 16 or over)');
    await env.stack.settle();

    let view = await caseView(env, caseRef);
    expect(view.case.status).toBe('warning-issued');
    expect(view.notices[0]).toMatchObject({
      kind: 'cpw',
      recipient: { kind: 'person', name: 'Sam Source' },
      requirements: [{ kind: 'stop' }],
    });

    // Conduct during the time to comply is evidence; after it, a breach that asks for a CPN decision.
    await advanceDays(env, 8);
    await caseworker.goto(`/staff/case?ref=${caseRef}`);
    await caseworker.getByRole('button', { name: 'Record a breach or evidence' }).click();
    await caseworker.waitForURL('**/staff/record-breach?ref=*');
    await caseworker.locator('#breach-notice').waitFor();
    expect(await textOf(caseworker, '#breach-notice')).toContain('Community Protection Warning');
    await fillDate(caseworker, 'witnessed', new Date(localNow().getTime() - 7.5 * DAY));
    await caseworker
      .getByLabel('What was seen or heard')
      .fill('Music heard from the street at 10pm, during the time to comply');
    await caseworker.getByRole('button', { name: 'Record it' }).click();
    await caseworker.getByText('Kept as evidence, not a breach').waitFor();
    expect(await textOf(caseworker, '#answer-banner')).toContain(
      'before the time the Community Protection Warning gave to comply had ended',
    );
    await expectAccessible(caseworker);
    await screenshot(caseworker, 'console-chain-3-evidence-only');

    await caseworker.goto(`/staff/record-breach?ref=${caseRef}`);
    await caseworker.getByRole('button', { name: 'Record it' }).click();
    await caseworker.locator('.govuk-error-summary').waitFor();
    expect(await textOf(caseworker, '#witnessedAt-error')).toContain('Enter the date it was witnessed');
    expect(await textOf(caseworker, '#description-error')).toContain('Enter what was seen or heard');
    await fillDate(caseworker, 'witnessed', new Date(localNow().getTime() - HOUR));
    await caseworker
      .getByLabel('What was seen or heard')
      .fill('Amplified music audible from the street at 1am');
    await caseworker.getByLabel('Where was it witnessed from? (optional)').fill('The pavement outside');
    await caseworker.getByLabel('A requirement to stop something').check();
    await caseworker.getByRole('button', { name: 'Record it' }).click();
    await caseworker.getByText('Recorded as a breach and acted on').waitFor();
    expect(await textOf(caseworker, '#answer-banner')).toContain(
      'A breach of the Community Protection Warning',
    );
    await expectAccessible(caseworker);
    await screenshot(caseworker, 'console-chain-4-breach-acted-on');
    await env.stack.settle();

    // A manager lands on everything due and serves the CPN with its particulars.
    await signIn(manager, 'Team manager', 'Morgan Manager');
    expect(await textOf(manager, '#queue-heading')).toBe('Everything due');
    const cpnDecision = await openTask(env, caseRef, 'cpn-decision');
    const cpnRow = manager.locator(`tr[data-task-id="${cpnDecision.taskId}"]`);
    await cpnRow.waitFor();
    expect(await cpnRow.textContent()).toContain('2 reports');
    await cpnRow.getByRole('link', { name: /Community Protection Notice/ }).click();
    await manager.getByRole('button', { name: 'Record decision' }).waitFor();
    const offered = await manager
      .locator('#outcomes input')
      .evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    expect(offered).toEqual(['serve-cpn', 'restorative', 'no-further-action']);
    await manager.locator('#task-case-records').getByText('The breach this decision is about').waitFor();
    expect(await textOf(manager, '#task-case-records')).toContain(
      'Amplified music audible from the street at 1am',
    );
    await manager.getByLabel('Serve a Community Protection Notice').check();
    await manager.getByLabel('A named person').check();
    await manager.getByLabel('Full name of the person').fill('Sam Source');
    await manager.getByLabel('I have confirmed they are aged 16 or over').check();
    await manager.locator('#requirement-0-kind').check();
    await manager
      .getByLabel('Requirement 1', { exact: true })
      .fill('Stop playing amplified music that can be heard outside the flat');
    await manager.locator('#requirement-1-kind-do').check();
    await manager
      .getByLabel('Requirement 2', { exact: true })
      .fill('Fit carpet or rugs to the living room floor');
    await manager.getByLabel('Time to comply, in days (optional)').fill('7');
    await manager
      .getByLabel('Bodies informed before serving the notice (section 43(6))')
      .fill('Hackney Police\nHomes for Hackney');
    await manager
      .getByLabel('Reason for your decision')
      .fill('The warning was breached after its time to comply.');
    await expectAccessible(manager);
    await screenshot(manager, 'console-chain-5-cpn-particulars');
    await manager.getByRole('button', { name: 'Record decision' }).click();
    await manager.getByText('Decision recorded: Serve a Community Protection Notice.').waitFor();
    await env.stack.settle();

    // The case page shows both notices, the CPN's appeal window and the partners informed.
    await manager.goto(`/staff/case?ref=${caseRef}`);
    await manager.locator('#case-body').waitFor();
    const cards = manager.locator('#case-notices .govuk-summary-card');
    expect(await cards.count()).toBe(2);
    const cpnCard = (await textOf(manager, '#case-notices .govuk-summary-card:nth-child(2)')).toString();
    expect(cpnCard).toContain('Community Protection Notice');
    expect(cpnCard).toContain('Appeal window until');
    expect(cpnCard).toContain('Hackney Police');
    expect(cpnCard).toContain('Fit carpet or rugs to the living room floor');
    expect(await textOf(manager, '#case-summary')).toContain('Notice served');
    view = await caseView(env, caseRef);
    const cpn = view.notices.find((notice) => notice.kind === 'cpn');
    expect(cpn).toMatchObject({
      recipient: { kind: 'person', name: 'Sam Source' },
      partnersInformed: ['Hackney Police', 'Homes for Hackney'],
      requirements: [{ kind: 'stop' }, { kind: 'do', text: 'Fit carpet or rugs to the living room floor' }],
    });
    await expectAccessible(manager);
    await screenshot(manager, 'console-chain-6-case-with-notices');

    // A breach of the CPN after its time to comply: the manager issues a fixed penalty.
    await advanceDays(env, 8);
    await caseworker.goto(`/staff/record-breach?ref=${caseRef}`);
    await fillDate(caseworker, 'witnessed', new Date(localNow().getTime() - 2 * HOUR));
    await caseworker.getByLabel('What was seen or heard').fill('Music audible from the street at midnight');
    await caseworker.getByRole('button', { name: 'Record it' }).click();
    await caseworker.getByText('Recorded as a breach and acted on').waitFor();
    await env.stack.settle();

    const breachDecision = await openTask(env, caseRef, 'cpn-breach-decision');
    await manager.goto(`/staff/task?id=${breachDecision.taskId}`);
    await manager.getByRole('button', { name: 'Record decision' }).waitFor();
    await manager.locator('#task-case-records').getByText('Proceedings must start by').waitFor();
    expect(await textOf(manager, '#task-case-records')).toContain(
      'Music audible from the street at midnight',
    );
    await manager.getByLabel('Issue a fixed penalty notice').check();
    expect(await manager.locator('#section-recipient').isVisible()).toBe(false);
    await manager
      .getByLabel('Reason for your decision')
      .fill('A breach of the notice witnessed by an officer.');
    await manager.getByRole('button', { name: 'Record decision' }).click();
    await manager.getByText('Decision recorded: Issue a fixed penalty notice.').waitFor();
    await env.stack.settle();

    view = await caseView(env, caseRef);
    const penalty = view.penalties[0];
    expect(penalty?.status).toBe('unpaid');
    await pay(env, penalty?.penaltyRef ?? '', 5_000, localNow(), `PAY-${caseRef}`);

    // Penalties with payments and what is still owed; the timeline says who acted and why.
    await manager.goto(`/staff/case?ref=${caseRef}`);
    await manager.locator('#case-body').waitFor();
    const penaltyCard = await textOf(manager, '#case-penalties .govuk-summary-card');
    expect(penaltyCard).toContain(penalty?.penaltyRef);
    expect(penaltyCard).toContain('Part paid');
    expect(penaltyCard).toContain('£50.00');
    expect(penaltyCard).toMatch(/£25\.00 if paid by .+, otherwise £50\.00 by/);
    expect(penaltyCard).toContain(`PAY-${caseRef}`);
    const breaches = await textOf(manager, '#case-breaches');
    expect(breaches).toContain('Evidence only');
    expect(breaches).toContain('before the time the Community Protection Warning gave to comply had ended');
    expect(await manager.locator('#case-breaches .govuk-tag', { hasText: /^Breach$/ }).count()).toBe(2);
    expect(await textOf(manager, '#case-complaints')).toContain('I cannot sleep');
    const timeline = await textOf(manager, '#case-timeline');
    expect(timeline).toContain('Payment received: £50.00');
    expect(timeline).toContain('Another report joined the case');
    expect(timeline).toContain('Decided: Serve a Community Protection Notice');
    expect(timeline).toContain('by Morgan Manager (team manager)');
    expect(timeline).toContain('by Casey Worker (caseworker)');
    expect(timeline).toContain('The warning was breached after its time to comply.');
    await expectAccessible(manager);
    await screenshot(manager, 'console-chain-7-case-with-penalty');

    expect(unexpectedErrors(errors)).toEqual([]);
    expect(unexpectedErrors(managerErrors)).toEqual([]);
    await caseworkerContext.close();
    await managerContext.close();
  }, 120_000);

  it('a prosecution after the limitation date is refused in plain words, and another outcome can still be chosen', async () => {
    const { caseRef } = await caseWithNotice(env);
    await advanceDays(env, 8);
    expect((await recordBreach(env, caseRef)).body).toMatchObject({ counts: true, actedOn: true });
    await advanceDays(env, 190);
    const task = await openTask(env, caseRef, 'cpn-breach-decision');

    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Team manager', 'Morgan Manager');
    await page.goto(`/staff/task?id=${task.taskId}`);
    await page.getByRole('button', { name: 'Record decision' }).waitFor();
    await page.locator('#task-case-records').getByText('Proceedings must start by').waitFor();
    await page.getByLabel('Prosecute').check();
    await page.getByLabel('Reason for your decision').fill('Persistent breaches of the notice');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('This offence can no longer be prosecuted').waitFor();
    expect(await textOf(page, '#outcome-error')).toMatch(
      /had to start by .+ s\.127\). It can no longer be prosecuted/,
    );
    expect(await page.getByRole('button', { name: 'Record decision' }).isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page);
    await screenshot(page, 'console-limitation-refused');
    const still = await asStaff(env, 'manager', 'GET', `/tasks/${task.taskId}`);
    expect(still.body.task.status).toBe('open');

    await page.getByLabel('No further action').check();
    await page.getByLabel('Reason for your decision').fill('Too late to prosecute; the notice stays live.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded: No further action.').waitFor();
    expect(await page.title()).not.toMatch(/^Error: /);
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  }, 90_000);

  it('an appeal recorded from the notice suspends its do requirements, and the manager records the court varying them', async () => {
    const { caseRef } = await caseWithNotice(env, {
      recipient: { kind: 'body', name: 'Late Bar Ltd' },
      requirements: [
        { kind: 'stop', text: 'Stop amplified music after 11pm' },
        { kind: 'do', text: 'Fit a noise limiter to the sound system' },
      ],
      partnersInformed: ['Hackney Police'],
    });
    // A day into the 21 days the notice gives to appeal.
    await advanceDays(env, 1);
    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Caseworker', 'Casey Worker');
    await page.goto(`/staff/case?ref=${caseRef}`);
    const card = page.locator('#case-notices .govuk-summary-card', {
      hasText: 'Community Protection Notice',
    });
    await card.waitFor();
    expect(await card.textContent()).toContain('Appeal window until');
    expect(await card.textContent()).toContain('No appeal recorded');
    expect(await card.textContent()).toContain('Late Bar Ltd (an organisation)');
    await card.getByRole('link', { name: 'Record an appeal against this notice' }).click();
    await page.waitForURL('**/staff/record-appeal?*');
    await page.getByRole('button', { name: 'Record the appeal' }).waitFor();
    expect(await page.locator('#appeal-notices input:checked').count()).toBe(1);
    await page.getByRole('button', { name: 'Record the appeal' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await textOf(page, '#lodgedAt-error')).toContain('Enter the date the appeal was lodged');
    expect(await textOf(page, '#court-error')).toContain("Enter the court's name");
    await expectAccessible(page);
    await fillDate(page, 'lodged', new Date(localNow().getTime() - HOUR));
    await page.getByLabel('Which court is hearing the appeal?').fill('Thames Magistrates Court');
    await page.getByRole('button', { name: 'Record the appeal' }).click();
    await page.getByText('Appeal recorded').waitFor();
    expect(await textOf(page, '#answer-banner')).toContain('“do” requirements are suspended');
    await expectAccessible(page);
    await screenshot(page, 'console-appeal-recorded');
    await env.stack.settle();

    await page.goto(`/staff/case?ref=${caseRef}`);
    await card.waitFor();
    expect(await card.textContent()).toContain('Appeal pending');
    expect(await card.textContent()).toContain('Thames Magistrates Court');
    expect(await card.getByRole('link', { name: /Record an appeal/ }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'console-appeal-pending-on-case');
    await context.close();

    // The manager records the court's decision: the requirements come filled in from the notice.
    const outcome = await openTask(env, caseRef, 'appeal-outcome');
    const managerContext = await staffContext(chrome.browser, env);
    const manager = await managerContext.newPage();
    await signIn(manager, 'Team manager', 'Morgan Manager');
    await manager.goto(`/staff/task?id=${outcome.taskId}`);
    await manager.getByRole('button', { name: 'Record decision' }).waitFor();
    await manager.locator('#task-case-records').getByText('The notice under appeal').waitFor();
    await manager.getByLabel('Notice varied').check();
    expect(await textOf(manager, '#requirements-legend')).toBe('The requirements as the court varied them');
    expect(await manager.getByLabel('Requirement 2', { exact: true }).inputValue()).toBe(
      'Fit a noise limiter to the sound system',
    );
    await manager
      .getByLabel('Requirement 2', { exact: true })
      .fill('Keep windows closed during amplified music');
    await manager.getByLabel('Reason for your decision').fill('The court varied the second requirement.');
    await expectAccessible(manager);
    await screenshot(manager, 'console-appeal-varied');
    await manager.getByRole('button', { name: 'Record decision' }).click();
    await manager.getByText('Decision recorded: Notice varied.').waitFor();
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.notices.find((n) => n.kind === 'cpn')).toMatchObject({
      appeal: { status: 'varied' },
      requirements: [
        { kind: 'stop', text: 'Stop amplified music after 11pm' },
        { kind: 'do', text: 'Keep windows closed during amplified music' },
      ],
    });
    await manager.goto(`/staff/case?ref=${caseRef}`);
    await manager.locator('#case-notices').getByText('Varied on appeal', { exact: true }).waitFor();
    expect(unexpectedErrors(errors)).toEqual([]);
    await managerContext.close();
  }, 90_000);

  it('a decision on a task that no longer waits is refused in plain words and the form goes', async () => {
    const { caseRef } = await caseWithNotice(env);
    await advanceDays(env, 1);
    const notice = (await caseView(env, caseRef)).notices.find((n) => n.kind === 'cpn');
    const lodged = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
      noticeId: notice?.noticeId,
      lodgedAt: new Date(localNow().getTime() - HOUR).toISOString(),
      court: 'Thames Magistrates Court',
    });
    expect(lodged.status).toBe(201);
    await env.stack.settle();
    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    await signIn(page, 'Team manager', 'Morgan Manager');
    await page.goto(`/staff/task?id=${lodged.body.taskId}`);
    await page.getByRole('button', { name: 'Record decision' }).waitFor();
    // The notice's watch ends with nothing breached and the case closes while the page is open.
    await advanceDays(env, 28);
    expect((await caseView(env, caseRef)).case.status).toBe('closed');
    await page.getByLabel('Appeal dismissed').check();
    await page.getByLabel('Reason for your decision').fill('The court dismissed the appeal.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('heading', { name: 'This task no longer waits for a decision' }).waitFor();
    expect(await textOf(page, '.govuk-error-summary')).toContain(
      'The case is closed. It has left the queue.',
    );
    await page.locator('#task-case-summary .govuk-tag', { hasText: 'Closed' }).waitFor();
    expect(await page.getByRole('button', { name: 'Record decision' }).isVisible()).toBe(false);
    await page.locator('#task-decision-details').getByText('The task was cancelled').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'console-task-no-longer-waiting');
    await context.close();
  }, 90_000);

  it('a manager sends an unpaid penalty to prosecution and records the conviction in pounds, kept in pence', async () => {
    const { caseRef, penalty } = await caseWithPenalty(env);
    await advanceDays(env, 8);
    await advanceDays(env, 5);
    await advanceDays(env, 2);
    expect((await caseView(env, caseRef)).penalties[0]?.status).toBe('unpaid-after-deadline');
    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Team manager', 'Morgan Manager');
    const review = await openTask(env, caseRef, 'prosecution-review');
    await page.goto(`/staff/task?id=${review.taskId}`);
    await page.getByRole('button', { name: 'Record decision' }).waitFor();
    const records = page.locator('#task-case-records');
    await records.getByText(`Fixed penalty ${penalty.penaltyRef}`).waitFor();
    expect(await records.textContent()).toContain('was not paid by');
    await page.getByLabel('Prosecute').check();
    await page.getByLabel('Reason for your decision').fill('Unpaid after reminders.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded: Prosecute.').waitFor();
    await env.stack.settle();

    const outcome = await openTask(env, caseRef, 'prosecution-outcome');
    await page.goto(`/staff/task?id=${outcome.taskId}`);
    await page.getByRole('button', { name: 'Record decision' }).waitFor();
    expect(await page.locator('#section-court').isVisible()).toBe(false);
    await page.getByLabel('Convicted').check();
    expect(await page.locator('#section-court').isVisible()).toBe(true);
    await page.getByLabel('Fine (optional)').fill('four hundred');
    await page.getByLabel('Costs awarded to the council (optional)').fill('£1,150.50');
    await page.getByLabel('Court (optional)').fill('Thames Magistrates Court');
    await page.locator('#hearing-date-day').fill('31');
    await page.locator('#hearing-date-month').fill('2');
    await page.locator('#hearing-date-year').fill('2027');
    await page.getByLabel('Reason for your decision').fill('Convicted at the first hearing.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await textOf(page, '#details-finePence-error')).toContain(
      'Enter the fine in pounds, like 400 or 400.50',
    );
    expect(await textOf(page, '#details-hearingDate-error')).toContain(
      'The date of the hearing must be a real date',
    );
    await expectAccessible(page);
    await screenshot(page, 'console-conviction-errors');
    await page.getByLabel('Fine (optional)').fill('400');
    await page.locator('#hearing-date-day').fill('28');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded: Convicted.').waitFor();
    const decision = await textOf(page, '#task-decision-details');
    expect(decision).toContain('£400.00');
    expect(decision).toContain('£1150.50');
    expect(decision).toContain('28 February 2027');
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.case.status).toBe('closed');
    expect(view.timeline.find((e) => e.type === 'ProsecutionConcluded')?.data).toMatchObject({
      outcome: 'convicted',
      finePence: 40_000,
      costsPence: 115_050,
      court: 'Thames Magistrates Court',
      hearingDate: '2027-02-28',
    });
    await page.goto(`/staff/case?ref=${caseRef}`);
    await page.locator('#case-timeline').getByText('Prosecution ended: Convicted').waitFor();
    expect(await textOf(page, '#case-timeline')).toContain('Fine: £400.00');
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  }, 90_000);
});
