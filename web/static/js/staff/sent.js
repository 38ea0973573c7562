/** What the local GOV.UK Notify stand-in received (`GET /_local/notify/sent`), newest first. */
import { initAll } from '/assets/govuk-frontend.min.js';
import { formatDateTime } from '../shared/format.js';
import { el, table } from './dom.js';
import { tag } from './labels.js';
import { requireSession } from './session.js';

const channelNames = { email: 'Email', sms: 'Text message', letter: 'Letter' };

const statusColours = {
  delivered: 'govuk-tag--green',
  received: 'govuk-tag--green',
  'permanent-failure': 'govuk-tag--red',
  'temporary-failure': 'govuk-tag--orange',
  'technical-failure': 'govuk-tag--orange',
};

function statusTag(status) {
  const text = status.replace(/-/g, ' ');
  return tag(text.charAt(0).toUpperCase() + text.slice(1), statusColours[status] ?? 'govuk-tag--grey');
}

function content(notification) {
  if (notification.letterUrl) {
    return el(
      'a',
      { className: 'govuk-link', href: notification.letterUrl, target: '_blank', rel: 'noopener' },
      'Open the letter (PDF)',
      el('span', { className: 'govuk-visually-hidden' }, ` ${notification.reference ?? ''}`),
    );
  }
  const summary = notification.subject || notification.body.split('\n')[0] || 'Message';
  return el(
    'details',
    { className: 'govuk-details app-sent-message' },
    el(
      'summary',
      { className: 'govuk-details__summary' },
      el('span', { className: 'govuk-details__summary-text' }, summary),
    ),
    el('div', { className: 'govuk-details__text app-sent-message__body' }, notification.body),
  );
}

async function load() {
  const line = document.getElementById('sent-status');
  let answer;
  try {
    answer = await fetch('/_local/notify/sent', { headers: { accept: 'application/json' } });
  } catch {
    answer = undefined;
  }
  if (!answer?.ok) {
    line.textContent =
      'There is no local Notify stand-in here: this page works only when Abate runs locally.';
    return;
  }
  const { notifications } = await answer.json();
  if (notifications.length === 0) {
    line.textContent = 'Nothing has been sent yet.';
    return;
  }
  line.textContent = `${notifications.length} ${notifications.length === 1 ? 'message' : 'messages'}, newest first.`;
  document.getElementById('sent-messages').replaceChildren(
    table(
      'Messages sent through the local Notify stand-in',
      ['Sent', 'To', 'By', 'Message', 'Status'],
      notifications.map((notification) => [
        formatDateTime(notification.createdAt),
        notification.emailAddress ?? notification.phoneNumber ?? 'Postal address on the letter',
        channelNames[notification.type] ?? notification.type,
        content(notification),
        statusTag(notification.status),
      ]),
    ),
  );
  initAll();
}

if (requireSession()) load();
