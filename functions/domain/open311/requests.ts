/**
 * Service requests: a posted request becomes a report through the same `reportComplaint` the web
 * form uses, and its status is read back by the id the client was given.
 *
 * The id (`service_request_id`) names the report, not the case: several reports about one place
 * join one case, and each client must get its own id back, whose status it can follow even after
 * a caseworker splits the report off or merges its case into another. It is derived from the
 * request's operation key with a server-held key, so a retry gets the same id, and nobody can
 * work out the id of someone else's report from a FixMyStreet report number.
 *
 * The operation key is the client and its own report id when it sends one (FixMyStreet's
 * `attribute[fixmystreet_id]`), else the client and the whole request less its api_key. A retry
 * therefore joins the same complaint: `reportComplaint` derives the complaint's ids from it.
 *
 * What is kept under the id (`OPEN311#<id>`) holds no personal data: the client, the service, the
 * case the report went to, the report's party id and the hash of its tracking token. The status is
 * read through that tracking token's record, which follows the report when it is split off or its
 * case is merged, exactly as the resident's own view does (`followCase`).
 */
import { createHash, createHmac } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseStore } from '../case-store.ts';
import { statusDescriptions } from '../follow-case.ts';
import { hashTrackingToken, trackingTokenFor } from '../identifiers.ts';
import { type IntakeDeps, reportComplaint } from '../intake/report.ts';
import { keys } from '../keys.ts';
import { released } from '../letters/outbox.ts';
import type { NoiseCase } from '../model/case.ts';
import { batchGet, putIfAbsent, type TableAccess } from '../table-access.ts';
import { canonicalForm, type Open311Form } from './form.ts';
import type { MappedServiceRequest } from './mapping.ts';
import { serviceByCode } from './services.ts';
import { w3cDateTime } from './times.ts';

export const SERVICE_REQUEST_ID = /^[0-9a-f]{20}$/;

/** The record kept under a service request id: facts and ids only. */
export interface ServiceRequestRecord {
  serviceRequestId: string;
  clientId: string;
  serviceCode: string;
  /** The case the report opened or joined when it arrived (it may have moved since). */
  caseRef: string;
  joinedExistingCase: boolean;
  partyId: string;
  trackHash: string;
  requestedAt: string;
}

export interface PostedServiceRequest {
  service_request_id: string;
  service_notice: string;
}

const requestKey = (id: string) => ({ pk: `OPEN311#${id}`, sk: 'REQUEST' });

/**
 * `|` cannot appear in the web route's Idempotency-Key, so no web report can claim the operation
 * key of a report a client will send.
 */
export function operationKeyFor(clientId: string, form: Open311Form, clientReportId?: string): string {
  return clientReportId !== undefined
    ? `open311|${clientId}|report|${clientReportId}`
    : `open311|${clientId}|request|${createHash('sha256').update(canonicalForm(form)).digest('hex')}`;
}

export function serviceRequestIdFor(operationKey: string, serverKey: string): string {
  return createHmac('sha256', serverKey).update(`open311-request|${operationKey}`).digest('hex').slice(0, 20);
}

function noticeFor(record: ServiceRequestRecord): string {
  return record.joinedExistingCase
    ? `Thank you. This report has been added to case ${record.caseRef}, which is already open about this place. We have sent the resident an acknowledgement, and an officer will review the case.`
    : `Thank you. We have opened case ${record.caseRef} for this report and sent the resident an acknowledgement. An officer will review it.`;
}

async function readRecord(deps: TableAccess, id: string): Promise<ServiceRequestRecord | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.table, Key: requestKey(id), ConsistentRead: true }),
  );
  return Item as ServiceRequestRecord | undefined;
}

/**
 * Records a mapped request as a report (or finds the one a retry of it already made) and answers
 * with its id. The id's record is written only after the report counts, and only once: a retry,
 * even one whose body has changed since, gets the first answer and changes nothing.
 */
