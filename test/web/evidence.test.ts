/**
 * The resident's evidence on the follow page, in a real browser against the real local stack: a
 * diary sheet filled in over two visits and sent, a recording uploaded with its SHA-256 shown and
 * checked against the file on the device, refused files explained beside the field. Every state
 * passes axe-core.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSheet, sample, sha256, storedFiles } from '../evidence/support.ts';
import { asStaff, caseView, localNow, openCase, openTask } from '../support/lifecycle.ts';
import { startTestStack } from '../support/local-stack.ts';
import {
  launchBrowser,
  screenshot,
  seriousAccessibilityViolations,
  type TestBrowser,
  watchConsole,
} from './browser.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
let chrome: TestBrowser;
let context: BrowserContext;
let scratch: string;

beforeAll(async () => {
  [env, chrome] = await Promise.all([startTestStack({ retryDelayScale: 0.001 }), launchBrowser()]);
  context = await chrome.browser.newContext({
    baseURL: env.stack.url,
    viewport: { width: 1024, height: 900 },
  });
  scratch = mkdtempSync(join(tmpdir(), 'abate-web-evidence-'));
});

afterAll(async () => {
  await context?.close();
  await chrome?.close();
  await env?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** The stack's "today" in UK time, as the date boxes take it. */
function ukToday() {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).formatToParts(localNow());
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return { day: get('day'), month: get('month'), year: get('year') };
}

async function followCase(caseRef: string, trackingToken: string) {
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto('/follow');
  await page.getByLabel('Case reference').fill(caseRef);
  await page.getByLabel('Tracking token').fill(trackingToken);
  await page.getByRole('button', { name: 'Show my case' }).click();
  await page.getByTestId('status').waitFor();
  return { page, errors };
}

async function addEntry(page: Page, entry: { start: string; end: string; heard: string; effect: string }) {
  const today = ukToday();
  const date = page.getByRole('group', { name: 'Date you heard the noise' });
  await date.getByLabel('Day').fill(today.day);
  await date.getByLabel('Month').fill(today.month);
  await date.getByLabel('Year').fill(today.year);
  await page.getByLabel('Time it started').fill(entry.start);
  await page.getByLabel('Time it stopped').fill(entry.end);
  await page.getByLabel('What did you hear?').fill(entry.heard);
  await page.getByLabel('How did it affect you?').fill(entry.effect);
  await page.getByRole('button', { name: 'Save entry' }).click();
}

