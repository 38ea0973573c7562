/**
 * Reading the console's forms into API bodies: GOV.UK date inputs, times, pounds, one-per-line
 * lists and rows of notice requirements. Each reader returns a value, nothing (left blank), or a
 * problem for the field, so one round shows every problem at once.
 */
import { londonWallClockToIso, parseTime } from '../shared/format.js';
import { el } from './dom.js';

export function fieldValue(form, name) {
  return String(new FormData(form).get(name) ?? '').trim();
}

/** "one\ntwo\n\n" → ["one", "two"] */
export function linesOf(text) {
  return String(text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * A date from the day, month and year boxes named `<prefix>.day` etc.: `{parts, date: 'YYYY-MM-DD'}`,
 * `{}` when all three are blank, or `{problem}` naming what is wrong.
 */
export function readDate(form, prefix, what) {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => fieldValue(form, `${prefix}.${part}`));
  if (!day && !month && !year) return {};
  const missing = [
    ['day', day],
    ['month', month],
    ['year', year],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) return { problem: `${what} must include a ${missing.join(' and ')}` };
  const [d, m, y] = [day, month, year].map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (
    ![d, m, y].every(Number.isInteger) ||
    y < 1000 ||
    probe.getUTCMonth() !== m - 1 ||
    probe.getUTCDate() !== d
  )
    return { problem: `${what} must be a real date` };
  const pad = (n, width) => String(n).padStart(width, '0');
  return { parts: { y, m, d }, date: `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}` };
}

/**
 * A moment from a date input and a time box (`<prefix>.time`), UK time, as `{iso}` or `{problem}`.
 * `words.date` names the date ("The date it was witnessed"), `words.time` the time ("the time it
 * was witnessed"); a blank time takes `defaultTime` when given.
 */
export function readDateTime(form, prefix, words, { defaultTime } = {}) {
  const date = readDate(form, prefix, words.date);
  if (date.problem) return date;
  if (!date.date) return { problem: `Enter ${words.date.charAt(0).toLowerCase()}${words.date.slice(1)}` };
  const text = fieldValue(form, `${prefix}.time`);
  const time = text ? parseTime(text) : defaultTime;
  if (!time) return { problem: text ? `Enter ${words.time} like 11:30pm or 23:30` : `Enter ${words.time}` };
  const { y, m, d } = date.parts;
  return { iso: londonWallClockToIso(y, m, d, time.hour, time.minute) };
}

/** "£1,250.50" → 125050; blank → undefined; not an amount → NaN. */
export function poundsToPence(text) {
  const value = String(text ?? '')
    .trim()
    .replace(/^£/, '')
    .replace(/,/g, '');
  if (!value) return undefined;
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Rows of notice requirements: each a stop-or-do choice and the words of the requirement. */
export function requirementRows(count) {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return el(
      'div',
      { className: 'app-requirement-row' },
      el(
        'div',
        { className: 'govuk-form-group', dataset: { field: `details.requirements.${i}.kind` } },
        el(
          'fieldset',
          { className: 'govuk-fieldset' },
          el(
            'legend',
            { className: 'govuk-fieldset__legend govuk-fieldset__legend--s' },
            `Requirement ${n}: stop something or do something?`,
          ),
          el(
            'div',
            { className: 'govuk-radios govuk-radios--inline govuk-radios--small' },
            ...[
              ['stop', 'Stop something'],
              ['do', 'Do something'],
            ].map(([value, label], j) => {
              const id = j === 0 ? `requirement-${i}-kind` : `requirement-${i}-kind-${value}`;
              return el(
                'div',
                { className: 'govuk-radios__item' },
                el('input', {
                  className: 'govuk-radios__input',
                  id,
                  name: `requirements.${i}.kind`,
                  type: 'radio',
                  value,
                }),
                el('label', { className: 'govuk-label govuk-radios__label', htmlFor: id }, label),
              );
            }),
          ),
        ),
      ),
      el(
        'div',
        { className: 'govuk-form-group', dataset: { field: `details.requirements.${i}.text` } },
        el('label', { className: 'govuk-label', htmlFor: `requirement-${i}-text` }, `Requirement ${n}`),
        el('textarea', {
          className: 'govuk-textarea',
          id: `requirement-${i}-text`,
          name: `requirements.${i}.text`,
          rows: 2,
        }),
      ),
    );
  });
}