export async function submitServiceRequest(
  deps: IntakeDeps,
  clientId: string,
  form: Open311Form,
  mapped: MappedServiceRequest,
): Promise<PostedServiceRequest> {
  const operationKey = operationKeyFor(clientId, form, mapped.clientReportId);
  const serviceRequestId = serviceRequestIdFor(operationKey, deps.trackingTokenKey);
  const earlier = await readRecord(deps, serviceRequestId);
  if (earlier) return { service_request_id: serviceRequestId, service_notice: noticeFor(earlier) };

  // Exactly what the web route does with a report and its Idempotency-Key.
  const receipt = await reportComplaint(deps, mapped.request, { operationKey });

  const record: ServiceRequestRecord = {
    serviceRequestId,
    clientId,
    serviceCode: mapped.service.service_code,
    caseRef: receipt.caseRef,
    joinedExistingCase: receipt.joinedExistingCase,
    partyId: receipt.complainantPartyId,
    trackHash: hashTrackingToken(trackingTokenFor(receipt.complainantPartyId, deps.trackingTokenKey)),
    requestedAt: deps.clock.now().toISOString(),
  };
  const first = (await putIfAbsent(deps, { ...requestKey(serviceRequestId), ...record }))
    ? record
    : ((await readRecord(deps, serviceRequestId)) ?? record);
  return { service_request_id: serviceRequestId, service_notice: noticeFor(first) };
}

export interface ServiceRequestStatus {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  requested_datetime: string;
  updated_datetime: string;
}

/** The most ids one GET answers for (the spec's default query limit is 1000 requests). */
export const MAX_IDS_PER_QUERY = 1000;

/**
 * The status of each known id, in the order asked; ids nobody was given are left out. Only what
 * the resident's own view would show: the case's stage in their words, never anyone's details,
 * never another report.
 */
export async function serviceRequestStatuses(
  deps: TableAccess & { store: CaseStore },
  ids: string[],
): Promise<ServiceRequestStatus[]> {
  const wanted = [...new Set(ids.filter((id) => SERVICE_REQUEST_ID.test(id)))].slice(0, MAX_IDS_PER_QUERY);
  if (wanted.length === 0) return [];
  const records = await batchGet<ServiceRequestRecord>(deps, wanted.map(requestKey));
  if (records.length === 0) return [];
  const tracks = await batchGet<{ caseRef: string; partyId: string; op?: string }>(
    deps,
    records.map((record) => keys.tracking(record.trackHash)),
  );
  const trackOf = new Map(tracks.map((track) => [track.partyId, track]));
  const caseRefs = [...new Set(tracks.map((track) => track.caseRef))];
  const cases = new Map<string, NoiseCase>();
  // A few at a time: each read may roll a case forward, and a client may ask about hundreds.
  for (let start = 0; start < caseRefs.length; start += 10) {
    const batch = caseRefs.slice(start, start + 10);
    const read = await Promise.all(batch.map((ref) => deps.store.read(ref)));
    read.forEach((c, index) => {
      if (c) cases.set(batch[index] as string, c);
    });
  }
  const byId = new Map<string, ServiceRequestStatus>();
  for (const record of records) {
    const track = trackOf.get(record.partyId);
    const c = track ? cases.get(track.caseRef) : undefined;
    const service = serviceByCode(record.serviceCode);
    if (!track || !c || !released(c, track) || !service) continue;
    byId.set(record.serviceRequestId, {
      service_request_id: record.serviceRequestId,
      status: c.status === 'closed' ? 'closed' : 'open',
      status_notes: statusDescriptions[c.status],
      service_name: service.service_name,
      service_code: service.service_code,
      requested_datetime: w3cDateTime(record.requestedAt),
      // Never before the request itself (a report that joined a case sees the case's later updates only).
      updated_datetime: w3cDateTime([c.updatedAt, record.requestedAt].sort()[1] as string),
    });
  }
  return wanted.flatMap((id) => byId.get(id) ?? []);
}
