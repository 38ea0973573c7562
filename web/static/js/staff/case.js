/** The staff view of one case: status, tasks, parties, complaints, notices, penalties, letters and the full timeline. */
import { initAll } from '/assets/govuk-frontend.min.js';
import { formatDate, formatDateTime, formatPence } from '../shared/format.js';
import { setTitle } from '../shared/title.js';
import { body, el, summaryRow, table } from './dom.js';
import { outcomeLabel, statusTag, tag, taskTypes } from './labels.js';
import { requireSession, staffRequest } from './session.js';

const caseRef = (new URLSearchParams(location.search).get('ref') ?? '').toUpperCase();
const statusLine = document.getElementById('case-status-message');

async function load() {
  if (!/^NN-\d{4}-\d{6}$/.test(caseRef)) {
    statusLine.textContent = 'That is not a case reference. Case references look like NN-2026-000123.';
    return;
  }
  document.getElementById('case-heading').textContent = caseRef;
  setTitle(`${caseRef}`);
  const { status, body: view } = await staffRequest('GET', `/cases/${encodeURIComponent(caseRef)}`);
  if (status === 401) return;
  if (status === 404) {
    statusLine.textContent = `There is no case ${caseRef}.`;
    return;
  }
  if (status === 403) {
    statusLine.textContent = 'Your role cannot see this case.';
    return;
  }
  if (status !== 200 || !view?.case) {
    statusLine.textContent = 'The case could not be loaded. Reload the page to try again.';
    return;
  }
  render(view);
  statusLine.hidden = true;
  document.getElementById('case-body').hidden = false;
}

function none(what) {
  return body(`No ${what}.`);
}

function when(iso) {
  return iso ? el('time', { dateTime: iso }, formatDateTime(iso)) : '';
}

function words(code) {
  return String(code ?? '').replace(/-/g, ' ');
}