/** Fills the rows with a notice's requirements (an appeal varies what the notice said). */
export function fillRequirements(form, requirements, count) {
  requirements.slice(0, count).forEach((requirement, i) => {
    const text = form.querySelector(`#requirement-${i}-text`);
    if (text) text.value = requirement.text;
    const kind = form.querySelector(`input[name="requirements.${i}.kind"][value="${requirement.kind}"]`);
    if (kind) kind.checked = true;
  });
}

/**
 * The requirements given (rows with words), the row each came from (so an API problem at
 * `details.requirements.1` goes to the right row), and problems with half-filled rows.
 */
export function readRequirements(form, count) {
  const data = new FormData(form);
  const requirements = [];
  const rowOf = [];
  const problems = [];
  for (let i = 0; i < count; i++) {
    const text = String(data.get(`requirements.${i}.text`) ?? '').trim();
    const kind = String(data.get(`requirements.${i}.kind`) ?? '');
    if (!text) continue;
    if (!kind) {
      problems.push({
        path: `details.requirements.${i}.kind`,
        message: `Say whether requirement ${i + 1} is to stop something or to do something`,
      });
      continue;
    }
    rowOf.push(i);
    requirements.push({ kind, text });
  }
  return { requirements, rowOf, problems };
}

/** `details.requirements.0.text` → `details.requirements.2.text` when the first given was row 3. */
export function toRow(path, arrayPath, rowOf) {
  if (!path.startsWith(`${arrayPath}.`)) return path;
  const [index, ...rest] = path.slice(arrayPath.length + 1).split('.');
  const row = rowOf[Number(index)];
  return row === undefined ? arrayPath : [arrayPath, String(row), ...rest].join('.');
}

/**
 * GOV.UK's conditional reveal (`govuk-radios__conditional`) for radios marked `data-reveals="<id>"`.
 * GOV.UK Frontend's own script also sets `aria-expanded` on the radio, which ARIA does not allow on
 * a radio and axe reports as critical (alphagov/govuk-frontend#979); this keeps the markup and
 * the behaviour with `aria-controls` only.
 */
export function revealConditionals(container) {
  const inputs = [...container.querySelectorAll('input[type="radio"][data-reveals]')];
  const sync = () => {
    for (const input of inputs) {
      const target = document.getElementById(input.dataset.reveals);
      if (!target) continue;
      input.setAttribute('aria-controls', target.id);
      target.classList.toggle('govuk-radios__conditional--hidden', !input.checked);
    }
  };
  for (const name of new Set(inputs.map((input) => input.name)))
    for (const radio of container.querySelectorAll(`input[type="radio"][name="${CSS.escape(name)}"]`))
      radio.addEventListener('change', sync);
  sync();
}

/**
 * An address from the boxes named `<prefix>.line1`, `.line2`, `.town`, `.postcode`: undefined when
 * all are blank, else what was given (the API says what is missing or not a postcode).
 */
export function readAddress(form, prefix) {
  const parts = Object.fromEntries(
    ['line1', 'line2', 'town', 'postcode']
      .map((part) => [part, fieldValue(form, `${prefix}.${part}`)])
      .filter(([, value]) => value),
  );
  if (Object.keys(parts).length === 0) return undefined;
  return { line1: parts.line1 ?? '', postcode: parts.postcode ?? '', ...parts };
}

/** Fills the address boxes named `<prefix>.…` from an address on record. */
export function fillAddress(form, prefix, address) {
  for (const part of ['line1', 'line2', 'town', 'postcode']) {
    const input = form.querySelector(`[name="${prefix}.${part}"]`);
    if (input && address?.[part]) input.value = address[part];
  }
}

/**
 * A sound level typed in decibels: `{value}`, `{}` when blank, or `{problem}` when it is not a
 * number (the API checks the range).
 */
export function readDecibels(form, name, what) {
  const text = fieldValue(form, name).replace(/\s*db\(?a?\)?$/i, '');
  if (!text) return {};
  if (!/^\d{1,3}(\.\d)?$/.test(text))
    return { problem: `Enter ${what} as a number of decibels, like 42 or 42.5` };
  return { value: Number(text) };
}

/** Checks the radio named `name` with `value`, when there is one. */
export function checkRadio(form, name, value) {
  const radio = form.querySelector(`input[name="${CSS.escape(name)}"][value="${CSS.escape(String(value))}"]`);
  if (radio) radio.checked = true;
}
