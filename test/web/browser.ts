/** Debian's chromium driven by playwright-core, with the checks every page gets: axe-core and a screenshot. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const projectRoot = resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = join(projectRoot, 'test-artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const axeSource = readFileSync(join(projectRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** The worker process's Chromium, shared by the test files it runs one after another. */
let shared: Browser | undefined;

/**
 * Chromium for a test file. Starting one costs about as much CPU as a dozen page loads, so a worker
 * process starts it once and its test files take turns with it (they never overlap: vitest runs a
 * process's files one after another). `close()` closes the contexts the file opened; playwright
 * closes the browser itself when the process exits, and Chromium ends on its own if the process
 * is killed (its DevTools pipe closes).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No browser at ${CHROMIUM}: install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  if (!shared?.isConnected()) {
    shared = await chromium.launch({
      executablePath: CHROMIUM,
      // playwright adds --headless and a fresh temporary --user-data-dir itself (it refuses one
      // passed here); the rest keep chromium off the network and quiet.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }
  const browser = shared;
  return {
    browser,
    async close() {
      await Promise.all(browser.contexts().map((context) => context.close()));
    },
  };
}

/** Collects what a page logs as errors (CSP violations show up here) so a test can insist on none. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.0-2.2 A and AA rules) and returns the serious and critical violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) stays on for the app.
  // Once per document: it is 550 KB to send and compile, and a form answered in place keeps it.
  if ((await page.evaluate('typeof axe')) === 'undefined') await page.evaluate(axeSource);
  const options = {
    runOnly: {
      type: 'tag',
      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
    },
  };
  // A string, because this code runs in the page, which the Node type-check cannot see.
  const violations = (await page.evaluate(
    `axe.run(document, ${JSON.stringify(options)}).then((result) => result.violations)`,
  )) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target }) => ({ target })),
    }));
}

/**
 * Full-page screenshot under test-artifacts/screenshots/<name>.png, when `ABATE_SCREENSHOTS=1`:
 * they are for a person to look at, assert nothing, and cost an eighth of a browser test's time.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.ABATE_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
