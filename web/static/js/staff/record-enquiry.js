/**
 * Record a reasonable enquiry made to find the owner or occupier (`POST /cases/{caseRef}/enquiries`,
 * 2014 Act s.45). The answer gives the line a notice to the occupier will cite.
 */
import { initAll } from '/assets/govuk-frontend.min.js';
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
import { fieldValue, readDateTime } from './forms.js';
import { requireSession } from './session.js';

const form = document.getElementById('enquiry-form');
const statusLine = document.getElementById('action-status');

function wire(caseRef) {
  onSubmit(form, async () => {
    const made = readDateTime(form, 'made', {
      date: 'The date the enquiry was made',
      time: 'the time the enquiry was made',
    });
    const local = made.problem ? [{ path: 'madeAt', message: made.problem }] : [];
    const method = fieldValue(form, 'method');
    if (!method) local.push({ path: 'method', message: 'Choose the kind of enquiry' });
    // An unusable date still goes (as "") so the API checks every other field in the same round.
    const answer = await send(
      form,
      `/cases/${encodeURIComponent(caseRef)}/enquiries`,
      {
        method,
        madeAt: made.iso ?? '',
        description: fieldValue(form, 'description'),
        findings: fieldValue(form, 'findings'),
      },
      { local, refusals: caseRefusals },
    );
    if (!answer) return;
    finish(
      form,
      'Enquiry recorded',
      [
        'A notice addressed to the occupier cites it as:',
        answer.enquiry?.enquiry,
        bannerLink('Back to the case', `/staff/case?ref=${encodeURIComponent(caseRef)}#enquiries`),
      ],
      ['enquiry-why'],
    );
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Record an enquiry');
  const view = await loadCase(caseRef, statusLine);
  if (
    view &&
    mayAct(session, view, statusLine, { groups: ['caseworker', 'manager'], who: 'caseworkers and managers' })
  ) {
    statusLine.hidden = true;
    document.getElementById('enquiry-why').hidden = false;
    form.hidden = false;
    wire(caseRef);
  }
}
