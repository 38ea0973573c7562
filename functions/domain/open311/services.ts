/**
 * Abate's noise categories as Open311 services, and the questions (attributes) every noise
 * report asks. FixMyStreet copies the service list into its categories (one contact per
 * service_code) and the definition into each category's form, so a service_code must never
 * change once published: the codes are written out here, not derived from the category enum, and
 * a test checks that every category has exactly one service.
 *
 * How FixMyStreet reads this (mysociety/fixmystreet, perllib/Open311/PopulateServiceList.pm and
 * templates/web/base/report/new/category_extras_fields.html):
 * - `metadata` true makes it fetch `services/<code>.xml` and store the attributes;
 * - `datetime` becomes an `<input type="datetime-local">`, which sends local time without an
 *   offset (see `parseReportedTime`);
 * - a singlevaluelist becomes a `<select>` of the value keys;
 * - an attribute named as the category's id field (`fixmystreet_id` unless configured otherwise)
 *   is filled with FixMyStreet's own report id when the report is sent
 *   (perllib/FixMyStreet/SendReport/Open311.pm); `automated: server_set` keeps it off the form.
 */
import { type noiseCategories, sourceKinds } from '../model/complaint.ts';

type NoiseCategory = (typeof noiseCategories)[number];
type SourceKind = (typeof sourceKinds)[number];

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  keywords: string;
  group: string;
  category: NoiseCategory;
}

export const SERVICE_GROUP = 'Noise';

const service = (
  category: NoiseCategory,
  service_name: string,
  description: string,
  keywords: string[],
): Open311Service => ({
  service_code: category,
  service_name,
  description,
  keywords: keywords.join(', '),
  group: SERVICE_GROUP,
  category,
});

/** In the order a resident meets them. The code is the category's name in Abate today; it stays fixed even if that changes. */
export const services: readonly Open311Service[] = [
  service('music', 'Loud music', 'Loud music or bass from a home, business or vehicle', [
    'music',
    'bass',
    'stereo',
    'speakers',
  ]),
  service('tv-radio', 'Loud TV or radio', 'A television or radio played loudly', [
    'television',
    'tv',
    'radio',
  ]),
  service('party', 'Party', 'A party or gathering making noise', ['party', 'gathering', 'people']),
  service('shouting', 'Shouting or screaming', 'Shouting, screaming, arguing or banging', [
    'shouting',
    'screaming',
    'arguing',
    'banging',
    'voices',
  ]),
  service('barking', 'Dog barking', 'A dog or other animal barking or howling', ['dog', 'barking', 'animal']),
  service('alarm', 'Alarm ringing', 'A house, business or car alarm that keeps ringing', [
    'alarm',
    'burglar alarm',
    'car alarm',
  ]),
  service('diy', 'DIY noise', 'Drilling, hammering or other DIY at unreasonable hours', [
    'diy',
    'drilling',
    'hammering',
  ]),
  service('construction', 'Building site noise', 'Noise from a building or demolition site', [
    'construction',
    'building site',
    'demolition',
  ]),
  service(
    'machinery',
    'Machinery or equipment',
    'Noise from machinery, plant, air conditioning or a generator',
    ['machinery', 'generator', 'air conditioning', 'fan'],
  ),
  service('vehicle', 'Vehicle noise', 'Noise from vehicles: revving, horns, engines left running', [
    'vehicle',
    'car',
    'engine',
    'revving',
    'horn',
  ]),
  service('other', 'Other noise', 'Any other noise nuisance', ['noise', 'other']),
];

export function serviceByCode(code: string): Open311Service | undefined {
  return services.find((entry) => entry.service_code === code);
}

export type AttributeDatatype =
  | 'string'
  | 'number'
  | 'datetime'
  | 'text'
  | 'singlevaluelist'
  | 'multivaluelist';

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
  /** FixMyStreet's extension (used by mySociety's open311-adapter): filled by the client's server, not asked. */
  automated?: 'server_set';
}

