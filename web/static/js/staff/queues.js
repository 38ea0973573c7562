/** Task queues by type: open tasks the signed-in person may act on, oldest due first, overdue marked. */
import { initAll } from '/assets/govuk-frontend.min.js';
import { showErrors } from '../shared/errors.js';
import { formatDateTime } from '../shared/format.js';
import { setTitle } from '../shared/title.js';
import { el } from './dom.js';
import { tag, taskTypes } from './labels.js';
import { requireSession, staffRequest } from './session.js';

const CASE_REF = /^NN-\d{4}-\d{6}$/;

function renderNav(current) {
  const nav = document.getElementById('queue-nav');
  nav.replaceChildren(
    ...Object.entries(taskTypes).map(([type, { name }]) =>
      el(
        'li',
        {},
        el(
          'a',
          {
            className: `govuk-link govuk-link--no-visited-state${type === current ? ' govuk-!-font-weight-bold' : ''}`,
            href: `/staff?type=${type}`,
            ...(type === current ? { 'aria-current': 'page' } : {}),
          },
          name,
        ),
      ),
    ),
  );
}

async function loadQueue(type) {
  const { name, description } = taskTypes[type];
  document.getElementById('queue-heading').textContent = name;
  document.getElementById('queue-description').textContent = description;
  document.getElementById('queue-caption').textContent = `${name}: open tasks, oldest due first`;
  setTitle(`${name}`);
  const statusLine = document.getElementById('queue-status');
  const { status, body } = await staffRequest('GET', `/tasks?type=${encodeURIComponent(type)}`);
  if (status === 401) return;
  if (status === 403) {
    statusLine.textContent = 'Your role cannot work on this queue.';
    return;
  }
  if (status !== 200 || !Array.isArray(body?.tasks)) {
    statusLine.textContent = 'The tasks could not be loaded. Reload the page to try again.';
    return;
  }
  const tasks = body.tasks;
  if (tasks.length === 0) {
    statusLine.textContent = 'There are no open tasks in this queue.';
    return;
  }
  const overdue = tasks.filter((task) => task.overdue).length;
  statusLine.textContent = `${tasks.length} open ${tasks.length === 1 ? 'task' : 'tasks'}${overdue ? `, ${overdue} overdue` : ''}.`;
  document.getElementById('queue-rows').replaceChildren(
    ...tasks.map((task) =>
      el(
        'tr',
        {
          className: `govuk-table__row${task.overdue ? ' app-row--overdue' : ''}`,
          dataset: { taskId: task.taskId },
        },
        el(
          'td',
          { className: 'govuk-table__cell' },
          el(
            'a',
            { className: 'govuk-link', href: `/staff/task?id=${encodeURIComponent(task.taskId)}` },
            task.title || taskTypes[task.type]?.name || task.type,
          ),
          task.summary
            ? el('p', { className: 'govuk-body-s govuk-!-margin-bottom-0' }, task.summary)
            : undefined,
        ),
        el(
          'td',
          { className: 'govuk-table__cell' },
          el(
            'a',
            { className: 'govuk-link', href: `/staff/case?ref=${encodeURIComponent(task.caseRef)}` },
            task.caseRef,
          ),
        ),
        el(
          'td',
          { className: 'govuk-table__cell' },
          el('time', { dateTime: task.dueAt }, formatDateTime(task.dueAt)),
        ),
        el(
          'td',
          { className: 'govuk-table__cell' },
          task.overdue ? tag('Overdue', 'govuk-tag--red') : tag('On time', 'govuk-tag--green'),
          task.escalated ? ' ' : undefined,
          task.escalated ? tag('Escalated', 'govuk-tag--orange') : undefined,
        ),
      ),
    ),
  );
  document.getElementById('queue-table').hidden = false;
}

function wireFindCase() {
  const form = document.getElementById('find-case');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const ref = String(new FormData(form).get('caseRef') ?? '')
      .trim()
      .toUpperCase();
    if (!CASE_REF.test(ref)) {
      showErrors(form, [{ path: 'caseRef', message: 'Enter a case reference like NN-2026-000123' }]);
      return;
    }
    location.assign(`/staff/case?ref=${encodeURIComponent(ref)}`);
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const params = new URLSearchParams(location.search);
  const type = taskTypes[params.get('type')] ? params.get('type') : 'triage';
  renderNav(type);
  await loadQueue(type);
  wireFindCase();
}
