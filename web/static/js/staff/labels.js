/** Words the console shows for the API's codes. */
import { caseStatuses } from '../shared/case-status.js';

export { caseStatuses };

/**
 * Task types the API defines, in the order a case meets them; `groups` are the staff groups that
 * decide them (managers may also decide what caseworkers may, and anything escalated to them).
 */
export const taskTypes = {
  triage: {
    name: 'Triage',
    groups: ['caseworker', 'manager'],
    description:
      'New cases: give a Community Protection Warning, offer restorative justice or take no further action.',
  },
  'cpn-decision': {
    name: 'CPN decisions',
    groups: ['manager'],
    description:
      'A Community Protection Warning was breached after its time to comply: decide whether to serve a Community Protection Notice.',
  },
  'cpn-breach-decision': {
    name: 'CPN breach decisions',
    groups: ['manager'],
    description:
      'A Community Protection Notice was breached: decide on a fixed penalty, prosecution, restorative justice or no further action.',
  },
  'appeal-outcome': {
    name: 'Appeal outcomes',
    groups: ['manager'],
    description: 'An appeal against a notice was lodged: record the court’s decision.',
  },
  'prosecution-review': {
    name: 'Prosecution reviews',
    groups: ['manager'],
    description: 'Unpaid fixed penalties: decide whether to prosecute or withdraw the penalty.',
  },
  'prosecution-outcome': {
    name: 'Prosecution outcomes',
    groups: ['manager'],
    description: 'Cases with the legal team: record how the prosecution ended.',
  },
  'restorative-consent': {
    name: 'Restorative consent',
    groups: ['facilitator'],
    description: 'Record whether both parties consent to restorative justice.',
  },
  'restorative-conference': {
    name: 'Restorative conferences',
    groups: ['facilitator'],
    description: 'Record the outcome of the conference and any agreed actions.',
  },
  'agreement-review': {
    name: 'Agreement reviews',
    groups: ['caseworker', 'manager', 'facilitator'],
    description: 'Check whether the restorative agreement was kept.',
  },
};

/** The task types someone with these groups may work on (a manager: all of them). */
export function taskTypesFor(groups) {
  if (groups.includes('manager')) return Object.keys(taskTypes);
  return Object.entries(taskTypes)
    .filter(([, { groups: deciders }]) => deciders.some((group) => groups.includes(group)))
    .map(([type]) => type);
}

export const outcomes = {
  warn: {
    label: 'Issue a Community Protection Warning',
    hint: 'A written warning with time to comply. Breaching a warning is not an offence: it can only lead to a Community Protection Notice. You can give its particulars below.',
  },
  'serve-cpn': {
    label: 'Serve a Community Protection Notice',
    hint: 'A notice under section 43 with the same requirements as the warning, appealable within 21 days. You can give its particulars below.',
  },
  restorative: {
    label: 'Offer restorative justice',
    hint: 'A facilitator asks both parties whether they consent.',
  },
  'no-further-action': {
    label: 'No further action',
    hint: 'The case closes and the complainant is told why.',
  },
  'issue-fpn': {
    label: 'Issue a fixed penalty notice',
    hint: 'Section 52: the amounts in force on the date of the offence, payable within 14 days with a lower amount for early payment.',
  },
  prosecute: {
    label: 'Prosecute',
    hint: 'A prosecution file is prepared for the legal team. Proceedings must start within 6 months of the offence.',
  },
  withdraw: { label: 'Withdraw the penalty', hint: 'No prosecution; the case closes.' },
  'both-consented': { label: 'Both parties consented', hint: 'A conference will be arranged.' },
  declined: { label: 'A party declined', hint: 'The case returns to enforcement.' },
  'agreement-reached': {
    label: 'Agreement reached',
    hint: 'List the agreed actions and dates below. The agreement is reviewed later.',
  },
  'no-agreement': { label: 'No agreement', hint: 'The case returns to enforcement.' },
  complied: { label: 'The agreement was kept', hint: 'The case closes.' },
  breached: {
    label: 'The agreement was broken',
    hint: 'The case returns to the enforcement decision it was on, never straight to a penalty.',
  },
  dismissed: {
    label: 'Appeal dismissed',
    hint: 'The notice stands as served.',
  },
  varied: {
    label: 'Notice varied',
    hint: 'The notice stands with the court’s changes. Give the requirements as varied below.',
  },
  quashed: {
    label: 'Notice quashed',
    hint: 'The notice is no longer in force and the case closes.',
  },
  convicted: {
    label: 'Convicted',
    hint: 'Give the fine, costs and compensation the court ordered below.',
  },
  acquitted: { label: 'Acquitted', hint: 'The court did not convict.' },
  withdrawn: { label: 'Withdrawn', hint: 'The prosecution was withdrawn.' },
  'simple-caution': {
    label: 'Simple caution',
    hint: 'The person responsible accepted a simple caution instead of prosecution.',
  },
};

