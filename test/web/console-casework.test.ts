/**
 * Casework in the console (docs/casework.md), in Chromium against the real local stack: naming and
 * correcting the person responsible and seeing them on the next notice; the owner, enquiries and
 * a name and address requirement; risk assessments kept and a safeguarding referral; owners and
 * "My cases"; closing by hand and reopening; moving a stalled case on; merging (refused while a
 * notice is in force) and splitting a report off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stallAtTask } from '../casework/support.ts';
import { caseView, caseWithWarning, localNow, openCase, openTask } from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import { launchBrowser, screenshot, type TestBrowser, watchConsole } from './browser.ts';
import {
  answerHeading,
  expectAccessible,
  fillDate,
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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Party = { partyId: string; role: string; name?: string; supersededBy?: string };

describe('people, enquiries and risk', () => {
  it('a caseworker names the person responsible, corrects the name, and the next notice names them', async () => {
    const { caseRef } = await openCase(env);
    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Caseworker', 'Casey Worker');
    await openCasePage(page, caseRef);
    await page.getByRole('button', { name: 'Name a person responsible, owner or agent' }).click();
    await page.waitForURL('**/staff/record-person?ref=*');
    await page.locator('#person-form').waitFor();

    // Nothing chosen or named: each problem is shown beside its question.
    await page.getByRole('button', { name: 'Save the person' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await textOf(page, '#role-error')).toContain('Choose who you are naming');
    expect(await textOf(page, '#name-error')).toContain('Enter their full name');
    await expectAccessible(page);
    await screenshot(page, 'console-people-1-errors');

    await page.getByLabel('The person responsible for the noise').check();
    await page.getByLabel('Full name').fill('Jon Smyth');
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByLabel('How they relate to the premises (optional)').fill('Tenant of the flat');
    await page.getByLabel('Telephone number (optional)').fill('01632 960 123');
    await page.getByRole('button', { name: 'Save the person' }).click();
    await answerHeading(page, 'Person named');
    expect(await textOf(page, '#answer-banner')).toContain('The next notice on this case names them.');
    await expectAccessible(page);

    // The name was misspelt: corrected, the old record kept and marked.
    await openCasePage(page, caseRef);
    const first = page.locator('#case-parties .govuk-summary-card', {
      hasText: 'Person responsible: Jon Smyth',
    });
    expect(await first.textContent()).toContain('Tenant of the flat');
    await first.getByRole('link', { name: 'Correct the details of Jon Smyth' }).click();
    await page.locator('#person-form').waitFor();
    expect(await page.getByLabel('Full name').inputValue()).toBe('Jon Smyth');
    expect(await page.locator('#person-role-question').isVisible()).toBe(false);
    expect(await textOf(page, '#person-correcting')).toContain('recorded as the person responsible');
    await page.getByLabel('Full name').fill('John Smith');
    await expectAccessible(page);
    await screenshot(page, 'console-people-2-correcting');
    await page.getByRole('button', { name: 'Save the person' }).click();
    await answerHeading(page, 'Details corrected');
    expect(await textOf(page, '#answer-banner')).toContain(
      'John Smith is recorded as the person responsible, replacing Jon Smyth.',
    );

    // The owner needs an address to be written to: the API's problem lands on its first line.
    await openCasePage(page, caseRef);
    const parties = (await caseView(env, caseRef)).parties as unknown as Party[];
    const old = parties.find((p) => p.name === 'Jon Smyth');
    expect(old?.supersededBy).toBe(parties.find((p) => p.name === 'John Smith')?.partyId);
    const oldCard = page.locator(`#case-parties [data-party-id="${old?.partyId}"]`);
    expect(await oldCard.textContent()).toContain('Replaced by a correction');
    expect(await oldCard.getByRole('link').count()).toBe(0);
    await page.getByRole('button', { name: 'Name a person responsible, owner or agent' }).click();
    await page.locator('#person-form').waitFor();
    await page.getByLabel('The owner or landlord of the premises').check();
    await page.getByLabel('Full name').fill('Ada Landlord');
    await page.getByRole('button', { name: 'Save the person' }).click();
    await page.locator('#address-line1-error').waitFor();
    expect(await textOf(page, '#address-line1-error')).toContain("Enter the owner's or agent's address");
    await page.getByLabel('Address line 1').fill('9 Office Row');
    await page.getByLabel('Postcode').fill('nm1 1aa');
    await page.getByRole('button', { name: 'Save the person' }).click();
    await answerHeading(page, 'Person named');

    // Triage gives a warning without naming anyone: the notice names the person responsible.
    const triage = await openTask(env, caseRef, 'triage', 'caseworker');
    await openTaskPage(page, triage.taskId);
    await page.getByLabel('Issue a Community Protection Warning').check();
    await page.getByLabel('Reason for your decision').fill('Music reported night after night.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded: Issue a Community Protection Warning.').waitFor();
    await env.stack.settle();
    await openCasePage(page, caseRef);
    expect(await textOf(page, '#case-notices')).toContain('John Smith (a person aged 16 or over)');
    const people = await textOf(page, '#case-parties');
    expect(people).toContain('Owner or landlord: Ada Landlord');
    expect(people).toContain('9 Office Row, NM1 1AA');
    const timeline = await textOf(page, '#case-timeline');
    expect(timeline).toContain('Details corrected: person responsible');
    expect(timeline).toContain('Named: owner or landlord');
    await expectAccessible(page);
    await screenshot(page, 'console-people-3-case-with-people');
    expect((await caseView(env, caseRef)).notices[0]?.recipient).toMatchObject({
      kind: 'person',
      name: 'John Smith',
    });
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  }, 90_000);

  it('reasonable enquiries and a name and address requirement are recorded, an expired accreditation refused', async () => {
    const { caseRef } = await openCase(env);
    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Caseworker', 'Casey Worker');
    await openCasePage(page, caseRef);
    await page.getByRole('button', { name: 'Record an enquiry' }).click();
    await page.locator('#enquiry-form').waitFor();
    await page.getByRole('button', { name: 'Record the enquiry' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await textOf(page, '#method-error')).toContain('Choose the kind of enquiry');
    expect(await textOf(page, '#madeAt-error')).toContain('Enter the date the enquiry was made');
    expect(await textOf(page, '#description-error')).toContain('Enter what was asked, and of whom');
    await expectAccessible(page);
    await page.getByLabel('Land Registry search').check();
    await fillDate(page, 'made', new Date(localNow().getTime() - 2 * HOUR));
    await page.getByLabel('What was asked, and of whom').fill('Title search for the flat');
    await page.getByLabel('What it found').fill('Owned by Ada Landlord, who lets it out');
    await page.getByRole('button', { name: 'Record the enquiry' }).click();
    await answerHeading(page, 'Enquiry recorded');
    expect(await textOf(page, '#answer-banner')).toContain('Land Registry search (');
    await expectAccessible(page);

    await openCasePage(page, caseRef);
    await page.getByRole('button', { name: 'Record a name and address requirement' }).click();
    await page.locator('#requirement-form').waitFor();
    const requiredAt = new Date(localNow().getTime() - HOUR);
    await fillDate(page, 'required', requiredAt);
    await page.getByLabel('Police Reform Act 2002, Schedule 5').check();
    await page.getByLabel('Your accreditation number').fill('NM-CSAS-0042');
    await fillDate(page, 'expires', new Date(requiredAt.getTime() - 30 * DAY), { time: false });
    await page.getByLabel('A name and address were given').check();
    expect(await page.getByLabel('The name given').isVisible()).toBe(true);
    await page.getByLabel('They refused to give a name and address').check();
    expect(await page.getByLabel('The name given').isVisible()).toBe(false);
    await page.getByLabel('What was said or done (optional)').fill('Said it was none of our business');
    await page.getByRole('button', { name: 'Record the requirement' }).click();
    await page.locator('#accreditationExpiresOn-error').waitFor();
    expect(await textOf(page, '#accreditationExpiresOn-error')).toContain(
      'The accreditation had expired when the requirement was made',
    );
    await expectAccessible(page);
    await screenshot(page, 'console-enquiry-1-accreditation-expired');
    await fillDate(page, 'expires', new Date(requiredAt.getTime() + 300 * DAY), { time: false });
    await page.getByRole('button', { name: 'Record the requirement' }).click();
    await answerHeading(page, 'Requirement recorded');
    expect(await textOf(page, '#answer-banner')).toContain('They refused to give a name and address.');
    await expectAccessible(page);

    await openCasePage(page, caseRef);
    const enquiries = await textOf(page, '#case-enquiries');
    expect(enquiries).toContain('Land Registry search');
    expect(enquiries).toContain('Owned by Ada Landlord, who lets it out');
    expect(enquiries).toContain('Requirement to give a name and address');
    expect(enquiries).toContain(
      'Police Reform Act 2002, Schedule 5 (accredited person); accreditation NM-CSAS-0042',
    );
    expect(enquiries).toContain('They refused to give a name and address. Said it was none of our business');
    expect(await textOf(page, '#case-timeline')).toContain('Requirement to give a name and address');
    await expectAccessible(page);
    await screenshot(page, 'console-enquiry-2-on-the-case');
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  }, 90_000);

  it('every risk assessment is kept; a high one makes the case high priority and a manager records the safeguarding referral', async () => {
    const { caseRef } = await openCase(env);
    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Caseworker', 'Casey Worker');
    await openCasePage(page, caseRef);
    await page.locator('#case-risk').getByRole('link', { name: 'Assess the risk to Ann Example' }).click();
    await page.locator('#risk-form').waitFor();
    expect(await textOf(page, '#risk-latest')).toContain('They have not been assessed before');
    await page.locator('#risk-hateMotivated').check();
    await page.getByLabel('Notes (optional)').fill('Told us on the phone the neighbour shouts slurs at her.');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save the assessment' }).click();
    await answerHeading(page, 'Assessed: high risk');
    expect(await textOf(page, '#answer-banner')).toContain(
      'A manager is asked to consider a safeguarding referral',
    );
    await expectAccessible(page);
    await screenshot(page, 'console-risk-1-high');

    // Reassessed: the earlier answers come filled in, and both assessments are kept.
    await openCasePage(page, caseRef);
    expect(await summaryValue(page, 'Priority')).toBe('High risk');
    await page.locator('#case-risk').getByRole('link', { name: 'Reassess the risk to Ann Example' }).click();
    await page.locator('#risk-form').waitFor();
    expect(await page.locator('#risk-hateMotivated').isChecked()).toBe(true);
    await page.locator('#risk-feelsUnsafe').check();
    await page.getByRole('button', { name: 'Save the assessment' }).click();
    await answerHeading(page, 'Assessed: high risk');
    await openCasePage(page, caseRef);
    const risk = await textOf(page, '#case-risk');
    expect(risk).toContain('Assessments (2, oldest first)');
    expect(await page.locator('#case-risk [data-assessment-id]').count()).toBe(2);
    await expectAccessible(page);
    await screenshot(page, 'console-risk-2-reassessed');
    await context.close();

    const referral = await openTask(env, caseRef, 'safeguarding-referral');
    const managerContext = await staffContext(chrome.browser, env);
    const manager = await managerContext.newPage();
    const managerErrors = watchConsole(manager);
    await signIn(manager, 'Team manager', 'Morgan Manager');
    expect(await textOf(manager, '#queue-nav')).toContain('Safeguarding referrals');
    await openTaskPage(manager, referral.taskId);
    await manager.locator('#task-case-records').getByText('The latest risk assessments').waitFor();
    expect(await textOf(manager, '#task-case-records')).toContain('targeted because of who they are');
    await manager.getByLabel('Referred to a safeguarding agency').check();
    await manager
      .getByLabel('Reason for your decision')
      .fill('A possible hate incident: referred the same day.');
    await manager.getByRole('button', { name: 'Record decision' }).click();
    await manager.locator('#details-agency-error').waitFor();
    expect(await textOf(manager, '#details-agency-error')).toContain('Name the agency referred to');
    await expectAccessible(manager);
    await manager.getByLabel('Agency referred to').fill('Northmoor Adult Social Care');
    await manager.getByLabel('Their reference (optional)').fill('ASC-2026-117');
    await manager.getByRole('button', { name: 'Record decision' }).click();
    await manager.getByText('Decision recorded: Referred to a safeguarding agency.').waitFor();
    expect(await textOf(manager, '#task-decision-details')).toContain('Northmoor Adult Social Care');
    await env.stack.settle();
    await openCasePage(manager, caseRef);
    expect(await textOf(manager, '#case-timeline')).toContain(
      'Safeguarding referral made to Northmoor Adult Social Care',
    );
    expect(unexpectedErrors(errors)).toEqual([]);
    expect(unexpectedErrors(managerErrors)).toEqual([]);
    await managerContext.close();
  }, 90_000);
});

