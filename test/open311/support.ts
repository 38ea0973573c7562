/**
 * Open311 requests shaped as FixMyStreet sends them (mysociety/fixmystreet):
 * - perllib/Open311.pm `_populate_service_request_params`: `service_code`, `description` (the
 *   extended "title: … detail: … url: … Submitted via FixMyStreet" text), `first_name` and
 *   `last_name` (one name split at the first space by `split_name`), `email`, `lat`/`long`
 *   (always, as `always_send_latlong` is on in perllib/FixMyStreet/SendReport/Open311.pm), and
 *   each category extra as `attribute[<code>]`;
 * - perllib/FixMyStreet/SendReport/Open311.pm: the category's id field (`fixmystreet_id`) filled
 *   with FixMyStreet's report id;
 * - perllib/Open311.pm `_request`: `api_key` (and `jurisdiction_id` when configured) added to
 *   the POST, sent by HTTP::Request::Common as application/x-www-form-urlencoded, UTF-8;
 * - templates/web/base/report/new/category_extras_fields.html: a `datetime` attribute is an
 *   `<input type="datetime-local">`, so its value is UK wall-clock time with no zone.
 */
import { XmlDocument, type XmlElement } from 'xmldoc';
import { type ApiResponse, call } from '../support/local-stack.ts';

export const LOCAL_API_KEY = 'abate-local-open311-key';

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** What a datetime-local input sends for an instant: `2026-11-25T23:30`, UK time, no zone. */
export function datetimeLocal(at: Date): string {
  const parts = Object.fromEntries(wallClock.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

let reportNumber = 1000;

/** FixMyStreet's next report id, unique within a test run. */
export function nextFixMyStreetId(): string {
  reportNumber += 1;
  return String(process.pid * 10_000 + reportNumber);
}

export interface FmsReport {
  fixmystreetId?: string | null;
  serviceCode?: string;
  name?: string;
  email?: string;
  detail?: string;
  sourceAddress?: string | null;
  postcode?: string | null;
  addressString?: string;
  startedAt?: Date;
  apiKey?: string | null;
  extra?: Record<string, string>;
}

/** The form FixMyStreet posts for a noise report. */
export function fmsForm(report: FmsReport = {}, now = new Date()): URLSearchParams {
  const [first, ...rest] = (report.name ?? 'Ann Example').split(' ');
  const id = report.fixmystreetId === undefined ? nextFixMyStreetId() : report.fixmystreetId;
  const title = 'Loud music every night';
  const detail = report.detail ?? 'Bass through the wall until 3am, most nights this week';
  const form = new URLSearchParams();
  const put = (name: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined) form.append(name, value);
  };
  put('api_key', report.apiKey === undefined ? LOCAL_API_KEY : report.apiKey);
  put('service_code', report.serviceCode ?? 'music');
  put(
    'description',
    `title: ${title}\n\ndetail: ${detail}\n\nurl: https://fixmystreet.example/report/${id ?? 0}\n\nSubmitted via FixMyStreet\n`,
  );
  put('first_name', first);
  put('last_name', rest.join(' '));
  put('email', report.email ?? 'ann@example.com');
  put('lat', '51.546213');
  put('long', '-0.055312');
  put('address_string', report.addressString);
  put('attribute[source_kind]', 'domestic');
  put(
    'attribute[source_address]',
    report.sourceAddress === undefined ? 'Flat 3, 12 Mare Street' : report.sourceAddress,
  );
  put('attribute[postcode]', report.postcode === undefined ? 'E8 1DY' : report.postcode);
  put('attribute[noise_started]', datetimeLocal(report.startedAt ?? new Date(now.getTime() - 3 * 3_600_000)));
  put('attribute[impact]', 'I cannot sleep');
  put('attribute[your_address]', '14 Mare Street');
  put('attribute[your_postcode]', 'E8 1DY');
  put('attribute[willing_to_give_evidence]', 'yes');
  put('attribute[fixmystreet_id]', id);
  for (const [name, value] of Object.entries(report.extra ?? {})) form.append(name, value);
  return form;
}

export function post(
  stack: { url: string },
  form: URLSearchParams | string,
  format: 'xml' | 'json' = 'xml',
  contentType = 'application/x-www-form-urlencoded',
): Promise<ApiResponse> {
  return call(stack, 'POST', `/open311/v2/requests.${format}`, {
    raw: form.toString(),
    headers: { 'content-type': contentType },
  });
}

/** The XML answer, parsed (xmldoc throws on anything that is not well-formed). */
export function xml(response: ApiResponse): XmlDocument {
  return new XmlDocument(String(response.body));
}

export const texts = (element: XmlElement | undefined, name: string) =>
  (element?.childrenNamed(name) ?? []).map((child) => child.val);

/** `[{code, description}]` from an XML `<errors>` document. */
export function xmlErrors(response: ApiResponse): { code: string; description: string }[] {
  const document = xml(response);
  if (document.name !== 'errors') throw new Error(`expected <errors>, got <${document.name}>`);
  return document.childrenNamed('error').map((error) => ({
    code: error.valueWithPath('code') ?? '',
    description: error.valueWithPath('description') ?? '',
  }));
}
