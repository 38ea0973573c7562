/** Sets the page title, ending with the council's name as the layout rendered it for this council. */
export function setTitle(text) {
  const suffix = document.querySelector('meta[name="abate:title-suffix"]')?.getAttribute('content') ?? '';
  document.title = `${text}${suffix}`;
}
