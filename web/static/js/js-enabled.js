// Runs before the page renders (classic script, no defer) so GOV.UK Frontend's JS-only styles apply without a flash.
document.body.className += ` js-enabled${'noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : ''}`;
