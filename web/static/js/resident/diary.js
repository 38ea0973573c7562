/**
 * The resident's noise diary on the follow page: each sheet with its entries, a form to add or
 * change an entry (saved as a draft at once), and a button to send the diary, after which the
 * entries are read-only. Everything goes with the tracking token in a header, never in the address.
 */
import { apiRequest } from '../shared/api.js';
import { clearErrors, clearErrorTitle, showErrors, showProblem } from '../shared/errors.js';
import { formatDate, formatDateTime, parseTime } from '../shared/format.js';
import { paragraph, showSuccess } from './notice.js';

const section = document.getElementById('diary');
const sheetsHolder = document.getElementById('diary-sheets');
const entryForm = document.getElementById('diary-entry-form');
const sendForm = document.getElementById('diary-send-form');
const entryHeading = document.getElementById('diary-entry-heading');
const cancelChange = document.getElementById('cancel-change');

/** What the forms act on: the case, the token, the open sheet and the entry being changed. */
const state = { view: undefined, session: undefined, sheet: undefined, editing: undefined, busy: false };

/** A calendar date as words: "28 November 2026" (noon, so no time zone moves it a day). */
const dayOf = (isoDate) => formatDate(`${isoDate}T12:00:00Z`);

/** "23:15" as "11:15pm". */
function clockOf(time) {
  const [hour, minute] = time.split(':').map(Number);
  const suffix = hour >= 12 ? 'pm' : 'am';
  return `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, '0')}${suffix}`;
}

function row(key, ...values) {
  const div = document.createElement('div');
  div.className = 'govuk-summary-list__row';
  const dt = document.createElement('dt');
  dt.className = 'govuk-summary-list__key';
  dt.textContent = key;
  const dd = document.createElement('dd');
  dd.className = 'govuk-summary-list__value';
  dd.append(...values);
  div.append(dt, dd);
  return div;
}

function statusTag(sheet) {
  const tag = document.createElement('strong');
  tag.className = `govuk-tag ${
    sheet.status === 'returned'
      ? 'govuk-tag--green'
      : sheet.status === 'overdue'
        ? 'govuk-tag--red'
        : 'govuk-tag--blue'
  }`;
  tag.textContent = sheet.status === 'returned' ? 'Sent' : sheet.status === 'overdue' ? 'Overdue' : 'Open';
  const note = document.createElement('p');
  note.className = 'govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0';
  note.textContent =
    sheet.status === 'returned'
      ? `You sent it on ${formatDateTime(sheet.returnedAt)}. Its entries can no longer be changed.`
      : sheet.status === 'overdue'
        ? `It was due on ${formatDate(sheet.dueAt)}. Please send it as soon as you can.`
        : `Send it to us by ${formatDate(sheet.dueAt)}.`;
  return [tag, note];
}

function entryRow(sheet, entry, index) {
  const when = `${dayOf(entry.date)}, ${clockOf(entry.startTime)} to ${clockOf(entry.endTime)}`;
  const item = row(
    when,
    paragraph(`What you heard: ${entry.heard}`),
    paragraph(`How it affected you: ${entry.effect}`),
  );
  item.dataset.testid = 'diary-entry';
  if (sheet.status !== 'returned') {
    const actions = document.createElement('dd');
    actions.className = 'govuk-summary-list__actions';
    const change = document.createElement('a');
    change.className = 'govuk-link';
    change.href = '#diary-entry-form';
    change.append('Change');
    const hidden = document.createElement('span');
    hidden.className = 'govuk-visually-hidden';
    hidden.textContent = ` entry ${index + 1}, ${when}`;
    change.append(hidden);
    change.addEventListener('click', (event) => {
      event.preventDefault();
      startChange(entry);
    });
    actions.append(change);
    item.append(actions);
  }
  return item;
}

function sheetCard(sheet) {
  const card = document.createElement('div');
  card.className = 'govuk-summary-card';
  card.dataset.testid = 'diary-sheet';
  const titleWrapper = document.createElement('div');
  titleWrapper.className = 'govuk-summary-card__title-wrapper';
  const title = document.createElement('h3');
  title.className = 'govuk-summary-card__title';
  title.textContent = `Diary from ${dayOf(sheet.startsOn)} to ${dayOf(sheet.endsOn)}`;
  titleWrapper.append(title);
  const content = document.createElement('div');
  content.className = 'govuk-summary-card__content';
  const list = document.createElement('dl');
  list.className = 'govuk-summary-list';
  list.append(row('Status', ...statusTag(sheet)));
  if (sheet.entries.length === 0) list.append(row('Entries', 'None yet'));
  list.append(...sheet.entries.map((entry, index) => entryRow(sheet, entry, index)));
  content.append(list);
  card.append(titleWrapper, content);
  return card;
}

function render() {
  const sheets = state.view?.evidence?.diarySheets ?? [];
  section.hidden = sheets.length === 0;
  state.sheet = sheets.find((sheet) => sheet.status !== 'returned');
  sheetsHolder.replaceChildren(...[...sheets].reverse().map(sheetCard));
  const open = state.sheet !== undefined && state.view.status !== 'closed';
  entryForm.hidden = !open;
  sendForm.hidden = !open;
}

