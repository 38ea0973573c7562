/**
 * Cases a page at a time, most recently changed first: every open case by default, or those in a
 * status, those carrying a flag, or the signed-in person's own (`GET /cases?status=&flag=&owner=me`).
 * "Next page" appears only when the API says there is one.
 */
import { initAll } from '/assets/govuk-frontend.min.js';
import { formatDateTime } from '../shared/format.js';
import { setTitle } from '../shared/title.js';
import { el, table } from './dom.js';
import {
  caseFlags,
  caseStatuses,
  deadlineKinds,
  flagLabel,
  phases,
  sentence,
  statusTag,
  tag,
  taskTypes,
} from './labels.js';
import { requireSession, staffRequest } from './session.js';

const params = new URLSearchParams(location.search);
const filter = {
  status: caseStatuses[params.get('status')] ? params.get('status') : undefined,
  flag: /^[a-z-]{1,40}$/.test(params.get('flag') ?? '') ? params.get('flag') : undefined,
  owner: params.get('owner') === 'me' ? 'me' : undefined,
};
// The API lists flagged cases on their own: a flag filter stands alone.
if (filter.flag) {
  filter.status = undefined;
  filter.owner = undefined;
}
const cursor = params.get('cursor') ?? '';

function query(extra = {}) {
  const entries = Object.entries({ ...filter, ...extra }).filter(([, value]) => value !== undefined);
  return new URLSearchParams(entries).toString();
}

function navLink(text, href, current) {
  return el(
    'li',
    {},
    el(
      'a',
      {
        className: `govuk-link govuk-link--no-visited-state${current ? ' govuk-!-font-weight-bold' : ''}`,
        href,
        ...(current ? { 'aria-current': 'page' } : {}),
      },
      text,
    ),
  );
}

function renderNav() {
  const plain = !filter.status && !filter.flag;
  document
    .getElementById('owner-nav')
    .replaceChildren(
      navLink('All open cases', '/staff/cases', plain && !filter.owner),
      navLink('My cases', '/staff/cases?owner=me', plain && filter.owner === 'me'),
    );
  document
    .getElementById('status-nav')
    .replaceChildren(
      ...Object.entries(caseStatuses).map(([code, { label }]) =>
        navLink(label, `/staff/cases?status=${code}`, filter.status === code && !filter.owner),
      ),
    );
  document
    .getElementById('flag-nav')
    .replaceChildren(
      ...Object.keys(caseFlags).map((flag) =>
        navLink(flagLabel(flag), `/staff/cases?flag=${flag}`, filter.flag === flag),
      ),
    );
}

function heading() {
  if (filter.flag)
    return { title: `Cases flagged: ${flagLabel(filter.flag).toLowerCase()}`, noun: 'flagged cases' };
  const label = filter.status ? caseStatuses[filter.status].label.toLowerCase() : undefined;
  if (filter.owner)
    return label
      ? { title: `My cases: ${label}`, noun: `of your cases with this status` }
      : { title: 'My open cases', noun: 'open cases that you own' };
  return label
    ? { title: `Cases: ${label}`, noun: 'cases with this status' }
    : { title: 'Open cases', noun: 'open cases' };
}

function describe() {
  const description = document.getElementById('cases-description');
  if (filter.flag) {
    description.textContent = 'Cases the service has flagged for a person to look at.';
    return;
  }
  // Someone's own caseload, inside a status or across all open cases.
  const toggle = filter.owner
    ? el(
        'a',
        { className: 'govuk-link', href: `/staff/cases?${query({ owner: undefined })}` },
        'Show everyone’s cases',
      )
    : el(
        'a',
        { className: 'govuk-link', href: `/staff/cases?${query({ owner: 'me' })}` },
        'Show only cases you own',
      );
  description.replaceChildren(filter.status ? '' : 'Every case that is not closed. ', toggle);
}

