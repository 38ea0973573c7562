/**
 * Record a requirement to give a name and address (`POST /cases/{caseRef}/name-and-address-requirements`):
 * the power used (Police Reform Act 2002 s.50 or Schedule 5, Noise Act 1996 s.8B), the officer's
 * accreditation and its expiry (a requirement after it expired is refused), the result and any
 * refusal. The officer is the signed-in person.
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
import { fieldValue, readAddress, readDate, readDateTime, revealConditionals } from './forms.js';
import { nameAndAddressResults } from './labels.js';
import { requireSession } from './session.js';

const form = document.getElementById('requirement-form');
const statusLine = document.getElementById('action-status');

function wire(caseRef) {
  onSubmit(form, async () => {
    const local = [];
    const required = readDateTime(form, 'required', {
      date: 'The date you required it',
      time: 'the time you required it',
    });
    if (required.problem) local.push({ path: 'requiredAt', message: required.problem });
    const expires = readDate(form, 'expires', 'The expiry date of your accreditation');
    if (expires.problem) local.push({ path: 'accreditationExpiresOn', message: expires.problem });
    const power = fieldValue(form, 'power');
    if (!power) local.push({ path: 'power', message: 'Choose the power you used' });
    const result = fieldValue(form, 'result');
    if (!result) local.push({ path: 'result', message: 'Choose what happened' });
    const given = result === 'given';
    const address = given ? readAddress(form, 'given.address') : undefined;
    const name = given ? fieldValue(form, 'given.name') : '';
    const notes = fieldValue(form, 'notes');
    const body = {
      requiredAt: required.iso ?? '',
      power,
      accreditationNumber: fieldValue(form, 'accreditationNumber'),
      // An unusable date is sent blank, which the API refuses too: nothing is recorded meanwhile.
      ...(expires.date ? { accreditationExpiresOn: expires.date } : {}),
      ...(expires.problem ? { accreditationExpiresOn: '' } : {}),
      result,
      ...(name ? { name } : {}),
      ...(address ? { address } : {}),
      ...(notes ? { notes } : {}),
    };
    const answer = await send(
      form,
      `/cases/${encodeURIComponent(caseRef)}/name-and-address-requirements`,
      body,
      { local, refusals: caseRefusals },
    );
    if (!answer) return;
    finish(form, 'Requirement recorded', [
      `${nameAndAddressResults[result] ?? result}.`,
      'It is recorded as an enquiry, which a notice to the occupier cites as:',
      answer.enquiry?.enquiry,
      bannerLink('Back to the case', `/staff/case?ref=${encodeURIComponent(caseRef)}#enquiries`),
    ]);
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Record a name and address requirement');
  const view = await loadCase(caseRef, statusLine);
  if (
    view &&
    mayAct(session, view, statusLine, { groups: ['caseworker', 'manager'], who: 'caseworkers and managers' })
  ) {
    statusLine.hidden = true;
    form.hidden = false;
    revealConditionals(form);
    wire(caseRef);
  }
}
