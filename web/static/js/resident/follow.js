/** "Follow your case": the reference and token go in a request header, never in the page address. */
import { initAll } from '/assets/govuk-frontend.min.js';
import { apiRequest } from '../shared/api.js';
import { caseStatuses } from '../shared/case-status.js';
import { clearErrors, clearErrorTitle, showErrors } from '../shared/errors.js';
import { formatDateTime } from '../shared/format.js';
import { setTitle } from '../shared/title.js';
import { showDiary } from './diary.js';
import { showUploads } from './uploads.js';

initAll();

const form = document.getElementById('follow-form');
const progress = document.getElementById('progress');
const heading = document.getElementById('follow-heading');
const CASE_REF = /^NN-\d{4}-\d{6}$/;
// Hidden until now: a form posted without JavaScript could put the token where it does not belong.
form.hidden = false;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const caseRef = String(data.get('caseRef') ?? '')
    .trim()
    .toUpperCase()
    .replace(/\s+/g, '');
  const token = String(data.get('trackingToken') ?? '').trim();
  const problems = [];
  if (!caseRef) problems.push({ path: 'caseRef', message: 'Enter your case reference' });
  else if (!CASE_REF.test(caseRef))
    problems.push({
      path: 'caseRef',
      message: 'Enter a case reference in the right format, like NN-2026-000123',
    });
  if (!token) problems.push({ path: 'trackingToken', message: 'Enter your tracking token' });
  if (problems.length) {
    showErrors(form, problems);
    return;
  }
  const { status, body } = await apiRequest('GET', `/cases/${encodeURIComponent(caseRef)}/progress`, {
    headers: { 'X-Tracking-Token': token },
  });
  if (status === 404) {
    showErrors(form, [
      {
        path: 'caseRef',
        message: 'No case matches that case reference and tracking token. Check both and try again',
      },
    ]);
    return;
  }
  if (status !== 200 || !body) {
    showErrors(form, [
      {
        path: '',
        message:
          status === 0
            ? 'We could not reach the service. Check your connection and try again.'
            : 'Sorry, there is a problem with the service. Try again later.',
      },
    ]);
    return;
  }
  clearErrors(form);
  clearErrorTitle();
  // Kept in memory only, for the diary and uploads: a reload asks for the token again.
  const session = {
    caseRef: body.caseRef,
    token,
    async refresh() {
      const latest = await apiRequest('GET', `/cases/${encodeURIComponent(body.caseRef)}/progress`, {
        headers: { 'X-Tracking-Token': token },
      });
      if (latest.status === 200) render(latest.body, session, { focus: false });
    },
  };
  render(body, session);
});

function render(view, session, { focus = true } = {}) {
  const tag = caseStatuses[view.status] ?? { label: view.status, colour: '' };
  heading.textContent = `Case ${view.caseRef}`;
  const statusTag = document.getElementById('progress-status');
  statusTag.className = `govuk-tag ${tag.colour}`;
  statusTag.textContent = tag.label;
  document.getElementById('progress-description').textContent = view.statusDescription ?? '';
  document.getElementById('progress-opened').textContent = formatDateTime(view.openedAt);
  document.getElementById('progress-updated').textContent = formatDateTime(view.updatedAt);
  const list = document.getElementById('progress-timeline');
  list.replaceChildren(
    ...[...(view.timeline ?? [])].reverse().map((entry) => {
      const item = document.createElement('li');
      item.className = 'app-timeline__item';
      const title = document.createElement('p');
      title.className = 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1';
      title.textContent = entry.title;
      const when = document.createElement('p');
      when.className = 'govuk-body-s app-timeline__date';
      const time = document.createElement('time');
      time.dateTime = entry.at;
      time.textContent = formatDateTime(entry.at);
      when.append(time);
      item.append(title, when);
      return item;
    }),
  );
  showDiary(view, session);
  showUploads(view, session);
  form.hidden = true;
  progress.hidden = false;
  setTitle(`Case ${view.caseRef} – Follow your case`);
  // Focus the new heading so a screen reader announces the result.
  if (focus) heading.focus();
}