describe('the noise diary on the follow page', () => {
  it('is filled in over two visits, sent, and then shown to staff with every entry attributed', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const issued = await issueSheet(env, caseRef);
    expect(issued.status).toBe(201);

    // First visit: a mistake is explained beside its field, then one entry is saved.
    const first = await followCase(caseRef, trackingToken);
    const sheet = first.page.getByTestId('diary-sheet');
    await sheet.waitFor();
    expect(await sheet.textContent()).toContain('None yet');
    await expectAccessible(first.page);
    await screenshot(first.page, 'evidence-1-diary-open');

    await first.page.getByRole('button', { name: 'Save entry' }).click();
    const summary = first.page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Enter the date you heard the noise',
      'Enter the time the noise started',
      'Enter the time the noise stopped',
      'Describe what you heard',
      'Describe how it affected you',
    ]);
    await expectAccessible(first.page);
    await screenshot(first.page, 'evidence-2-diary-errors');

    await addEntry(first.page, {
      start: '11:15pm',
      end: '1:40am',
      heard: 'Loud bass and shouting from the flat above',
      effect: 'Woken at midnight and could not sleep again',
    });
    await first.page.getByTestId('evidence-notice').getByText('Entry saved').waitFor();
    expect(await first.page.getByTestId('diary-entry').count()).toBe(1);
    expect(await first.page.getByTestId('diary-entry').textContent()).toContain('11:15pm to 1:40am');
    await expectAccessible(first.page);
    await screenshot(first.page, 'evidence-3-diary-entry-saved');
    expect(first.errors).toEqual([]);
    await first.page.close();

    // Second visit, the next day: the draft is still there; a second entry, then the diary is sent.
    await env.stack.advanceClock(86_400_000);
    const second = await followCase(caseRef, trackingToken);
    await second.page.getByTestId('diary-entry').first().waitFor();
    expect(await second.page.getByTestId('diary-entry').count()).toBe(1);
    await addEntry(second.page, {
      start: '22:30',
      end: '23:50',
      heard: 'Drilling through the wall',
      effect: 'Could not put my children to bed',
    });
    await second.page.getByTestId('evidence-notice').getByText('Entry saved').waitFor();
    expect(await second.page.getByTestId('diary-entry').count()).toBe(2);
    // A draft can be changed: the form fills with it, and saving changes that entry, not a new one.
    expect(await second.page.getByRole('button', { name: 'Cancel change' }).isVisible()).toBe(false);
    await second.page.getByRole('link', { name: /^Change entry 1,/ }).click();
    expect(await second.page.getByLabel('What did you hear?').inputValue()).toBe(
      'Loud bass and shouting from the flat above',
    );
    expect(await second.page.getByRole('button', { name: 'Cancel change' }).isVisible()).toBe(true);
    await second.page.getByLabel('Time it stopped').fill('2am');
    await second.page.getByRole('button', { name: 'Save entry' }).click();
    await second.page.getByTestId('evidence-notice').getByText('Entry changed').waitFor();
    expect(await second.page.getByTestId('diary-entry').count()).toBe(2);
    expect(await second.page.getByTestId('diary-sheet').textContent()).toContain('11:15pm to 2:00am');
    await second.page.getByRole('button', { name: 'Send diary to the council' }).click();
    await second.page.getByTestId('evidence-notice').getByText('Diary sent').waitFor();
    expect(await second.page.getByTestId('diary-sheet').textContent()).toContain('Sent');
    // Read-only now: no way to change or add entries.
    expect(await second.page.getByRole('link', { name: /^Change/ }).count()).toBe(0);
    expect(await second.page.locator('#diary-entry-form').isVisible()).toBe(false);
    await expectAccessible(second.page);
    await screenshot(second.page, 'evidence-4-diary-sent');
    expect(second.errors).toEqual([]);
    await second.page.close();

    const view = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`);
    const [staffSheet] = view.body.evidence.diarySheets;
    expect(staffSheet.status).toBe('returned');
    expect(staffSheet.entries.map((e: { heard: string }) => e.heard).sort()).toEqual([
      'Drilling through the wall',
      'Loud bass and shouting from the flat above',
    ]);
    expect(staffSheet.entries.every((e: { by: { kind: string } }) => e.by.kind === 'resident')).toBe(true);
    await openTask(env, caseRef, 'review-evidence', 'caseworker');
  });
});

describe('uploads on the follow page', () => {
  it('a recording is received with its SHA-256 shown, matching the file on the device, and an officer is asked to review it', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const { page, errors } = await followCase(caseRef, trackingToken);
    await page.locator('#uploads').waitFor();
    await expectAccessible(page);
    const bytes = sample.mp3(200_000);
    await page
      .getByLabel('Upload a file')
      .setInputFiles({ name: 'Noise at 2am.mp3', mimeType: 'audio/mpeg', buffer: bytes });
    await page.getByRole('button', { name: 'Upload file' }).click();
    const notice = page.getByTestId('evidence-notice');
    await notice.getByText('File received').waitFor();
    expect(await notice.locator('code').textContent()).toBe(sha256(bytes));
    expect(await notice.textContent()).toContain('This matches the file on your device');
    const listed = page.getByTestId('uploaded-file');
    expect(await listed.count()).toBe(1);
    expect(await listed.textContent()).toContain('Noise at 2am.mp3');
    expect(await listed.locator('code').textContent()).toBe(sha256(bytes));
    await expectAccessible(page);
    await screenshot(page, 'evidence-5-upload-received');
    expect(errors).toEqual([]);

    const task = await openTask(env, caseRef, 'review-evidence', 'caseworker');
    expect(task.type).toBe('review-evidence');
    const staff = await caseView(env, caseRef);
    expect(staff.timeline.find((event) => event.type === 'EvidenceFileAdded')?.data.sha256).toBe(
      sha256(bytes),
    );

    // The fingerprint wraps on a phone instead of making the page scroll sideways.
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
    await page.close();
  });

  it('a file that is not a recording, photo or document is refused beside the field, and nothing is stored', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const { page } = await followCase(caseRef, trackingToken);
    await page
      .getByLabel('Upload a file')
      .setInputFiles({ name: 'recording.mp3', mimeType: 'audio/mpeg', buffer: sample.exe() });
    await page.getByRole('button', { name: 'Upload file' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    const [message] = await summary.getByRole('link').allTextContents();
    expect(message).toMatch(/^The selected file must be an MP3, .* or PDF$/);
    expect(await page.locator('#file-error').textContent()).toBe(`Error: ${message}`);
    expect(await page.title()).toMatch(/^Error: /);
    const input = page.getByLabel('Upload a file');
    expect(await input.getAttribute('aria-describedby')).toContain('file-error');
    expect(await input.getAttribute('class')).toContain('govuk-file-upload--error');
    await expectAccessible(page);
    await screenshot(page, 'evidence-6-upload-refused');
    expect(storedFiles(env, caseRef)).toEqual([]);
    expect(await page.getByTestId('uploaded-file').count()).toBe(0);
    await page.close();
  });

  it('a file over the size limit is refused before it is sent, and nothing is stored', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const { page } = await followCase(caseRef, trackingToken);
    const big = join(scratch, 'whole-night.mp3');
    writeFileSync(big, sample.mp3());
    truncateSync(big, 51 * 1024 * 1024);
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') uploads.push(request.url());
    });
    await page.getByLabel('Upload a file').setInputFiles(big);
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('#file-error').textContent()).toBe(
      'Error: The selected file must be smaller than 50MB',
    );
    expect(uploads).toEqual([]);
    expect(storedFiles(env, caseRef)).toEqual([]);
    await page.close();
  });

  it('asks for a file when none was chosen', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const { page } = await followCase(caseRef, trackingToken);
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('#file-error').textContent()).toBe('Error: Select a file');
    await page.close();
  });
});
