/**
 * The GOV.UK error pattern: a summary at the top of the page linking to each problem, and the
 * message beside its field (`data-field` on the form group names the API field path).
 */
import { ErrorSummary } from '/assets/govuk-frontend.min.js';

const CONTROLS =
  '.govuk-input, .govuk-textarea, .govuk-select, .govuk-radios__input, .govuk-checkboxes__input, .govuk-file-upload';
const INSERT_BEFORE =
  '.govuk-input, .govuk-textarea, .govuk-select, .govuk-radios, .govuk-checkboxes, .govuk-date-input, .govuk-input__wrapper, .govuk-file-upload';

function idFor(path) {
  return `${path.replace(/[^A-Za-z0-9]+/g, '-')}-error`;
}

/** Removes every error message, highlight and summary that `showErrors` added. */
export function clearErrors(form) {
  document.querySelector('[data-error-summary]')?.remove();
  for (const message of form.querySelectorAll('.govuk-error-message[data-added]')) message.remove();
  for (const group of form.querySelectorAll('.govuk-form-group--error'))
    group.classList.remove('govuk-form-group--error');
  for (const control of form.querySelectorAll(
    '.govuk-input--error, .govuk-textarea--error, .govuk-select--error, .govuk-file-upload--error',
  )) {
    control.classList.remove(
      'govuk-input--error',
      'govuk-textarea--error',
      'govuk-select--error',
      'govuk-file-upload--error',
    );
  }
  for (const described of form.querySelectorAll('[data-error-describedby]')) {
    const ids = (described.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id && id !== described.dataset.errorDescribedby);
    if (ids.length) described.setAttribute('aria-describedby', ids.join(' '));
    else described.removeAttribute('aria-describedby');
    delete described.dataset.errorDescribedby;
  }
}

/** Hidden by the page or inside a closed conditional reveal: not where a message should go. */
function isHidden(element) {
  return Boolean(element.closest('[hidden], .govuk-radios__conditional--hidden'));
}

function groupFor(form, path) {
  // The most specific group wins; `noise.endedAt.x` falls back to `noise.endedAt`. Two groups may
  // name the same field (a name asked under two radio answers): the one on show wins.
  const parts = path.split('.');
  while (parts.length) {
    const groups = [...form.querySelectorAll(`[data-field="${CSS.escape(parts.join('.'))}"]`)];
    const group = groups.find((candidate) => !isHidden(candidate)) ?? groups[0];
    if (group) return group;
    parts.pop();
  }
  return undefined;
}

/**
 * Shows `[{path, message}]` by their fields and in a summary above `form`, then moves focus to
 * the summary so screen reader and keyboard users start from the list of problems.
 */
export function showErrors(form, problems, { title = 'There is a problem' } = {}) {
  clearErrors(form);
  const items = [];
  const seen = new Set();
  for (const { path, message } of problems) {
    const group = groupFor(form, path);
    const key = group ?? path;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!group) {
      items.push({ message, href: undefined });
      continue;
    }
    group.classList.add('govuk-form-group--error');
    const errorId = idFor(group.dataset.field);
    const error = document.createElement('p');
    error.className = 'govuk-error-message';
    error.id = errorId;
    error.dataset.added = '';
    const hidden = document.createElement('span');
    hidden.className = 'govuk-visually-hidden';
    hidden.textContent = 'Error: ';
    error.append(hidden, message);
    const before = group.querySelector(INSERT_BEFORE);
    if (before) before.before(error);
    else group.append(error);

    const fieldset = group.querySelector('fieldset');
    const controls = [...group.querySelectorAll(CONTROLS)];
    const describedTargets = fieldset ? [fieldset] : controls.slice(0, 1);
    for (const target of describedTargets) {
      const ids = (target.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      target.setAttribute('aria-describedby', [...ids, errorId].join(' '));
      target.dataset.errorDescribedby = errorId;
    }
    for (const control of controls) {
      if (control.classList.contains('govuk-input')) control.classList.add('govuk-input--error');
      if (control.classList.contains('govuk-textarea')) control.classList.add('govuk-textarea--error');
      if (control.classList.contains('govuk-select')) control.classList.add('govuk-select--error');
      if (control.classList.contains('govuk-file-upload')) control.classList.add('govuk-file-upload--error');
    }
    const target = group.dataset.focus ? form.querySelector(`#${group.dataset.focus}`) : controls[0];
    items.push({ message, href: target ? `#${target.id}` : undefined });
  }
  renderSummary(form, title, items);
}

/** A summary with no fields to point at, e.g. "someone else decided this task". */
export function showProblem(container, title, message) {
  document.querySelector('[data-error-summary]')?.remove();
  renderSummary(container, title, [{ message, href: undefined }]);
}

function renderSummary(near, title, items) {
  const summary = document.createElement('div');
  summary.className = 'govuk-error-summary';
  summary.dataset.module = 'govuk-error-summary';
  summary.dataset.errorSummary = '';
  const alert = document.createElement('div');
  alert.setAttribute('role', 'alert');
  const heading = document.createElement('h2');
  heading.className = 'govuk-error-summary__title';
  heading.textContent = title;
  const body = document.createElement('div');
  body.className = 'govuk-error-summary__body';
  const list = document.createElement('ul');
  list.className = 'govuk-list govuk-error-summary__list';
  for (const { message, href } of items) {
    const item = document.createElement('li');
    if (href) {
      const link = document.createElement('a');
      link.href = href;
      link.textContent = message;
      item.append(link);
    } else {
      item.textContent = message;
    }
    list.append(item);
  }
  body.append(list);
  alert.append(heading, body);
  summary.append(alert);
  // At the top of the content column, above the page heading, as the GOV.UK pattern places it.
  const column = near.closest('[class*="govuk-grid-column"], main');
  if (column) column.prepend(summary);
  else near.before(summary);
  // GOV.UK Frontend focuses the summary and makes its links move focus to the field (and its legend into view).
  new ErrorSummary(summary);
  if (document.activeElement !== summary) {
    summary.setAttribute('tabindex', '-1');
    summary.focus();
  }
  if (!document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
}

/** Drops the "Error: " prefix once the page has no errors. */
export function clearErrorTitle() {
  document.title = document.title.replace(/^Error: /, '');
}
