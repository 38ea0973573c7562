/**
 * One task and its decision form: the task's advice (for triage, the routes that apply and why),
 * the case as it is now, only the outcomes the task allows, the particulars an outcome may carry
 * (a notice's recipient, requirements, time to comply and partners informed; an abatement
 * notice's regulation 3 statement; the steps of informal resolution; a finding of no nuisance;
 * works in default; the requirements as an appeal varied them; what a court ordered; a
 * safeguarding referral), agreed actions for a restorative agreement, and a required reason.
 * Field problems the API finds (`details.<path>`) are shown against their inputs; refusals (409)
 * get plain words.
 */

import { initAll, Radios } from '/assets/govuk-frontend.min.js';
import { newIdempotencyKey } from '../shared/api.js';
import { clearErrors, clearErrorTitle, showErrors, showProblem } from '../shared/errors.js';
import { formatDate, formatDateTime, formatPence } from '../shared/format.js';
import { setTitle } from '../shared/title.js';
import {
  breachesTable,
  caseSummaryRows,
  day,
  exceedanceWords,
  noticeCard,
  penaltyCard,
  when,
} from './case-parts.js';
import { el, summaryCard, summaryRow } from './dom.js';
import {
  fieldValue,
  fillRequirements,
  linesOf,
  poundsToPence,
  readDate,
  readRequirements,
  requirementRows,
  revealConditionals,
  toRow,
} from './forms.js';
import {
  outcomeHint,
  outcomeLabel,
  riskLevels,
  riskQuestions,
  sentence,
  tag,
  tagFrom,
  taskTypes,
} from './labels.js';
import { requireSession, staffRequest } from './session.js';

const ACTION_ROWS = 3;
const REQUIREMENT_ROWS = 3;
const taskId = new URLSearchParams(location.search).get('id') ?? '';
const form = document.getElementById('decision-form');
const statusLine = document.getElementById('task-status');
const heading = () => document.getElementById('task-heading');

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
    heading().textContent = 'You cannot open this task';
    const reason = String(body?.error?.message ?? 'Your role may not work on this task').replace(/\.?$/, '.');
    statusLine.textContent = `${reason} Ask a caseworker or team manager to deal with it.`;
    return;
  }
  if (status !== 200 || !body?.task) {
    statusLine.textContent = 'The task could not be loaded. Reload the page to try again.';
    return;
  }
  render(body.task);
  await loadCase(body.task);
}

function render(task) {
  const typeName = taskTypes[task.type]?.name ?? task.type;
  document.getElementById('task-caption').textContent = `${typeName} · ${task.caseRef}`;
  heading().textContent = task.title || typeName;
  setTitle(`${document.title.startsWith('Error: ') ? 'Error: ' : ''}${task.title || typeName}`);
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

  const advice = task.advice ?? [];
  document.getElementById('task-advice-heading').textContent =
    task.type === 'triage' ? 'The routes that apply, and why' : 'Things to weigh';
  document.getElementById('task-advice-lines').replaceChildren(...advice.map((line) => el('li', {}, line)));
  document.getElementById('task-advice').hidden = advice.length === 0;

  if (task.status === 'open') renderForm(task);
  else {
    form.hidden = true;
    renderDecision(task);
  }
}

