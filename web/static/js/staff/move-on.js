/**
 * A manager moves a stalled case on (`POST /cases/{caseRef}/move-on`): restart the stage it was
 * in, send it to a decision (triage, or the decision on a breach that counts), or close it with a
 * reason and words for the complainants. Only a case whose workflow stalled can be moved on.
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
import { fieldValue, revealConditionals } from './forms.js';
import { phases, sentence } from './labels.js';
import { requireSession } from './session.js';

const form = document.getElementById('move-form');
const statusLine = document.getElementById('action-status');

/** The decision a breach of each kind of notice goes to. */
const breachDecisions = {
  cpw: ['asb-cpn-decision', 'The decision on a breach of the Community Protection Warning'],
  cpn: ['asb-cpn-breach-decision', 'The decision on a breach of the Community Protection Notice'],
  'abatement-notice': ['nuisance-breach-decision', 'The decision on a breach of the abatement notice'],
  'noise-act-warning': ['noise-act-offence', 'The decision on the Noise Act offence'],
};

/** Triage, and the breach decisions this case has a breach that counts for. */
function renderDecisions(view) {
  const kinds = new Set(
    (view.breaches ?? []).filter((b) => b.counts && b.noticeKind).map((b) => b.noticeKind),
  );
  const options = [
    ['investigation', 'Triage', 'A caseworker chooses the route again.'],
    ...[...kinds]
      .filter((kind) => breachDecisions[kind])
      .map((kind) => [...breachDecisions[kind], 'It acts on the latest breach that counts.']),
  ];
  document.getElementById('move-phase-radios').replaceChildren(
    ...options.map(([phase, label, hint], index) => {
      const id = index === 0 ? 'move-phase' : `move-phase-${phase}`;
      return el(
        'div',
        { className: 'govuk-radios__item' },
        el('input', {
          className: 'govuk-radios__input',
          id,
          name: 'phase',
          type: 'radio',
          value: phase,
          'aria-describedby': `${id}-hint`,
        }),
        el('label', { className: 'govuk-label govuk-radios__label', htmlFor: id }, label),
        el('div', { id: `${id}-hint`, className: 'govuk-hint govuk-radios__hint' }, hint),
      );
    }),
  );
}

const refusals = {
  ...caseRefusals,
  CASE_NOT_STALLED: {
    title: 'This case’s workflow has not stalled',
    message: 'It is running: decide its open task instead, or close the case with a reason.',
  },
  NO_PHASE_TO_RESTART: {
    title: 'There is no stage to restart',
    message: 'The case records no stage it was in. Send it to a decision instead.',
  },
  NO_COUNTING_BREACH: {
    title: 'No breach counts for that decision',
    message:
      'A breach decision needs a breach that counts against that kind of notice. Choose triage instead.',
  },
};

function wire(caseRef) {
  onSubmit(form, async () => {
    const action = fieldValue(form, 'action');
    const local = action ? [] : [{ path: 'action', message: 'Choose how the case should move on' }];
    const reason = fieldValue(form, 'reason');
    const body = { action, reason };
    if (action === 'start-decision') {
      body.phase = fieldValue(form, 'phase');
      if (!body.phase) local.push({ path: 'phase', message: 'Choose the decision to send the case to' });
    }
    if (action === 'close') body.residentOutcome = fieldValue(form, 'residentOutcome');
    const answer = await send(form, `/cases/${encodeURIComponent(caseRef)}/move-on`, body, {
      local,
      refusals,
    });
    if (!answer) return;
    const back = bannerLink('Back to the case', `/staff/case?ref=${encodeURIComponent(caseRef)}`);
    if (answer.action === 'close') {
      finish(
        form,
        'Case closed',
        ['The stalled workflow is stopped and the complainants are written to.', back],
        ['move-stage'],
      );
      return;
    }
    finish(
      form,
      answer.action === 'restart-phase' ? 'Stage restarted' : 'Sent to a decision',
      [
        `The case is now at: ${phases[answer.phase] ?? sentence(answer.phase)}.`,
        'The flag comes off once the new workflow has started; its task opens in the queue.',
        back,
      ],
      ['move-stage'],
    );
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Move a stalled case on');
  const view = await loadCase(caseRef, statusLine);
  if (view && mayAct(session, view, statusLine, { groups: ['manager'], who: 'team managers' })) {
    if (!view.case.flags?.includes('workflow-stalled')) {
      statusLine.textContent =
        'This case’s workflow has not stalled: decide its open task, or close the case with a reason.';
    } else {
      const box = document.getElementById('move-stage');
      box.textContent = `The workflow stalled at: ${view.case.phase ? (phases[view.case.phase] ?? sentence(view.case.phase)) : 'no recorded stage'}.`;
      box.hidden = false;
      renderDecisions(view);
      statusLine.hidden = true;
      form.hidden = false;
      revealConditionals(form);
      wire(caseRef);
    }
  }
}
