/**
 * Record conduct witnessed against the notice in force (`POST /cases/{caseRef}/breaches`). The
 * answer says plainly whether it counts as a breach and was acted on, or is kept as evidence and why.
 */
import { initAll } from '/assets/govuk-frontend.min.js';
import { clearErrors, clearErrorTitle } from '../shared/errors.js';
import { formatDateTime } from '../shared/format.js';
import { caseFromAddress, loadCase, send, showAnswer } from './case-action.js';
import { noticeTitle } from './case-parts.js';
import { fieldValue, readDateTime } from './forms.js';
import { requireSession } from './session.js';

const form = document.getElementById('breach-form');
const statusLine = document.getElementById('action-status');

/** What the officer should know before recording: which notice is in force and from when conduct counts. */
function describeNotice(view) {
  const box = document.getElementById('breach-notice');
  const live = view.case.liveNotice;
  if (!live) {
    box.textContent =
      'No notice is in force on this case: anything you record is kept as evidence only and acts on nothing.';
  } else {
    const suspended =
      live.suspended === 'do'
        ? ' An appeal is pending: its “do” requirements are suspended.'
        : live.suspended === 'all'
          ? ' An appeal is pending: the notice is suspended.'
          : '';
    box.textContent = `In force: the ${noticeTitle(live.kind)} served ${formatDateTime(live.servedAt)}. Conduct counts as a breach only after its time to comply ended, ${formatDateTime(live.breachableFrom)}; anything earlier is kept as evidence.${suspended}`;
  }
  box.hidden = false;
}

function answerWords(answer) {
  if (answer.counts && answer.actedOn)
    return {
      heading: 'Recorded as a breach and acted on',
      lines: [
        `${answer.why}.`,
        answer.note ?? 'A manager decides what to do about it: the decision is in their queue.',
      ],
    };
  if (answer.counts)
    return { heading: 'Recorded as a breach, not acted on now', lines: [`${answer.why}.`, answer.note] };
  return {
    heading: 'Kept as evidence, not a breach',
    lines: [`${answer.why}.`, 'It stays on the case and acts on nothing, now or later.'],
  };
}

function wire(caseRef) {
  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    const witnessed = readDateTime(form, 'witnessed', {
      date: 'The date it was witnessed',
      time: 'the time it was witnessed',
    });
    const local = witnessed.problem ? [{ path: 'witnessedAt', message: witnessed.problem }] : [];
    const requirement = fieldValue(form, 'requirement');
    const location = fieldValue(form, 'location');
    // An unusable date still goes (as "") so the API checks every other field in the same round.
    const body = {
      witnessedAt: witnessed.iso ?? '',
      description: fieldValue(form, 'description'),
      ...(location ? { location } : {}),
      ...(requirement ? { requirement } : {}),
    };
    sending = true;
    try {
      const answer = await send(form, `/cases/${encodeURIComponent(caseRef)}/breaches`, body, {
        local,
        refusals: { CASE_MERGED: { title: 'This case was merged into another' } },
      });
      if (!answer) return;
      clearErrors(form);
      clearErrorTitle();
      form.hidden = true;
      document.getElementById('breach-notice').hidden = true;
      const { heading, lines } = answerWords(answer);
      showAnswer(heading, lines);
    } finally {
      sending = false;
    }
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Record a breach or evidence');
  const view = await loadCase(caseRef, statusLine);
  if (view) {
    if (!session.groups.includes('caseworker') && !session.groups.includes('manager')) {
      statusLine.textContent = 'Only caseworkers and managers record breaches.';
    } else {
      statusLine.hidden = true;
      describeNotice(view);
      form.hidden = false;
      wire(caseRef);
    }
  }
}
