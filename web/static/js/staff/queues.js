/**
 * Task queues: open tasks the signed-in person may act on, escalated first, then oldest due first,
 * overdue marked. Each person lands on their own work: a caseworker on triage, a facilitator on
 * restorative justice tasks, a manager on everything due. "Tasks on my cases" keeps those of the
 * cases the person owns (`GET /tasks?mine=true`).
 */
import { initAll } from '/assets/govuk-frontend.min.js';
import { showErrors } from '../shared/errors.js';
import { formatDateTime } from '../shared/format.js';
import { setTitle } from '../shared/title.js';
import { el } from './dom.js';
import { statusTag, tag, taskTypes, taskTypesFor } from './labels.js';
import { requireSession, staffRequest } from './session.js';

const CASE_REF = /^NN-\d{4}-\d{6}$/;
const ALL = 'all';
const MINE = 'mine';
const mineQueue = {
  name: 'Tasks on my cases',
  description:
    'Open tasks on the cases you own that you may decide, escalated first, then the oldest due first.',
};

/** The queue of everything someone may act on, named for who they are. */
function allQueue(groups) {
  if (groups.includes('manager'))
    return {
      name: 'Everything due',
      description: 'Every open task you may decide, escalated first, then the oldest due first.',
    };
  if (groups.includes('facilitator') && !groups.includes('caseworker'))
    return {
      name: 'Restorative justice tasks',
      description: 'Consent, conferences and agreement reviews waiting for you, oldest due first.',
    };
  return { name: 'All my tasks', description: 'Every open task you may decide, oldest due first.' };
}

function landingQueue(groups) {
  if (groups.includes('manager') || groups.includes('facilitator')) return ALL;
  return 'triage';
}

function renderNav(current, groups) {
  const types = taskTypesFor(groups);
  const link = (queue, name) =>
    el(
      'li',
      {},
      el(
        'a',
        {
          className: `govuk-link govuk-link--no-visited-state${queue === current ? ' govuk-!-font-weight-bold' : ''}`,
          href: `/staff?type=${queue}`,
          ...(queue === current ? { 'aria-current': 'page' } : {}),
        },
        name,
      ),
    );
  document
    .getElementById('queue-nav')
    .replaceChildren(
      link(ALL, allQueue(groups).name),
      link(MINE, mineQueue.name),
      ...types.map((type) => link(type, taskTypes[type].name)),
    );
}

async function loadQueue(queue, groups) {
  const { name, description } =
    queue === ALL ? allQueue(groups) : queue === MINE ? mineQueue : taskTypes[queue];
  document.getElementById('queue-heading').textContent = name;
  document.getElementById('queue-description').textContent = description;
  document.getElementById('queue-caption').textContent =
    `${name}: open tasks, escalated first, then oldest due first`;
  setTitle(`${name}`);
  const statusLine = document.getElementById('queue-status');
  const { status, body } = await staffRequest(
    'GET',
    queue === ALL
      ? '/tasks'
      : queue === MINE
        ? '/tasks?mine=true'
        : `/tasks?type=${encodeURIComponent(queue)}`,
  );
  if (status === 401) return;
  if (status === 403) {
    statusLine.textContent = 'Your role cannot work on this queue.';
    return;
  }
  if (status !== 200 || !Array.isArray(body?.tasks)) {
    statusLine.textContent = 'The tasks could not be loaded. Reload the page to try again.';
    return;
  }
  // The API gives the oldest due first; escalated tasks go to the top (a stable sort keeps due order).
  const tasks = [...body.tasks].sort((a, b) => Number(b.escalated) - Number(a.escalated));
  if (tasks.length === 0) {
    statusLine.textContent = 'There are no open tasks in this queue.';
    return;
  }
  const overdue = tasks.filter((task) => task.overdue).length;
  const escalated = tasks.filter((task) => task.escalated).length;
  statusLine.textContent = `${tasks.length} open ${tasks.length === 1 ? 'task' : 'tasks'}${escalated ? `, ${escalated} escalated` : ''}${overdue ? `, ${overdue} overdue` : ''}.`;
  document.getElementById('queue-rows').replaceChildren(
    ...tasks.map((task) =>
      el(
        'tr',
        {
          className: `govuk-table__row${task.overdue ? ' app-row--overdue' : ''}`,
          dataset: { taskId: task.taskId, taskType: task.type },
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
          task.caseStatus
            ? el('div', { className: 'govuk-!-margin-top-1' }, statusTag(task.caseStatus))
            : undefined,
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
  const asked = new URLSearchParams(location.search).get('type');
  const queue = asked === ALL || asked === MINE || taskTypes[asked] ? asked : landingQueue(session.groups);
  renderNav(queue, session.groups);
  wireFindCase();
  await loadQueue(queue, session.groups);
}