export function showDiary(view, session) {
  state.view = view;
  state.session = session;
  render();
}

function field(name) {
  return entryForm.elements.namedItem(name);
}

function startChange(entry) {
  state.editing = entry.entryId;
  const [year, month, day] = entry.date.split('-');
  field('day').value = String(Number(day));
  field('month').value = String(Number(month));
  field('year').value = year;
  field('startTime').value = entry.startTime;
  field('endTime').value = entry.endTime;
  field('heard').value = entry.heard;
  field('effect').value = entry.effect;
  entryHeading.textContent = 'Change entry';
  cancelChange.classList.remove('govuk-!-display-none');
  entryHeading.focus();
}

function resetForm() {
  entryForm.reset();
  state.editing = undefined;
  entryHeading.textContent = 'Add an entry';
  // GOV.UK buttons set their own display, which the hidden attribute cannot beat.
  cancelChange.classList.add('govuk-!-display-none');
}

cancelChange.addEventListener('click', () => {
  resetForm();
  clearErrors(entryForm);
});

/** The date boxes as YYYY-MM-DD, or a message saying what is wrong with them. */
function dateFrom() {
  const [day, month, year] = ['day', 'month', 'year'].map((name) => field(name).value.trim());
  if (!day && !month && !year) return { problem: 'Enter the date you heard the noise' };
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  const real = new Date(Date.UTC(y, m - 1, d));
  if (
    !/^\d{4}$/.test(year) ||
    !Number.isInteger(d) ||
    !Number.isInteger(m) ||
    real.getUTCFullYear() !== y ||
    real.getUTCMonth() !== m - 1 ||
    real.getUTCDate() !== d
  )
    return { problem: 'The date you heard the noise must be a real date' };
  return { value: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

function timeFrom(name, what) {
  const text = field(name).value;
  if (!text.trim()) return { problem: `Enter the time the noise ${what}` };
  const time = parseTime(text);
  if (!time) return { problem: `Enter the time the noise ${what}, like 11:30pm or 23:30` };
  return { value: `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}` };
}

function problemOf(status, body) {
  if (status === 0) return 'We could not reach the service. Check your connection and try again.';
  return body?.error?.message ?? 'Sorry, there is a problem with the service. Try again later.';
}

entryForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (state.busy || !state.sheet) return;
  const date = dateFrom();
  const start = timeFrom('startTime', 'started');
  const end = timeFrom('endTime', 'stopped');
  const heard = field('heard').value.trim();
  const effect = field('effect').value.trim();
  const problems = [
    ...(date.problem ? [{ path: 'date', message: date.problem }] : []),
    ...(start.problem ? [{ path: 'startTime', message: start.problem }] : []),
    ...(end.problem ? [{ path: 'endTime', message: end.problem }] : []),
    ...(heard ? [] : [{ path: 'heard', message: 'Describe what you heard' }]),
    ...(effect ? [] : [{ path: 'effect', message: 'Describe how it affected you' }]),
  ];
  if (problems.length) {
    showErrors(entryForm, problems);
    return;
  }
  state.busy = true;
  const { caseRef, token } = state.session;
  const { status, body } = await apiRequest(
    'POST',
    `/cases/${encodeURIComponent(caseRef)}/diary-sheets/${state.sheet.sheetId}/entries`,
    {
      json: {
        entryId: state.editing ?? crypto.randomUUID(),
        date: date.value,
        startTime: start.value,
        endTime: end.value,
        heard,
        effect,
      },
      headers: { 'X-Tracking-Token': token },
    },
  ).finally(() => {
    state.busy = false;
  });
  if (status === 400 && body?.error?.fields) {
    showErrors(entryForm, body.error.fields);
    return;
  }
  if (status !== 200) {
    showProblem(entryForm, 'There is a problem', problemOf(status, body));
    return;
  }
  const changed = state.editing !== undefined;
  clearErrors(entryForm);
  clearErrorTitle();
  replaceSheet(body);
  resetForm();
  showSuccess(
    changed ? 'Entry changed' : 'Entry saved',
    paragraph('You can come back and add more entries before you send your diary.'),
  );
});

sendForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (state.busy || !state.sheet) return;
  state.busy = true;
  const { caseRef, token } = state.session;
  const { status, body } = await apiRequest(
    'POST',
    `/cases/${encodeURIComponent(caseRef)}/diary-sheets/${state.sheet.sheetId}/submission`,
    { headers: { 'X-Tracking-Token': token } },
  ).finally(() => {
    state.busy = false;
  });
  if (status !== 200) {
    showProblem(sendForm, 'There is a problem', problemOf(status, body));
    return;
  }
  clearErrors(entryForm);
  clearErrorTitle();
  replaceSheet(body);
  resetForm();
  showSuccess(
    'Diary sent',
    paragraph(
      `Thank you. We have your diary with ${body.entries.length} ${body.entries.length === 1 ? 'entry' : 'entries'}. An officer will read it.`,
    ),
  );
});

function replaceSheet(sheet) {
  const sheets = state.view.evidence.diarySheets.map((candidate) =>
    candidate.sheetId === sheet.sheetId ? sheet : candidate,
  );
  state.view = { ...state.view, evidence: { ...state.view.evidence, diarySheets: sheets } };
  render();
}
