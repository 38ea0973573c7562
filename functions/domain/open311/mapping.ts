/**
 * An Open311 service request, as a client posts it, becomes the same report a resident makes on
 * the web form (`ComplaintRequest`), validated by the same schema; every problem is answered in
 * the client's own field names (`attribute[postcode]`, `email`), all at once.
 *
 * Where each part of the report comes from:
 * - the noise category: the service (`service_code`);
 * - the complainant: `first_name` + `last_name` (FixMyStreet splits one name at the first space),
 *   `email`, `phone`, and their own address from `attribute[your_address]` and
 *   `attribute[your_postcode]` (a client knows nothing else about where they live);
 * - the source: `attribute[source_address]`, else the request's `address_string`; its postcode
 *   from `attribute[postcode]`, else the one written in `attribute[source_address]` or in
 *   `address_string` (FixMyStreet sends the postcode a resident searched for as address_string
 *   when it sends no pin); the kind from `attribute[source_kind]`;
 * - the noise: `description`, `attribute[noise_started]`, `attribute[noise_ended]`,
 *   `attribute[impact]`.
 *
 * `lat`/`long` and `address_id` satisfy the spec's "a location is required" but are not kept:
 * Abate's model knows a place by its address. `media_url` is not kept either (Abate stores no
 * media yet); FixMyStreet's description carries the report's own link, where its photos are.
 */
import { fieldProblems } from '../../commons/http/middleware.ts';
import { ComplaintRequest } from '../model/complaint.ts';
import { Open311Error, open311Error } from './errors.ts';
import { attribute, field, type Open311Form } from './form.ts';
import { attributeCodes, type Open311Service, serviceByCode } from './services.ts';
import { parseReportedTime } from './times.ts';

export interface MappedServiceRequest {
  service: Open311Service;
  request: ComplaintRequest;
  /** The client's own id for the report (FixMyStreet's report id), when it sent one. */
  clientReportId?: string;
}

