/**
 * The staff view of one case: the summary (route and stage), what staff can record on it, tasks,
 * notices with their appeal windows, breaches and evidence, penalties with payments, parties,
 * complaints, letters and the full timeline with who acted and why.
 */

import { initAll } from '/assets/govuk-frontend.min.js';
import { formatDateTime } from '../shared/format.js';
import { setTitle } from '../shared/title.js';
import {
  actorName,
  appealable,
  breachesTable,
  caseSummaryRows,
  formatAddress,
  noticeCard,
  penaltyCard,
  timelineWords,
  when,
} from './case-parts.js';
import { body, el, table, taskList } from './dom.js';
import { outcomeLabel, sentence, tag, taskTypes } from './labels.js';
import { requireSession, staffRequest } from './session.js';

const caseRef = (new URLSearchParams(location.search).get('ref') ?? '').toUpperCase();
const statusLine = document.getElementById('case-status-message');

async function load(session) {
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
  render(view, session);
  statusLine.hidden = true;
  document.getElementById('case-body').hidden = false;
}

function none(what) {
  return body(`No ${what}.`);
}

function actionLink(text, href) {
  return el(
    'a',
    {
      className: 'govuk-button govuk-button--secondary',
      href,
      role: 'button',
      draggable: 'false',
      dataset: { module: 'govuk-button' },
    },
    text,
  );
}

/** What the signed-in person may record on this case now. */
function renderActions(view, session) {
  const c = view.case;
  const enforcer = session.groups.includes('caseworker') || session.groups.includes('manager');
  const ref = encodeURIComponent(c.caseRef);
  const links = [];
  // A closed case whose notice is still live is reopened by a breach, so the link stays for it.
  if (enforcer && (c.status !== 'closed' || c.liveNotice))
    links.push(actionLink('Record a breach or evidence', `/staff/record-breach?ref=${ref}`));
  if (enforcer && (view.notices ?? []).some(appealable))
    links.push(actionLink('Record an appeal against a notice', `/staff/record-appeal?ref=${ref}`));
  if (c.status === 'restorative-process')
    links.push(
      actionLink('Record a withdrawal from restorative justice', `/staff/record-withdrawal?ref=${ref}`),
    );
  document.getElementById('case-action-links').replaceChildren(...links);
  document.getElementById('case-actions').hidden = links.length === 0;
}

function taskStatus(task) {
  if (task.status === 'open') {
    if (task.escalated) return tag('Escalated', 'govuk-tag--orange');
    return task.overdue ? tag('Overdue', 'govuk-tag--red') : tag('Open', 'govuk-tag--blue');
  }
  return task.status === 'decided' ? tag('Decided', 'govuk-tag--green') : tag('Cancelled', 'govuk-tag--grey');
}

function taskHint(task) {
  if (task.decision)
    return `${outcomeLabel(task.decision.outcome)} by ${task.decision.decidedByName ?? task.decision.decidedBy}, ${formatDateTime(task.decision.decidedAt)}: ${task.decision.reason ?? ''}`;
  if (task.status === 'cancelled')
    return task.cancelledReason ? `Cancelled: ${task.cancelledReason}` : 'Cancelled';
  return `Due ${formatDateTime(task.dueAt)}`;
}