export const outcomeLabel = (code) => outcomes[code]?.label ?? code;

/** Workflow phases as a person reads them. */
export const phases = {
  investigation: 'Investigation and triage',
  'asb-warning': 'Community Protection Warning: time to comply and watch',
  'asb-cpn-decision': 'Deciding whether to serve a Community Protection Notice',
  'asb-cpn': 'Community Protection Notice: time to comply, appeal window and watch',
  'asb-cpn-breach-decision': 'Deciding what to do about a breach of the notice',
  restorative: 'Restorative justice',
  penalty: 'Fixed penalty: waiting for payment',
  prosecution: 'Prosecution',
};

export const routes = {
  asb: 'Anti-social Behaviour, Crime and Policing Act 2014',
  restorative: 'Restorative justice',
};

export const noticeKinds = {
  cpw: 'Community Protection Warning',
  cpn: 'Community Protection Notice',
  'abatement-notice': 'Abatement notice',
  'noise-act-warning': 'Noise Act warning notice',
};

export const noticeStatuses = {
  'in-force': { label: 'In force', colour: 'govuk-tag--green' },
  quashed: { label: 'Quashed', colour: 'govuk-tag--grey' },
  superseded: { label: 'Superseded', colour: 'govuk-tag--grey' },
  discharged: { label: 'Discharged', colour: 'govuk-tag--grey' },
};

export const appealStatuses = {
  pending: { label: 'Appeal pending', colour: 'govuk-tag--orange' },
  dismissed: { label: 'Appeal dismissed', colour: 'govuk-tag--grey' },
  varied: { label: 'Varied on appeal', colour: 'govuk-tag--yellow' },
  quashed: { label: 'Quashed on appeal', colour: 'govuk-tag--red' },
};

export const penaltyStatuses = {
  unpaid: { label: 'Unpaid', colour: 'govuk-tag--yellow' },
  'part-paid': { label: 'Part paid', colour: 'govuk-tag--yellow' },
  paid: { label: 'Paid', colour: 'govuk-tag--green' },
  'unpaid-after-deadline': { label: 'Unpaid after the deadline', colour: 'govuk-tag--red' },
  withdrawn: { label: 'Withdrawn', colour: 'govuk-tag--grey' },
  prosecution: { label: 'Passed for prosecution', colour: 'govuk-tag--red' },
};

/** Flags the API sets on a case for a person's attention (`GET /cases?flag=`). */
export const caseFlags = {
  'workflow-stalled': 'Workflow stalled',
  'payment-mismatch': 'Payment does not match',
  'refund-due': 'Refund due',
  'late-payment': 'Late payment',
  'payment-after-closure': 'Payment after closure',
  'payment-during-prosecution': 'Payment during prosecution',
  'occupier-without-enquiries': 'Occupier named without enquiries',
  undeliverable: 'Letter undeliverable',
  'high-risk': 'High risk',
};

export const flagLabel = (flag) => caseFlags[flag] ?? sentence(flag);

export const requirementKinds = {
  stop: 'Stop',
  do: 'Do',
};

/** "WarningIssued" or "warning-issued" → "Warning issued" */
export function sentence(code) {
  const text = String(code ?? '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/-/g, ' ')
    .toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A GOV.UK tag element. */
export function tag(text, colour = '') {
  const element = document.createElement('strong');
  element.className = `govuk-tag ${colour}`.trim();
  element.textContent = text;
  return element;
}

export function statusTag(status) {
  const known = caseStatuses[status] ?? { label: status, colour: 'govuk-tag--grey' };
  return tag(known.label, known.colour);
}

/** A tag from one of the tables above, e.g. `tagFrom(penaltyStatuses, 'paid')`. */
export function tagFrom(table, code) {
  const known = table[code] ?? { label: sentence(code), colour: 'govuk-tag--grey' };
  return tag(known.label, known.colour);
}