/** The case as it is now, and the records this decision is about: the breach, its notice, the penalty. */
async function loadCase(task) {
  const { status, body: view } = await staffRequest('GET', `/cases/${encodeURIComponent(task.caseRef)}`);
  if (status === 401) return;
  const unavailable = document.getElementById('task-case-unavailable');
  if (status !== 200 || !view?.case) {
    unavailable.textContent =
      status === 403
        ? 'Your role cannot see the rest of this case.'
        : 'The case could not be loaded. Reload the page to see it.';
    unavailable.hidden = false;
    return;
  }
  document.getElementById('task-case-summary').replaceChildren(...caseSummaryRows(view));
  const records = [];
  const offenceId = task.context?.offenceId;
  const breach = offenceId ? (view.breaches ?? []).find((b) => b.breachId === offenceId) : undefined;
  const appealed = (view.notices ?? []).find((notice) => notice.appeal?.taskId === task.taskId);
  const notice =
    appealed ??
    (breach?.noticeId ? (view.notices ?? []).find((n) => n.noticeId === breach.noticeId) : undefined);
  if (breach)
    records.push(
      el(
        'h3',
        { className: 'govuk-heading-s' },
        breach.exceedance ? 'The offence this decision is about' : 'The breach this decision is about',
      ),
      breachCard(breach),
    );
  if (notice) {
    records.push(
      el(
        'h3',
        { className: 'govuk-heading-s' },
        appealed
          ? 'The notice under appeal'
          : notice.kind === 'noise-act-warning'
            ? 'The warning notice it followed'
            : 'The notice it breached',
      ),
      noticeCard(notice),
    );
    if (appealed && task.status === 'open' && !form.querySelector('#requirement-0-text')?.value)
      fillRequirements(form, notice.requirements ?? [], REQUIREMENT_ROWS);
  }
  const penalties = (view.penalties ?? []).filter((p) => !offenceId || p.offenceId === offenceId);
  for (const penalty of task.type.startsWith('prosecution') ? penalties : [])
    records.push(penaltyCard(penalty, view.payments ?? []));
  // A safeguarding referral is about the complainants' latest risk assessments.
  if (task.type === 'safeguarding-referral') records.push(...riskRecords(view));
  // Without a breach to point at (a CPN decision), the case's breaches and evidence are what matter.
  if (!breach && (view.breaches ?? []).length && task.type !== 'appeal-outcome')
    records.push(
      el('h3', { className: 'govuk-heading-s' }, 'Breaches and evidence'),
      breachesTable(view.breaches, view.notices),
    );
  document.getElementById('task-case-records').replaceChildren(...records);
  document.getElementById('task-case').hidden = false;
}

/** Each complainant's latest risk assessment, with the answers that made it. */
function riskRecords(view) {
  const latest = new Map();
  for (const a of [...(view.riskAssessments ?? [])].sort((x, y) => x.assessedAt.localeCompare(y.assessedAt)))
    latest.set(a.partyId, a);
  if (latest.size === 0) return [];
  return [
    el('h3', { className: 'govuk-heading-s' }, 'The latest risk assessments'),
    ...[...latest.values()].map((a) => {
      const person = (view.parties ?? []).find((p) => p.partyId === a.partyId);
      return summaryCard(`Complainant: ${person?.name ?? 'name removed'}`, [
        summaryRow('Level', tagFrom(riskLevels, a.level), ` score ${a.score}`),
        summaryRow('Assessed', when(a.assessedAt)),
        summaryRow(
          'Answered yes',
          Object.entries(riskQuestions)
            .filter(([question]) => a.answers?.[question] === 'yes')
            .map(([, words]) => words)
            .join(' ') || 'None',
        ),
        ...(a.notes ? [summaryRow('Notes', el('span', { className: 'app-pre-wrap' }, a.notes))] : []),
      ]);
    }),
  ];
}

function breachCard(breach) {
  return summaryCard(breach.counts ? 'Breach' : 'Evidence', [
    summaryRow('Witnessed', when(breach.witnessedAt)),
    summaryRow('What was seen or heard', el('span', { className: 'app-pre-wrap' }, breach.description ?? '')),
    ...(breach.exceedance ? [summaryRow('Measurement', exceedanceWords(breach.exceedance))] : []),
    summaryRow('Where', breach.location ?? ''),
    summaryRow(
      'Counts?',
      breach.counts ? tag('Breach', 'govuk-tag--red') : tag('Evidence only', 'govuk-tag--grey'),
      ' ',
      breach.why ?? '',
    ),
    summaryRow(
      'Proceedings must start by',
      breach.limitationDate ? day(breach.limitationDate) : 'Not an offence: no proceedings can follow',
    ),
  ]);
}

function taskStateTag(status) {
  if (status === 'open') return tag('Open', 'govuk-tag--blue');
  if (status === 'decided') return tag('Decided', 'govuk-tag--green');
  return tag('Cancelled', 'govuk-tag--grey');
}

