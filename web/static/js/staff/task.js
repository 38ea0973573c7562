/**
 * One task and its decision form: only the outcomes the task allows, a required reason, agreed
 * actions for a restorative agreement, and plain answers when someone else decided first (409)
 * or the person's role may not decide it (403).
 */
import { initAll, Radios } from '/assets/govuk-frontend.min.js';
import { newIdempotencyKey } from '../shared/api.js';
import { clearErrors, clearErrorTitle, showErrors, showProblem } from '../shared/errors.js';
import { formatDate, formatDateTime } from '../shared/format.js';
import { setTitle } from '../shared/title.js';
import { el, summaryRow } from './dom.js';
import { outcomeLabel, outcomes, tag, taskTypes } from './labels.js';
import { requireSession, staffRequest } from './session.js';

const ACTION_ROWS = 3;
const taskId = new URLSearchParams(location.search).get('id') ?? '';
const form = document.getElementById('decision-form');
const statusLine = document.getElementById('task-status');

async function load() {
  if (!taskId) {
    statusLine.textContent = 'No task was chosen. Go back to the queue and choose one.';
    return;
  }
  const { status, body } = await staffRequest('GET', `/tasks/${encodeURIComponent(taskId)}`);
  if (status === 401) return;
  if (status === 404) {
    statusLine.textContent = 'There is no task with this reference.';
    return;
  }
  if (status === 403) {
    document.getElementById('task-heading').textContent = 'You cannot open this task';
    const reason = String(body?.error?.message ?? 'Your role may not work on this task').replace(/\.?$/, '.');
    statusLine.textContent = `${reason} Ask a caseworker or team manager to deal with it.`;
    return;
  }
  if (status !== 200 || !body?.task) {
    statusLine.textContent = 'The task could not be loaded. Reload the page to try again.';
    return;
  }
  render(body.task);
}

function render(task) {
  const typeName = taskTypes[task.type]?.name ?? task.type;
  document.getElementById('task-caption').textContent = `${typeName} · ${task.caseRef}`;
  document.getElementById('task-heading').textContent = task.title || typeName;
  setTitle(`${task.title || typeName}`);
  document.getElementById('back-to-queue').href = `/staff?type=${encodeURIComponent(task.type)}`;
  const caseLink = document.getElementById('task-case-link');
  caseLink.href = `/staff/case?ref=${encodeURIComponent(task.caseRef)}`;
  caseLink.textContent = `Open case ${task.caseRef}`;
  caseLink.hidden = false;
  statusLine.hidden = true;

  const details = document.getElementById('task-details');
  details.replaceChildren(
    summaryRow('Case', el('a', { className: 'govuk-link', href: caseLink.href }, task.caseRef)),
    summaryRow('Summary', task.summary ?? ''),
    summaryRow(
      'Due',
      el('time', { dateTime: task.dueAt }, formatDateTime(task.dueAt)),
      task.overdue ? ' ' : undefined,
      task.overdue ? tag('Overdue', 'govuk-tag--red') : undefined,
      task.escalated ? ' ' : undefined,
      task.escalated ? tag('Escalated', 'govuk-tag--orange') : undefined,
    ),
    summaryRow('State', taskStateTag(task.status)),
  );
  details.hidden = false;

  if (task.status === 'open') renderForm(task);
  else {
    form.hidden = true;
    renderDecision(task);
  }
}

function taskStateTag(status) {
  if (status === 'open') return tag('Open', 'govuk-tag--blue');
  if (status === 'decided') return tag('Decided', 'govuk-tag--green');
  return tag('Cancelled', 'govuk-tag--grey');
}

function renderDecision(task) {
  const section = document.getElementById('task-decision');
  const decision = task.decision;
  const rows = decision
    ? [
        summaryRow('Outcome', outcomeLabel(decision.outcome)),
        summaryRow('Reason', el('span', { className: 'app-pre-wrap' }, decision.reason ?? '')),
        summaryRow('Decided by', decision.decidedByName ?? decision.decidedBy ?? ''),
        summaryRow('Decided', decision.decidedAt ? formatDateTime(decision.decidedAt) : ''),
      ]
    : [summaryRow('Outcome', task.status === 'cancelled' ? 'The task was cancelled' : 'Not recorded')];
  if (decision?.agreedActions?.length) {
    rows.push(
      summaryRow(
        'Agreed actions',
        el(
          'ul',
          { className: 'govuk-list govuk-list--bullet' },
          ...decision.agreedActions.map((action) =>
            el('li', {}, `${action.action} (by ${formatDate(action.dueBy)})`),
          ),
        ),
      ),
    );
  }
  document.getElementById('task-decision-details').replaceChildren(...rows);
  section.hidden = false;
}

