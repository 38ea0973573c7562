/**
 * Record a Noise Act warning notice served at night (`POST /cases/{caseRef}/noise-act/warning-notices`,
 * s.3): when it was served and on whom, its warning period, and the levels measured. The API refuses
 * it, field by field, when it was served in the day or its period starts under 10 minutes after
 * service or does not end at the following 07:00, and as a whole when the source is not a dwelling
 * or licensed premises. The answer gives the permitted level: noise above it in the period is the
 * offence.
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
import { fieldValue, readDateTime, readDecibels, revealConditionals } from './forms.js';
import { sourceKinds } from './labels.js';
import { requireSession } from './session.js';

const form = document.getElementById('warning-form');
const statusLine = document.getElementById('action-status');

/** What the officer should know first: what the Act covers, and whether this case's source is covered. */
function describe(view) {
  const kind = view.case.sourceKind;
  const covered = kind === 'domestic' || kind === 'licensed-premises';
  const box = document.getElementById('noise-act-note');
  box.textContent = covered
    ? `The Noise Act 1996 covers noise at night, 11pm to 7am, from a dwelling or licensed premises: this case is about ${(sourceKinds[kind] ?? kind).toLowerCase()}. It runs beside the route the case is on. Noise above the permitted level in the warning period is an offence, met with a fixed penalty or a prosecution.`
    : `The Noise Act 1996 covers noise at night from a dwelling or licensed premises only, and this case is about ${(sourceKinds[kind] ?? kind).toLowerCase()}: a warning notice will be refused. Use the statutory nuisance route instead.`;
  box.hidden = false;
}

const refusals = {
  ...caseRefusals,
  NOISE_ACT_NOT_AVAILABLE: { title: 'The Noise Act does not cover this case' },
  WARNING_PERIOD_RUNNING: { title: 'A warning period already covers this time' },
  // The API says when the times fail section 3, rather than a field being missing.
  VALIDATION_FAILED: {
    title: (error) => (/section 3/.test(error.message ?? '') ? error.message : undefined),
  },
};

function wire(caseRef) {
  onSubmit(form, async () => {
    const local = [];
    const times = {};
    for (const [prefix, path, words] of [
      ['served', 'servedAt', ['The date it was served', 'the time it was served']],
      ['period-from', 'period.from', ['The date the period starts', 'the time the period starts']],
      ['period-until', 'period.until', ['The date the period ends', 'the time the period ends']],
    ]) {
      const read = readDateTime(form, prefix, { date: words[0], time: words[1] });
      if (read.problem) local.push({ path, message: read.problem });
      times[path] = read.iso ?? '';
    }
    const levels = {};
    for (const [name, what] of [
      ['measuredDb', 'the level measured'],
      ['backgroundDb', 'the background level'],
    ]) {
      const read = readDecibels(form, name, what);
      if (read.problem) local.push({ path: name, message: read.problem });
      // Blank or not a number, it still goes, so the API refuses it with the rest.
      levels[name] = read.value ?? fieldValue(form, name);
    }
    const kind = fieldValue(form, 'servedOn.kind');
    const servedOn =
      kind === 'person' || kind === 'body'
        ? { kind, name: fieldValue(form, `servedOn.${kind}.name`) }
        : kind
          ? { kind }
          : undefined;
    const measuredFrom = fieldValue(form, 'measuredFrom');
    const answer = await send(
      form,
      `/cases/${encodeURIComponent(caseRef)}/noise-act/warning-notices`,
      {
        servedAt: times.servedAt,
        period: { from: times['period.from'], until: times['period.until'] },
        ...levels,
        ...(servedOn ? { servedOn } : {}),
        ...(measuredFrom ? { measuredFrom } : {}),
      },
      { local, refusals },
    );
    if (!answer) return;
    finish(
      form,
      'Warning notice recorded',
      [
        `The warning period runs from ${formatDateTime(answer.period.from)} to ${formatDateTime(answer.period.until)}.`,
        `The permitted level is ${answer.levels.permittedDb} dB(A) (background ${answer.levels.backgroundDb} dB(A)). Noise above it in the period is an offence; measure it and record the measurement.`,
        'The notice and a letter to the complainants are on the case.',
        bannerLink(
          'Record a measurement',
          `/staff/record-noise-act-measurement?ref=${encodeURIComponent(caseRef)}`,
        ),
      ],
      ['noise-act-note'],
    );
  });
}

// Last, so every module-level constant above exists before the page starts using them.
const session = requireSession();
if (session) {
  initAll();
  const caseRef = caseFromAddress('Record a Noise Act warning notice');
  const view = await loadCase(caseRef, statusLine);
  if (
    view &&
    mayAct(session, view, statusLine, { groups: ['caseworker', 'manager'], who: 'caseworkers and managers' })
  ) {
    statusLine.hidden = true;
    describe(view);
    form.hidden = false;
    revealConditionals(form);
    wire(caseRef);
  }
}