function render(view, session) {
  document.getElementById('case-summary').replaceChildren(...caseSummaryRows(view));
  renderActions(view, session);

  const tasks = view.tasks ?? [];
  document.getElementById('case-tasks').replaceChildren(
    tasks.length
      ? taskList(
          tasks.map((task) => ({
            id: `task-${task.taskId}`,
            name: task.title || taskTypes[task.type]?.name || task.type,
            href: `/staff/task?id=${encodeURIComponent(task.taskId)}`,
            hint: taskHint(task),
            status: taskStatus(task),
          })),
        )
      : none('tasks'),
  );

  const notices = view.notices ?? [];
  const ref = encodeURIComponent(view.case.caseRef);
  const enforcer = session.groups.includes('caseworker') || session.groups.includes('manager');
  document.getElementById('case-notices').replaceChildren(
    ...(notices.length
      ? [...notices]
          .sort((a, b) => a.servedAt.localeCompare(b.servedAt))
          .map((notice) =>
            noticeCard(
              notice,
              enforcer && appealable(notice)
                ? [
                    el(
                      'a',
                      {
                        className: 'govuk-link',
                        href: `/staff/record-appeal?ref=${ref}&notice=${encodeURIComponent(notice.noticeId)}`,
                      },
                      'Record an appeal',
                      el('span', { className: 'govuk-visually-hidden' }, ' against this notice'),
                    ),
                  ]
                : [],
            ),
          )
      : [none('notices')]),
  );

  const breaches = view.breaches ?? [];
  document
    .getElementById('case-breaches')
    .replaceChildren(
      breaches.length ? breachesTable(breaches, notices) : none('breaches or evidence recorded'),
    );

  const penalties = view.penalties ?? [];
  document
    .getElementById('case-penalties')
    .replaceChildren(
      ...(penalties.length
        ? penalties.map((penalty) => penaltyCard(penalty, view.payments ?? []))
        : [none('penalties')]),
    );

  const parties = view.parties ?? [];
  document.getElementById('case-parties').replaceChildren(
    parties.length
      ? table(
          'People and places on this case',
          ['Role', 'Name', 'Contact', 'Address', 'Description'],
          parties.map((party) => [
            sentence(party.role),
            party.name ?? '',
            [party.email, party.phone].filter(Boolean).join(', '),
            formatAddress(party.address),
            [
              party.sourceKind ? sentence(party.sourceKind) : '',
              party.description ?? '',
              party.relationship ?? '',
            ]
              .filter(Boolean)
              .join(': '),
          ]),
        )
      : none('parties'),
  );

  const complaints = view.complaints ?? [];
  document.getElementById('case-complaints').replaceChildren(
    complaints.length
      ? table(
          'Complaints on this case',
          ['Received', 'Noise', 'Happened', 'Description', 'How it affects them'],
          complaints.map((complaint) => [
            when(complaint.receivedAt),
            [sentence(complaint.category), complaint.nightTime ? '(night)' : ''].filter(Boolean).join(' '),
            when(complaint.occurredAt),
            el('span', { className: 'app-pre-wrap' }, complaint.description ?? ''),
            el('span', { className: 'app-pre-wrap' }, complaint.impact ?? 'Not given'),
          ]),
        )
      : none('complaints'),
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
                  `${message.subject} (${message.channel} to ${sentence(message.to).toLowerCase()}, ${formatDateTime(message.createdAt)})`,
                ),
              ),
              el('div', { className: 'govuk-details__text app-pre-wrap' }, message.body ?? ''),
            ),
          )
        : [none('letters or emails')]),
    );

  const timeline = [...(view.timeline ?? [])].reverse();
  document.getElementById('case-timeline').replaceChildren(
    ...timeline.map((event) => {
      const { title, lines } = timelineWords(event);
      return el(
        'li',
        { className: 'app-timeline__item', dataset: { eventType: event.type } },
        el(
          'p',
          { className: 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1' },
          title,
          event.visibility === 'resident' ? ' ' : undefined,
          event.visibility === 'resident' ? tag('Resident sees this', 'govuk-tag--grey') : undefined,
        ),
        ...lines.map((line) => el('p', { className: 'govuk-body-s govuk-!-margin-bottom-1' }, line)),
        event.reason
          ? el(
              'p',
              { className: 'govuk-body govuk-!-margin-bottom-1 app-pre-wrap' },
              el('span', { className: 'govuk-visually-hidden' }, 'Reason: '),
              event.reason,
            )
          : undefined,
        el(
          'p',
          { className: 'govuk-body-s app-timeline__date' },
          when(event.at),
          ` by ${actorName(event.actor)}`,
        ),
      );
    }),
  );
  // Buttons added after the page loaded get GOV.UK Frontend's behaviour too.
  initAll({ scope: document.getElementById('case-actions') });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  await load(session);
}
