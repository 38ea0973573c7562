/** Shows the case reference and tracking token once, straight after a report, then forgets them. */
import { initAll } from '/assets/govuk-frontend.min.js';
import { setTitle } from '../shared/title.js';

initAll();

const stored = sessionStorage.getItem('abate.report');
// The token is shown once: nothing but this page view ever holds it in the browser.
sessionStorage.removeItem('abate.report');
let report;
try {
  report = stored ? JSON.parse(stored) : undefined;
} catch {
  report = undefined;
}

if (report?.caseRef && report.trackingToken) {
  document.getElementById('case-ref').textContent = report.caseRef;
  document.getElementById('tracking-token').textContent = report.trackingToken;
  document.getElementById('joined-existing').hidden = !report.joinedExistingCase;
  document.getElementById('confirmation').hidden = false;
} else {
  setTitle(`There is no report to show`);
  document.getElementById('nothing-to-show').hidden = false;
}