/** What a decision's particulars say, in words. */
function detailRows(details) {
  const rows = [];
  const r = details.recipient;
  if (r)
    rows.push(
      summaryRow(
        'Notice for',
        r.kind === 'occupier'
          ? `The occupier (enquiries: ${(r.enquiries ?? []).join('; ')})`
          : `${r.name}${r.kind === 'person' ? ' (aged 16 or over)' : ' (an organisation)'}`,
      ),
    );
  if (details.requirements?.length)
    rows.push(
      summaryRow(
        'Requirements',
        el(
          'ol',
          { className: 'govuk-list govuk-list--number' },
          ...details.requirements.map((q) => el('li', {}, `${q.kind === 'do' ? 'Do' : 'Stop'}: ${q.text}`)),
        ),
      ),
    );
  if (details.complyDays !== undefined) rows.push(summaryRow('Time to comply', `${details.complyDays} days`));
  if (details.partnersInformed?.length)
    rows.push(summaryRow('Bodies informed', details.partnersInformed.join(', ')));
  for (const [key, what] of [
    ['finePence', 'Fine'],
    ['costsPence', 'Costs'],
    ['compensationPence', 'Compensation'],
  ])
    if (typeof details[key] === 'number') rows.push(summaryRow(what, formatPence(details[key])));
  if (typeof details.suspendedOnAppeal === 'boolean')
    rows.push(
      summaryRow(
        'If appealed (regulation 3)',
        details.suspendedOnAppeal
          ? 'An appeal suspends the notice'
          : 'The notice stays in force during an appeal',
      ),
    );
  if (details.steps)
    rows.push(summaryRow('Steps taken', el('span', { className: 'app-pre-wrap' }, details.steps)));
  if (details.finding)
    rows.push(summaryRow('Finding', el('span', { className: 'app-pre-wrap' }, details.finding)));
  if (details.works) rows.push(summaryRow('Works', el('span', { className: 'app-pre-wrap' }, details.works)));
  if (details.plannedFor) rows.push(summaryRow('Planned for', formatDate(details.plannedFor)));
  if (details.contractor) rows.push(summaryRow('Carried out by', details.contractor));
  if (typeof details.estimatedCostPence === 'number')
    rows.push(summaryRow('Estimated cost', formatPence(details.estimatedCostPence)));
  if (details.agency) rows.push(summaryRow('Referred to', details.agency));
  if (details.reference) rows.push(summaryRow('Their reference', details.reference));
  if (details.court) rows.push(summaryRow('Court', details.court));
  if (details.hearingDate) rows.push(summaryRow('Hearing', formatDate(details.hearingDate)));
  return rows;
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
        ...detailRows(decision.details ?? {}),
      ]
    : [
        summaryRow(
          'Outcome',
          task.status === 'cancelled'
            ? `The task was cancelled${task.cancelledReason ? `: ${task.cancelledReason}` : ''}`
            : 'Not recorded',
        ),
      ];
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

/** The sections of the form an outcome of this task shows (`data-outcomes`, `data-task-types`). */
function sectionsFor(task) {
  return [...form.querySelectorAll('[data-outcomes]')].map((section) => ({
    section,
    outcomes: section.dataset.outcomes.split(' '),
    applies:
      (!section.dataset.taskTypes || section.dataset.taskTypes.split(' ').includes(task.type)) &&
      section.dataset.outcomes.split(' ').some((outcome) => task.allowedOutcomes.includes(outcome)),
  }));
}

const requirementsLegend = {
  warn: 'What the warning requires',
  'serve-cpn': 'What the notice requires',
  'nuisance-exists': 'What the abatement notice requires',
  varied: 'The requirements as the court varied them',
};

const STANDARD_HINT =
  'Each requirement either stops something or requires something to be done. While a Community Protection Notice is under appeal its “do” requirements are suspended; its “stop” requirements are not. Leave them blank to use the standard requirement to stop noise that can be heard outside the premises.';
const requirementsHint = {
  'nuisance-exists':
    'Each requirement either stops something (abate the nuisance, prohibit or restrict its recurrence) or requires works or other steps to be done. Leave them blank to use the standard requirement to abate the nuisance and prohibit its recurrence.',
  varied:
    'Every requirement as the court left it, each either stopping something or requiring something to be done. Left blank, the requirements stay as served.',
};

const particularsHeading = {
  warn: 'Particulars of the warning',
  'serve-cpn': 'Particulars of the notice',
  'nuisance-exists': 'Particulars of the abatement notice',
};

const recipientHint = {
  'nuisance-exists':
    'The notice is served on the person responsible for the nuisance, a person aged 16 or over or an organisation; where they cannot be found, on the owner or occupier of the premises (section 80(2)).',
};
const STANDARD_RECIPIENT_HINT =
  'A notice may name a person aged 16 or over, or an organisation. Address it to the occupier only when the owner or occupier cannot be found after reasonable enquiries (section 45).';

