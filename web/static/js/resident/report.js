/** The report form: builds the `POST /complaints` body, shows API field errors, then hands over to the confirmation page. */
import { initAll } from '/assets/govuk-frontend.min.js';
import { apiRequest, newIdempotencyKey } from '../shared/api.js';
import { clearErrors, showErrors } from '../shared/errors.js';
import { londonWallClockToIso, parseTime } from '../shared/format.js';

initAll();

const form = document.getElementById('report-form');
const button = document.getElementById('send-report');
form.hidden = false;

const value = (name) => String(new FormData(form).get(name) ?? '').trim();
/** Optional fields are left out when empty: the API treats "" as an answer, not as no answer. */
const optional = (name) => value(name) || undefined;

function address(prefix) {
  return {
    line1: value(`${prefix}.line1`),
    line2: optional(`${prefix}.line2`),
    town: optional(`${prefix}.town`),
    postcode: value(`${prefix}.postcode`),
  };
}

/**
 * The start time from the date and time boxes, or a message for the field. The API only sees an
 * ISO timestamp, so it cannot say which box is wrong: this check can.
 */
function startTime() {
  const [day, month, year, time] = ['day', 'month', 'year', 'time'].map((part) => value(`occurred.${part}`));
  if (!day && !month && !year) return { problem: 'Enter the date the noise started' };
  const missing = [
    ['day', day],
    ['month', month],
    ['year', year],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length)
    return { problem: `The date the noise started must include a ${missing.join(' and ')}` };
  const [d, m, y] = [day, month, year].map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (
    ![d, m, y].every(Number.isInteger) ||
    y < 1000 ||
    probe.getUTCMonth() !== m - 1 ||
    probe.getUTCDate() !== d
  ) {
    return { problem: 'The date the noise started must be a real date' };
  }
  if (!time) return { problem: 'Enter the time the noise started' };
  const parsed = parseTime(time);
  if (!parsed) return { problem: 'Enter the time the noise started like 11:30pm or 23:30' };
  const iso = londonWallClockToIso(y, m, d, parsed.hour, parsed.minute);
  if (Date.parse(iso) > Date.now() + 5 * 60_000)
    return { problem: 'The time the noise started must be in the past' };
  return { iso, parts: { y, m, d } };
}

function endTime(start) {
  const text = value('ended.time');
  if (!text) return {};
  const parsed = parseTime(text);
  if (!parsed) return { problem: 'Enter the time the noise stopped like 3am or 03:00' };
  if (!start.iso) return {};
  let iso = londonWallClockToIso(start.parts.y, start.parts.m, start.parts.d, parsed.hour, parsed.minute);
  // A stop time "before" the start crossed midnight.
  if (Date.parse(iso) < Date.parse(start.iso)) {
    const next = new Date(Date.UTC(start.parts.y, start.parts.m - 1, start.parts.d + 1));
    iso = londonWallClockToIso(
      next.getUTCFullYear(),
      next.getUTCMonth() + 1,
      next.getUTCDate(),
      parsed.hour,
      parsed.minute,
    );
  }
  return { iso };
}

const RISK_QUESTIONS = ['vulnerable', 'healthAffected', 'repeatVictim', 'feelsUnsafe', 'hateMotivated'];

/** The risk questions answered; none answered sends no assessment at all. */
function riskAnswers() {
  const answered = RISK_QUESTIONS.map((question) => [question, optional(`risk.${question}`)]).filter(
    ([, answer]) => answer,
  );
  return answered.length ? Object.fromEntries(answered) : undefined;
}

/** "Not sure yet" is no answer: the officer asks again if the case ever needs it. */
function willingToGiveEvidence() {
  const answer = value('complainant.willingToGiveEvidence');
  return answer === 'yes' ? true : answer === 'no' ? false : undefined;
}

let lastAttempt = { body: '', key: '' };

/** The same report sent twice (double click, retry after a dropped connection) reuses its key, so it is recorded once. */
function idempotencyKeyFor(body) {
  if (lastAttempt.body !== body) lastAttempt = { body, key: newIdempotencyKey() };
  return lastAttempt.key;
}

let sending = false;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (sending) return;
  const start = startTime();
  const end = endTime(start);
  const complaint = {
    complainant: {
      name: value('complainant.name'),
      email: value('complainant.email'),
      phone: optional('complainant.phone'),
      address: address('complainant.address'),
      willingToGiveEvidence: willingToGiveEvidence(),
    },
    source: {
      address: address('source.address'),
      kind: optional('source.kind'),
      description: optional('source.description'),
    },
    noise: {
      category: optional('noise.category'),
      description: value('noise.description'),
      // An unusable date still goes to the API (as "") so every other field is checked in the same round.
      occurredAt: start.iso ?? '',
      endedAt: end.problem ? '' : end.iso,
      impact: optional('noise.impact'),
    },
    risk: riskAnswers(),
  };
  const body = JSON.stringify(complaint);
  sending = true;
  button.setAttribute('aria-disabled', 'true');
  try {
    const { status, body: answer } = await apiRequest('POST', '/complaints', {
      json: complaint,
      headers: { 'Idempotency-Key': idempotencyKeyFor(body) },
    });
    const localProblems = [];
    if (start.problem) localProblems.push({ path: 'noise.occurredAt', message: start.problem });
    if (end.problem) localProblems.push({ path: 'noise.endedAt', message: end.problem });
    if (status === 201 && localProblems.length === 0) {
      clearErrors(form);
      // Held only for this tab, and removed by the confirmation page once shown.
      sessionStorage.setItem('abate.report', JSON.stringify(answer));
      window.location.assign('/confirmation');
      return;
    }
    if (status === 400 && answer?.error?.fields) {
      const apiProblems = answer.error.fields.filter(
        (field) => !localProblems.some((local) => field.path.startsWith(local.path)),
      );
      showErrors(form, orderByPage([...localProblems, ...apiProblems]));
      return;
    }
    if (localProblems.length) {
      showErrors(form, localProblems);
      return;
    }
    showErrors(form, [
      {
        path: '',
        message:
          status === 0
            ? 'We could not reach the service. Check your connection and send the report again.'
            : `Sorry, there is a problem with the service. Send the report again, or phone ${councilPhone()}.`,
      },
    ]);
  } finally {
    sending = false;
    button.removeAttribute('aria-disabled');
  }
});

/** Lists problems in the order their fields appear on the page, as the error summary should. */
function orderByPage(problems) {
  const order = [...form.querySelectorAll('[data-field]')].map((group) => group.dataset.field);
  const rank = (path) => {
    const index = order.findIndex((field) => path === field || path.startsWith(`${field}.`));
    return index === -1 ? order.length : index;
  };
  return [...problems].sort((a, b) => rank(a.path) - rank(b.path));
}

/** The council's phone number, as the layout rendered it into the page for this council. */
function councilPhone() {
  return document.querySelector('meta[name="abate:council-phone"]')?.getAttribute('content') ?? 'the council';
}
