/** Cases by status, newest change first, a page at a time (`GET /cases?status=&cursor=`). */
import { initAll } from '/assets/govuk-frontend.min.js';
import { formatDateTime } from '../shared/format.js';
import { setTitle } from '../shared/title.js';
import { el, table } from './dom.js';
import { caseStatuses, statusTag, tag } from './labels.js';
import { requireSession, staffRequest } from './session.js';

const params = new URLSearchParams(location.search);
const status = caseStatuses[params.get('status')] ? params.get('status') : 'received';
const cursor = params.get('cursor') ?? '';

function renderNav() {
  document.getElementById('status-nav').replaceChildren(
    ...Object.entries(caseStatuses).map(([code, { label }]) =>
      el(
        'li',
        {},
        el(
          'a',
          {
            className: `govuk-link govuk-link--no-visited-state${code === status ? ' govuk-!-font-weight-bold' : ''}`,
            href: `/staff/cases?status=${code}`,
            ...(code === status ? { 'aria-current': 'page' } : {}),
          },
          label,
        ),
      ),
    ),
  );
}

function sourceKind(kind) {
  const text = String(kind ?? '').replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function load() {
  const label = caseStatuses[status].label;
  document.getElementById('cases-heading').textContent = `Cases: ${label.toLowerCase()}`;
  setTitle(`${label} cases`);
  const line = document.getElementById('cases-status');
  const query = new URLSearchParams({ status, ...(cursor ? { cursor } : {}) });
  const { status: code, body } = await staffRequest('GET', `/cases?${query}`);
  if (code === 401) return;
  if (code !== 200 || !Array.isArray(body?.cases)) {
    line.textContent =
      code === 403
        ? 'Your role cannot list cases.'
        : 'The cases could not be loaded. Reload the page to try again.';
    return;
  }
  if (body.cases.length === 0) {
    line.textContent = cursor
      ? 'There are no more cases with this status.'
      : 'There are no cases with this status.';
    return;
  }
  line.textContent = `${body.cases.length} ${body.cases.length === 1 ? 'case' : 'cases'}${cursor ? ' on this page' : ''}, most recently changed first.`;
  document.getElementById('cases-table').replaceChildren(
    table(
      `${label} cases`,
      ['Case', 'Status', 'Source', 'Complaints', 'Last change'],
      body.cases.map((c) => [
        el(
          'a',
          { className: 'govuk-link', href: `/staff/case?ref=${encodeURIComponent(c.caseRef)}` },
          c.caseRef,
        ),
        statusTag(c.status),
        [sourceKind(c.sourceKind), c.sourceDistrict].filter(Boolean).join(', '),
        el(
          'span',
          {},
          String(c.complaintCount ?? ''),
          c.caseReviewThresholdMet ? ' ' : undefined,
          c.caseReviewThresholdMet ? tag('Case review', 'govuk-tag--red') : undefined,
        ),
        el('time', { dateTime: c.updatedAt }, formatDateTime(c.updatedAt)),
      ]),
    ),
  );
  if (body.nextCursor) {
    document.getElementById('cases-next').href =
      `/staff/cases?${new URLSearchParams({ status, cursor: body.nextCursor })}`;
    document.getElementById('cases-pagination').hidden = false;
  }
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  renderNav();
  await load();
}