async function load() {
  const { title, noun } = heading();
  document.getElementById('cases-heading').textContent = title;
  setTitle(`${title}`);
  describe();
  const line = document.getElementById('cases-status');
  const apiQuery = query(cursor ? { cursor } : {});
  const { status: code, body } = await staffRequest('GET', `/cases${apiQuery ? `?${apiQuery}` : ''}`);
  if (code === 401) return;
  if (code !== 200 || !Array.isArray(body?.cases)) {
    line.textContent =
      code === 403
        ? 'Your role cannot list cases.'
        : 'The cases could not be loaded. Reload the page to try again.';
    return;
  }
  renderPagination(body.nextCursor);
  if (body.cases.length === 0) {
    line.textContent = cursor ? `There are no more ${noun}.` : `There are no ${noun}.`;
    return;
  }
  line.textContent = `${body.cases.length} ${body.cases.length === 1 ? 'case' : 'cases'}${cursor ? ' on this page' : ''}, most recently changed first.`;
  const showOwner = body.cases.some((c) => c.owner);
  // A person's own caseload says what is due next on each case.
  const showNext = body.cases.some((c) => c.nextDue !== undefined);
  document.getElementById('cases-table').replaceChildren(
    table(
      title,
      [
        'Case',
        'Status',
        'Stage',
        'Source',
        'Complaints',
        ...(showOwner ? ['Owner'] : []),
        ...(showNext ? ['Next due'] : []),
        'Last change',
      ],
      body.cases.map((c) => [
        el(
          'a',
          { className: 'govuk-link', href: `/staff/case?ref=${encodeURIComponent(c.caseRef)}` },
          c.caseRef,
        ),
        el(
          'div',
          {},
          statusTag(c.status),
          ...(c.flags ?? []).flatMap((flag) => [' ', tag(flagLabel(flag), 'govuk-tag--orange')]),
        ),
        c.phase ? (phases[c.phase] ?? sentence(c.phase)) : '',
        [sentence(c.sourceKind), c.sourceDistrict].filter(Boolean).join(', '),
        el(
          'span',
          {},
          String(c.complaintCount ?? ''),
          c.caseReviewThresholdMet ? ' ' : undefined,
          c.caseReviewThresholdMet ? tag('Case review', 'govuk-tag--red') : undefined,
        ),
        ...(showOwner ? [c.ownerName ?? c.owner ?? ''] : []),
        ...(showNext ? [nextDueValue(c.nextDue)] : []),
        el('time', { dateTime: c.updatedAt }, formatDateTime(c.updatedAt)),
      ]),
    ),
  );
}

/** The earliest open task (a link to it) or running wait on a case, with its date. */
function nextDueValue(next) {
  if (!next) return 'Nothing waiting';
  const what =
    next.kind === 'task'
      ? el(
          'a',
          { className: 'govuk-link', href: `/staff/task?id=${encodeURIComponent(next.taskId ?? '')}` },
          next.title ?? taskTypes[next.type]?.name ?? sentence(next.type),
        )
      : (deadlineKinds[next.type] ?? sentence(next.type));
  return el(
    'div',
    { dataset: { nextDue: next.kind } },
    what,
    el(
      'p',
      { className: 'govuk-body-s govuk-!-margin-bottom-0 govuk-!-margin-top-1' },
      el('time', { dateTime: next.at }, formatDateTime(next.at)),
      next.overdue ? ' ' : undefined,
      next.overdue ? tag('Overdue', 'govuk-tag--red') : undefined,
    ),
  );
}

function renderPagination(nextCursor) {
  const first = Boolean(cursor);
  const next = Boolean(nextCursor);
  if (next) document.getElementById('cases-next').href = `/staff/cases?${query({ cursor: nextCursor })}`;
  if (first) {
    const q = query();
    document.getElementById('cases-first').href = `/staff/cases${q ? `?${q}` : ''}`;
  }
  document.getElementById('cases-next-wrapper').hidden = !next;
  document.getElementById('cases-first-wrapper').hidden = !first;
  document.getElementById('cases-pagination').hidden = !next && !first;
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  renderNav();
  await load();
}
