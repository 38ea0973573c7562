/** Small helpers for building GOV.UK markup safely (text only, never HTML strings). */

/** `el('p', {className: 'govuk-body'}, 'text', child)` */
export function el(name, properties = {}, ...children) {
  const element = document.createElement(name);
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined) continue;
    if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key in element) element[key] = value;
    else element.setAttribute(key, value);
  }
  element.append(...children.filter((child) => child !== undefined && child !== null));
  return element;
}

/** A GOV.UK summary list row. */
export function summaryRow(key, ...values) {
  return el(
    'div',
    { className: 'govuk-summary-list__row' },
    el('dt', { className: 'govuk-summary-list__key' }, key),
    el('dd', { className: 'govuk-summary-list__value' }, ...values),
  );
}

/** A GOV.UK table with a caption, header row and rows of cells (strings or nodes). */
export function table(caption, headers, rows) {
  return el(
    'table',
    { className: 'govuk-table' },
    el(
      'caption',
      { className: 'govuk-table__caption govuk-table__caption--s govuk-visually-hidden' },
      caption,
    ),
    el(
      'thead',
      { className: 'govuk-table__head' },
      el(
        'tr',
        { className: 'govuk-table__row' },
        ...headers.map((h) => el('th', { scope: 'col', className: 'govuk-table__header' }, h)),
      ),
    ),
    el(
      'tbody',
      { className: 'govuk-table__body' },
      ...rows.map((cells) =>
        el(
          'tr',
          { className: 'govuk-table__row' },
          ...cells.map((cell) => el('td', { className: 'govuk-table__cell' }, cell ?? '')),
        ),
      ),
    ),
  );
}

export const body = (...children) => el('p', { className: 'govuk-body' }, ...children);