describe('owners, closing and reopening', () => {
  it('a manager assigns a case, its owner finds it under My cases with what is due next, and the manager closes it by hand and reopens it', async () => {
    const { caseRef } = await openCase(env);
    const triage = await openTask(env, caseRef, 'triage', 'caseworker');
    // Someone else's case, whose task a caseworker may also decide: not theirs, so not in their list.
    const notTheirs = await openTask(env, (await openCase(env)).caseRef, 'triage', 'caseworker');
    const managerContext = await staffContext(chrome.browser, env);
    const manager = await managerContext.newPage();
    const errors = watchConsole(manager);
    await signIn(manager, 'Team manager', 'Morgan Manager');
    await openCasePage(manager, caseRef);
    expect(await summaryValue(manager, 'Owner')).toBe('Nobody yet');
    await manager.getByRole('button', { name: 'Assign the case' }).click();
    await manager.locator('#assign-form').waitFor();
    expect(await textOf(manager, '#current-owner')).toBe('Nobody owns this case yet.');
    await manager.getByLabel('Another member of staff').check();
    await manager.getByLabel('Their staff user id').fill('casey worker!');
    await manager.getByLabel('Their name').fill('Casey Worker');
    await manager.getByRole('button', { name: 'Assign the case' }).click();
    await manager.locator('#owner-error').waitFor();
    expect(await textOf(manager, '#owner-error')).toContain('Give the staff user id of the new owner');
    await expectAccessible(manager);
    await screenshot(manager, 'console-owner-1-bad-id');
    // The local sign-in's id for Casey Worker (infra/local/dev-auth.ts).
    await manager.getByLabel('Their staff user id').fill('dev-caseworker-casey-worker');
    await manager.getByRole('button', { name: 'Assign the case' }).click();
    await answerHeading(manager, 'Assigned to Casey Worker');
    await expectAccessible(manager);

    // The owner sees the case in My cases with what is due next, and its task in their queue.
    const ownerContext = await staffContext(chrome.browser, env);
    const owner = await ownerContext.newPage();
    const ownerErrors = watchConsole(owner);
    await signIn(owner, 'Caseworker', 'Casey Worker');
    await owner.locator('#queue-nav').getByRole('link', { name: 'Tasks on my cases' }).click();
    await owner.locator(`tr[data-task-id="${triage.taskId}"]`).waitFor();
    expect(await owner.locator('#queue-rows tr').count()).toBe(1);
    expect(await owner.locator(`tr[data-task-id="${notTheirs.taskId}"]`).count()).toBe(0);
    expect(await textOf(owner, '#queue-heading')).toBe('Tasks on my cases');
    await expectAccessible(owner);
    await owner.getByRole('link', { name: 'Cases', exact: true }).click();
    await owner.locator('#owner-nav').getByRole('link', { name: 'My cases' }).click();
    const row = owner.locator('#cases-table tbody tr', { hasText: caseRef });
    await row.waitFor();
    expect(await owner.locator('#cases-table tbody tr').count()).toBe(1);
    expect(await textOf(owner, '#cases-table thead')).toContain('Next due');
    const next = row.locator('[data-next-due="task"]');
    expect(await next.getByRole('link').textContent()).toBe('Triage a new noise case');
    expect(await next.getByRole('link').getAttribute('href')).toBe(`/staff/task?id=${triage.taskId}`);
    await expectAccessible(owner);
    await screenshot(owner, 'console-owner-2-my-cases');
    await ownerContext.close();

    // The manager takes the case over, then closes it by hand.
    await openCasePage(manager, caseRef);
    expect(await summaryValue(manager, 'Owner')).toBe('Casey Worker');
    await manager.getByRole('button', { name: 'Reassign the case' }).click();
    await manager.locator('#assign-form').waitFor();
    await manager.getByLabel('You (Morgan Manager)').check();
    await manager.getByLabel('Why (optional)').fill('Casey is on leave');
    await manager.getByRole('button', { name: 'Assign the case' }).click();
    await answerHeading(manager, 'The case is yours');
    await openCasePage(manager, caseRef);
    expect(await summaryValue(manager, 'Owner')).toBe('Morgan Manager');
    expect(await textOf(manager, '#case-timeline')).toContain('Reassigned to Morgan Manager');

    await manager.getByRole('button', { name: 'Close the case' }).click();
    await manager.locator('#close-form').waitFor();
    await manager.getByRole('button', { name: 'Close the case' }).click();
    await manager.locator('.govuk-error-summary').waitFor();
    expect(await textOf(manager, '#reason-error')).toContain('Enter');
    expect(await textOf(manager, '#residentOutcome-error')).toContain('Enter what the complainants are told');
    await expectAccessible(manager);
    await manager
      .getByLabel('Why are you closing the case?')
      .fill('The complainant told us the tenant has moved out');
    await manager
      .getByLabel('What the complainants are told')
      .fill('The people responsible have moved away.');
    await manager.getByRole('button', { name: 'Close the case' }).click();
    await answerHeading(manager, 'Case closed');
    expect(await textOf(manager, '#answer-banner')).toContain('1 open task was cancelled');
    await expectAccessible(manager);
    await screenshot(manager, 'console-close-1-closed');
    await env.stack.settle();

    let view = await caseView(env, caseRef);
    expect(view.case).toMatchObject({ status: 'closed', closedReason: 'closed-by-hand' });
    expect(view.tasks.find((t) => t.status === 'open')).toBeUndefined();
    expect(view.outbox.find((m) => m.to === 'complainant' && m.template === 'outcome')?.body).toContain(
      'The people responsible have moved away.',
    );
    await openCasePage(manager, caseRef);
    expect(await summaryValue(manager, 'Status')).toBe('Closed');
    expect(await manager.getByRole('button', { name: 'Close the case' }).count()).toBe(0);
    const closedTimeline = await textOf(manager, '#case-timeline');
    expect(closedTimeline).toContain('Case closed by hand');
    expect(closedTimeline).toContain('Complainants were told: The people responsible have moved away.');
    expect(closedTimeline).toContain('The complainant told us the tenant has moved out');

    // Reopened: back to triage, and the complainants are told.
    await manager.getByRole('button', { name: 'Reopen the case' }).click();
    await manager.locator('#reopen-form').waitFor();
    await manager
      .getByLabel('Why are you reopening the case?')
      .fill('The complainant reports the noise has started again');
    await expectAccessible(manager);
    await manager.getByRole('button', { name: 'Reopen the case' }).click();
    await answerHeading(manager, 'Case reopened');
    await expectAccessible(manager);
    await env.stack.settle();
    const reopened = await openTask(env, caseRef, 'triage', 'caseworker');
    expect(reopened.taskId).not.toBe(triage.taskId);
    view = await caseView(env, caseRef);
    expect(view.case.status).toBe('under-investigation');
    expect(view.outbox.some((m) => m.template === 'reopened')).toBe(true);
    await openCasePage(manager, caseRef);
    expect(await summaryValue(manager, 'Stage')).toBe('Triage: choosing the route');
    expect(await textOf(manager, '#case-timeline')).toContain('Case reopened by hand: back to triage');
    expect(await manager.getByRole('button', { name: 'Close the case' }).count()).toBe(1);
    await expectAccessible(manager);

    // Locally, the letters are one click away from the menu.
    await manager.getByRole('link', { name: 'Sent messages' }).click();
    await manager.waitForURL('**/staff/sent');
    await manager
      .locator('#sent-status')
      .getByText(/messages?, newest first|Nothing has been sent yet/)
      .waitFor();
    expect(await manager.getByRole('link', { name: 'Sent messages' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await expectAccessible(manager);
    expect(unexpectedErrors(errors)).toEqual([]);
    expect(unexpectedErrors(ownerErrors)).toEqual([]);
    await managerContext.close();
  }, 120_000);
});

describe('stalled, merged and split cases', () => {
  it('a stalled case is listed for managers and sent back to triage from its page', async () => {
    const { caseRef } = await openCase(env);
    await stallAtTask(env, caseRef, 'triage', 'caseworker');
    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Team manager', 'Morgan Manager');
    await page.goto('/staff/cases?flag=workflow-stalled');
    await page.getByRole('link', { name: caseRef }).click();
    await page.locator('#case-body').waitFor();
    expect(await textOf(page, '#case-manage-note')).toContain('The workflow for this case stalled');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Move the case on' }).click();
    await page.locator('#move-form').waitFor();
    expect(await textOf(page, '#move-stage')).toBe('The workflow stalled at: Triage: choosing the route.');
    await page.getByRole('button', { name: 'Move the case on' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await textOf(page, '#action-error')).toContain('Choose how the case should move on');
    await expectAccessible(page);
    await page.getByLabel('Send it to a decision').check();
    await page.getByLabel('Triage').check();
    await page.getByLabel('Why').fill('The workflow failed after a bad outcome; triage it again.');
    await expectAccessible(page);
    await screenshot(page, 'console-stalled-1-move-on');
    await page.getByRole('button', { name: 'Move the case on' }).click();
    await answerHeading(page, 'Sent to a decision');
    expect(await textOf(page, '#answer-banner')).toContain('The case is now at: Triage: choosing the route.');
    await expectAccessible(page);
    await env.stack.settle();

    await openTask(env, caseRef, 'triage', 'caseworker');
    const view = await caseView(env, caseRef);
    expect(view.case.flags ?? []).not.toContain('workflow-stalled');
    await openCasePage(page, caseRef);
    expect(await page.getByRole('button', { name: 'Move the case on' }).count()).toBe(0);
    expect(await textOf(page, '#case-timeline')).toContain('Stalled case moved on: sent to a decision');
    // A case that has not stalled is not offered the form.
    await page.goto(`/staff/move-on?ref=${caseRef}`);
    await page.getByText('This case’s workflow has not stalled').waitFor();
    expect(await page.locator('#move-form').isVisible()).toBe(false);
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  }, 90_000);

  it('a case with a notice in force is not merged away, in plain words; merged the other way, and a report given its own case', async () => {
    const stamp = Date.now();
    const warned = await caseWithWarning(env, { sourceLine1: `${stamp} Merge Mews` });
    const other = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({ sourceLine1: `Flat A, ${stamp} Merge Mews`, name: 'Bo Neighbour' }),
    });
    expect(other.status).toBe(201);
    const otherRef = String(other.body.caseRef);
    expect(otherRef).not.toBe(warned.caseRef);
    await env.stack.settle();

    const context = await staffContext(chrome.browser, env);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'Team manager', 'Morgan Manager');
    await openCasePage(page, warned.caseRef);
    await page.getByRole('button', { name: 'Merge into another case' }).click();
    await page.locator('#merge-form').waitFor();
    await page.getByLabel('Merge this case into').fill(otherRef);
    await page.getByLabel('Why').fill('The same flat, reported under two addresses');
    await page.getByRole('button', { name: 'Merge the cases' }).click();
    await page.getByRole('heading', { name: 'A notice is in force on this case' }).waitFor();
    expect(await textOf(page, '.govuk-error-summary')).toContain(
      `Merge ${otherRef} into ${warned.caseRef} instead`,
    );
    await expectAccessible(page);
    await screenshot(page, 'console-merge-1-notice-in-force');
    expect((await caseView(env, warned.caseRef)).case.status).not.toBe('closed');

    await page.goto(`/staff/merge?ref=${otherRef}`);
    await page.locator('#merge-form').waitFor();
    await page.getByLabel('Merge this case into').fill(warned.caseRef.toLowerCase());
    await page.getByLabel('Why').fill('The same flat, reported under two addresses');
    await page.getByRole('button', { name: 'Merge the cases' }).click();
    await answerHeading(page, `Merged into ${warned.caseRef}`);
    expect(await textOf(page, '#answer-banner')).toContain(`${warned.caseRef} now has 2 reports`);
    await expectAccessible(page);
    await env.stack.settle();

    await openCasePage(page, otherRef);
    expect(await summaryValue(page, 'Merged into')).toBe(warned.caseRef);
    expect(await textOf(page, '#case-manage-note')).toContain(`merged into ${warned.caseRef}`);
    await expectAccessible(page);
    await openCasePage(page, warned.caseRef);
    expect(await textOf(page, '#case-timeline')).toContain(`Case ${otherRef} was merged into this case`);

    // The report from the other address was really about somewhere else: it gets its own case.
    const merged = (await caseView(env, warned.caseRef)) as unknown as {
      parties: Party[];
      complaints: { complaintId: string; complainantPartyId: string }[];
    };
    const bo = merged.parties.find((p) => p.name === 'Bo Neighbour');
    const boReport = merged.complaints.find((c) => c.complainantPartyId === bo?.partyId);
    await page.locator(`#case-complaints a[href$="complaint=${boReport?.complaintId}"]`).click();
    await page.locator('#split-form').waitFor();
    expect(await textOf(page, '#split-report')).toContain('Loud bass music with shouting');
    await page.getByLabel('Address line 1').fill(`${stamp} Elsewhere Lane`);
    await page.getByLabel('Postcode').fill('E8 1DY');
    await page.getByLabel('A home (a dwelling)').check();
    await page.getByLabel('Why does the report not belong on this case?').fill('Bo lives on another street');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Give it its own case' }).click();
    await answerHeading(page, /The report has its own case: NN-/);
    const newRef = (await textOf(page, '#answer-heading')).replace('The report has its own case: ', '');
    expect(await textOf(page, '#answer-banner')).toContain(`${warned.caseRef} now has 1 report`);
    await expectAccessible(page);
    await screenshot(page, 'console-split-1-own-case');
    await env.stack.settle();
    const split2 = await caseView(env, newRef);
    expect(split2.case.complaintCount).toBe(1);
    expect(split2.parties.find((p) => p.role === 'complainant')?.name).toBe('Bo Neighbour');
    expect(unexpectedErrors(errors)).toEqual([]);
    await context.close();
  }, 120_000);
});
