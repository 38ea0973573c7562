/**
 * Serves the web front ends from the local gateway the way S3 + CloudFront serve them in AWS:
 * resident pages from `/`, the staff console under `/staff`, our scripts and styles under
 * `/static/`, and the GOV.UK Frontend CSS, JS, fonts and images under `/assets/`.
 * Routing (`webFileFor`) and headers (`webHeaders`) are exported so the CDK construct can mirror them.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { renderPage } from '../../web/layout.ts';

const projectRoot = resolve(import.meta.dirname, '../..');
export const WEB_ROOT = join(projectRoot, 'web');
export const GOVUK_FRONTEND_DIST = join(projectRoot, 'node_modules/govuk-frontend/dist/govuk');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The page security policy: only our own origin, no inline script or style, no framing. The
 * Cognito domain joins `connect-src` in AWS (the console exchanges its sign-in code there).
 */
export function contentSecurityPolicy(extraConnectSources: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...extraConnectSources].join(' ')}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers every web response carries, locally and (through a response headers policy) in CloudFront. */
export const securityHeaders: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Nothing about a case may leak to another site through the Referer header.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export type CacheClass = 'page' | 'app' | 'fingerprinted' | 'vendor';

/** Pages and settings revalidate every time; hashed font files never change; the rest is short-lived. */
export const cacheControl: Record<CacheClass, string> = {
  page: 'no-cache',
  app: 'public, max-age=300, must-revalidate',
  fingerprinted: 'public, max-age=31536000, immutable',
  vendor: 'public, max-age=86400',
};

export interface WebFile {
  file: string;
  cache: CacheClass;
}

/**
 * The file a URL path names, or undefined: `/` → `web/index.html`, `/follow` → `web/follow.html`,
 * `/staff` → `web/staff/index.html`, `/assets/fonts/x.woff2` → govuk-frontend's file.
 */
export function webFileFor(pathname: string): WebFile | undefined {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.split('/').some((segment) => segment === '..' || segment.startsWith('.')))
    return undefined;
  if (path.startsWith('/assets/')) {
    const rest = path.slice('/assets/'.length);
    // The CSS and JS bundles sit beside govuk-frontend's `assets/` folder; fonts and images inside it.
    const file = /^govuk-frontend\.min\.(css|js)(\.map)?$/.test(rest)
      ? inside(GOVUK_FRONTEND_DIST, rest)
      : inside(join(GOVUK_FRONTEND_DIST, 'assets'), rest);
    if (!file) return undefined;
    return { file, cache: /-[0-9a-f]{10}-v\d+\.woff2?$/.test(rest) ? 'fingerprinted' : 'vendor' };
  }
  if (path.startsWith('/static/')) {
    const file = inside(WEB_ROOT, path.slice(1));
    return file ? { file, cache: 'app' } : undefined;
  }
  let page = path;
  if (page === '/staff' || page.endsWith('/')) page = `${page.replace(/\/$/, '')}/index.html`;
  else if (!extname(page)) page = `${page}.html`;
  if (extname(page) !== '.html') return undefined;
  const file = inside(WEB_ROOT, page.slice(1));
  return file ? { file, cache: 'page' } : undefined;
}

function inside(root: string, relative: string): string | undefined {
  const file = resolve(root, relative);
  return file.startsWith(root + sep) ? file : undefined;
}

/** What the console reads to know how to sign in and where the API is; in AWS the deployment writes it. */
export function localWebConfig() {
  return { mode: 'local', apiBase: '' };
}

/** A page file rendered into the shared chrome (web/layout.ts), as the deployment renders it. */
async function renderedPage(file: string): Promise<Buffer> {
  return Buffer.from(renderPage(await readFile(file, 'utf8'), file));
}

export async function serveWeb(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return false;
  const url = new URL(request.url ?? '/', 'http://localhost');

  if (url.pathname === '/config.json') {
    const body = JSON.stringify(localWebConfig());
    response.writeHead(200, {
      ...securityHeaders,
      'content-type': contentTypes['.json'] as string,
      'cache-control': cacheControl.page,
      'content-length': Buffer.byteLength(body),
    });
    response.end(method === 'HEAD' ? undefined : body);
    return true;
  }

  const found = webFileFor(url.pathname);
  const info = found && (await stat(found.file).catch(() => undefined));
  if (!found || !info?.isFile()) {
    // A person who mistypes an address gets the page-not-found page (as CloudFront gives them);
    // programs asking for JSON still get the gateway's JSON 404.
    if (!String(request.headers.accept ?? '').includes('text/html')) return false;
    const page = await renderedPage(join(WEB_ROOT, '404.html'));
    response.writeHead(404, {
      ...securityHeaders,
      'content-type': contentTypes['.html'] as string,
      'cache-control': cacheControl.page,
      'content-length': page.length,
    });
    response.end(method === 'HEAD' ? undefined : page);
    return true;
  }

  const page = found.cache === 'page' ? await renderedPage(found.file) : undefined;
  const size = page?.length ?? info.size;
  const etag = `W/"${size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers: Record<string, string | number> = {
    ...securityHeaders,
    'content-type': contentTypes[extname(found.file)] ?? 'application/octet-stream',
    'cache-control': cacheControl[found.cache],
    etag,
    'last-modified': info.mtime.toUTCString(),
  };
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers);
    response.end();
    return true;
  }
  headers['content-length'] = size;
  response.writeHead(200, headers);
  if (method === 'HEAD' || page) {
    response.end(method === 'HEAD' ? undefined : page);
    return true;
  }
  await new Promise<void>((done, fail) => {
    createReadStream(found.file).on('error', fail).on('end', done).pipe(response);
  });
  return true;
}
