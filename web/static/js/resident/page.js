/** Pages with nothing of their own to do still get GOV.UK Frontend's behaviour (skip link, navigation toggle). */
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();
