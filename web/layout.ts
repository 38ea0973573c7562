/**
 * The page chrome every web page shares: head, GOV.UK header with the service navigation, footer
 * and the page's script. A page file under `web/` holds only what goes inside `<main>`, after a
 * first line that names its title, its part of the site and its script:
 *
 *     <!-- page {"title": "Follow your case", "site": "resident", "active": "/follow", "script": "/static/js/resident/follow.js"} -->
 *
 * The local gateway renders pages as it serves them; the CDK web hosting renders each one into the
 * bucket, so both serve the same HTML.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as z from 'zod';
import { type CouncilConfig, councilConfig, logoDataUri } from '../functions/config/council.ts';

const pageMeta = z
  .object({
    title: z.string().min(1),
    /** resident pages; the staff console; the console's sign-in pages (no menu before signing in). */
    site: z.enum(['resident', 'staff', 'staff-sign-in']),
    /** The menu item (its href) marked as the current page. */
    active: z.string().optional(),
    script: z.string().startsWith('/static/js/'),
  })
  .strict();

export type PageMeta = z.infer<typeof pageMeta>;

const FRONT_MATTER = /^<!-- page (\{.*\}) -->\n/;

interface MenuItem {
  href: string;
  text: string;
}

interface Site {
  home: string;
  serviceName: string;
  titleSuffix: string;
  menu: MenuItem[] | undefined;
  /** Extra menu items shown once a member of staff has signed in (filled in by the console's script). */
  signedInItems: boolean;
  footer: string;
}

const residentFooter = (
  council: CouncilConfig,
) => `          <h2 class="govuk-visually-hidden">Support links</h2>
          <ul class="govuk-footer__inline-list">
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/privacy">Privacy</a></li>
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/accessibility">Accessibility statement</a></li>
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/staff">Staff sign in</a></li>
          </ul>
          <p class="govuk-footer__meta-custom">${escapeHtml(council.name)}, ${escapeHtml(council.teamName)}</p>
`;
const staffFooter = (council: CouncilConfig) =>
  `          <p class="govuk-footer__meta-custom">${escapeHtml(council.name)}, ${escapeHtml(council.teamName)}. Staff use only: every action is recorded with your name.</p>
`;
const staffMenu = [
  { href: '/staff', text: 'Task queues' },
  { href: '/staff/cases', text: 'Cases' },
];

/** The menus each part of the site has; names and footers come from the council's configuration. */
const siteMenus: Record<PageMeta['site'], MenuItem[] | undefined> = {
  resident: [
    { href: '/', text: 'Report noise' },
    { href: '/follow', text: 'Follow your case' },
  ],
  staff: staffMenu,
  'staff-sign-in': undefined,
};

function siteFor(kind: PageMeta['site'], council: CouncilConfig): Site {
  const name = escapeHtml(council.name);
  if (kind === 'resident') {
    return {
      home: '/',
      serviceName: 'Report a noise problem',
      titleSuffix: ` – ${name}`,
      menu: siteMenus.resident,
      signedInItems: false,
      footer: residentFooter(council),
    };
  }
  return {
    home: '/staff',
    serviceName: 'Noise case console',
    titleSuffix: ` – Noise case console – ${name}`,
    menu: siteMenus[kind],
    signedInItems: kind === 'staff',
    footer: staffFooter(council),
  };
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/**
 * What a page may say about the council: `{{council.phone}}` and the like in a page file become
 * the configured values (escaped), so no page carries a council's details itself.
 */
export function councilPlaceholders(council: CouncilConfig): Record<string, string> {
  const withHours = `${council.phone} (${council.serviceHours})`;
  return {
    name: council.name,
    teamName: council.teamName,
    phone: council.phone,
    email: council.email,
    dataProtectionEmail: council.dataProtectionEmail,
    serviceHours: council.serviceHours,
    phoneWithHours: withHours,
    phoneWithAllHours: council.outOfHours
      ? `${council.phone} (${council.serviceHours}; out-of-hours noise line ${council.outOfHours.phone}, ${council.outOfHours.hours})`
      : withHours,
  };
}

function fillPlaceholders(main: string, council: CouncilConfig, name: string): string {
  const values = councilPlaceholders(council);
  return main.replace(/\{\{council\.([A-Za-z]+)\}\}/g, (_whole, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`${name}: {{council.${key}}} is not a council setting`);
    return escapeHtml(value);
  });
}

