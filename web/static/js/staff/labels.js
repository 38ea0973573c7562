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
      'New cases: choose the route: a Community Protection Warning, a statutory nuisance investigation, restorative justice, or no further action.',
  },
  'nuisance-decision': {
    name: 'Statutory nuisance decisions',
    groups: ['caseworker', 'manager'],
    description:
      'Cases under investigation as a statutory nuisance: decide whether a nuisance exists, try informal resolution first, or find no nuisance.',
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
  'abatement-breach-decision': {
    name: 'Abatement notice breaches',
    groups: ['manager'],
    description:
      'An abatement notice was breached: decide on prosecution, works in default or no further action. There is no fixed penalty for this offence.',
  },
  'noise-act-offence-decision': {
    name: 'Noise Act offences',
    groups: ['manager'],
    description:
      'Noise above the permitted level was measured in a warning period: decide on a fixed penalty, prosecution or no further action.',
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
  'safeguarding-referral': {
    name: 'Safeguarding referrals',
    groups: ['manager'],
    description:
      'A complainant was assessed as high risk: decide whether to refer them to a safeguarding agency, and record the referral.',
  },
  'no-working-contact': {
    name: 'Contact problems',
    groups: ['caseworker', 'manager'],
    description:
      'A letter or message could not be delivered: update the contact, send it another way, or record that no contact is possible.',
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
  'investigate-nuisance': {
    label: 'Investigate a statutory nuisance',
    hint: 'Environmental Protection Act 1990, section 79: a duty. A caseworker then decides whether the noise is a statutory nuisance.',
  },
  'nuisance-exists': {
    label: 'A statutory nuisance exists: serve an abatement notice',
    hint: 'Section 80: the notice must be served. It can be appealed within 21 days and says whether an appeal suspends it (regulation 3). You can give its particulars below.',
  },
  'informal-resolution': {
    label: 'Try informal resolution first',
    hint: 'Section 80(2A): up to 7 days persuading the person responsible to stop. After that you are asked again, and must then serve a notice or find no nuisance.',
  },
  'not-a-nuisance': {
    label: 'Not a statutory nuisance',
    hint: 'The case closes. The complainant is told the finding and how they can take their own action in a magistrates’ court (section 82).',
  },
  'works-in-default': {
    label: 'Carry out works in default',
    hint: 'Section 81(3): the council abates the nuisance itself and may recover its costs. The notice stays in force and is watched again. Describe the works below.',
  },
  referred: {
    label: 'Referred to a safeguarding agency',
    hint: 'Name the agency below. The referral is recorded on the case.',
  },
  'not-needed': {
    label: 'No referral needed',
    hint: 'Say why in your reason. The case carries on as it is.',
  },
  'contact-updated': { label: 'Contact details updated', hint: 'The message can now be delivered.' },
  'sent-another-way': { label: 'Sent another way', hint: 'For example by hand or by post.' },
  'no-contact-possible': {
    label: 'No contact is possible',
    hint: 'The case carries on without writing to this person.',
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

/** Where an outcome means something different on one kind of task, its words there. */
const taskOutcomeHints = {
  'abatement-breach-decision': {
    prosecute:
      'Section 80(4): a prosecution file is prepared for the legal team. Proceedings must start within 6 months of the breach. There is no fixed penalty for this offence.',
    'no-further-action': 'The case closes. The abatement notice stays in force.',
  },
  'noise-act-offence-decision': {
    'issue-fpn':
      'Noise Act 1996, section 8: the council’s amount for a dwelling, or the amount for licensed premises; one fixed penalty per warning period, with no proceedings for 14 days.',
    prosecute:
      'A prosecution file is prepared for the legal team (section 4 or 4A). Proceedings must start within 6 months of the offence.',
    'no-further-action':
      'A case whose notice is still in force, or that was closed before the offence, closes again; otherwise it returns to triage.',
  },
  'nuisance-decision': {},
};

/** The hint under an outcome on a task of this type. */
export const outcomeHint = (code, taskType) => taskOutcomeHints[taskType]?.[code] ?? outcomes[code]?.hint;

/** Workflow phases as a person reads them. */
export const phases = {
  investigation: 'Triage: choosing the route',
  'asb-warning': 'Community Protection Warning: time to comply and watch',
  'asb-cpn-decision': 'Deciding whether to serve a Community Protection Notice',
  'asb-cpn': 'Community Protection Notice: time to comply, appeal window and watch',
  'asb-cpn-breach-decision': 'Deciding what to do about a breach of the notice',
  'nuisance-investigation': 'Investigating whether the noise is a statutory nuisance',
  'nuisance-abatement': 'Abatement notice: time to comply, appeal window and watch for a breach',
  'nuisance-breach-decision': 'Deciding what to do about a breach of the abatement notice',
  'nuisance-works': 'Works in default (section 81(3)), and watching the notice again',
  'noise-act-offence': 'Deciding what to do about a Noise Act offence',
  restorative: 'Restorative justice',
  penalty: 'Fixed penalty: waiting for payment',
  prosecution: 'Prosecution',
};

export const routes = {
  asb: 'Anti-social Behaviour, Crime and Policing Act 2014',
  'statutory-nuisance': 'Statutory nuisance (Environmental Protection Act 1990, Part 3)',
  'noise-act': 'Noise Act 1996 (noise at night)',
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

/** The people on a case, by role. */
export const personRoles = {
  complainant: 'Complainant',
  source: 'The premises as reported',
  responsible: 'Person responsible',
  owner: 'Owner or landlord',
  agent: 'Managing agent',
};

/** Reasonable enquiries to find the owner or occupier (2014 Act s.45), as the API names them. */
export const enquiryMethods = {
  'land-registry': 'Land Registry search',
  'council-tax': 'Council Tax records',
  'electoral-register': 'Electoral register',
  'site-visit': 'Visit to the premises',
  neighbours: 'Enquiries of neighbours',
  'landlord-or-agent': 'Enquiry of the landlord or managing agent',
  police: 'Enquiry of the police',
  other: 'Another kind of enquiry',
  'name-and-address-requirement': 'Requirement to give a name and address',
};

/** The powers to require a name and address. */
export const nameAndAddressPowers = {
  'pra-2002-sch5': 'Police Reform Act 2002, Schedule 5 (accredited person)',
  'pra-2002-s50': 'Police Reform Act 2002, section 50 (constable)',
  'noise-act-s8b': 'Noise Act 1996, section 8B (before a fixed penalty notice)',
};

export const nameAndAddressResults = {
  given: 'A name and address were given',
  refused: 'They refused to give a name and address',
  'false-details': 'The details given are believed to be false',
};

/** The risk questions, as staff ask them of a complainant. */
export const riskQuestions = {
  vulnerable:
    'Does the complainant, or anyone in their household, have a disability, illness or other circumstance that makes them more vulnerable?',
  healthAffected: 'Is the noise affecting their physical or mental health?',
  repeatVictim: 'Have they been a victim of anti-social behaviour or crime before?',
  feelsUnsafe: 'Do they feel unsafe in their home because of this?',
  hateMotivated: 'Do they think they are being targeted because of who they are?',
};

export const riskAnswers = { yes: 'Yes', no: 'No', 'prefer-not-to-say': 'Prefers not to say' };

export const riskLevels = {
  low: { label: 'Low risk', colour: 'govuk-tag--green' },
  medium: { label: 'Medium risk', colour: 'govuk-tag--yellow' },
  high: { label: 'High risk', colour: 'govuk-tag--red' },
};

/** The kinds of source a report can be about. */
export const sourceKinds = {
  domestic: 'A home (a dwelling)',
  commercial: 'Commercial premises',
  'licensed-premises': 'Licensed premises (a pub, bar or club)',
  street: 'The street',
  vehicle: 'A vehicle',
  alarm: 'An alarm',
  construction: 'Construction or demolition',
  other: 'Something else',
};

/** Waits a workflow runs on a case, as what ends them. */
export const deadlineKinds = {
  'cpw-watch': 'The watch on the Community Protection Warning ends',
  'cpn-watch': 'The watch on the Community Protection Notice ends',
  'abatement-watch': 'The watch on the abatement notice ends',
  'informal-resolution': 'Informal resolution ends',
  'payment-period': 'The fixed penalty is due',
  'agreement-review': 'The restorative agreement is reviewed',
};
