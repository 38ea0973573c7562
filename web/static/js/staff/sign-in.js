/** The sign-in page: the local identity picker, or the Cognito hosted UI button in AWS. */
import { initAll } from '/assets/govuk-frontend.min.js';
import { webConfig } from '../shared/api.js';
import { clearErrors, showErrors } from '../shared/errors.js';
import { justSignedOut, localSignIn, startCognitoSignIn, takeReturnPath } from './session.js';

initAll();

const config = await webConfig();
if (justSignedOut()) document.getElementById('signed-out').hidden = false;

if (config.mode === 'cognito') {
  const panel = document.getElementById('cognito-sign-in');
  panel.hidden = false;
  document.getElementById('cognito-button').addEventListener('click', () => startCognitoSignIn(config));
} else {
  const form = document.getElementById('local-sign-in');
  form.hidden = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const group = String(data.get('group') ?? '');
    const name = String(data.get('name') ?? '').trim();
    if (!group) {
      showErrors(form, [{ path: 'group', message: 'Choose who to sign in as' }]);
      return;
    }
    const response = await localSignIn(group, name);
    if (response.status !== 200) {
      showErrors(form, [
        {
          path: '',
          message:
            response.status === 404
              ? 'Local sign-in is not available on this server.'
              : 'Sign-in did not work. Try again.',
        },
      ]);
      return;
    }
    clearErrors(form);
    location.assign(takeReturnPath());
  });
}
