/** How a case's status reads and is coloured, the same for residents and staff. */
export const caseStatuses = {
  received: { label: 'Received', colour: 'govuk-tag--blue' },
  'under-investigation': { label: 'Under investigation', colour: 'govuk-tag--light-blue' },
  'warning-issued': { label: 'Warning issued', colour: 'govuk-tag--yellow' },
  'notice-served': { label: 'Notice served', colour: 'govuk-tag--pink' },
  'penalty-issued': { label: 'Penalty issued', colour: 'govuk-tag--orange' },
  'restorative-process': { label: 'Restorative justice', colour: 'govuk-tag--purple' },
  escalated: { label: 'Escalated', colour: 'govuk-tag--red' },
  closed: { label: 'Closed', colour: 'govuk-tag--grey' },
};
