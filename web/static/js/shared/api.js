/** Talks to the Abate HTTP API; the API's origin comes from `/config.json` (same origin locally). */

let configPromise;

/** The deployment settings: `{mode: 'local'|'cognito', apiBase, cognitoDomain?, clientId?}`. */
export function webConfig() {
  configPromise ??= fetch('/config.json', { cache: 'no-cache' }).then((response) => {
    if (!response.ok) throw new Error(`config.json answered ${response.status}`);
    return response.json();
  });
  return configPromise;
}

/**
 * Sends one request and returns `{status, body}`; a network failure becomes status 0 so pages
 * can tell the person to try again instead of failing silently.
 */
export async function apiRequest(method, path, { json, headers = {} } = {}) {
  const { apiBase = '' } = await webConfig();
  const init = { method, headers: { accept: 'application/json', ...headers }, credentials: 'omit' };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['content-type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(`${apiBase}${path}`, init);
  } catch {
    return { status: 0, body: undefined };
  }
  const text = await response.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

/** A fresh random key for `Idempotency-Key`. */
export function newIdempotencyKey() {
  return crypto.randomUUID();
}
