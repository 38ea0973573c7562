/** The page GOV.UK Pay returns the payer to: asks how the payment went (Pay is the one to say). */
import { initAll } from '/assets/govuk-frontend.min.js';
import { apiRequest } from '../shared/api.js';
import { formatPence } from '../shared/format.js';
import { setTitle } from '../shared/title.js';

initAll();

const line = document.getElementById('payment-status');
const show = (id) => {
  line.hidden = true;
  document.getElementById(id).hidden = false;
};

async function check() {
  const attempt = new URLSearchParams(location.search).get('attempt') ?? '';
  const { status, body } = attempt ? await apiRequest('GET', `/payments/${encodeURIComponent(attempt)}`) : {};
  if (status !== 200) {
    setTitle('We cannot show this payment');
    show('payment-unknown');
    return;
  }
  if (body.status === 'success') {
    document.getElementById('paid-ref').textContent = body.penaltyRef;
    document.getElementById('paid-amount').textContent = formatPence(body.amountPence);
    setTitle('Payment received');
    show('payment-paid');
    return;
  }
  if (!body.finished) {
    // Pay has not finished with it yet (a slow bank check): look again shortly.
    setTimeout(check, 2_000);
    return;
  }
  document.getElementById('unpaid-ref').textContent = body.penaltyRef;
  setTitle('Your payment was not taken');
  show('payment-not-taken');
}

check();
