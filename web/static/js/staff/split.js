/**
 * A manager gives a report that joined the wrong case a case of its own (`POST /cases/{caseRef}/split`),
 * about the place it really describes: `&complaint=<complaintId>` names the report. Its
 * complainant, their risk assessments and their tracking token move with it.
 */
import { initAll } from '/assets/govuk-frontend.min.js';
import { formatDateTime } from '../shared/format.js';
import {
  bannerLink,
  caseFromAddress,
  caseRefusals,
  finish,
  loadCase,
  mayAct,
  onSubmit,
  send,
} from './case-action.js';
import { el, summaryRow } from './dom.js';
import { fieldValue, readAddress } from './forms.js';
import { sentence } from './labels.js';
import { requireSession } from './session.js';

const form = document.getElementById('split-form');
const statusLine = document.getElementById('action-status');

const refusals = {
  ...caseRefusals,
  ONLY_REPORT: {
    title: 'This is the only report on the case',
    message: 'A case needs a report: correct the case’s details or close it instead.',
  },
  SOURCE_HAS_OPEN_CASE: {
    title: 'A case is already open for that place',
    message: (error) =>
      `${String(error.message).replace(/\.?$/, '.')} Merging moves every report on this case there; a single report cannot be moved to an open case.`,
  },
};

function wire(caseRef, complaint) {
  onSubmit(form, async () => {
    const address = readAddress(form, 'source.address') ?? { line1: '', postcode: '' };
    const kind = fieldValue(form, 'source.kind');
    const description = fieldValue(form, 'source.description');
    const answer = await send(
      form,
      `/cases/${encodeURIComponent(caseRef)}/split`,
      {
        complaintId: complaint.complaintId,
        reason: fieldValue(form, 'reason'),
        source: { address, ...(kind ? { kind } : {}), ...(description ? { description } : {}) },
      },
      { refusals },
    );
    if (!answer) return;
    finish(
      form,
      `The report has its own case: ${answer.newCaseRef}`,
      [
        el(
          'span',
          {},
          'The report, its complainant and their tracking token moved to ',
          bannerLink(answer.newCaseRef, `/staff/case?ref=${encodeURIComponent(answer.newCaseRef)}`),
          ', which starts at triage. The complainant is written to.',
        ),
        `${caseRef} now has ${answer.complaintCount} ${answer.complaintCount === 1 ? 'report' : 'reports'}.`,
        bannerLink(`Back to ${caseRef}`, `/staff/case?ref=${encodeURIComponent(caseRef)}`),
      ],
      ['split-note', 'split-report'],
    );
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Give a report its own case');
  const view = await loadCase(caseRef, statusLine);
  if (view && mayAct(session, view, statusLine, { groups: ['manager'], who: 'team managers' })) {
    const id = new URLSearchParams(location.search).get('complaint');
    const complaint = (view.complaints ?? []).find((c) => c.complaintId === id);
    if (!complaint) {
      statusLine.textContent = 'That report is not on this case. Go back to the case and choose it there.';
    } else if ((view.complaints ?? []).length < 2) {
      statusLine.textContent = refusals.ONLY_REPORT.message;
    } else {
      document
        .getElementById('split-report')
        .replaceChildren(
          summaryRow('Report received', formatDateTime(complaint.receivedAt)),
          summaryRow('Noise', sentence(complaint.category)),
          summaryRow(
            'What they said',
            el('span', { className: 'app-pre-wrap' }, complaint.description ?? ''),
          ),
          summaryRow(
            'The place as they described it',
            el('span', { className: 'app-pre-wrap' }, complaint.sourceDescription ?? 'Not given'),
          ),
        );
      statusLine.hidden = true;
      document.getElementById('split-note').hidden = false;
      form.hidden = false;
      wire(caseRef, complaint);
    }
  }
}
