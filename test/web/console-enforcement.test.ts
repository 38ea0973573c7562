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
  decide,
  localNow,
  openCase,
  openTask,
  pay,
  recordBreach,
} from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import { launchBrowser, screenshot, type TestBrowser, watchConsole } from './browser.ts';
import { expectAccessible, fillDate, signIn, staffContext, textOf } from './console-helpers.ts';

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
    const errors = [...watchConsole(caseworker), ...[]];
    const managerErrors = watchConsole(manager);

    // Triage: a warning to a named person, with its requirement and time to comply.
    await signIn(caseworker, 'Caseworker', 'Casey Worker');
    const triage = await openTask(env, caseRef, 'triage', 'caseworker');
    await caseworker.locator(`tr[data-task-id="${triage.taskId}"] a`).first().click();
    await caseworker.getByRole('button', { name: 'Record decision' }).waitFor();
    expect(await textOf(caseworker, '#task-advice')).toContain('Community Protection Warning can be given');
    await caseworker.locator('#task-case').waitFor();
    expect(await textOf(caseworker, '#task-case-summary')).toContain('2');
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

    expect(errors).toEqual([]);
    expect(managerErrors).toEqual([]);
    await caseworkerContext.close();
    await managerContext.close();
  }, 120_000);
});

void asStaff;
void caseWithNotice;
void caseWithPenalty;
void decide;
void recordBreach;