function menuItem(item: MenuItem, active: string | undefined): string {
  if (item.href === active) {
    return `              <li class="govuk-service-navigation__item govuk-service-navigation__item--active">
                <a class="govuk-service-navigation__link" href="${item.href}" aria-current="page"><strong class="govuk-service-navigation__active-fallback">${item.text}</strong></a>
              </li>
`;
  }
  return `              <li class="govuk-service-navigation__item">
                <a class="govuk-service-navigation__link" href="${item.href}">${item.text}</a>
              </li>
`;
}

const signedInItems = `              <li class="govuk-service-navigation__item" data-signed-in hidden>
                <span class="govuk-service-navigation__text" data-signed-in-name></span>
              </li>
              <li class="govuk-service-navigation__item" data-signed-in hidden>
                <a class="govuk-service-navigation__link" href="/staff/sign-in" data-sign-out>Sign out</a>
              </li>
`;

function navigation(site: Site, active: string | undefined): string {
  if (!site.menu) return '';
  return `          <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
            <ul class="govuk-service-navigation__list" id="navigation">
${site.menu.map((item) => menuItem(item, active)).join('')}${site.signedInItems ? signedInItems : ''}            </ul>
          </nav>
`;
}

/** Reads a page file's first line; throws, naming the problem, if it is missing or malformed. */
export function parsePage(source: string, name = 'page'): { meta: PageMeta; main: string } {
  const match = FRONT_MATTER.exec(source);
  if (!match?.[1]) throw new Error(`${name}: the first line must be <!-- page {...} -->`);
  const parsed = pageMeta.safeParse(JSON.parse(match[1]));
  if (!parsed.success) throw new Error(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const menu = siteMenus[parsed.data.site];
  if (parsed.data.active && !menu?.some((item) => item.href === parsed.data.active))
    throw new Error(`${name}: "${parsed.data.active}" is not in the ${parsed.data.site} menu`);
  return { meta: parsed.data, main: source.slice(match[0].length) };
}

function councilLogo(council: CouncilConfig): string {
  // The name follows the logo, so the image itself is decoration to a screen reader.
  return council.logo
    ? `<img class="app-council-logo" src="${logoDataUri(council.logo)}" alt="" width="30" height="30"> `
    : '';
}

/** The whole HTML document for a page file's text, branded for the configured council. */
export function renderPage(source: string, name = 'page', council: CouncilConfig = councilConfig()): string {
  const parsed = parsePage(source, name);
  const { meta } = parsed;
  const main = fillPlaceholders(parsed.main, council, name);
  const site = siteFor(meta.site, council);
  return `<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>${meta.title}${site.titleSuffix}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <meta name="theme-color" content="#1d70b8">
  <meta name="abate:title-suffix" content="${site.titleSuffix}">
  <meta name="abate:council-phone" content="${escapeHtml(council.phone)}">
  <link rel="icon" sizes="48x48" href="/assets/images/favicon.ico">
  <link rel="stylesheet" href="/assets/govuk-frontend.min.css">
  <link rel="stylesheet" href="/static/css/app.css">
</head>
<body class="govuk-template__body">
  <script src="/static/js/js-enabled.js"></script>
  <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
  <header class="govuk-template__header">
    <div class="govuk-generic-header">
      <div class="govuk-generic-header__container govuk-width-container">
        <div class="govuk-generic-header__logo">
          <a href="${site.home}" class="govuk-generic-header__homepage-link">${councilLogo(council)}${escapeHtml(council.name)}</a>
        </div>
      </div>
    </div>
    <section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
      <div class="govuk-width-container">
        <div class="govuk-service-navigation__container">
          <span class="govuk-service-navigation__service-name">
            <a href="${site.home}" class="govuk-service-navigation__link">${site.serviceName}</a>
          </span>
${navigation(site, meta.active)}        </div>
      </div>
    </section>
  </header>
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="main-content">
${main}    </main>
  </div>
  <footer class="govuk-footer">
    <div class="govuk-width-container">
      <div class="govuk-footer__meta">
        <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
${site.footer}        </div>
      </div>
    </div>
  </footer>
  <script type="module" src="${meta.script}"></script>
</body>
</html>
`;
}

/** Every page under a web root, as [path relative to the root with `/` separators, full path]. */
export function pageFiles(root: string): [string, string][] {
  const found: [string, string][] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== 'static') walk(full);
      else if (entry.isFile() && entry.name.endsWith('.html'))
        found.push([relative(root, full).split(sep).join('/'), full]);
    }
  };
  walk(root);
  return found.sort(([a], [b]) => a.localeCompare(b));
}

/** Reads and renders one page file. */
export function renderPageFile(file: string): string {
  return renderPage(readFileSync(file, 'utf8'), file);
}
