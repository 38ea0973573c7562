/**
 * Record that a party withdrew from restorative justice (`POST /cases/{caseRef}/restorative/withdrawal`):
 * the step waiting on them ends and the case returns to enforcement.
 */
import { initAll } from '/assets/govuk-frontend.min.js';
import { clearErrors, clearErrorTitle } from '../shared/errors.js';
import { caseFromAddress, loadCase, send, showAnswer } from './case-action.js';
import { fieldValue } from './forms.js';
import { requireSession } from './session.js';

const form = document.getElementById('withdrawal-form');
const statusLine = document.getElementById('action-status');

function wire(caseRef) {
  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    const party = fieldValue(form, 'party');
    const local = party ? [] : [{ path: 'party', message: 'Choose who withdrew' }];
    sending = true;
    try {
      const answer = await send(
        form,
        `/cases/${encodeURIComponent(caseRef)}/restorative/withdrawal`,
        { party, reason: fieldValue(form, 'reason') },
        {
          local,
          refusals: {
            NOT_IN_RESTORATIVE_PROCESS: {
              title: 'Restorative justice is not waiting on anyone',
              message:
                'No restorative justice step is waiting on this case, so there is nothing to withdraw from. Reload the case to see where it is now.',
            },
          },
        },
      );
      if (!answer) return;
      clearErrors(form);
      clearErrorTitle();
      form.hidden = true;
      showAnswer('Withdrawal recorded', [
        `${party === 'complainant' ? 'The complainant' : 'The person responsible'} has withdrawn from restorative justice.`,
        'The case returns to the enforcement decision it was on.',
      ]);
    } finally {
      sending = false;
    }
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Record a withdrawal from restorative justice');
  const view = await loadCase(caseRef, statusLine);
  if (view) {
    if (view.case.status !== 'restorative-process') {
      statusLine.textContent =
        'This case is not in restorative justice, so there is nothing to withdraw from.';
    } else {
      statusLine.hidden = true;
      form.hidden = false;
      wire(caseRef);
    }
  }
}
