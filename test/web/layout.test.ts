import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../../infra/local/web.ts';
import { pageFiles, parsePage, renderPage, renderPageFile } from '../../web/layout.ts';
import { startTestStack } from '../support/local-stack.ts';

describe('the shared page chrome', () => {
  it('renders every page file into one whole document with its title, menu, footer and script', () => {
    const pages = pageFiles(WEB_ROOT);
    expect(pages.map(([key]) => key)).toContain('staff/task.html');
    expect(pages.some(([key]) => key.startsWith('static/'))).toBe(false);
    for (const [key, file] of pages) {
      const html = renderPageFile(file);
      const { meta } = parsePage(readFileSync(file, 'utf8'), key);
      expect(html.startsWith('<!DOCTYPE html>'), key).toBe(true);
      expect(html, key).toContain(`<title>${meta.title} – `);
      expect(html.match(/<main /g), key).toHaveLength(1);
      expect(html.match(/<script type="module" src="([^"]+)">/)?.[1], key).toBe(meta.script);
      expect(html.match(/aria-current="page"/g)?.length ?? 0, key).toBe(meta.active ? 1 : 0);
      // Residents never see the staff menu, and the console never shows the residents' footer links.
      if (meta.site === 'resident') expect(html, key).not.toContain('Task queues');
      else expect(html, key).not.toContain('href="/privacy"');
    }
  });

  it('marks the current page in the menu', () => {
    const html = renderPage(
      '<!-- page {"title": "Cases", "site": "staff", "active": "/staff/cases", "script": "/static/js/staff/cases.js"} -->\n<h1>Cases</h1>\n',
    );
    expect(html).toContain(
      '<a class="govuk-service-navigation__link" href="/staff/cases" aria-current="page"><strong class="govuk-service-navigation__active-fallback">Cases</strong></a>',
    );
    expect(html).toContain('<a class="govuk-service-navigation__link" href="/staff">Task queues</a>');
  });

  it('refuses a page file without its first line, or with a menu item its site does not have, naming the file', () => {
    expect(() => renderPage('<h1>No title</h1>\n', 'web/bare.html')).toThrow('web/bare.html: the first line');
    expect(() =>
      renderPage(
        '<!-- page {"title": "X", "site": "resident", "active": "/staff", "script": "/static/js/resident/page.js"} -->\n',
        'web/x.html',
      ),
    ).toThrow('web/x.html: "/staff" is not in the resident menu');
    expect(() =>
      renderPage(
        '<!-- page {"title": "X", "site": "admin", "script": "/static/js/x.js"} -->\n',
        'web/y.html',
      ),
    ).toThrow('web/y.html');
  });

  it('the local gateway serves a page exactly as the deployment renders it into the bucket', async () => {
    const env = await startTestStack();
    try {
      const answer = await fetch(`${env.stack.url}/follow`);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe(renderPageFile(join(resolve(WEB_ROOT), 'follow.html')));
    } finally {
      await env.close();
    }
  });
});
