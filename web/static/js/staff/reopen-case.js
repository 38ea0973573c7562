/**
 * A manager reopens a closed case (`POST /cases/{caseRef}/reopening`): it starts again at triage,
 * and the complainants are told. If a newer case has opened for the same place meanwhile, the
 * answer says so: new reports go there.
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
import { el } from './dom.js';
import { fieldValue } from './forms.js';
import { requireSession } from './session.js';

const form = document.getElementById('reopen-form');
const statusLine = document.getElementById('action-status');

const refusals = {
  ...caseRefusals,
  CASE_NOT_CLOSED: {
    title: 'This case is open',
    message: 'Someone reopened it first, or it was never closed. Nothing more was done.',
  },
  CASE_ANONYMISED: {
    title: 'This case can no longer be reopened',
    message:
      'Its retention period ended and the personal data on it was removed. Report the noise again to open a new case.',
  },
};

function wire(caseRef) {
  onSubmit(form, async () => {
    const answer = await send(
      form,
      `/cases/${encodeURIComponent(caseRef)}/reopening`,
      { reason: fieldValue(form, 'reason') },
      { refusals },
    );
    if (!answer) return;
    finish(
      form,
      'Case reopened',
      [
        'It starts again at triage: the triage task opens in the caseworkers’ queue. The complainants are told.',
        answer.sourceHasOpenCase
          ? el(
              'span',
              {},
              'Another case is open for the same place, so new reports go to it: ',
              bannerLink(
                answer.sourceHasOpenCase,
                `/staff/case?ref=${encodeURIComponent(answer.sourceHasOpenCase)}`,
              ),
              '. Consider merging the two.',
            )
          : undefined,
        bannerLink('Back to the case', `/staff/case?ref=${encodeURIComponent(caseRef)}`),
      ],
      ['reopen-note'],
    );
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Reopen the case');
  const view = await loadCase(caseRef, statusLine);
  if (view && mayAct(session, view, statusLine, { groups: ['manager'], who: 'team managers', open: false })) {
    if (view.case.status !== 'closed') {
      statusLine.textContent = 'This case is open: only a closed case can be reopened.';
    } else if (view.case.anonymisedAt) {
      statusLine.textContent = refusals.CASE_ANONYMISED.message;
    } else {
      statusLine.hidden = true;
      document.getElementById('reopen-note').hidden = false;
      form.hidden = false;
      wire(caseRef);
    }
  }
}
