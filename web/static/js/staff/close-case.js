/**
 * A manager closes a case by hand (`POST /cases/{caseRef}/closure`) with a reason for the record
 * and the words the complainants' letters give. Its workflow, open tasks and waits are stopped.
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
import { fieldValue } from './forms.js';
import { requireSession } from './session.js';

const form = document.getElementById('close-form');
const statusLine = document.getElementById('action-status');

const refusals = {
  ...caseRefusals,
  CASE_CLOSED: {
    title: 'This case is already closed',
    message: 'Someone closed it first. Nothing more was done.',
  },
};

function wire(caseRef) {
  onSubmit(form, async () => {
    const answer = await send(
      form,
      `/cases/${encodeURIComponent(caseRef)}/closure`,
      { reason: fieldValue(form, 'reason'), residentOutcome: fieldValue(form, 'residentOutcome') },
      { refusals },
    );
    if (!answer) return;
    const cancelled = answer.cancelledTasks?.length ?? 0;
    const letters = answer.messages?.length ?? 0;
    finish(
      form,
      'Case closed',
      [
        cancelled
          ? `${cancelled} open ${cancelled === 1 ? 'task was' : 'tasks were'} cancelled, and the workflow stopped.`
          : 'Nothing was waiting on a decision; the workflow stopped.',
        letters
          ? `${letters} ${letters === 1 ? 'letter or email goes' : 'letters or emails go'} to the people on the case.`
          : 'There was no one to write to.',
        'A manager can reopen the case if the noise starts again.',
        bannerLink('Back to the case', `/staff/case?ref=${encodeURIComponent(caseRef)}`),
      ],
      ['close-warning'],
    );
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Close the case');
  const view = await loadCase(caseRef, statusLine);
  if (view && mayAct(session, view, statusLine, { groups: ['manager'], who: 'team managers' })) {
    statusLine.hidden = true;
    document.getElementById('close-warning').hidden = false;
    form.hidden = false;
    wire(caseRef);
  }
}
