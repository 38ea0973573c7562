/**
 * What the pages that record something on a case share: the case reference from the address, the
 * case as it is now, the answer banner, and plain words for the API's refusals.
 */

import { clearErrors, clearErrorTitle, showErrors, showProblem } from '../shared/errors.js';
import { setTitle } from '../shared/title.js';
import { el } from './dom.js';
import { staffRequest } from './session.js';

const CASE_REF = /^NN-\d{4}-\d{6}$/;

/** The case reference in `?ref=`, with the page's back link, caption and title set from it. */
export function caseFromAddress(title) {
  const caseRef = (new URLSearchParams(location.search).get('ref') ?? '').toUpperCase();
  if (!CASE_REF.test(caseRef)) return undefined;
  const href = `/staff/case?ref=${encodeURIComponent(caseRef)}`;
  for (const link of document.querySelectorAll('[data-case-link]')) link.href = href;
  document.getElementById('action-caption').textContent = `Case ${caseRef}`;
  setTitle(`${title} – ${caseRef}`);
  return caseRef;
}

/** `GET /cases/{caseRef}`; on failure says why on the status line and returns undefined. */
export async function loadCase(caseRef, statusLine) {
  if (!caseRef) {
    statusLine.textContent = 'That is not a case reference. Case references look like NN-2026-000123.';
    return undefined;
  }
  const { status, body } = await staffRequest('GET', `/cases/${encodeURIComponent(caseRef)}`);
  if (status === 401) return undefined;
  if (status === 200 && body?.case) return body;
  statusLine.textContent =
    status === 404
      ? `There is no case ${caseRef}.`
      : status === 403
        ? 'Your role cannot see this case.'
        : 'The case could not be loaded. Reload the page to try again.';
  return undefined;
}

/** Shows the answer in the success banner (heading and lines) and takes focus there. */
export function showAnswer(heading, lines) {
  const banner = document.getElementById('answer-banner');
  document.getElementById('answer-heading').textContent = heading;
  document
    .getElementById('answer-lines')
    .replaceChildren(...lines.filter(Boolean).map((line) => el('p', { className: 'govuk-body' }, line)));
  banner.hidden = false;
  banner.focus();
}

/** Problems in the order their fields appear on the page, as the error summary should list them. */
function inPageOrder(form, problems) {
  const fields = [...form.querySelectorAll('[data-field]')].map((group) => group.dataset.field);
  const rank = (path) => {
    const index = fields.findIndex((field) => path === field || path.startsWith(`${field}.`));
    return index < 0 ? fields.length : index;
  };
  return [...problems].sort((a, b) => rank(a.path) - rank(b.path));
}

/**
 * Sends a record and handles every answer but success: field problems beside their fields (with
 * `local` problems the browser found, which replace the API's words for the same field; `paths`
 * moves an API path to the field that answers it, e.g. a missing `address` to its first line),
 * refusals and failures in a summary. Returns the body of a 2xx answer, else undefined.
 */
export async function send(form, path, json, { refusals = {}, local = [], paths = {} } = {}) {
  const { status, body } = await staffRequest('POST', path, { json });
  if (status === 401) return undefined;
  if (status === 400 && body?.error?.fields?.length) {
    const fromApi = body.error.fields
      .map((field) => ({ ...field, path: paths[field.path] ?? field.path }))
      .filter(
        (field) => !local.some((mine) => field.path === mine.path || field.path.startsWith(`${mine.path}.`)),
      );
    const title = refusals[body.error.code]?.title;
    showErrors(form, inPageOrder(form, [...local, ...fromApi]), {
      title: typeof title === 'function' ? title(body.error) : title,
    });
    return undefined;
  }
  if (local.length) {
    showErrors(form, inPageOrder(form, local));
    return undefined;
  }
  if (status >= 200 && status < 300) return body ?? {};
  const heading = document.querySelector('h1');
  if (status === 403) {
    showProblem(heading, 'You cannot record this', `${body?.error?.message ?? 'Your role may not do this.'}`);
    return undefined;
  }
  if (status === 409 || status === 404 || (status === 400 && body?.error)) {
    const code = body?.error?.code;
    const refusal = refusals[code];
    const message = typeof refusal?.message === 'function' ? refusal.message(body.error) : refusal?.message;
    showProblem(
      heading,
      refusal?.title ?? (status === 400 ? 'There is a problem' : 'This was not recorded'),
      message ?? body?.error?.message ?? 'The case has changed. Reload the page and try again.',
    );
    return undefined;
  }
  showProblem(
    heading,
    'There is a problem',
    status === 0
      ? 'The service could not be reached. Check your connection and try again.'
      : 'Nothing was recorded. Try again.',
  );
  return undefined;
}

/** Runs `handle` on submit, ignoring further submits while one is in flight (safe to double click). */
export function onSubmit(form, handle) {
  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    sending = true;
    try {
      await handle();
    } finally {
      sending = false;
    }
  });
}

/** A record was accepted: the form (and anything else named) goes, and the answer shows. */
export function finish(form, heading, lines, hide = []) {
  clearErrors(form);
  clearErrorTitle();
  form.hidden = true;
  for (const id of hide) {
    const element = document.getElementById(id);
    if (element) element.hidden = true;
  }
  showAnswer(heading, lines);
}

/** A link for the answer banner. */
export function bannerLink(text, href) {
  return el('a', { className: 'govuk-notification-banner__link', href }, text);
}

/**
 * Whether the signed-in person may act here (`groups` any of), and the case is one that can be
 * acted on; otherwise says why on the status line. `open` refuses a closed or merged case.
 */
export function mayAct(session, view, statusLine, { groups, who, open = true }) {
  if (!groups.some((group) => session.groups.includes(group))) {
    statusLine.textContent = `Only ${who} can do this.`;
    return false;
  }
  if (view.case.mergedInto) {
    statusLine.replaceChildren(
      'This case was merged into ',
      el(
        'a',
        { className: 'govuk-link', href: `/staff/case?ref=${encodeURIComponent(view.case.mergedInto)}` },
        view.case.mergedInto,
      ),
      ': act on that case instead.',
    );
    return false;
  }
  if (open && view.case.status === 'closed') {
    statusLine.textContent = 'This case is closed. A manager can reopen it first.';
    return false;
  }
  return true;
}

/** Plain words for the refusals every casework record may meet. */
export const caseRefusals = {
  CASE_MERGED: {
    title: 'This case was merged into another',
    message: (error) => `${String(error.message).replace(/\.?$/, '.')} Nothing was recorded here.`,
  },
  CASE_CLOSED: {
    title: 'This case is closed',
    message: 'Nothing was recorded. A manager can reopen the case first.',
  },
};
