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

/** A GOV.UK summary card: a titled box around a summary list, with optional action links. */
export function summaryCard(title, rows, actions = []) {
  return el(
    'div',
    { className: 'govuk-summary-card' },
    el(
      'div',
      { className: 'govuk-summary-card__title-wrapper' },
      el('h3', { className: 'govuk-summary-card__title' }, title),
      actions.length
        ? el(
            'ul',
            { className: 'govuk-summary-card__actions' },
            ...actions.map((action) => el('li', { className: 'govuk-summary-card__action' }, action)),
          )
        : undefined,
    ),
    el(
      'div',
      { className: 'govuk-summary-card__content' },
      el('dl', { className: 'govuk-summary-list' }, ...rows),
    ),
  );
}

/**
 * A GOV.UK task list: each item `{id, name, href?, hint?, status}` where `status` is a tag or text.
 * The status and hint describe the link, as the component asks.
 */
export function taskList(items) {
  return el(
    'ul',
    { className: 'govuk-task-list' },
    ...items.map(({ id, name, href, hint, status }) => {
      const hintId = hint ? `${id}-hint` : undefined;
      const statusId = `${id}-status`;
      return el(
        'li',
        { className: `govuk-task-list__item${href ? ' govuk-task-list__item--with-link' : ''}` },
        el(
          'div',
          { className: 'govuk-task-list__name-and-hint' },
          href
            ? el(
                'a',
                {
                  className: 'govuk-link govuk-task-list__link',
                  href,
                  'aria-describedby': [hintId, statusId].filter(Boolean).join(' '),
                },
                name,
              )
            : el('div', {}, name),
          hint ? el('div', { id: hintId, className: 'govuk-task-list__hint' }, hint) : undefined,
        ),
        el('div', { className: 'govuk-task-list__status', id: statusId }, status),
      );
    }),
  );
}

/** A bulleted (or plain) list of text lines. */
export function list(lines, { bullet = true } = {}) {
  return el(
    'ul',
    { className: `govuk-list${bullet ? ' govuk-list--bullet' : ''}` },
    ...lines.map((line) => el('li', {}, line)),
  );
}
