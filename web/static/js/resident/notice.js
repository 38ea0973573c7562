/** The GOV.UK success banner for something a resident just sent, at the top of their case; it takes focus. */

export function showSuccess(heading, ...lines) {
  const holder = document.getElementById('evidence-notice');
  const banner = document.createElement('div');
  banner.className = 'govuk-notification-banner govuk-notification-banner--success';
  banner.setAttribute('role', 'alert');
  banner.setAttribute('aria-labelledby', 'evidence-notice-title');
  banner.tabIndex = -1;
  banner.dataset.testid = 'evidence-notice';
  const header = document.createElement('div');
  header.className = 'govuk-notification-banner__header';
  const title = document.createElement('h2');
  title.className = 'govuk-notification-banner__title';
  title.id = 'evidence-notice-title';
  title.textContent = 'Success';
  header.append(title);
  const content = document.createElement('div');
  content.className = 'govuk-notification-banner__content';
  const strong = document.createElement('h3');
  strong.className = 'govuk-notification-banner__heading';
  strong.textContent = heading;
  content.append(strong, ...lines);
  banner.append(header, content);
  holder.replaceChildren(banner);
  banner.focus();
}

export function clearSuccess() {
  document.getElementById('evidence-notice')?.replaceChildren();
}

/** A paragraph of body text, from strings and nodes. */
export function paragraph(...parts) {
  const p = document.createElement('p');
  p.className = 'govuk-body';
  p.append(...parts);
  return p;
}
