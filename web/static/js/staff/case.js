/**
 * The staff view of one case: the summary (route and stage in words), what a manager can do to it
 * (assign, close, reopen, move on, merge), what staff can record on it (breaches, appeals, Noise
 * Act notices and measurements), tasks, notices with their appeal windows, breaches and evidence,
 * penalties with payments, people (named and corrected), enquiries, risk assessments, complaints
 * (a manager can split one off), letters and the full timeline with who acted and why.
 */

import { initAll } from '/assets/govuk-frontend.min.js';
import { formatDate, formatDateTime } from '../shared/format.js';
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
import { body, el, summaryCard, summaryRow, table, taskList } from './dom.js';
import {
  enquiryMethods,
  nameAndAddressPowers,
  nameAndAddressResults,
  outcomeLabel,
  personRoles,
  riskAnswers,
  riskLevels,
  riskQuestions,
  sentence,
  tag,
  tagFrom,
  taskTypes,
} from './labels.js';
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

const isEnforcer = (session) => session.groups.includes('caseworker') || session.groups.includes('manager');
const isManager = (session) => session.groups.includes('manager');

/** What the signed-in person may record on this case now. */
function renderActions(view, session) {
  const c = view.case;
  const enforcer = isEnforcer(session);
  const ref = encodeURIComponent(c.caseRef);
  const links = [];
  const open = c.status !== 'closed' && !c.mergedInto;
  // A closed case whose notice is still live is reopened by a breach, so the link stays for it.
  if (enforcer && (open || c.liveNotice))
    links.push(actionLink('Record a breach or evidence', `/staff/record-breach?ref=${ref}`));
  if (enforcer && (view.notices ?? []).some(appealable))
    links.push(actionLink('Record an appeal against a notice', `/staff/record-appeal?ref=${ref}`));
  if (c.status === 'restorative-process')
    links.push(
      actionLink('Record a withdrawal from restorative justice', `/staff/record-withdrawal?ref=${ref}`),
    );
  if (enforcer && open)
    links.push(actionLink('Record a Noise Act warning notice', `/staff/record-noise-act-warning?ref=${ref}`));
  // A measurement in a warning period reopens a closed case, so it can be recorded on one too.
  if (enforcer && !c.mergedInto && (view.notices ?? []).some((n) => n.kind === 'noise-act-warning'))
    links.push(
      actionLink('Record a Noise Act measurement', `/staff/record-noise-act-measurement?ref=${ref}`),
    );
  document.getElementById('case-action-links').replaceChildren(...links);
  document.getElementById('case-actions').hidden = links.length === 0;
}

/** What a manager may do to the case as a whole: owner, closure, reopening, a stalled case, a merge. */
function renderManage(view, session) {
  const c = view.case;
  const box = document.getElementById('case-manage');
  if (!isManager(session)) {
    box.hidden = true;
    return;
  }
  const ref = encodeURIComponent(c.caseRef);
  const links = [];
  const note = document.getElementById('case-manage-note');
  note.textContent = '';
  if (c.mergedInto) {
    note.textContent = `This case was merged into ${c.mergedInto}: act on that case.`;
  } else if (c.status === 'closed') {
    if (c.anonymisedAt)
      note.textContent =
        'This case was anonymised at the end of its retention period: it cannot be reopened.';
    else links.push(actionLink('Reopen the case', `/staff/reopen-case?ref=${ref}`));
  } else {
    if (c.flags?.includes('workflow-stalled')) {
      note.textContent =
        'The workflow for this case stalled. Move it on: restart its stage, send it to a decision, or close it.';
      links.push(actionLink('Move the case on', `/staff/move-on?ref=${ref}`));
    }
    links.push(
      actionLink(c.owner ? 'Reassign the case' : 'Assign the case', `/staff/assign?ref=${ref}`),
      actionLink('Close the case', `/staff/close-case?ref=${ref}`),
      actionLink('Merge into another case', `/staff/merge?ref=${ref}`),
    );
  }
  document.getElementById('case-manage-links').replaceChildren(...links);
  box.hidden = links.length === 0 && !note.textContent;
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
  renderManage(view, session);
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
  const enforcer = isEnforcer(session);
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

  renderPeople(view, session);
  renderEnquiries(view, session);
  renderRisk(view, session);
  renderComplaints(view, session);

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
  for (const id of ['case-actions', 'case-manage', 'people-actions', 'enquiry-actions'])
    initAll({ scope: document.getElementById(id) });
}

const hidden = (text) => el('span', { className: 'govuk-visually-hidden' }, text);

function contactOf(person) {
  return [person.email, person.phone].filter(Boolean).join(', ') || 'None recorded';
}

