/**
 * Name (or correct) the person responsible, the owner or landlord, or the managing agent
 * (`POST /cases/{caseRef}/people`). `&corrects=<partyId>` corrects a record: the form comes filled
 * in from it, and the new record replaces it (the old one is kept, marked). The next notice names
 * the person responsible once they are confirmed to be aged 16 or over.
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
import { checkRadio, fieldValue, fillAddress, readAddress } from './forms.js';
import { personRoles } from './labels.js';
import { requireSession } from './session.js';

const form = document.getElementById('person-form');
const statusLine = document.getElementById('action-status');
const NAMED_ROLES = ['responsible', 'owner', 'agent'];

/** The record being corrected, filled into the form; the role question goes (a correction keeps it). */
function prefill(person) {
  const role = (personRoles[person.role] ?? person.role).toLowerCase();
  const box = document.getElementById('person-correcting');
  box.textContent = `You are correcting the details of ${person.name ?? 'a person'}, recorded as the ${role}. The corrected record replaces this one on the case, and the old one is kept, marked as replaced.`;
  box.hidden = false;
  document.getElementById('person-role-question').hidden = true;
  checkRadio(form, 'role', person.role);
  form.querySelector('#person-name').value = person.name ?? '';
  if (person.ageConfirmed16Plus !== undefined)
    checkRadio(form, 'ageConfirmed16Plus', person.ageConfirmed16Plus ? 'yes' : 'no');
  for (const [field, id] of [
    ['relationship', 'person-relationship'],
    ['email', 'person-email'],
    ['phone', 'person-phone'],
  ])
    if (person[field]) form.querySelector(`#${id}`).value = person[field];
  fillAddress(form, 'address', person.address);
  document.querySelector('#action-heading').textContent = `Correct the details of the ${role}`;
}

function wire(caseRef, corrected) {
  onSubmit(form, async () => {
    const role = fieldValue(form, 'role');
    const age = fieldValue(form, 'ageConfirmed16Plus');
    const local = role ? [] : [{ path: 'role', message: 'Choose who you are naming' }];
    const optional = Object.fromEntries(
      ['relationship', 'email', 'phone']
        .map((field) => [field, fieldValue(form, field)])
        .filter(([, value]) => value),
    );
    const address = readAddress(form, 'address');
    // Sent as given, even blank: a problem found here must also be one the API refuses, so
    // nothing is recorded while the page shows it.
    const body = {
      role,
      name: fieldValue(form, 'name'),
      ...(corrected ? { corrects: corrected.partyId } : {}),
      ...(age ? { ageConfirmed16Plus: age === 'yes' } : {}),
      ...optional,
      ...(address ? { address } : {}),
    };
    const answer = await send(form, `/cases/${encodeURIComponent(caseRef)}/people`, body, {
      local,
      refusals: caseRefusals,
      // Without an address the API asks for one: the first line is where it is typed.
      paths: { address: 'address.line1' },
    });
    if (!answer) return;
    const person = answer.person;
    const roleWords = (personRoles[person.role] ?? person.role).toLowerCase();
    const next =
      person.role !== 'responsible'
        ? undefined
        : person.ageConfirmed16Plus
          ? 'The next notice on this case names them.'
          : 'They are not confirmed to be aged 16 or over, so no notice will name them until they are.';
    finish(
      form,
      corrected ? 'Details corrected' : 'Person named',
      [
        `${person.name} is recorded as the ${roleWords}${corrected ? `, replacing ${corrected.name ?? 'the earlier record'}` : ''}.`,
        next,
        bannerLink('Back to the case', `/staff/case?ref=${encodeURIComponent(caseRef)}#parties`),
      ],
      ['person-correcting'],
    );
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Name a person');
  const view = await loadCase(caseRef, statusLine);
  if (
    view &&
    mayAct(session, view, statusLine, { groups: ['caseworker', 'manager'], who: 'caseworkers and managers' })
  ) {
    const corrects = new URLSearchParams(location.search).get('corrects');
    const corrected = corrects
      ? (view.parties ?? []).find(
          (p) => p.partyId === corrects && NAMED_ROLES.includes(p.role) && !p.supersededBy,
        )
      : undefined;
    if (corrects && !corrected) {
      statusLine.textContent =
        'There is no current record of that person on this case: it may have been corrected already. Go back to the case to see who is recorded.';
    } else {
      if (corrected) prefill(corrected);
      statusLine.hidden = true;
      form.hidden = false;
      wire(caseRef, corrected);
    }
  }
}
