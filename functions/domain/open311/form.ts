/**
 * The body of `POST requests.{format}`: `application/x-www-form-urlencoded` (the spec's "Format
 * sent"), as FixMyStreet's client builds it with HTTP::Request::Common (mysociety/fixmystreet,
 * perllib/Open311.pm `_request`): UTF-8, `+` for spaces, one `name=value` per field, and an
 * attribute as `attribute[code]=value`. A list value arrives as the same name repeated
 * (FixMyStreet) or as `attribute[code][]=` (the spec's multivaluelist example); both are read.
 */
import { open311Error } from './errors.ts';

export interface Open311Form {
  /** Every top-level field (not attributes), with each value sent for it. */
  fields: Map<string, string[]>;
  /** `attribute[code]` values by code. */
  attributes: Map<string, string[]>;
}

const ATTRIBUTE = /^attribute\[([^\][]{1,64})\](\[\])?$/;
const MAX_FIELDS = 200;
/** Fields a client may send more than once; any other sent twice is refused rather than guessed at. */
const REPEATABLE = new Set(['media_url']);

export function parseForm(body: string): Open311Form {
  const params = new URLSearchParams(body);
  const fields = new Map<string, string[]>();
  const attributes = new Map<string, string[]>();
  let count = 0;
  for (const [name, value] of params) {
    if (++count > MAX_FIELDS) throw open311Error(400, `The request has more than ${MAX_FIELDS} fields`);
    const attribute = ATTRIBUTE.exec(name);
    const target = attribute ? attributes : fields;
    const key = attribute ? (attribute[1] as string) : name;
    target.set(key, [...(target.get(key) ?? []), value]);
  }
  return { fields, attributes };
}

/**
 * One value, or undefined when the field is absent or empty: the spec treats an empty optional
 * field as not sent. Sending a single-valued field twice is refused with its name.
 */
export function single(values: Map<string, string[]>, name: string, label = name): string | undefined {
  const all = (values.get(name) ?? []).filter((value) => value.trim() !== '');
  if (all.length > 1 && !REPEATABLE.has(name)) throw open311Error(400, `${label} was sent more than once`);
  return all[0];
}

export function field(form: Open311Form, name: string): string | undefined {
  return single(form.fields, name);
}

export function attribute(form: Open311Form, code: string): string | undefined {
  return single(form.attributes, code, `attribute[${code}]`);
}

/** The form without its api_key, in a fixed order: what a retried request has in common with the first. */
export function canonicalForm(form: Open311Form): string {
  const entries = [
    ...[...form.fields].filter(([name]) => name !== 'api_key'),
    ...[...form.attributes].map(([code, values]) => [`attribute[${code}]`, values] as const),
  ].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}