/** A named person (responsible, owner, agent), a complainant, or the premises as reported. */
function personCard(person, view, session) {
  const ref = encodeURIComponent(view.case.caseRef);
  const open = view.case.status !== 'closed' && !view.case.mergedInto;
  const role = personRoles[person.role] ?? sentence(person.role);
  const replacement = person.supersededBy
    ? (view.parties ?? []).find((p) => p.partyId === person.supersededBy)
    : undefined;
  const rows = [];
  if (person.role === 'source') {
    rows.push(summaryRow('Address', formatAddress(person.address)));
    if (person.sourceKind) rows.push(summaryRow('Kind of source', sentence(person.sourceKind)));
    if (person.description)
      rows.push(summaryRow('Description', el('span', { className: 'app-pre-wrap' }, person.description)));
  } else {
    rows.push(summaryRow('Name', person.name ?? 'Not recorded'));
    if (['responsible', 'owner', 'agent'].includes(person.role)) {
      rows.push(
        summaryRow(
          'Aged 16 or over',
          person.ageConfirmed16Plus
            ? 'Confirmed'
            : person.role === 'responsible'
              ? tag('Not confirmed: no notice will name them', 'govuk-tag--orange')
              : 'Not confirmed',
        ),
      );
      rows.push(summaryRow('Relationship to the premises', person.relationship ?? 'Not recorded'));
    }
    rows.push(summaryRow('Contact', contactOf(person)), summaryRow('Address', formatAddress(person.address)));
    if (person.role === 'complainant' && person.willingToGiveEvidence !== undefined)
      rows.push(summaryRow('Willing to give evidence', person.willingToGiveEvidence ? 'Yes' : 'No'));
  }
  if (replacement)
    rows.unshift(
      summaryRow(
        'Record',
        tag('Replaced by a correction', 'govuk-tag--grey'),
        ` Now recorded as ${replacement.name ?? 'another record'}.`,
      ),
    );
  const actions =
    isEnforcer(session) &&
    open &&
    !person.supersededBy &&
    ['responsible', 'owner', 'agent'].includes(person.role)
      ? [
          el(
            'a',
            {
              className: 'govuk-link',
              href: `/staff/record-person?ref=${ref}&corrects=${encodeURIComponent(person.partyId)}`,
            },
            'Correct',
            hidden(` the details of ${person.name ?? 'this person'}`),
          ),
        ]
      : [];
  const title = person.role === 'source' ? role : `${role}${person.name ? `: ${person.name}` : ''}`;
  const card = summaryCard(title, rows, actions);
  card.dataset.partyId = person.partyId;
  if (person.supersededBy) card.classList.add('app-superseded');
  return card;
}

const roleOrder = ['responsible', 'owner', 'agent', 'source', 'complainant'];

function renderPeople(view, session) {
  const ref = encodeURIComponent(view.case.caseRef);
  const open = view.case.status !== 'closed' && !view.case.mergedInto;
  document
    .getElementById('people-actions')
    .replaceChildren(
      ...(isEnforcer(session) && open
        ? [actionLink('Name a person responsible, owner or agent', `/staff/record-person?ref=${ref}`)]
        : []),
    );
  const parties = [...(view.parties ?? [])].sort(
    (a, b) =>
      roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role) ||
      Number(Boolean(a.supersededBy)) - Number(Boolean(b.supersededBy)) ||
      String(a.createdAt).localeCompare(String(b.createdAt)),
  );
  document
    .getElementById('case-parties')
    .replaceChildren(
      ...(parties.length ? parties.map((p) => personCard(p, view, session)) : [none('people')]),
    );
}