function renderForm(task) {
  const radios = document.getElementById('outcomes');
  radios.replaceChildren(
    ...task.allowedOutcomes.map((outcome, index) => {
      const id = index === 0 ? 'outcome' : `outcome-${outcome}`;
      const hint = outcomes[outcome]?.hint;
      return el(
        'div',
        { className: 'govuk-radios__item' },
        el('input', {
          className: 'govuk-radios__input',
          id,
          name: 'outcome',
          type: 'radio',
          value: outcome,
          ...(hint ? { 'aria-describedby': `${id}-hint` } : {}),
        }),
        el('label', { className: 'govuk-label govuk-radios__label', htmlFor: id }, outcomeLabel(outcome)),
        hint ? el('div', { id: `${id}-hint`, className: 'govuk-hint govuk-radios__hint' }, hint) : undefined,
      );
    }),
  );
  // Initialised here, not by initAll: the options only exist once the task has loaded.
  radios.dataset.module = 'govuk-radios';
  new Radios(radios);

  const actions = document.getElementById('agreed-actions');
  const needsActions = task.allowedOutcomes.includes('agreement-reached');
  if (needsActions) {
    document
      .getElementById('agreed-action-rows')
      .replaceChildren(...Array.from({ length: ACTION_ROWS }, (_, i) => actionRow(i)));
    const toggle = () => {
      actions.hidden = new FormData(form).get('outcome') !== 'agreement-reached';
    };
    radios.addEventListener('change', toggle);
    toggle();
  }

  form.hidden = false;
  let key = newIdempotencyKey();
  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    const data = new FormData(form);
    const outcome = String(data.get('outcome') ?? '');
    const reason = String(data.get('reason') ?? '').trim();
    const problems = [];
    if (!outcome) problems.push({ path: 'outcome', message: 'Choose your decision' });
    const agreedActions = [];
    if (outcome === 'agreement-reached') {
      for (let i = 0; i < ACTION_ROWS; i++) {
        const action = String(data.get(`action-${i}`) ?? '').trim();
        const dueBy = String(data.get(`dueBy-${i}`) ?? '');
        if (action || dueBy) agreedActions.push({ action, dueBy });
      }
      if (agreedActions.length === 0)
        problems.push({
          path: 'agreedActions',
          message: 'List the actions agreed at the conference, each with a date',
        });
      else if (agreedActions.some((a) => !a.action || !a.dueBy))
        problems.push({
          path: 'agreedActions',
          message: 'Give each agreed action a description and a due date',
        });
    }
    if (!reason) problems.push({ path: 'reason', message: 'Enter the reason for your decision' });
    if (problems.length) {
      showErrors(form, problems);
      return;
    }
    sending = true;
    try {
      const { status, body } = await staffRequest('POST', `/tasks/${encodeURIComponent(taskId)}/decision`, {
        json: { outcome, reason, ...(agreedActions.length ? { agreedActions } : {}) },
        headers: { 'Idempotency-Key': key },
      });
      if (status === 401) return;
      if (status === 200) {
        clearErrors(form);
        clearErrorTitle();
        decided(body?.task ?? task, outcome);
        return;
      }
      if (status === 409) {
        // Someone else got there first: show what they decided instead of the form.
        form.hidden = true;
        showProblem(
          document.getElementById('task-heading'),
          'Someone else has already decided this task',
          'Another member of staff recorded a decision first. Their decision is shown below; yours was not recorded.',
        );
        const fresh = await staffRequest('GET', `/tasks/${encodeURIComponent(taskId)}`);
        if (fresh.status === 200 && fresh.body?.task) render(fresh.body.task);
        return;
      }
      if (status === 403) {
        showProblem(
          document.getElementById('task-heading'),
          'You cannot decide this task',
          `${body?.error?.message ?? 'Your role may not decide this kind of task.'} Ask a team manager to decide it.`,
        );
        return;
      }
      if (status === 400 && body?.error?.fields?.length) {
        key = newIdempotencyKey();
        showErrors(form, body.error.fields);
        return;
      }
      showProblem(
        document.getElementById('task-heading'),
        'There is a problem',
        status === 0
          ? 'The service could not be reached. Check your connection and try again.'
          : 'The decision was not recorded. Try again.',
      );
    } finally {
      sending = false;
    }
  });
}

function actionRow(index) {
  const n = index + 1;
  return el(
    'div',
    { className: 'govuk-grid-row' },
    el(
      'div',
      { className: 'govuk-grid-column-two-thirds' },
      el(
        'div',
        { className: 'govuk-form-group' },
        el('label', { className: 'govuk-label', htmlFor: `action-${index}` }, `Action ${n}`),
        el('input', {
          className: 'govuk-input',
          id: `action-${index}`,
          name: `action-${index}`,
          type: 'text',
        }),
      ),
    ),
    el(
      'div',
      { className: 'govuk-grid-column-one-third' },
      el(
        'div',
        { className: 'govuk-form-group' },
        el('label', { className: 'govuk-label', htmlFor: `dueBy-${index}` }, `Action ${n} due by`),
        el('input', { className: 'govuk-input', id: `dueBy-${index}`, name: `dueBy-${index}`, type: 'date' }),
      ),
    ),
  );
}

function decided(task, outcome) {
  form.hidden = true;
  const banner = document.getElementById('decided-banner');
  document.getElementById('decided-message').textContent = `Decision recorded: ${outcomeLabel(outcome)}.`;
  document.getElementById('decided-next').href = `/staff?type=${encodeURIComponent(task.type)}`;
  banner.hidden = false;
  render({ ...task, status: 'decided', decision: task.decision ?? { outcome } });
  banner.focus();
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  await load();
}