function renderForm(task) {
  const radios = document.getElementById('outcomes');
  radios.replaceChildren(
    ...task.allowedOutcomes.map((outcome, index) => {
      const id = index === 0 ? 'outcome' : `outcome-${outcome}`;
      const hint = outcomeHint(outcome, task.type);
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

  revealConditionals(form);
  const sections = sectionsFor(task);
  if (sections.some(({ section, applies }) => applies && section.id === 'section-requirements'))
    document.getElementById('requirement-rows').replaceChildren(...requirementRows(REQUIREMENT_ROWS));
  if (task.allowedOutcomes.includes('agreement-reached'))
    document
      .getElementById('agreed-action-rows')
      .replaceChildren(...Array.from({ length: ACTION_ROWS }, (_, i) => actionRow(i)));
  const toggle = () => {
    const chosen = String(new FormData(form).get('outcome') ?? '');
    for (const { section, outcomes: shownFor, applies } of sections)
      section.hidden = !(applies && shownFor.includes(chosen));
    if (requirementsLegend[chosen]) {
      document.getElementById('requirements-legend').textContent = requirementsLegend[chosen];
      document.getElementById('requirements-hint').textContent = requirementsHint[chosen] ?? STANDARD_HINT;
    }
    document.getElementById('particulars-heading').textContent =
      particularsHeading[chosen] ?? 'Particulars of the notice';
    document.getElementById('recipient-hint').textContent = recipientHint[chosen] ?? STANDARD_RECIPIENT_HINT;
  };
  radios.addEventListener('change', toggle);
  toggle();

  form.hidden = false;
  let key = newIdempotencyKey();
  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    const { decision, problems, rowOf } = readDecision();
    if (problems.length) {
      showErrors(form, problems);
      return;
    }
    sending = true;
    try {
      const { status, body } = await staffRequest('POST', `/tasks/${encodeURIComponent(taskId)}/decision`, {
        json: decision,
        headers: { 'Idempotency-Key': key },
      });
      if (status === 401) return;
      if (status === 200) {
        clearErrors(form);
        clearErrorTitle();
        decided(body?.task ?? task, decision.outcome);
        return;
      }
      if (status === 409) {
        await refused(body?.error, task);
        key = newIdempotencyKey();
        return;
      }
      if (status === 403) {
        showProblem(
          heading(),
          'You cannot decide this task',
          `${body?.error?.message ?? 'Your role may not decide this kind of task.'} Ask a team manager to decide it.`,
        );
        return;
      }
      if (status === 400 && body?.error?.fields?.length) {
        key = newIdempotencyKey();
        showErrors(
          form,
          body.error.fields.map((field) => ({
            ...field,
            path: toRow(field.path, 'details.requirements', rowOf),
          })),
        );
        return;
      }
      showProblem(
        heading(),
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

const shown = (id) => !document.getElementById(id).hidden;

/** The decision body from the form, and problems the browser can see without asking the API. */
function readDecision() {
  const data = new FormData(form);
  const outcome = String(data.get('outcome') ?? '');
  const reason = String(data.get('reason') ?? '').trim();
  const problems = [];
  const details = {};
  let rowOf = [];
  if (!outcome) problems.push({ path: 'outcome', message: 'Choose your decision' });

  if (shown('section-recipient')) {
    const kind = fieldValue(form, 'recipient.kind');
    if (kind === 'person')
      details.recipient = {
        kind,
        name: fieldValue(form, 'recipient.person.name'),
        // Sent as given: the API says why a notice may only name someone confirmed 16 or over.
        ageConfirmed16Plus: data.get('recipient.ageConfirmed16Plus') === 'yes',
      };
    else if (kind === 'body') details.recipient = { kind, name: fieldValue(form, 'recipient.body.name') };
    else if (kind === 'occupier')
      details.recipient = { kind, enquiries: linesOf(data.get('recipient.enquiries')) };
  }
  if (shown('section-requirements')) {
    const given = readRequirements(form, REQUIREMENT_ROWS);
    problems.push(...given.problems);
    rowOf = given.rowOf;
    if (given.requirements.length) details.requirements = given.requirements;
  }
  if (shown('section-comply')) {
    const days = fieldValue(form, 'complyDays');
    if (days && !/^\d{1,3}$/.test(days))
      problems.push({
        path: 'details.complyDays',
        message: 'Enter the time to comply as a whole number of days, like 14',
      });
    else if (days) details.complyDays = Number(days);
  }
  if (shown('section-partners')) {
    const partners = linesOf(data.get('partnersInformed'));
    if (partners.length) details.partnersInformed = partners;
  }
  if (shown('section-suspended')) {
    const suspended = fieldValue(form, 'suspendedOnAppeal');
    if (suspended) details.suspendedOnAppeal = suspended === 'yes';
  }
  if (shown('section-informal')) {
    const steps = fieldValue(form, 'steps');
    if (steps) details.steps = steps;
  }
  if (shown('section-finding')) {
    const finding = fieldValue(form, 'finding');
    if (finding) details.finding = finding;
  }
  if (shown('section-works')) {
    // The works are required: sent as given, so the API says so beside the box with the rest.
    details.works = fieldValue(form, 'works');
    const planned = readDate(form, 'planned', 'The date planned for the works');
    if (planned.problem) problems.push({ path: 'details.plannedFor', message: planned.problem });
    else if (planned.date) details.plannedFor = planned.date;
    const contractor = fieldValue(form, 'contractor');
    if (contractor) details.contractor = contractor;
    const cost = poundsToPence(data.get('estimatedCost'));
    if (Number.isNaN(cost))
      problems.push({
        path: 'details.estimatedCostPence',
        message: 'Enter the estimated cost in pounds, like 850 or 850.50',
      });
    else if (cost !== undefined) details.estimatedCostPence = cost;
  }
  if (shown('section-referral')) {
    details.agency = fieldValue(form, 'agency');
    const reference = fieldValue(form, 'agencyReference');
    if (reference) details.reference = reference;
  }
  if (shown('section-sentence')) {
    for (const [name, key, what] of [
      ['fine', 'finePence', 'fine'],
      ['costs', 'costsPence', 'costs'],
      ['compensation', 'compensationPence', 'compensation'],
    ]) {
      const pence = poundsToPence(data.get(name));
      if (Number.isNaN(pence))
        problems.push({ path: `details.${key}`, message: `Enter the ${what} in pounds, like 400 or 400.50` });
      else if (pence !== undefined) details[key] = pence;
    }
  }
  if (shown('section-court')) {
    const court = fieldValue(form, 'court');
    if (court) details.court = court;
    const hearing = readDate(form, 'hearing', 'The date of the hearing');
    if (hearing.problem) problems.push({ path: 'details.hearingDate', message: hearing.problem });
    else if (hearing.date) details.hearingDate = hearing.date;
  }
  const agreedActions = [];
  if (shown('agreed-actions')) {
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
  const decision = {
    outcome,
    reason,
    ...(Object.keys(details).length ? { details } : {}),
    ...(agreedActions.length ? { agreedActions } : {}),
  };
  return { decision, problems, rowOf };
}

/** A 409: someone decided first, the workflow moved on, or the law refuses this outcome now. */
async function refused(error, task) {
  const code = error?.code;
  if (code === 'LIMITATION_PERIOD_ENDED') {
    // The form stays: another outcome can still be chosen.
    showErrors(form, [{ path: 'outcome', message: error.message }], {
      title: 'This offence can no longer be prosecuted',
    });
    return;
  }
  form.hidden = true;
  if (code === 'TASK_NO_LONGER_WAITING') {
    // The API's message starts with the summary's own title: keep only the why.
    const why = String(error.message ?? 'The case has moved on.').replace(
      /^This task no longer waits for a decision:?\s*/,
      '',
    );
    showProblem(
      heading(),
      'This task no longer waits for a decision',
      `${why.charAt(0).toUpperCase()}${why.slice(1)} Your decision was not recorded. Open the case to see where it is now.`,
    );
  } else if (code === 'TASK_ALREADY_DECIDED' || !code) {
    // Someone else got there first: show what they decided instead of the form.
    showProblem(
      heading(),
      'Someone else has already decided this task',
      'Another member of staff recorded a decision first. Their decision is shown below; yours was not recorded.',
    );
  } else {
    form.hidden = false;
    showProblem(heading(), 'The decision was not recorded', error?.message ?? sentence(code));
    return;
  }
  const fresh = await staffRequest('GET', `/tasks/${encodeURIComponent(taskId)}`);
  const now = fresh.status === 200 && fresh.body?.task ? fresh.body.task : { ...task, status: 'cancelled' };
  render(now);
  // The case moved on too: show it as it is now.
  await loadCase(now);
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
