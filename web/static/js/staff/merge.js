/**
 * A manager merges this case into another about the same place (`POST /cases/{caseRef}/merge`):
 * this case closes into it, and its reports, people, assessments, enquiries and open tasks move.
 * A case with a notice in force is not merged away: breaches of it are judged on its own case.
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

const form = document.getElementById('merge-form');
const statusLine = document.getElementById('action-status');
const CASE_REF = /^NN-\d{4}-\d{6}$/;

function refusalsFor(caseRef, into) {
  return {
    ...caseRefusals,
    CASE_HAS_LIVE_NOTICE: {
      title: 'A notice is in force on this case',
      message: `Breaches of a notice are judged on the case it was served on, so ${caseRef} cannot be merged away while its notice is in force. Merge ${into} into ${caseRef} instead: open ${into} and merge it into this one.`,
    },
    CASE_CLOSED: {
      title: 'A closed case cannot be merged',
      message: (error) => `${String(error.message).replace(/\.?$/, '.')} Nothing was merged.`,
    },
  };
}

function wire(caseRef) {
  onSubmit(form, async () => {
    const into = fieldValue(form, 'into').toUpperCase();
    const local =
      into && !CASE_REF.test(into)
        ? [{ path: 'into', message: 'Enter a case reference like NN-2026-000123' }]
        : [];
    const answer = await send(
      form,
      `/cases/${encodeURIComponent(caseRef)}/merge`,
      { into, reason: fieldValue(form, 'reason') },
      { local, refusals: refusalsFor(caseRef, into || 'the other case') },
    );
    if (!answer) return;
    const { complaints, people, tasks } = answer.moved ?? {};
    finish(
      form,
      `Merged into ${answer.mergedInto}`,
      [
        `${caseRef} is closed. ${complaints ?? 0} ${complaints === 1 ? 'report' : 'reports'}, ${people ?? 0} ${people === 1 ? 'person' : 'people'} and ${tasks ?? 0} ${tasks === 1 ? 'task' : 'tasks'} moved; ${answer.mergedInto} now has ${answer.complaintCount} ${answer.complaintCount === 1 ? 'report' : 'reports'}.`,
        'The complainants are written to, and their tracking tokens keep working.',
        el(
          'span',
          {},
          bannerLink(`Open ${answer.mergedInto}`, `/staff/case?ref=${encodeURIComponent(answer.mergedInto)}`),
        ),
      ],
      ['merge-note'],
    );
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Merge cases');
  const view = await loadCase(caseRef, statusLine);
  if (view && mayAct(session, view, statusLine, { groups: ['manager'], who: 'team managers' })) {
    statusLine.hidden = true;
    document.getElementById('merge-note').hidden = false;
    form.hidden = false;
    wire(caseRef);
  }
}