function renderEnquiries(view, session) {
  const ref = encodeURIComponent(view.case.caseRef);
  const open = view.case.status !== 'closed' && !view.case.mergedInto;
  document
    .getElementById('enquiry-actions')
    .replaceChildren(
      ...(isEnforcer(session) && open
        ? [
            actionLink('Record an enquiry', `/staff/record-enquiry?ref=${ref}`),
            actionLink('Record a name and address requirement', `/staff/record-name-and-address?ref=${ref}`),
          ]
        : []),
    );
  const enquiries = view.enquiries ?? [];
  document.getElementById('case-enquiries').replaceChildren(
    enquiries.length
      ? table(
          'Enquiries made on this case',
          ['Made', 'Enquiry', 'What it found', 'Recorded by'],
          enquiries.map((enquiry) => [
            when(enquiry.madeAt),
            el(
              'div',
              {},
              el(
                'p',
                { className: 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1' },
                enquiryMethods[enquiry.method] ?? sentence(enquiry.method),
              ),
              el(
                'p',
                { className: 'govuk-body-s govuk-!-margin-bottom-0 app-pre-wrap' },
                enquiry.requirement
                  ? `${nameAndAddressPowers[enquiry.requirement.power] ?? enquiry.requirement.power}; accreditation ${enquiry.requirement.accreditationNumber}${enquiry.requirement.accreditationExpiresOn ? `, expires ${formatDate(enquiry.requirement.accreditationExpiresOn)}` : ''}`
                  : (enquiry.description ?? ''),
              ),
            ),
            el(
              'span',
              { className: 'app-pre-wrap' },
              enquiry.requirement
                ? [
                    nameAndAddressResults[enquiry.requirement.result] ?? sentence(enquiry.requirement.result),
                    enquiry.name ? `: ${enquiry.name}` : '',
                    enquiry.address ? `, ${formatAddress(enquiry.address)}` : '',
                    enquiry.notes ? `. ${enquiry.notes}` : '',
                  ].join('')
                : (enquiry.findings ?? ''),
            ),
            enquiry.recordedBy?.name ?? enquiry.recordedBy?.id ?? '',
          ]),
        )
      : none('enquiries recorded'),
  );
}

function answersList(answers) {
  const given = Object.entries(riskQuestions).filter(([question]) => answers?.[question]);
  if (!given.length) return 'No questions answered';
  return el(
    'ul',
    { className: 'govuk-list' },
    ...given.map(([question, words]) =>
      el('li', {}, `${words} `, el('strong', {}, riskAnswers[answers[question]] ?? answers[question])),
    ),
  );
}

function renderRisk(view, session) {
  const ref = encodeURIComponent(view.case.caseRef);
  const open = view.case.status !== 'closed' && !view.case.mergedInto;
  const complainants = (view.parties ?? []).filter((p) => p.role === 'complainant');
  const assessments = view.riskAssessments ?? [];
  const cards = complainants.map((person) => {
    const own = assessments
      .filter((a) => a.partyId === person.partyId)
      .sort((a, b) => a.assessedAt.localeCompare(b.assessedAt));
    const latest = own[own.length - 1];
    const rows = [
      summaryRow('Latest', latest ? tagFrom(riskLevels, latest.level) : 'Not assessed'),
      summaryRow(
        own.length > 1 ? `Assessments (${own.length}, oldest first)` : 'Assessment',
        own.length
          ? el(
              'ol',
              { className: 'govuk-list govuk-list--number' },
              ...own.map((a) =>
                el(
                  'li',
                  { dataset: { assessmentId: a.assessmentId } },
                  el(
                    'p',
                    { className: 'govuk-body govuk-!-margin-bottom-1' },
                    tagFrom(riskLevels, a.level),
                    ` score ${a.score}, `,
                    when(a.assessedAt),
                    ` by ${a.assessedBy?.kind === 'resident' ? 'the complainant, on the report form' : actorName(a.assessedBy)}`,
                  ),
                  answersList(a.answers),
                  a.notes ? el('p', { className: 'govuk-body-s app-pre-wrap' }, a.notes) : undefined,
                ),
              ),
            )
          : 'None',
      ),
    ];
    const actions =
      isEnforcer(session) && open
        ? [
            el(
              'a',
              {
                className: 'govuk-link',
                href: `/staff/record-risk?ref=${ref}&party=${encodeURIComponent(person.partyId)}`,
              },
              latest ? 'Reassess' : 'Assess',
              hidden(` the risk to ${person.name ?? 'this complainant'}`),
            ),
          ]
        : [];
    const card = summaryCard(`Complainant: ${person.name ?? 'name removed'}`, rows, actions);
    card.dataset.partyId = person.partyId;
    return card;
  });
  document.getElementById('case-risk').replaceChildren(...(cards.length ? cards : [none('complainants')]));
}

function renderComplaints(view, session) {
  const complaints = view.complaints ?? [];
  const c = view.case;
  // A report can be given its own case only while there is another report on this one.
  const splittable = isManager(session) && c.status !== 'closed' && !c.mergedInto && complaints.length > 1;
  document.getElementById('case-complaints').replaceChildren(
    complaints.length
      ? table(
          'Complaints on this case',
          [
            'Received',
            'Noise',
            'Happened',
            'Description',
            'How it affects them',
            ...(splittable ? ['Wrong case?'] : []),
          ],
          complaints.map((complaint) => [
            when(complaint.receivedAt),
            [sentence(complaint.category), complaint.nightTime ? '(night)' : ''].filter(Boolean).join(' '),
            when(complaint.occurredAt),
            el('span', { className: 'app-pre-wrap' }, complaint.description ?? ''),
            el('span', { className: 'app-pre-wrap' }, complaint.impact ?? 'Not given'),
            ...(splittable
              ? [
                  el(
                    'a',
                    {
                      className: 'govuk-link',
                      href: `/staff/split?ref=${encodeURIComponent(c.caseRef)}&complaint=${encodeURIComponent(complaint.complaintId)}`,
                    },
                    'Give it its own case',
                    hidden(` (the report received ${formatDateTime(complaint.receivedAt)})`),
                  ),
                ]
              : []),
          ]),
        )
      : none('complaints'),
  );
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  await load(session);
}