const POSTCODE_IN_TEXT = /\b(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\b/gi;
const CLIENT_REPORT_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The last postcode written in a piece of text, and the text without it (trailing commas gone). */
export function postcodeIn(text: string): { postcode?: string; rest: string } {
  const matches = [...text.matchAll(POSTCODE_IN_TEXT)];
  const last = matches[matches.length - 1];
  if (!last || last.index === undefined) return { rest: text.trim() };
  const rest = `${text.slice(0, last.index)} ${text.slice(last.index + last[0].length)}`
    .replace(/[\s,;]+$/g, '')
    .replace(/^[\s,;]+/g, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+,/g, ',')
    .trim();
  return { postcode: last[0].toUpperCase(), rest };
}

const a = (code: string) => `attribute[${code}]`;

/** The Open311 field a path of `ComplaintRequest` came from. */
const fieldOfPath: Record<string, string> = {
  'complainant.name': 'first_name',
  'complainant.email': 'email',
  'complainant.phone': 'phone',
  'complainant.address': a(attributeCodes.yourAddress),
  'complainant.address.line1': a(attributeCodes.yourAddress),
  'complainant.address.postcode': a(attributeCodes.yourPostcode),
  'complainant.willingToGiveEvidence': a(attributeCodes.willingToGiveEvidence),
  'source.address': a(attributeCodes.sourceAddress),
  'source.address.line1': a(attributeCodes.sourceAddress),
  'source.address.postcode': a(attributeCodes.sourcePostcode),
  'source.kind': a(attributeCodes.sourceKind),
  'noise.description': 'description',
  'noise.occurredAt': a(attributeCodes.noiseStarted),
  'noise.endedAt': a(attributeCodes.noiseEnded),
  'noise.impact': a(attributeCodes.impact),
};

/** `noise.occurredAt` → `attribute[noise_started]`; a path the table does not know is kept as it is. */
export function open311FieldOf(path: string): string {
  return fieldOfPath[path] ?? (path || 'request');
}

/** Intake's field problems (paths in the web report) as Open311 error descriptions. */
export function describeProblems(problems: { path: string; message: string }[]): string[] {
  return problems.map((problem) => `${open311FieldOf(problem.path)}: ${problem.message}`);
}

function checkLocation(form: Open311Form, problems: string[]): void {
  const lat = field(form, 'lat');
  const long = field(form, 'long');
  const located =
    (lat !== undefined && long !== undefined) || field(form, 'address_string') || field(form, 'address_id');
  if (!located) {
    problems.push('A location is required: send lat and long, or address_string');
    return;
  }
  if ((lat === undefined) !== (long === undefined)) problems.push('lat and long must be sent together');
  const inRange = (value: string | undefined, limit: number) =>
    value === undefined || (/^-?\d{1,3}(\.\d+)?$/.test(value.trim()) && Math.abs(Number(value)) <= limit);
  if (!inRange(lat, 90)) problems.push('lat: must be a WGS84 latitude in degrees, like 51.5462');
  if (!inRange(long, 180)) problems.push('long: must be a WGS84 longitude in degrees, like -0.0553');
}

function yesOrNo(value: string | undefined, problems: string[]): boolean | undefined {
  if (value === undefined) return undefined;
  const answer = value.trim().toLowerCase();
  if (['yes', 'true', '1'].includes(answer)) return true;
  if (['no', 'false', '0'].includes(answer)) return false;
  problems.push(`${a(attributeCodes.willingToGiveEvidence)}: Choose yes or no`);
  return undefined;
}

function time(code: string, value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  const parsed = parseReportedTime(value);
  if (!parsed)
    problems.push(
      `${a(code)}: Enter a date and time like 2026-11-25T23:30 (UK time) or 2026-11-25T23:30:00Z`,
    );
  return parsed;
}

/**
 * Maps and validates a posted service request. Throws an `Open311Error`: 400 with every problem
 * found, or 404 for a service_code that does not exist.
 */
export function mapServiceRequest(form: Open311Form): MappedServiceRequest {
  const serviceCode = field(form, 'service_code');
  if (!serviceCode) throw open311Error(400, 'service_code was not provided');
  const service = serviceByCode(serviceCode);
  if (!service) throw open311Error(404, `service_code ${serviceCode} was not found`);

  const problems: string[] = [];
  checkLocation(form, problems);

  const addressString = field(form, 'address_string');
  const sourceWritten = attribute(form, attributeCodes.sourceAddress);
  const fromSource = sourceWritten !== undefined ? postcodeIn(sourceWritten) : undefined;
  const fromAddressString = addressString !== undefined ? postcodeIn(addressString) : undefined;
  const sourceLine1 = fromSource?.rest || (sourceWritten === undefined ? fromAddressString?.rest : '') || '';
  const sourcePostcode =
    attribute(form, attributeCodes.sourcePostcode) ?? fromSource?.postcode ?? fromAddressString?.postcode;
  if (!sourceLine1)
    problems.push(
      `${a(attributeCodes.sourceAddress)}: Tell us the address the noise comes from (or send it as address_string)`,
    );
  if (!sourcePostcode)
    problems.push(
      `${a(attributeCodes.sourcePostcode)}: A postcode for the place the noise comes from is required: send ${a(
        attributeCodes.sourcePostcode,
      )} or include it in address_string`,
    );

  const yourWritten = attribute(form, attributeCodes.yourAddress);
  const fromYours = yourWritten !== undefined ? postcodeIn(yourWritten) : undefined;
  const yourPostcode = attribute(form, attributeCodes.yourPostcode) ?? fromYours?.postcode;
  if (!fromYours?.rest) problems.push(`${a(attributeCodes.yourAddress)}: Tell us your address`);
  if (!yourPostcode) problems.push(`${a(attributeCodes.yourPostcode)}: Tell us your postcode`);

  const occurredAt = time(
    attributeCodes.noiseStarted,
    attribute(form, attributeCodes.noiseStarted),
    problems,
  );
  if (attribute(form, attributeCodes.noiseStarted) === undefined)
    problems.push(`${a(attributeCodes.noiseStarted)}: Tell us when the noise started`);
  const endedAt = time(attributeCodes.noiseEnded, attribute(form, attributeCodes.noiseEnded), problems);
  const willing = yesOrNo(attribute(form, attributeCodes.willingToGiveEvidence), problems);

  const clientReportId = attribute(form, attributeCodes.clientReportId);
  if (clientReportId !== undefined && !CLIENT_REPORT_ID.test(clientReportId))
    problems.push(`${a(attributeCodes.clientReportId)}: must be 1 to 64 letters, digits or . _ : -`);

  const name = [field(form, 'first_name'), field(form, 'last_name')].filter(Boolean).join(' ');
  const phone = field(form, 'phone');
  const impact = attribute(form, attributeCodes.impact);
  const input = {
    complainant: {
      name,
      email: field(form, 'email'),
      ...(phone !== undefined ? { phone } : {}),
      address: { line1: fromYours?.rest, postcode: yourPostcode },
      ...(willing !== undefined ? { willingToGiveEvidence: willing } : {}),
    },
    source: {
      address: { line1: sourceLine1, postcode: sourcePostcode },
      kind: attribute(form, attributeCodes.sourceKind),
    },
    noise: {
      category: service.category,
      description: field(form, 'description'),
      occurredAt,
      ...(endedAt !== undefined ? { endedAt } : {}),
      ...(impact !== undefined ? { impact } : {}),
    },
  };
  const parsed = ComplaintRequest.safeParse(input);
  // A field this mapping already explained is not explained twice by the schema.
  const explained = new Set(problems.map((problem) => problem.split(':')[0]));
  const schemaProblems = parsed.success
    ? []
    : describeProblems(fieldProblems(parsed.error.issues)).filter(
        (problem) => !explained.has(problem.split(':')[0]),
      );
  if (problems.length || schemaProblems.length || !parsed.success) {
    throw new Open311Error(400, [...new Set([...problems, ...schemaProblems])]);
  }
  return {
    service,
    request: parsed.data,
    ...(clientReportId !== undefined ? { clientReportId } : {}),
  };
}
