/**
 * Assess (or reassess) the risk to a complainant (`POST /cases/{caseRef}/risk-assessments`): the
 * five questions the report form asks, answered by staff, with notes. Every assessment is kept;
 * `&party=<partyId>` chooses the complainant and fills in their latest answers. A high assessment
 * makes the case high priority and asks a manager to consider a safeguarding referral.
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
import { el } from './dom.js';
import { checkRadio, fieldValue } from './forms.js';
import { riskLevels, riskQuestions } from './labels.js';
import { requireSession } from './session.js';

const form = document.getElementById('risk-form');
const statusLine = document.getElementById('action-status');

function latestOf(view, partyId) {
  return (view.riskAssessments ?? [])
    .filter((a) => a.partyId === partyId)
    .sort((a, b) => a.assessedAt.localeCompare(b.assessedAt))
    .pop();
}

function complainantRadios(complainants) {
  document.getElementById('risk-complainant-radios').replaceChildren(
    ...complainants.map((person, index) => {
      const id = index === 0 ? 'risk-complainant' : `risk-complainant-${person.partyId}`;
      return el(
        'div',
        { className: 'govuk-radios__item' },
        el('input', {
          className: 'govuk-radios__input',
          id,
          name: 'complainantPartyId',
          type: 'radio',
          value: person.partyId,
          checked: complainants.length === 1,
        }),
        el(
          'label',
          { className: 'govuk-label govuk-radios__label', htmlFor: id },
          person.name ?? 'Complainant',
        ),
      );
    }),
  );
}

/** One complainant chosen in the address: their name above the questions, their latest answers in them. */
function fixComplainant(view, person) {
  document.getElementById('risk-complainant-question').hidden = true;
  complainantRadios([person]);
  const latest = latestOf(view, person.partyId);
  const box = document.getElementById('risk-latest');
  box.textContent = latest
    ? `Reassessing ${person.name ?? 'the complainant'}. Their latest assessment, ${formatDateTime(latest.assessedAt)}, was ${riskLevels[latest.level]?.label.toLowerCase() ?? latest.level}: its answers are filled in below. Change what has changed.`
    : `Assessing ${person.name ?? 'the complainant'}. They have not been assessed before.`;
  box.hidden = false;
  for (const question of Object.keys(riskQuestions))
    if (latest?.answers?.[question]) checkRadio(form, `answers.${question}`, latest.answers[question]);
}

function wire(caseRef) {
  onSubmit(form, async () => {
    const complainantPartyId = fieldValue(form, 'complainantPartyId');
    const local = complainantPartyId
      ? []
      : [{ path: 'complainantPartyId', message: 'Choose the complainant you are assessing' }];
    const answers = Object.fromEntries(
      Object.keys(riskQuestions)
        .map((question) => [question, fieldValue(form, `answers.${question}`)])
        .filter(([, answer]) => answer),
    );
    const notes = fieldValue(form, 'notes');
    const answer = await send(
      form,
      `/cases/${encodeURIComponent(caseRef)}/risk-assessments`,
      { complainantPartyId, answers, ...(notes ? { notes } : {}) },
      { local, refusals: caseRefusals },
    );
    if (!answer) return;
    const level = riskLevels[answer.level]?.label ?? answer.level;
    finish(
      form,
      `Assessed: ${level.toLowerCase()}`,
      [
        `Score ${answer.score}. Every assessment is kept on the case.`,
        answer.priority === 'high'
          ? 'The case is high priority while any complainant’s latest assessment is high.'
          : 'The case is at normal priority.',
        answer.safeguardingTaskId
          ? el(
              'span',
              {},
              'A manager is asked to consider a safeguarding referral: ',
              bannerLink(
                'the safeguarding referral task',
                `/staff/task?id=${encodeURIComponent(answer.safeguardingTaskId)}`,
              ),
              '.',
            )
          : undefined,
        bannerLink('Back to the case', `/staff/case?ref=${encodeURIComponent(caseRef)}#risk`),
      ],
      ['risk-latest'],
    );
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Assess the risk to a complainant');
  const view = await loadCase(caseRef, statusLine);
  if (
    view &&
    mayAct(session, view, statusLine, { groups: ['caseworker', 'manager'], who: 'caseworkers and managers' })
  ) {
    const complainants = (view.parties ?? []).filter((p) => p.role === 'complainant' && !p.anonymisedAt);
    const party = new URLSearchParams(location.search).get('party');
    const chosen = party ? complainants.find((p) => p.partyId === party) : undefined;
    if (complainants.length === 0) {
      statusLine.textContent = 'There is no complainant on this case to assess.';
    } else if (party && !chosen) {
      statusLine.textContent = 'That complainant is not on this case. Go back to the case and choose again.';
    } else {
      if (chosen) fixComplainant(view, chosen);
      else complainantRadios(complainants);
      statusLine.hidden = true;
      form.hidden = false;
      wire(caseRef);
    }
  }
}