/** "WarningIssued" or "warning-issued" → "Warning issued" */
function sentence(code) {
  const text = words(String(code ?? '').replace(/([a-z])([A-Z])/g, '$1 $2')).toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function render(view) {
  const c = view.case;
  document
    .getElementById('case-summary')
    .replaceChildren(
      summaryRow('Status', statusTag(c.status)),
      summaryRow('Source', [sentence(c.sourceKind), c.sourceDistrict].filter(Boolean).join(', ')),
      summaryRow('Opened', when(c.openedAt)),
      summaryRow('Last change', when(c.updatedAt)),
      summaryRow('Complaints', String(c.complaintCount ?? view.complaints?.length ?? 0)),
      ...(c.caseReviewThresholdMet
        ? [summaryRow('ASB Case Review', tag('Threshold met', 'govuk-tag--red'))]
        : []),
      ...(c.flags?.length
        ? [summaryRow('Flags', ...c.flags.map((flag) => tag(words(flag), 'govuk-tag--orange')))]
        : []),
    );

  const tasks = view.tasks ?? [];
  document.getElementById('case-tasks').replaceChildren(
    tasks.length
      ? table(
          'Tasks on this case',
          ['Task', 'Due', 'State', 'Decision'],
          tasks.map((task) => [
            el(
              'a',
              { className: 'govuk-link', href: `/staff/task?id=${encodeURIComponent(task.taskId)}` },
              task.title || taskTypes[task.type]?.name || task.type,
            ),
            when(task.dueAt),
            task.status === 'open'
              ? task.overdue
                ? tag('Overdue', 'govuk-tag--red')
                : tag('Open', 'govuk-tag--blue')
              : tag(
                  task.status === 'decided' ? 'Decided' : 'Cancelled',
                  task.status === 'decided' ? 'govuk-tag--green' : 'govuk-tag--grey',
                ),
            task.decision ? `${outcomeLabel(task.decision.outcome)}: ${task.decision.reason ?? ''}` : '',
          ]),
        )
      : none('tasks'),
  );

  const parties = view.parties ?? [];
  document.getElementById('case-parties').replaceChildren(
    parties.length
      ? table(
          'People and places on this case',
          ['Role', 'Name', 'Contact', 'Address'],
          parties.map((party) => [
            sentence(party.role),
            party.name ?? '',
            [party.email, party.phone].filter(Boolean).join(', '),
            formatAddress(party.address),
          ]),
        )
      : none('parties'),
  );

  const complaints = view.complaints ?? [];
  document.getElementById('case-complaints').replaceChildren(
    complaints.length
      ? table(
          'Complaints on this case',
          ['Received', 'Noise', 'Happened', 'Description'],
          complaints.map((complaint) => [
            when(complaint.receivedAt),
            [words(complaint.category), complaint.nightTime ? '(night)' : ''].filter(Boolean).join(' '),
            when(complaint.occurredAt),
            complaint.description ?? '',
          ]),
        )
      : none('complaints'),
  );

  const notices = view.notices ?? [];
  document.getElementById('case-notices').replaceChildren(
    notices.length
      ? table(
          'Notices served on this case',
          ['Notice', 'Issued', 'Details'],
          notices.map((notice) => {
            const { type, issuedAt, ...rest } = notice;
            return [sentence(type), when(issuedAt), describe(rest)];
          }),
        )
      : none('notices'),
  );

  const penalties = view.penalties ?? [];
  document.getElementById('case-penalties').replaceChildren(
    penalties.length
      ? table(
          'Fixed penalties on this case',
          ['Reference', 'Amount', 'Early payment', 'Pay by', 'State', 'Reminders'],
          penalties.map((penalty) => [
            penalty.penaltyRef,
            formatPence(penalty.amountPence),
            `${formatPence(penalty.discountedAmountPence)} until ${formatDate(penalty.discountUntil)}`,
            formatDate(penalty.dueBy),
            tag(words(penalty.status), penalty.status === 'paid' ? 'govuk-tag--green' : 'govuk-tag--yellow'),
            String(penalty.remindersSent ?? 0),
          ]),
        )
      : none('penalties'),
  );

  const outbox = view.outbox ?? [];
  document
    .getElementById('case-outbox')
    .replaceChildren(
      ...(outbox.length
        ? outbox.map((message) =>
            el(
              'details',
              { className: 'govuk-details' },
              el(
                'summary',
                { className: 'govuk-details__summary' },
                el(
                  'span',
                  { className: 'govuk-details__summary-text' },
                  `${message.subject} (${message.channel} to ${words(message.to)}, ${formatDateTime(message.createdAt)})`,
                ),
              ),
              el('div', { className: 'govuk-details__text app-pre-wrap' }, message.body ?? ''),
            ),
          )
        : [none('letters or emails')]),
    );

  const timeline = [...(view.timeline ?? [])].reverse();
  document
    .getElementById('case-timeline')
    .replaceChildren(
      ...timeline.map((event) =>
        el(
          'li',
          { className: 'app-timeline__item' },
          el(
            'p',
            { className: 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1' },
            sentence(event.type),
            event.visibility === 'resident' ? ' ' : undefined,
            event.visibility === 'resident' ? tag('Resident sees this', 'govuk-tag--grey') : undefined,
          ),
          event.reason
            ? el('p', { className: 'govuk-body govuk-!-margin-bottom-1 app-pre-wrap' }, event.reason)
            : undefined,
          el(
            'p',
            { className: 'govuk-body-s app-timeline__date' },
            when(event.at),
            ` by ${actorName(event.actor)}`,
          ),
        ),
      ),
    );
}

/** Who did it, as the timeline says it; a resident is named on the Parties list, not here. */
function actorName(actor) {
  if (!actor || actor.kind === 'system') return 'the system';
  if (actor.kind === 'resident') return 'a resident';
  return [actor.kind, actor.name ?? actor.id].filter(Boolean).join(' ');
}

function formatAddress(address) {
  if (!address) return '';
  return [address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(', ');
}

// Bookkeeping in a notice's event data that says nothing to a person reading the case.
const NOTICE_INTERNALS = new Set(['messages', 'residentTitle', 'execution', 'opId']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Notice particulars as "Compliance ends: 10 December 2026 at 5:26am" lines. */
function describe(data) {
  const lines = Object.entries(data)
    .filter(
      ([key, value]) => !NOTICE_INTERNALS.has(key) && value !== undefined && value !== null && value !== '',
    )
    .map(([key, value]) => {
      let shown = value;
      if (typeof value === 'string' && ISO_INSTANT.test(value)) shown = formatDateTime(value);
      else if (typeof value === 'number' && /Pence$/.test(key)) shown = formatPence(value);
      else if (typeof value === 'object') shown = JSON.stringify(value);
      return el('li', {}, `${sentence(key.replace(/Pence$/, ''))}: ${shown}`);
    });
  return lines.length ? el('ul', { className: 'govuk-list' }, ...lines) : '';
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  await load();
}
