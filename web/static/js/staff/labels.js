/** Words the console shows for the API's codes. */
import { caseStatuses } from '../shared/case-status.js';

export { caseStatuses };

export const taskTypes = {
  triage: {
    name: 'Triage',
    description: 'New cases: decide whether to warn, try restorative justice or take no further action.',
  },
  'breach-decision': {
    name: 'Breach decisions',
    description: 'A warning was breached: decide the enforcement step.',
  },
  'prosecution-review': {
    name: 'Prosecution reviews',
    description: 'Unpaid fixed penalties: a manager decides whether to prosecute.',
  },
  'restorative-consent': {
    name: 'Restorative consent',
    description: 'Record whether both parties consent to restorative justice.',
  },
  'restorative-conference': {
    name: 'Restorative conferences',
    description: 'Record the outcome of the conference and any agreed actions.',
  },
  'agreement-review': {
    name: 'Agreement reviews',
    description: 'Check whether the restorative agreement was kept.',
  },
};

export const outcomes = {
  warn: {
    label: 'Issue a Community Protection Warning',
    hint: 'The source gets a written warning with time to comply.',
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
    hint: 'The amount and payment dates come from the current policy.',
  },
  prosecute: { label: 'Prosecute', hint: 'A prosecution file is prepared and the case is escalated.' },
  withdraw: { label: 'Withdraw the penalty', hint: 'No prosecution; the case closes.' },
  'both-consented': { label: 'Both parties consented', hint: 'A conference will be arranged.' },
  declined: { label: 'A party declined', hint: 'The case returns to enforcement.' },
  'agreement-reached': {
    label: 'Agreement reached',
    hint: 'List the agreed actions and dates below. The agreement is reviewed later.',
  },
  'no-agreement': { label: 'No agreement', hint: 'The case returns to enforcement.' },
  complied: { label: 'The agreement was kept', hint: 'The case closes.' },
  breached: { label: 'The agreement was breached', hint: 'The case goes to a breach decision.' },
};

export const outcomeLabel = (code) => outcomes[code]?.label ?? code;

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
