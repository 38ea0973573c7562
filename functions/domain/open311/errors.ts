/**
 * Open311 errors: an array of `{code, description}` in the body (XML `<errors><error>…`), and the
 * HTTP status the spec asks for: 403 for a missing or wrong api_key, 404 for something that does
 * not exist, 400 for any other request that cannot be met. The body's code is the HTTP status, so
 * a client that reads either one reads the same thing; the description names the field.
 */
export interface Open311ErrorItem {
  code: number;
  description: string;
}

export type Open311Status = 400 | 403 | 404 | 405 | 413 | 415 | 500 | 503;

export class Open311Error extends Error {
  readonly errors: Open311ErrorItem[];

  constructor(
    readonly status: Open311Status,
    descriptions: string[],
  ) {
    super(descriptions.join('; '));
    this.name = 'Open311Error';
    this.errors = descriptions.map((description) => ({ code: status, description }));
  }
}

export const open311Error = (status: Open311Status, description: string) =>
  new Open311Error(status, [description]);
