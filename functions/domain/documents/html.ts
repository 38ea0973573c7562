/**
 * Renders a document as an HTML fragment in the GOV.UK style, for the staff console: the same
 * model as the PDF, so what staff read is what the recipient receives (a bilingual pack shows its
 * Welsh version and then its English one). Every value is escaped.
 */
import { logoDataUri } from '../../config/council.ts';
import { chromeLabels, longDate } from './labels.ts';
import { type Document, type PrintableDocument, versionsOf } from './model.ts';

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

const lines = (items: string[]) => items.map(escapeHtml).join('<br>');

function renderVersion(document: Document, pack: boolean): string {
  const labels = chromeLabels[document.language];
  const e = escapeHtml;
  const parts: string[] = [
    `<article class="app-document" lang="${document.language}">`,
    ...(pack ? [`<p class="govuk-body-s"><em>${e(labels.version)}</em></p>`] : []),
    '<div class="app-document__council">',
    document.council.logo
      ? `<img src="${logoDataUri(document.council.logo)}" alt="" width="48" height="48">`
      : '',
    `<p class="govuk-body-s"><strong>${e(document.council.name)}</strong><br>${lines(document.council.addressLines)}</p>`,
    '</div>',
    `<p class="govuk-body">${lines([document.recipient.name ?? labels.theOccupier, ...document.recipient.addressLines])}</p>`,
    '<dl class="govuk-summary-list govuk-summary-list--no-border">',
    `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${e(labels.reference)}</dt><dd class="govuk-summary-list__value">${e(document.reference)}</dd></div>`,
    `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${e(labels.date)}</dt><dd class="govuk-summary-list__value">${e(longDate(document.date, document.language))}</dd></div>`,
    '</dl>',
    `<h2 class="govuk-heading-m">${e(document.title)}</h2>`,
  ];
  if (document.statutoryHeading) {
    parts.push(
      `<p class="govuk-body"><em>${e(document.statutoryHeading.act)}, ${e(document.statutoryHeading.section)}</em></p>`,
    );
  }
  for (const section of document.sections) {
    if (section.heading) parts.push(`<h3 class="govuk-heading-s">${e(section.heading)}</h3>`);
    for (const paragraph of section.paragraphs) parts.push(`<p class="govuk-body">${e(paragraph)}</p>`);
  }
  if (document.particulars.length > 0) {
    parts.push(
      `<h3 class="govuk-heading-s">${e(labels.particulars)}</h3>`,
      '<dl class="govuk-summary-list">',
      ...document.particulars.map(
        (row) =>
          `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${e(row.label)}</dt><dd class="govuk-summary-list__value">${lines(row.value.split('\n'))}</dd></div>`,
      ),
      '</dl>',
    );
  }
  parts.push(
    `<h3 class="govuk-heading-s">${e(labels.issuedBy)}</h3>`,
    `<p class="govuk-body"><strong>${e(document.issuedBy.name)}</strong><br>${e(document.issuedBy.role)}<br>${e(labels.onBehalfOf(document.council.name))}</p>`,
    ...(pack ? [`<p class="govuk-body-s">${e(labels.welcomesWelsh)}</p>`] : []),
    '</article>',
  );
  return parts.join('\n');
}

export function renderHtml(document: PrintableDocument): string {
  const versions = versionsOf(document);
  return versions.map((version) => renderVersion(version, versions.length > 1)).join('\n');
}