/** The attribute codes: the names the form fields arrive under, `attribute[<code>]`. */
export const attributeCodes = {
  sourceKind: 'source_kind',
  sourceAddress: 'source_address',
  sourcePostcode: 'postcode',
  noiseStarted: 'noise_started',
  noiseEnded: 'noise_ended',
  impact: 'impact',
  yourAddress: 'your_address',
  yourPostcode: 'your_postcode',
  willingToGiveEvidence: 'willing_to_give_evidence',
  clientReportId: 'fixmystreet_id',
} as const;

const sourceKindNames: Record<SourceKind, string> = {
  domestic: 'A home (house or flat)',
  commercial: 'A shop, office or other business',
  'licensed-premises': 'A pub, bar, club or venue',
  street: 'The street or a public place',
  vehicle: 'A vehicle',
  alarm: 'An alarm',
  construction: 'A building or demolition site',
  other: 'Somewhere else',
};

export const yesNo = [
  { key: 'yes', name: 'Yes' },
  { key: 'no', name: 'No' },
];

/**
 * The questions for every noise service. FixMyStreet sends the pin as lat/long and no address,
 * and a pin cannot say which flat, so the source's address and postcode are required here; a
 * client that sends `address_string` may leave them out (the server takes them from it).
 */
export const attributes: readonly Open311Attribute[] = [
  {
    variable: true,
    code: attributeCodes.sourceKind,
    datatype: 'singlevaluelist',
    required: true,
    datatype_description: 'Choose one',
    order: 1,
    description: 'Where is the noise coming from?',
    values: sourceKinds.map((kind): { key: string; name: string } => ({
      key: kind,
      name: sourceKindNames[kind],
    })),
  },
  {
    variable: true,
    code: attributeCodes.sourceAddress,
    datatype: 'string',
    required: true,
    datatype_description: 'For example: Flat 3, 12 Mare Street',
    order: 2,
    description: 'The address the noise comes from, with the flat number if there is one',
  },
  {
    variable: true,
    code: attributeCodes.sourcePostcode,
    datatype: 'string',
    required: true,
    datatype_description: 'For example: E8 1DY',
    order: 3,
    description: 'The postcode of the place the noise comes from',
  },
  {
    variable: true,
    code: attributeCodes.noiseStarted,
    datatype: 'datetime',
    required: true,
    datatype_description: 'Date and time, UK time unless a time zone is given',
    order: 4,
    description: 'When did the noise start?',
  },
  {
    variable: true,
    code: attributeCodes.noiseEnded,
    datatype: 'datetime',
    required: false,
    datatype_description:
      'Date and time, UK time unless a time zone is given; leave empty if it has not stopped',
    order: 5,
    description: 'When did the noise stop?',
  },
  {
    variable: true,
    code: attributeCodes.impact,
    datatype: 'text',
    required: false,
    datatype_description: 'For example: I cannot sleep, my children cannot do their homework',
    order: 6,
    description: 'How does the noise affect you?',
  },
  {
    variable: true,
    code: attributeCodes.yourAddress,
    datatype: 'string',
    required: true,
    datatype_description: 'For example: 14 Mare Street. We never share it with the people you report',
    order: 7,
    description: 'Your address: we assess noise where you live',
  },
  {
    variable: true,
    code: attributeCodes.yourPostcode,
    datatype: 'string',
    required: true,
    datatype_description: 'For example: E8 1DY',
    order: 8,
    description: 'Your postcode',
  },
  {
    variable: true,
    code: attributeCodes.willingToGiveEvidence,
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: 'Choose one',
    order: 9,
    description: 'If the case goes to court, would you be willing to give evidence?',
    values: yesNo,
  },
  {
    variable: false,
    code: attributeCodes.clientReportId,
    datatype: 'string',
    required: false,
    datatype_description: '',
    order: 10,
    description: 'external system ID',
    automated: 'server_set',
  },
];
