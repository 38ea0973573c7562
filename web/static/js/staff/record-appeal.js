/**
 * Record an appeal lodged against a notice (`POST /cases/{caseRef}/appeals`): which notice, when it
 * was lodged and at which court. The answer says what the appeal suspends and that a manager
 * records the court's decision.
 */
import { initAll, Radios } from '/assets/govuk-frontend.min.js';
import { clearErrors, clearErrorTitle } from '../shared/errors.js';
import { formatDateTime } from '../shared/format.js';
import { caseFromAddress, loadCase, send, showAnswer } from './case-action.js';
import { appealable, noticeTitle } from './case-parts.js';
import { el } from './dom.js';
import { fieldValue, readDateTime } from './forms.js';
import { requireSession } from './session.js';

const form = document.getElementById('appeal-form');
const statusLine = document.getElementById('action-status');
const MIDDAY = { hour: 12, minute: 0 };

function renderNotices(notices, chosen) {
  const radios = document.getElementById('appeal-notices');
  radios.replaceChildren(
    ...notices.map((notice, index) => {
      const id = index === 0 ? 'appeal-notice' : `appeal-notice-${notice.noticeId}`;
      return el(
        'div',
        { className: 'govuk-radios__item' },
        el('input', {
          className: 'govuk-radios__input',
          id,
          name: 'noticeId',
          type: 'radio',
          value: notice.noticeId,
          checked: notice.noticeId === chosen,
          'aria-describedby': `${id}-hint`,
        }),
        el(
          'label',
          { className: 'govuk-label govuk-radios__label', htmlFor: id },
          `${noticeTitle(notice.kind)} served ${formatDateTime(notice.servedAt)}`,
        ),
        el(
          'div',
          { id: `${id}-hint`, className: 'govuk-hint govuk-radios__hint' },
          `Appeal window until ${formatDateTime(notice.appealUntil)}`,
        ),
      );
    }),
  );
  radios.dataset.module = 'govuk-radios';
  new Radios(radios);
}

const suspensionWords = {
  do: 'While it is pending, the notice’s “do” requirements are suspended; its “stop” requirements stay in force (section 46).',
  all: 'While it is pending, the notice is suspended.',
  none: 'The notice stays in force while the appeal is pending.',
};

function wire(caseRef) {
  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    const local = [];
    const noticeId = fieldValue(form, 'noticeId');
    if (!noticeId) local.push({ path: 'noticeId', message: 'Choose the notice that is appealed' });
    const lodged = readDateTime(
      form,
      'lodged',
      { date: 'The date the appeal was lodged', time: 'the time the appeal was lodged' },
      { defaultTime: MIDDAY },
    );
    if (lodged.problem) local.push({ path: 'lodgedAt', message: lodged.problem });
    sending = true;
    try {
      const answer = await send(
        form,
        `/cases/${encodeURIComponent(caseRef)}/appeals`,
        { noticeId, lodgedAt: lodged.iso ?? '', court: fieldValue(form, 'court') },
        {
          local,
          refusals: {
            NOTICE_NOT_IN_FORCE: { title: 'This notice is no longer in force' },
            APPEAL_PENDING: { title: 'An appeal against this notice is already pending' },
          },
        },
      );
      if (!answer) return;
      clearErrors(form);
      clearErrorTitle();
      form.hidden = true;
      showAnswer('Appeal recorded', [
        suspensionWords[answer.suspends] ?? '',
        answer.taskId
          ? el(
              'span',
              {},
              'A manager records the court’s decision: ',
              el(
                'a',
                {
                  className: 'govuk-notification-banner__link',
                  href: `/staff/task?id=${encodeURIComponent(answer.taskId)}`,
                },
                'the appeal outcome task',
              ),
              '.',
            )
          : 'A manager records the court’s decision.',
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
  const caseRef = caseFromAddress('Record an appeal');
  const view = await loadCase(caseRef, statusLine);
  if (view) {
    const notices = (view.notices ?? []).filter(appealable);
    if (!session.groups.includes('caseworker') && !session.groups.includes('manager')) {
      statusLine.textContent = 'Only caseworkers and managers record appeals.';
    } else if (notices.length === 0) {
      statusLine.textContent =
        'No notice on this case can be appealed now: only a notice in force with an appeal window, and no appeal pending, can be.';
    } else {
      statusLine.hidden = true;
      renderNotices(notices, new URLSearchParams(location.search).get('notice'));
      form.hidden = false;
      wire(caseRef);
    }
  }
}
