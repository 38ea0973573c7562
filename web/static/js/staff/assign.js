/**
 * A manager assigns (or reassigns) a case (`POST /cases/{caseRef}/owner`): to themselves, or to
 * another member of staff by their staff user id and name. The owner sees it in "My cases" with
 * what is due next, and its tasks in "Tasks on my cases".
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
import { fieldValue, revealConditionals } from './forms.js';
import { requireSession } from './session.js';

const form = document.getElementById('assign-form');
const statusLine = document.getElementById('action-status');

function wire(caseRef, session) {
  onSubmit(form, async () => {
    const assignee = fieldValue(form, 'assignee');
    const me = assignee === 'me';
    const local = assignee ? [] : [{ path: 'assignee', message: 'Choose who should own the case' }];
    const reason = fieldValue(form, 'reason');
    const owner = me ? (session.id ?? '') : fieldValue(form, 'owner');
    const ownerName = me ? (session.name ?? '') : fieldValue(form, 'ownerName');
    const answer = await send(
      form,
      `/cases/${encodeURIComponent(caseRef)}/owner`,
      { owner, ownerName, ...(reason ? { reason } : {}) },
      { local, refusals: caseRefusals },
    );
    if (!answer) return;
    finish(
      form,
      me ? 'The case is yours' : `Assigned to ${answer.ownerName}`,
      [
        `${me ? 'You own' : `${answer.ownerName} owns`} case ${caseRef}: it is in ${me ? 'your' : 'their'} “My cases” list with what is due next, and its tasks are under “Tasks on my cases”.`,
        bannerLink('Back to the case', `/staff/case?ref=${encodeURIComponent(caseRef)}`),
      ],
      ['current-owner'],
    );
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Assign the case');
  const view = await loadCase(caseRef, statusLine);
  if (view && mayAct(session, view, statusLine, { groups: ['manager'], who: 'team managers' })) {
    const c = view.case;
    const box = document.getElementById('current-owner');
    box.textContent = c.owner
      ? `The case is owned by ${c.ownerName ?? c.owner}. Choose who owns it now.`
      : 'Nobody owns this case yet.';
    box.hidden = false;
    if (c.owner) document.getElementById('action-heading').textContent = 'Reassign the case';
    document.querySelector('label[for="assignee"]').textContent = `You (${session.name})`;
    statusLine.hidden = true;
    form.hidden = false;
    revealConditionals(form);
    wire(caseRef, session);
  }
}
