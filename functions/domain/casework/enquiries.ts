/**
 * Reasonable enquiries to find the owner or occupier (2014 Act s.45): a notice may be addressed to
 * "the occupier" only with them on record. A requirement to give a name and address (Police Reform
 * Act 2002 s.50 for constables, Schedule 5 for accredited persons; Noise Act 1996 s.8B before a
 * fixed penalty) is an enquiry too, recorded with the officer, their accreditation, the power used
 * and the result. Each enquiry is an item of its own; its one-line summary is what a notice cites.
 */
import { createHash, randomUUID } from 'node:crypto';
import { validationFailed } from '../../commons/errors.ts';
import { hasApplied } from '../case-store.ts';
import { released } from '../letters/outbox.ts';
import { dayAndTime } from '../letters/words.ts';
import { type Caller, type LifecycleDeps, staffActor } from '../lifecycle/deps.ts';
import { applyChange, writeItems } from '../lifecycle/step.ts';
import type { Address } from '../model/address.ts';
import type { NoiseCase } from '../model/case.ts';
import type { EnquiryRequest, NameAndAddressRequest, nameAndAddressPowers } from '../model/requests.ts';
import { childrenOfCase, type TableAccess } from '../table-access.ts';
import { caseOrNotFound, refuseMerged } from './guards.ts';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

const methodTitles: Record<EnquiryRequest['method'] | 'name-and-address-requirement', string> = {
  'land-registry': 'Land Registry search',
  'council-tax': 'Council Tax records',
  'electoral-register': 'Electoral register',
  'site-visit': 'Visit to the premises',
  neighbours: 'Enquiries of neighbours',
  'landlord-or-agent': 'Enquiry of the landlord or managing agent',
  police: 'Enquiry of the police',
  other: 'Other enquiry',
  'name-and-address-requirement': 'Requirement to give a name and address',
};

export const powerTitles: Record<(typeof nameAndAddressPowers)[number], string> = {
  'pra-2002-s50': 'Police Reform Act 2002, section 50 (constable)',
  'pra-2002-sch5': 'Police Reform Act 2002, Schedule 5 (accredited person)',
  'noise-act-s8b': 'Noise Act 1996, section 8B (before a fixed penalty notice)',
};

const resultWords = {
  given: 'a name and address were given',
  refused: 'the person refused to give a name and address',
  'false-details': 'the details given are believed to be false',
} as const;

export interface EnquiryRecord {
  enquiryId: string;
  caseRef: string;
  method: EnquiryRequest['method'] | 'name-and-address-requirement';
  madeAt: string;
  /** The line a notice to the occupier cites (read by `enquiriesOf`). */
  enquiry: string;
  description?: string;
  findings?: string;
  recordedAt: string;
  recordedBy: { id: string; name?: string };
  requirement?: {
    power: NameAndAddressRequest['power'];
    accreditationNumber: string;
    accreditationExpiresOn?: string;
    result: NameAndAddressRequest['result'];
  };
  /** A name and address given in answer to a requirement (personal data: removed at retention). */
  name?: string;
  address?: Address;
  notes?: string;
  op?: string;
}

const enquiryItem = (record: EnquiryRecord) => ({
  pk: `ENQUIRY#${record.enquiryId}`,
  sk: 'ENQUIRY',
  gsi2pk: `CASE#${record.caseRef}`,
  gsi2sk: `ENQUIRY#${record.madeAt}#${record.enquiryId}`,
  ...record,
});

export async function enquiryRecordsOf(deps: TableAccess, c: NoiseCase): Promise<EnquiryRecord[]> {
  return (await childrenOfCase<EnquiryRecord>(deps, c.caseRef, 'ENQUIRY#')).filter((e) => released(c, e));
}

function refuseFuture(deps: LifecycleDeps, at: string, path: string) {
  if (Date.parse(at) > deps.clock.now().getTime() + FUTURE_TOLERANCE_MS)
    throw validationFailed([{ path, message: 'This must not be in the future' }]);
}

async function record(
  deps: LifecycleDeps,
  c: NoiseCase,
  caller: Caller,
  entry: Omit<EnquiryRecord, 'enquiryId' | 'caseRef' | 'recordedAt' | 'recordedBy'>,
  eventType: string,
  eventData: Record<string, unknown>,
) {
  const at = deps.clock.now().toISOString();
  const opId = `enquiry:${c.caseRef}:${randomUUID()}`;
  const enquiry: EnquiryRecord = {
    ...entry,
    enquiryId: `enq_${createHash('sha256').update(opId).digest('hex').slice(0, 20)}`,
    caseRef: c.caseRef,
    recordedAt: at,
    recordedBy: { id: caller.id, ...(caller.name ? { name: caller.name } : {}) },
  };
  await writeItems(deps, opId, [enquiryItem(enquiry)]);
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: eventType,
            at,
            actor: staffActor(caller),
            visibility: 'staff',
            data: { enquiryId: enquiry.enquiryId, method: enquiry.method, ...eventData },
            opId,
          },
          // The count lets a notice skip reading enquiries when there are none.
          patch: { updatedAt: at, enquiryCount: (current.enquiryCount ?? 0) + 1 },
        },
  );
  return { enquiry };
}

export async function recordEnquiry(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  body: EnquiryRequest,
) {
  const c = await caseOrNotFound(deps, caseRef);
  refuseMerged(c);
  refuseFuture(deps, body.madeAt, 'madeAt');
  return record(
    deps,
    c,
    caller,
    {
      method: body.method,
      madeAt: body.madeAt,
      enquiry: `${methodTitles[body.method]} (${dayAndTime(body.madeAt)}): ${body.description}. Found: ${body.findings}`,
      description: body.description,
      findings: body.findings,
    },
    'EnquiryRecorded',
    {},
  );
}

export async function recordNameAndAddressRequirement(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  body: NameAndAddressRequest,
) {
  const c = await caseOrNotFound(deps, caseRef);
  refuseMerged(c);
  refuseFuture(deps, body.requiredAt, 'requiredAt');
  // An accreditation lasts a fixed period (s.41): a requirement made after it ended was no power at all.
  if (body.accreditationExpiresOn && body.accreditationExpiresOn < body.requiredAt.slice(0, 10))
    throw validationFailed([
      {
        path: 'accreditationExpiresOn',
        message:
          'The accreditation had expired when the requirement was made, so it gave no power to make it',
      },
    ]);
  const officer = caller.name ?? 'an authorised officer';
  return record(
    deps,
    c,
    caller,
    {
      method: 'name-and-address-requirement',
      madeAt: body.requiredAt,
      enquiry: `${methodTitles['name-and-address-requirement']} (${dayAndTime(body.requiredAt)}) by ${officer}, accreditation ${body.accreditationNumber}, under ${powerTitles[body.power]}: ${resultWords[body.result]}`,
      requirement: {
        power: body.power,
        accreditationNumber: body.accreditationNumber,
        ...(body.accreditationExpiresOn ? { accreditationExpiresOn: body.accreditationExpiresOn } : {}),
        result: body.result,
      },
      ...(body.name ? { name: body.name } : {}),
      ...(body.address ? { address: body.address } : {}),
      ...(body.notes ? { notes: body.notes } : {}),
    },
    'NameAndAddressRequired',
    { power: body.power, result: body.result, accreditationNumber: body.accreditationNumber },
  );
}
