/** "Pay a fixed penalty notice": starts a GOV.UK Pay payment for the notice and goes to Pay's card page. */
import { initAll } from '/assets/govuk-frontend.min.js';
import { apiRequest } from '../shared/api.js';
import { clearErrors, showErrors, showProblem } from '../shared/errors.js';

initAll();

const form = document.getElementById('pay-form');
const NOTICE = /^FPN-[A-Z0-9-]{1,40}$/;
form.hidden = false;
// The letter's link carries the notice number (`/pay?notice=FPN-…`): filled in, for the payer to check.
const fromLetter = new URLSearchParams(location.search).get('notice');
if (fromLetter && NOTICE.test(fromLetter)) form.elements.namedItem('penaltyRef').value = fromLetter;
let starting = false;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (starting) return;
  const penaltyRef = String(new FormData(form).get('penaltyRef') ?? '')
    .trim()
    .toUpperCase()
    .replace(/\s+/g, '');
  if (!NOTICE.test(penaltyRef)) {
    showErrors(form, [
      {
        path: 'penaltyRef',
        message: penaltyRef
          ? 'Enter the notice number as it is printed, like FPN-2026-000042'
          : 'Enter your notice number',
      },
    ]);
    return;
  }
  starting = true;
  const { status, body } = await apiRequest('POST', `/penalties/${encodeURIComponent(penaltyRef)}/pay`);
  starting = false;
  if (status === 201 && body?.nextUrl) {
    clearErrors(form);
    location.assign(body.nextUrl);
    return;
  }
  if (status === 404) {
    showErrors(form, [
      {
        path: 'penaltyRef',
        message: 'There is nothing to pay on a notice with that number. Check the number on your notice',
      },
    ]);
    return;
  }
  showProblem(form, 'Sorry, there is a problem with the service', 'Try again later.');
});
