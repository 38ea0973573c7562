/**
 * Pieces of the staff view of a case (`GET /cases/{caseRef}`) that more than one page shows: the
 * summary, notices, breaches, penalties and the words for timeline entries.
 */
import { formatDate, formatDateTime, formatPence } from '../shared/format.js';
import { body, el, list, summaryCard, summaryRow, table } from './dom.js';
import {
  appealStatuses,
  caseFlags,
  enquiryMethods,
  flagLabel,
  nameAndAddressPowers,
  nameAndAddressResults,
  noticeKinds,
  noticeStatuses,
  outcomeLabel,
  penaltyStatuses,
  personRoles,
  phases,
  requirementKinds,
  riskLevels,
  routes,
  sentence,
  statusTag,
  tag,
  tagFrom,
  taskTypes,
} from './labels.js';

export function when(iso) {
  return iso ? el('time', { dateTime: iso }, formatDateTime(iso)) : '';
}

export function day(iso) {
  return iso ? el('time', { dateTime: iso }, formatDate(iso)) : '';
}

export function formatAddress(address) {
  if (!address) return '';
  return [address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(', ');
}

const roleNames = { caseworker: 'caseworker', manager: 'team manager', facilitator: 'RJ facilitator' };

/** Who did it, by name: "Priya Shah (team manager)"; a resident is named on the Parties list, not here. */
export function actorName(actor) {
  if (!actor || actor.kind === 'system') return 'the system';
  if (actor.kind === 'resident') return 'a resident';
  const roles = (actor.groups ?? []).map((group) => roleNames[group] ?? group).join(', ');
  return `${actor.name ?? actor.id ?? 'a member of staff'}${roles ? ` (${roles})` : ''}`;
}

export function noticeTitle(kind) {
  return noticeKinds[kind] ?? sentence(kind);
}

/** The source party's own description of the premises, as the first complainant gave it. */
function sourceOf(view) {
  return (view.parties ?? []).find((party) => party.role === 'source');
}

/** The stage in words, with what it is waiting for when the case is waiting on a clock. */
export function stageValue(view) {
  const c = view.case;
  if (!c.phase) return c.status === 'closed' ? 'Closed' : 'Not started';
  const words = phases[c.phase] ?? sentence(c.phase);
  const waiting = (view.deadlines ?? []).filter((d) => d.status === 'waiting');
  const informal = waiting.find((d) => d.kind === 'informal-resolution');
  if (informal)
    return el(
      'span',
      {},
      'Informal resolution (section 80(2A)): the person responsible has until ',
      when(informal.dueAt),
      ' to stop the noise; then the nuisance decision is asked again.',
    );
  return words;
}

/** The legal route each route's own stages belong to. */
const routeOfPhase = (phase) =>
  phase?.startsWith('asb-')
    ? 'asb'
    : phase?.startsWith('nuisance-')
      ? 'statutory-nuisance'
      : phase?.startsWith('noise-act-')
        ? 'noise-act'
        : undefined;

const routeOfNotice = {
  cpw: 'asb',
  cpn: 'asb',
  'abatement-notice': 'statutory-nuisance',
  'noise-act-warning': 'noise-act',
};

/**
 * The route in words: the one the case's stage belongs to (a Noise Act offence takes a case there
 * from any route); in a shared stage (a penalty, a prosecution), the route of the offence it acts
 * on; else the route it was last on. Before triage has chosen one, says so.
 */
export function routeValue(view) {
  const c = view.case;
  const offence = c.startContext?.offenceId
    ? (view.breaches ?? []).find((b) => b.breachId === c.startContext.offenceId)
    : undefined;
  const route = routeOfPhase(c.phase) ?? routeOfNotice[offence?.noticeKind] ?? c.route;
  if (route) return routes[route] ?? sentence(route);
  if (c.phase === 'investigation') return 'Not chosen yet: the case is at triage';
  return 'Not chosen';
}

/** Noise Act warning notices run beside the case's route: the latest one, in a line. */
function noiseActValue(notices) {
  const warnings = notices
    .filter((n) => n.kind === 'noise-act-warning' && n.period)
    .sort((a, b) => a.servedAt.localeCompare(b.servedAt));
  const latest = warnings[warnings.length - 1];
  if (!latest) return undefined;
  return el(
    'span',
    {},
    `${warnings.length} warning ${warnings.length === 1 ? 'notice' : 'notices'} served. The latest period ran from `,
    when(latest.period.from),
    ' to ',
    when(latest.period.until),
    latest.levels ? `, permitted level ${latest.levels.permittedDb} dB(A).` : '.',
  );
}

/** The case at a glance: status, route and stage, the source, counts and flags. */
export function caseSummaryRows(view) {
  const c = view.case;
  const source = sourceOf(view);
  const rows = [
    summaryRow('Status', statusTag(c.status)),
    summaryRow('Route', routeValue(view)),
    summaryRow('Stage', stageValue(view)),
  ];
  const noiseAct = noiseActValue(view.notices ?? []);
  if (noiseAct) rows.push(summaryRow('Noise Act 1996, beside the route', noiseAct));
  rows.push(summaryRow('Source', [sentence(c.sourceKind), c.sourceDistrict].filter(Boolean).join(', ')));
  if (source?.description)
    rows.push(
      summaryRow('The source as reported', el('span', { className: 'app-pre-wrap' }, source.description)),
    );
  rows.push(
    summaryRow(
      'Complaints',
      `${c.complaintCount ?? view.complaints?.length ?? 0}${c.nightTimeComplaints ? `, ${c.nightTimeComplaints} at night` : ''}`,
    ),
    summaryRow('Opened', when(c.openedAt)),
    summaryRow('Last change', when(c.updatedAt)),
  );
  rows.push(summaryRow('Owner', c.owner ? (c.ownerName ?? c.owner) : 'Nobody yet'));
  if (c.priority === 'high') rows.push(summaryRow('Priority', tag('High risk', 'govuk-tag--red')));
  if (c.caseReviewThresholdMet)
    rows.push(summaryRow('ASB Case Review', tag('Threshold met', 'govuk-tag--red')));
  if (c.flags?.length)
    rows.push(
      summaryRow(
        'Needs attention',
        ...c.flags.flatMap((flag, i) => [i ? ' ' : undefined, tag(flagLabel(flag), 'govuk-tag--orange')]),
      ),
    );
  if (c.status === 'closed')
    rows.push(
      summaryRow('Closed', when(c.closedAt), c.closedReason ? ` (${sentence(c.closedReason)})` : undefined),
    );
  if (c.mergedInto)
    rows.push(
      summaryRow(
        'Merged into',
        el(
          'a',
          { className: 'govuk-link', href: `/staff/case?ref=${encodeURIComponent(c.mergedInto)}` },
          c.mergedInto,
        ),
      ),
    );
  return rows;
}

export function recipientValue(recipient) {
  if (!recipient) return 'Not recorded';
  if (recipient.kind === 'occupier') {
    return el(
      'div',
      {},
      body(`The occupier, ${formatAddress(recipient.address)}`),
      recipient.enquiries?.length
        ? el(
            'div',
            {},
            el('p', { className: 'govuk-body govuk-!-margin-bottom-1' }, 'Enquiries made (s.45):'),
            list(recipient.enquiries),
          )
        : el('p', { className: 'govuk-body' }, tag('No enquiries recorded', 'govuk-tag--orange')),
    );
  }
  const who = recipient.kind === 'body' ? 'an organisation' : 'a person aged 16 or over';
  return `${recipient.name} (${who})${recipient.address ? `, ${formatAddress(recipient.address)}` : ''}`;
}

export function requirementsValue(requirements) {
  if (!requirements?.length) return 'None recorded';
  return el(
    'ol',
    { className: 'govuk-list govuk-list--number' },
    ...requirements.map((requirement) =>
      el(
        'li',
        {},
        tag(
          requirementKinds[requirement.kind] ?? requirement.kind,
          requirement.kind === 'do' ? 'govuk-tag--blue' : 'govuk-tag--purple',
        ),
        ' ',
        requirement.text,
      ),
    ),
  );
}

/** Whether an appeal against this notice can be recorded now (the API decides whether it was in time). */
export function appealable(notice) {
  return Boolean(notice.appealUntil) && notice.status === 'in-force' && notice.appeal?.status !== 'pending';
}

/** The Noise Act warning period and the levels measured when the notice was served. */
function noiseActRows(notice) {
  const rows = [];
  if (notice.period)
    rows.push(summaryRow('Warning period', when(notice.period.from), ' to ', when(notice.period.until)));
  if (notice.levels)
    rows.push(
      summaryRow(
        'Levels',
        `Measured ${notice.levels.measuredDb} dB(A), background ${notice.levels.backgroundDb} dB(A): noise above ${notice.levels.permittedDb} dB(A) in the period is an offence`,
      ),
    );
  if (notice.measuredFrom) rows.push(summaryRow('Measured from', notice.measuredFrom));
  return rows;
}

export function noticeCard(notice, actions = []) {
  const noiseAct = notice.kind === 'noise-act-warning';
  const rows = [
    summaryRow(
      'Status',
      tagFrom(noticeStatuses, notice.status),
      notice.appeal ? ' ' : undefined,
      notice.appeal ? tagFrom(appealStatuses, notice.appeal.status) : undefined,
    ),
    summaryRow('Served under', notice.statute ?? ''),
    summaryRow(noiseAct ? 'Served on' : 'For', recipientValue(notice.recipient)),
    summaryRow('Requirements', requirementsValue(notice.requirements)),
    summaryRow(
      'Served',
      when(notice.servedAt),
      notice.servedBy?.name ? ` by ${notice.servedBy.name}` : undefined,
    ),
  ];
  if (noiseAct) rows.push(...noiseActRows(notice));
  else rows.push(summaryRow('Time to comply ends', when(notice.complyBy)));
  if (notice.appealUntil) {
    rows.push(summaryRow('Appeal window until', when(notice.appealUntil)));
    if (notice.kind === 'abatement-notice')
      rows.push(
        summaryRow(
          'If appealed (regulation 3)',
          notice.suspendedOnAppeal
            ? 'An appeal suspends the notice until the court decides'
            : 'The notice stays in force during an appeal',
        ),
      );
    rows.push(
      summaryRow(
        'Appeal',
        notice.appeal
          ? `${appealStatuses[notice.appeal.status]?.label ?? sentence(notice.appeal.status)}: lodged ${formatDateTime(notice.appeal.lodgedAt)} at ${notice.appeal.court}${notice.appeal.decidedAt ? `, decided ${formatDateTime(notice.appeal.decidedAt)}` : ''}`
          : 'No appeal recorded',
      ),
    );
  }
  if (!noiseAct) rows.push(summaryRow('Live until', when(notice.liveUntil)));
  if (notice.partnersInformed?.length)
    rows.push(summaryRow('Partners informed (s.43(6))', list(notice.partnersInformed)));
  const card = summaryCard(noticeTitle(notice.kind), rows, actions);
  card.dataset.noticeId = notice.noticeId;
  return card;
}

/** A Noise Act measurement in words: the level, against the permitted level, and where from. */
export function exceedanceWords(exceedance) {
  return [
    `Measured ${exceedance.levelDb} dB(A)`,
    exceedance.permittedDb !== undefined ? `permitted ${exceedance.permittedDb} dB(A)` : '',
    exceedance.measuredFrom ? `from ${exceedance.measuredFrom}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

export function breachesTable(breaches, notices = []) {
  const kindOf = (breach) =>
    breach.noticeKind ?? notices.find((notice) => notice.noticeId === breach.noticeId)?.kind;
  return table(
    'Breaches and evidence on this case',
    ['Witnessed', 'What was seen or heard', 'Against', 'Counts?', 'Proceedings by'],
    [...breaches]
      .sort((a, b) => String(a.witnessedAt).localeCompare(String(b.witnessedAt)))
      .map((breach) => [
        when(breach.witnessedAt),
        el(
          'div',
          {},
          el('p', { className: 'govuk-body govuk-!-margin-bottom-1 app-pre-wrap' }, breach.description ?? ''),
          el(
            'p',
            { className: 'govuk-body-s govuk-!-margin-bottom-0 app-secondary-text' },
            [
              breach.exceedance ? exceedanceWords(breach.exceedance) : '',
              breach.location,
              breach.recordedBy?.name ? `recorded by ${breach.recordedBy.name}` : '',
            ]
              .filter(Boolean)
              .join('; '),
          ),
        ),
        kindOf(breach) ? noticeTitle(kindOf(breach)) : 'No notice in force',
        el(
          'div',
          { dataset: { breachId: breach.breachId } },
          breach.counts ? tag('Breach', 'govuk-tag--red') : tag('Evidence only', 'govuk-tag--grey'),
          el(
            'p',
            { className: 'govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0' },
            breach.why ?? '',
          ),
        ),
        breach.limitationDate ? day(breach.limitationDate) : 'Not an offence',
      ]),
  );
}

/** What is still owed, without knowing today's date: the early amount by its date, else the full amount. */
export function outstandingValue(penalty) {
  if (penalty.status === 'paid') return 'Nothing: paid';
  if (penalty.status === 'withdrawn') return 'Nothing: the penalty was withdrawn';
  const full = Math.max(0, penalty.amountPence - (penalty.paidByDuePence ?? penalty.paidPence ?? 0));
  if (penalty.status === 'unpaid-after-deadline' || penalty.status === 'prosecution')
    return `${formatPence(full)} was not paid by ${formatDate(penalty.dueBy)}`;
  const early = Math.max(
    0,
    penalty.discountedAmountPence - (penalty.paidByDiscountPence ?? penalty.paidPence ?? 0),
  );
  return `${formatPence(early)} if paid by ${formatDate(penalty.discountUntil)}, otherwise ${formatPence(full)} by ${formatDate(penalty.dueBy)}`;
}

const paymentResults = {
  accepted: 'Accepted',
  'part-payment': 'Part payment',
  flagged: 'Flagged for a caseworker',
};

export function penaltyCard(penalty, payments = []) {
  const own = payments.filter((payment) => payment.penaltyRef === penalty.penaltyRef);
  const rows = [
    summaryRow('Status', tagFrom(penaltyStatuses, penalty.status)),
    summaryRow('Offence', penalty.statute ?? ''),
    summaryRow('Offence date', when(penalty.offenceAt)),
    summaryRow('Issued', when(penalty.issuedAt), penalty.issuedBy ? ` by ${penalty.issuedBy}` : undefined),
    summaryRow('Amount', formatPence(penalty.amountPence)),
    summaryRow(
      'Early payment',
      `${formatPence(penalty.discountedAmountPence)} if paid by ${formatDate(penalty.discountUntil)}`,
    ),
    summaryRow('Pay by', when(penalty.dueBy)),
    summaryRow('Paid so far', formatPence(penalty.paidPence ?? 0)),
    summaryRow('Outstanding', outstandingValue(penalty)),
    summaryRow('Reminders sent', String(penalty.remindersSent ?? 0)),
    summaryRow('Proceedings must start by', day(penalty.prosecutionLimitationDate)),
  ];
  if (penalty.recipient) rows.splice(2, 0, summaryRow('For', recipientValue(penalty.recipient)));
  rows.push(
    summaryRow(
      'Payments',
      own.length
        ? table(
            `Payments for ${penalty.penaltyRef}`,
            ['Paid', 'Amount', 'Reference', 'Result'],
            own.map((payment) => [
              when(payment.paidAt),
              formatPence(payment.amountPence),
              payment.providerReference,
              paymentResults[payment.result] ?? sentence(payment.result ?? 'recorded'),
            ]),
          )
        : 'None received',
    ),
  );
  const card = summaryCard(`Fixed penalty ${penalty.penaltyRef}`, rows);
  card.dataset.penaltyRef = penalty.penaltyRef;
  return card;
}

const taskName = (type) => taskTypes[type]?.name ?? sentence(type);

/** A timeline entry's heading and the facts under it, in words. */
export function timelineWords(event) {
  const data = event.data ?? {};
  const lines = [];
  let title = sentence(event.type);
  switch (event.type) {
    case 'ComplaintReceived':
      title = data.opened ? 'Report received: case opened' : 'Report received';
      if (data.category) lines.push(`Noise: ${sentence(data.category)}${data.nightTime ? ', at night' : ''}`);
      break;
    case 'ComplaintAdded':
      title = 'Another report joined the case';
      if (data.category) lines.push(`Noise: ${sentence(data.category)}${data.nightTime ? ', at night' : ''}`);
      break;
    case 'TaskOpened':
      title = `Task opened: ${taskName(data.type)}`;
      if (data.dueAt) lines.push(`Due ${formatDateTime(data.dueAt)}`);
      break;
    case 'TaskDecided':
      title = `Decided: ${outcomeLabel(data.outcome)}`;
      lines.push(`Task: ${taskName(data.type)}`);
      break;
    case 'TaskEscalated':
      title = `Escalated to managers: ${taskName(data.type)}`;
      break;
    case 'TaskReminderSent':
      title = `Reminder to managers: ${taskName(data.type)}`;
      break;
    case 'WarningIssued':
      title = 'Community Protection Warning issued';
      if (data.complyBy) lines.push(`Time to comply ends ${formatDateTime(data.complyBy)}`);
      break;
    case 'CommunityProtectionNoticeServed':
      title = 'Community Protection Notice served';
      if (data.complyBy) lines.push(`Time to comply ends ${formatDateTime(data.complyBy)}`);
      if (data.appealUntil) lines.push(`Appeal window until ${formatDateTime(data.appealUntil)}`);
      break;
    case 'BreachRecorded':
      title = 'Breach recorded';
      if (data.why) lines.push(data.why);
      if (data.limitationDate) lines.push(`Proceedings must start by ${formatDate(data.limitationDate)}`);
      break;
    case 'EvidenceRecorded':
      title = 'Evidence recorded (not a breach)';
      if (data.why) lines.push(data.why);
      break;
    case 'FixedPenaltyIssued':
      title = `Fixed penalty ${data.penaltyRef ?? ''} issued`.replace('  ', ' ');
      if (data.amountPence !== undefined)
        lines.push(
          `${formatPence(data.amountPence)}, or ${formatPence(data.discountedAmountPence)} if paid by ${formatDate(data.discountUntil)}`,
        );
      break;
    case 'PaymentRecorded':
      title = `Payment received: ${formatPence(data.amountPence)}`;
      lines.push(
        [
          data.penaltyRef,
          data.providerReference ? `reference ${data.providerReference}` : '',
          paymentResults[data.result] ?? '',
        ]
          .filter(Boolean)
          .join(', '),
      );
      if (data.flags?.length) lines.push(`Flagged: ${data.flags.map(flagLabel).join(', ')}`);
      break;
    case 'PaymentReminderSent':
      title = `Payment reminder ${data.reminder ?? ''} sent`.replace('  ', ' ');
      break;
    case 'PenaltyWithdrawn':
      title = `Fixed penalty ${data.penaltyRef ?? ''} withdrawn`.replace('  ', ' ');
      break;
    case 'AppealLodged':
      title = 'Appeal lodged';
      lines.push(`At ${data.court ?? 'court'}, lodged ${formatDateTime(data.lodgedAt)}`);
      if (data.suspends === 'do') lines.push('"Do" requirements are suspended until the appeal is decided');
      if (data.suspends === 'all') lines.push('The notice is suspended until the appeal is decided');
      break;
    case 'AppealDecided':
      title = `Appeal decided: ${outcomeLabel(data.outcome)}`;
      break;
    case 'ProsecutionFilePrepared':
      title = 'Prosecution file sent to the legal team';
      if (data.limitationDate) lines.push(`Proceedings must start by ${formatDate(data.limitationDate)}`);
      break;
    case 'ProsecutionConcluded':
      title = `Prosecution ended: ${outcomeLabel(data.outcome)}`;
      for (const [key, what] of [
        ['finePence', 'Fine'],
        ['costsPence', 'Costs'],
        ['compensationPence', 'Compensation'],
      ])
        if (typeof data[key] === 'number') lines.push(`${what}: ${formatPence(data[key])}`);
      if (data.court) lines.push(`Court: ${data.court}`);
      if (data.hearingDate) lines.push(`Hearing: ${formatDate(data.hearingDate)}`);
      break;
    case 'RestorativeProcessStarted':
      title = 'Restorative justice offered';
      break;
    case 'RestorativeProcessEnded':
      title = 'Restorative justice ended';
      if (data.why) lines.push(String(data.why));
      break;
    case 'RestorativeWithdrawal':
      title = `${data.party === 'complainant' ? 'The complainant' : 'The person responsible'} withdrew from restorative justice`;
      break;
    case 'CaseClosed':
      title = data.byHand ? 'Case closed by hand' : 'Case closed';
      if (data.outcome && !data.byHand) lines.push(sentence(data.outcome));
      if (data.residentTitle && data.byHand)
        lines.push(
          `Complainants were told: ${String(data.residentTitle).replace(/^The case was closed: /, '')}`,
        );
      break;
    case 'RecordingsDeleted':
      title = 'Recordings deleted at the end of their retention period';
      if (typeof data.files === 'number')
        lines.push(
          `${data.files} recording${data.files === 1 ? '' : 's'}: the records and their SHA-256 remain`,
        );
      break;
    case 'CaseReopened':
      title = data.byHand ? 'Case reopened by hand: back to triage' : 'Case reopened';
      break;
    case 'NuisanceInvestigationStarted':
      title = 'Statutory nuisance investigation started';
      if (data.statute) lines.push(String(data.statute));
      break;
    case 'InformalResolutionStarted':
      title = 'Informal resolution started (section 80(2A))';
      if (data.until) lines.push(`Until ${formatDateTime(data.until)}`);
      if (data.steps) lines.push(`Steps: ${data.steps}`);
      break;
    case 'AbatementNoticeServed':
      title = 'Abatement notice served';
      if (data.complyBy) lines.push(`Time to comply ends ${formatDateTime(data.complyBy)}`);
      if (data.appealUntil) lines.push(`Appeal window until ${formatDateTime(data.appealUntil)}`);
      break;
    case 'WorksInDefaultRecorded':
      title = 'Works in default to be carried out (section 81(3))';
      if (data.works) lines.push(String(data.works));
      if (data.plannedFor) lines.push(`Planned for ${formatDate(data.plannedFor)}`);
      if (data.contractor) lines.push(`By ${data.contractor}`);
      if (typeof data.estimatedCostPence === 'number')
        lines.push(`Estimated cost ${formatPence(data.estimatedCostPence)}`);
      break;
    case 'NoiseActWarningNoticeServed':
      title = 'Noise Act warning notice served';
      if (data.period)
        lines.push(`Period ${formatDateTime(data.period.from)} to ${formatDateTime(data.period.until)}`);
      if (data.levels)
        lines.push(
          `Measured ${data.levels.measuredDb} dB(A), background ${data.levels.backgroundDb} dB(A), permitted ${data.levels.permittedDb} dB(A)`,
        );
      break;
    case 'NoiseActOffenceRecorded':
      title = 'Noise Act offence recorded';
      if (data.why) lines.push(String(data.why));
      if (data.limitationDate) lines.push(`Proceedings must start by ${formatDate(data.limitationDate)}`);
      if (data.actedOn === false) lines.push('No offence decision was opened: the managers were told');
      break;
    case 'NoiseActEvidenceRecorded':
      title = 'Noise Act measurement kept as evidence';
      if (data.why) lines.push(String(data.why));
      break;
    case 'NoiseActOffenceNotPursued':
      title = 'No further action on the Noise Act offence';
      lines.push(data.returnsTo === 'closed' ? 'The case closes' : 'The case returns to triage');
      break;
    case 'PersonNamed':
    case 'PersonCorrected':
      title = `${event.type === 'PersonCorrected' ? 'Details corrected' : 'Named'}: ${(personRoles[data.role] ?? sentence(data.role)).toLowerCase()}`;
      if (data.role === 'responsible')
        lines.push(data.ageConfirmed16Plus ? 'Confirmed aged 16 or over' : 'Not confirmed aged 16 or over');
      break;
    case 'EnquiryRecorded':
      title = `Enquiry recorded: ${enquiryMethods[data.method] ?? sentence(data.method)}`;
      break;
    case 'NameAndAddressRequired':
      title = 'Requirement to give a name and address';
      if (data.power) lines.push(nameAndAddressPowers[data.power] ?? String(data.power));
      if (data.result) lines.push(nameAndAddressResults[data.result] ?? sentence(data.result));
      if (data.accreditationNumber) lines.push(`Accreditation ${data.accreditationNumber}`);
      break;
    case 'RiskAssessed':
      title = `Risk assessed: ${(riskLevels[data.level]?.label ?? sentence(data.level)).toLowerCase()}`;
      break;
    case 'SafeguardingReferralMade':
      title = `Safeguarding referral made to ${data.agency ?? 'an agency'}`;
      if (data.reference) lines.push(`Their reference: ${data.reference}`);
      break;
    case 'CaseAssigned':
      title = `Assigned to ${data.ownerName ?? data.owner}`;
      break;
    case 'CaseReassigned':
      title = `Reassigned to ${data.ownerName ?? data.owner}`;
      if (data.previousOwnerName || data.previousOwner)
        lines.push(`Previously ${data.previousOwnerName ?? data.previousOwner}`);
      break;
    case 'WorkflowStalled':
      title = 'The workflow stalled: a manager must move the case on';
      break;
    case 'CaseMovedOn':
      title =
        {
          'restart-phase': 'Stalled case moved on: its stage was restarted',
          'start-decision': 'Stalled case moved on: sent to a decision',
        }[data.action] ?? 'Stalled case moved on';
      if (data.phase) lines.push(phases[data.phase] ?? sentence(data.phase));
      break;
    case 'ReportSplitOff':
      title = `A report was split off into case ${data.to ?? ''}`.trim();
      break;
    case 'CaseOpenedBySplit':
      title = `Case opened for a report split off case ${data.from ?? ''}`.trim();
      break;
    case 'CasesMerged':
      title = `Case ${data.from ?? ''} was merged into this case`.replace('  ', ' ');
      break;
    case 'CaseMergedInto':
      title = `Merged into case ${data.into ?? ''}`.trim();
      break;
    default:
      break;
  }
  if (Array.isArray(data.flags) && event.type !== 'PaymentRecorded' && data.flags.length)
    lines.push(`Flagged: ${data.flags.map(flagLabel).join(', ')}`);
  return { title, lines };
}

export { caseFlags };
