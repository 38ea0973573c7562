/**
 * The local stack listens on loopback ports that any web page in the developer's browser can try
 * to reach: the side doors (DynamoDB, Step Functions, the clock and token routes) answer only
 * requests from the machine itself, never from a page of another origin.
 *
 * - Host must name this machine (localhost, 127.x.x.x, [::1]): a DNS-rebinding page reaches us
 *   under its own host name.
 * - Origin, when a browser sends one, must be the origin the request was addressed to; no
 *   `Access-Control-Allow-Origin` is ever sent, so no other page can read an answer.
 * - `Sec-Fetch-Site`, when present, must be `same-origin` or `none` (typed into the address bar).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Why a request may not use a local side door, or undefined when it may. */
export function foreignRequestProblem(request: IncomingMessage): string | undefined {
  const host = header(request, 'host') ?? '';
  if (!LOOPBACK_HOST.test(host)) return 'Only this machine may call the local stack';
  const origin = header(request, 'origin');
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
    return 'Web pages of other origins may not call the local stack';
  }
  const site = header(request, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return 'Web pages of other sites may not call the local stack';
  }
  return undefined;
}

function refuse(response: ServerResponse, message: string): void {
  response.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ error: { code: 'FORBIDDEN', message } }));
}

/**
 * Wraps a server's request listener so that browsers cannot use it: cross-origin requests and every
 * CORS preflight get 403, with no CORS headers. For DynamoDB and Step Functions, which no page of
 * ours calls.
 */
export function refuseBrowserRequests(listener: RequestListener): RequestListener {
  return function refuseBrowserRequestsListener(request, response) {
    if (request.method === 'OPTIONS') return refuse(response, 'Cross-origin requests are not allowed here');
    const problem = foreignRequestProblem(request);
    if (problem) return refuse(response, problem);
    return listener(request, response);
  };
}

/**
 * The local clock and dev-token routes change state, so they take only JSON from the same origin:
 * a form on another site can post text or form data without asking first, but never JSON.
 */
export function localRouteRefusal(request: IncomingMessage): { status: number; body: unknown } | undefined {
  const problem = foreignRequestProblem(request);
  if (problem) return { status: 403, body: { error: { code: 'FORBIDDEN', message: problem } } };
  const mediaType = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return {
      status: 415,
      body: {
        error: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: "Send the body as application/json (curl: -H 'content-type: application/json')",
        },
      },
    };
  }
  return undefined;
}
