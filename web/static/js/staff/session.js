/**
 * Who is signed in to the console. The API token lives in sessionStorage (this tab only, gone
 * when it closes). Locally the token comes from the dev identity picker; in AWS from the Cognito
 * hosted UI through the authorization code flow with PKCE.
 */
import { apiRequest, webConfig } from '../shared/api.js';

const TOKEN_KEY = 'abate.staff.token';
const ID_TOKEN_KEY = 'abate.staff.idToken';
const RETURN_KEY = 'abate.staff.returnTo';
const PKCE_KEY = 'abate.staff.pkce';
const SIGNED_OUT_KEY = 'abate.staff.signedOut';

function decodeClaims(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
  } catch {
    return undefined;
  }
}

/** The signed-in person, or undefined when there is no token or it has expired. */
export function currentSession() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  const claims = decodeClaims(token);
  if (!claims || (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now())) return undefined;
  const idClaims = decodeClaims(sessionStorage.getItem(ID_TOKEN_KEY) ?? '') ?? {};
  const groups = claims['cognito:groups'] ?? idClaims['cognito:groups'] ?? [];
  return {
    token,
    // The staff user id the API knows the person by (a case's owner is one).
    id: claims.sub ?? idClaims.sub,
    name: idClaims.name ?? claims.name ?? claims.username ?? idClaims.email ?? claims.sub,
    groups: Array.isArray(groups) ? groups : [String(groups)],
  };
}

export function startSession(token, idToken) {
  sessionStorage.setItem(TOKEN_KEY, token);
  if (idToken) sessionStorage.setItem(ID_TOKEN_KEY, idToken);
  else sessionStorage.removeItem(ID_TOKEN_KEY);
}

/** Where to go after signing in: the page that asked, as a same-site path only. */
export function takeReturnPath() {
  const path = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  return path?.startsWith('/staff') && !path.startsWith('//') ? path : '/staff';
}

function goToSignIn() {
  sessionStorage.setItem(RETURN_KEY, `${location.pathname}${location.search}`);
  location.assign('/staff/sign-in');
}

/** Sends the person to sign in unless they are; call first on every console page. */
export function requireSession() {
  const session = currentSession();
  if (!session) {
    goToSignIn();
    return undefined;
  }
  showSignedIn(session);
  return session;
}

const roleNames = { caseworker: 'caseworker', manager: 'team manager', facilitator: 'RJ facilitator' };

function showSignedIn(session) {
  for (const item of document.querySelectorAll('[data-signed-in]')) item.hidden = false;
  const label = document.querySelector('[data-signed-in-name]');
  if (label) {
    const roles = session.groups.map((group) => roleNames[group] ?? group).join(', ');
    label.textContent = `${session.name}${roles ? ` (${roles})` : ''}`;
  }
  document.querySelector('[data-sign-out]')?.addEventListener('click', async (event) => {
    event.preventDefault();
    await signOut();
  });
  addLocalMenuItems();
}

/**
 * On the local stack only, the menu also links the messages the local GOV.UK Notify stand-in
 * received (letters as PDFs, emails, texts): in AWS they are in Notify, and the page has nothing.
 */
async function addLocalMenuItems() {
  let config;
  try {
    config = await webConfig();
  } catch {
    return;
  }
  const menu = document.getElementById('navigation');
  if (config?.mode !== 'local' || !menu || menu.querySelector('[data-local-sent]')) return;
  const current = location.pathname === '/staff/sent';
  const item = document.createElement('li');
  item.className = `govuk-service-navigation__item${current ? ' govuk-service-navigation__item--active' : ''}`;
  item.dataset.localSent = '';
  const link = document.createElement('a');
  link.className = 'govuk-service-navigation__link';
  link.href = '/staff/sent';
  if (current) {
    link.setAttribute('aria-current', 'page');
    const strong = document.createElement('strong');
    strong.className = 'govuk-service-navigation__active-fallback';
    strong.textContent = 'Sent messages';
    link.append(strong);
  } else {
    link.textContent = 'Sent messages';
  }
  item.append(link);
  menu.insertBefore(item, menu.querySelector('[data-signed-in]'));
}

export async function signOut() {
  sessionStorage.clear();
  // Survives the round trip through Cognito's logout, whose return address must match exactly.
  sessionStorage.setItem(SIGNED_OUT_KEY, '1');
  const config = await webConfig();
  if (config.mode === 'cognito') {
    const logout = new URL(`https://${config.cognitoDomain}/logout`);
    logout.searchParams.set('client_id', config.clientId);
    logout.searchParams.set('logout_uri', `${location.origin}/staff/sign-in`);
    location.assign(logout.href);
  } else {
    location.assign('/staff/sign-in');
  }
}

/** True once, on the sign-in page straight after signing out. */
export function justSignedOut() {
  const signedOut = sessionStorage.getItem(SIGNED_OUT_KEY) === '1';
  sessionStorage.removeItem(SIGNED_OUT_KEY);
  return signedOut;
}

/** A staff API call with the token; a 401 (expired or revoked) sends the person to sign in again. */
export async function staffRequest(method, path, options = {}) {
  const session = currentSession();
  if (!session) {
    goToSignIn();
    return { status: 401, body: undefined };
  }
  const response = await apiRequest(method, path, {
    ...options,
    headers: { ...options.headers, authorization: `Bearer ${session.token}` },
  });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    goToSignIn();
  }
  return response;
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Cognito hosted UI, authorization code + PKCE (RFC 7636): no client secret in the browser. */
export async function startCognitoSignIn(config) {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const authorize = new URL(`https://${config.cognitoDomain}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: `${location.origin}/staff/callback`,
    scope: 'openid email profile',
    state,
    code_challenge_method: 'S256',
    code_challenge: challenge,
  }).toString();
  location.assign(authorize.href);
}

/** Exchanges the code the hosted UI returned for tokens; throws with a readable message on failure. */
export async function completeCognitoSignIn(config, params) {
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null');
  sessionStorage.removeItem(PKCE_KEY);
  if (params.get('error')) throw new Error(params.get('error_description') ?? params.get('error'));
  if (!saved || params.get('state') !== saved.state || !params.get('code')) {
    throw new Error('The sign-in could not be checked. Start again.');
  }
  const response = await fetch(`https://${config.cognitoDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: params.get('code'),
      redirect_uri: `${location.origin}/staff/callback`,
      code_verifier: saved.verifier,
    }),
  });
  if (!response.ok) throw new Error('The sign-in service refused the sign-in. Start again.');
  const tokens = await response.json();
  startSession(tokens.access_token, tokens.id_token);
}

/** Local stack only: a token for a chosen group from `POST /_local/dev-token`. */
export async function localSignIn(group, name) {
  const response = await apiRequest('POST', '/_local/dev-token', {
    json: { group, ...(name ? { name } : {}) },
  });
  if (response.status !== 200 || !response.body?.token) return response;
  startSession(response.body.token);
  return response;
}
