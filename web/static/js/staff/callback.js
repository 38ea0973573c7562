/** Where the Cognito hosted UI sends the person back with a code to exchange for tokens. */
import { webConfig } from '../shared/api.js';
import { completeCognitoSignIn, takeReturnPath } from './session.js';

const params = new URLSearchParams(location.search);
// The code is single-use; take it out of the address bar and history at once.
history.replaceState(null, '', '/staff/callback');
try {
  await completeCognitoSignIn(await webConfig(), params);
  location.replace(takeReturnPath());
} catch (error) {
  document.getElementById('callback-heading').textContent = 'You are not signed in';
  document.getElementById('callback-message').textContent =
    error instanceof Error ? error.message : String(error);
  document.getElementById('callback-retry').hidden = false;
}
