/**
 * Record a measurement against a Noise Act warning notice (`POST /cases/{caseRef}/noise-act/exceedances`).
 * Above the permitted level in the warning period it is the offence (s.4, s.4A), once per period,
 * and a manager is asked to decide on it; otherwise it is kept as evidence. The answer says which,
 * and why.
 */
import { initAll } from '/assets/govuk-frontend.min.js';
import { formatDate, formatDateTime } from '../shared/format.js';
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
import { fieldValue, readDateTime, readDecibels } from './forms.js';
import { requireSession } from './session.js';

const form = document.getElementById('measure-form');
const statusLine = document.getElementById('action-status');

/** The warning notices on the case, newest first, the newest chosen. */
function renderNotices(warnings) {
  document.getElementById('measure-notice-radios').replaceChildren(
    ...warnings.map((notice, index) => {
      const id = index === 0 ? 'measure-notice' : `measure-notice-${notice.noticeId}`;
      return el(
        'div',
        { className: 'govuk-radios__item' },
        el('input', {
          className: 'govuk-radios__input',
          id,
          name: 'warningNoticeId',
          type: 'radio',
          value: notice.noticeId,
          checked: index === 0,
          'aria-describedby': `${id}-hint`,
        }),
        el(
          'label',
          { className: 'govuk-label govuk-radios__label', htmlFor: id },
          `Served ${formatDateTime(notice.servedAt)}`,
        ),
        el(
          'div',
          { id: `${id}-hint`, className: 'govuk-hint govuk-radios__hint' },
          `Period ${formatDateTime(notice.period.from)} to ${formatDateTime(notice.period.until)}; permitted level ${notice.levels?.permittedDb} dB(A)`,
        ),
      );
    }),
  );
}

function answerWords(answer) {
  const limitation = answer.limitationDate
    ? `Proceedings must start by ${formatDate(answer.limitationDate)} (Magistrates’ Courts Act 1980 section 127).`
    : undefined;
  if (answer.counts && answer.actedOn)
    return {
      heading: 'Recorded as the offence: a manager decides',
      lines: [
        `${answer.why}.`,
        'A manager is asked to decide on a fixed penalty, a prosecution or no further action: the decision is in their queue.',
        limitation,
      ],
    };
  if (answer.counts)
    return {
      heading: 'Recorded as the offence, not acted on now',
      lines: [`${answer.why}.`, answer.note ? `${answer.note}.` : undefined, limitation],
    };
  return {
    heading: 'Kept as evidence, not an offence',
    lines: [`${answer.why}.`, 'It stays on the case and acts on nothing.'],
  };
}

function wire(caseRef) {
  onSubmit(form, async () => {
    const local = [];
    const measured = readDateTime(form, 'measured', {
      date: 'The date you measured it',
      time: 'the time you measured it',
    });
    if (measured.problem) local.push({ path: 'measuredAt', message: measured.problem });
    const level = readDecibels(form, 'levelDb', 'the level measured');
    if (level.problem) local.push({ path: 'levelDb', message: level.problem });
    const warningNoticeId = fieldValue(form, 'warningNoticeId');
    const measuredFrom = fieldValue(form, 'measuredFrom');
    const note = fieldValue(form, 'note');
    const answer = await send(
      form,
      `/cases/${encodeURIComponent(caseRef)}/noise-act/exceedances`,
      {
        measuredAt: measured.iso ?? '',
        levelDb: level.value ?? fieldValue(form, 'levelDb'),
        ...(warningNoticeId ? { warningNoticeId } : {}),
        ...(measuredFrom ? { measuredFrom } : {}),
        ...(note ? { note } : {}),
      },
      { local, refusals: caseRefusals },
    );
    if (!answer) return;
    const { heading, lines } = answerWords(answer);
    finish(form, heading, [
      ...lines,
      bannerLink('Back to the case', `/staff/case?ref=${encodeURIComponent(caseRef)}#breaches`),
    ]);
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Record a Noise Act measurement');
  const view = await loadCase(caseRef, statusLine);
  // A measurement in a warning period reopens a closed case, so a closed case is not refused here.
  if (
    view &&
    mayAct(session, view, statusLine, {
      groups: ['caseworker', 'manager'],
      who: 'caseworkers and managers',
      open: false,
    })
  ) {
    const warnings = (view.notices ?? [])
      .filter((n) => n.kind === 'noise-act-warning' && n.period)
      .sort((a, b) => b.servedAt.localeCompare(a.servedAt));
    if (warnings.length === 0) {
      statusLine.textContent =
        'No Noise Act warning notice has been served on this case. Record the warning notice first: a measurement counts only in its period.';
    } else {
      statusLine.hidden = true;
      renderNotices(warnings);
      form.hidden = false;
      wire(caseRef);
    }
  }
}
