/**
 * GET /open311/v2/{document}: `services.{xml|json}`, the noise services; `requests.{xml|json}`,
 * the status of the requests named in `service_request_id` (comma separated), as FixMyStreet asks
 * for the reports it is following (perllib/Open311.pm `get_service_requests`).
 *
 * Without ids this server lists nothing: the spec's open query (every request of the last 90
 * days) would publish who complains about which neighbours.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { open311Api, open311Response } from '../adapters/open311/http.ts';
import { caseDeps } from '../commons/case-deps.ts';
import {
  parseDocumentName,
  requestStatusesDocument,
  serviceListDocument,
} from '../domain/open311/documents.ts';
import { open311Error } from '../domain/open311/errors.ts';
import { MAX_IDS_PER_QUERY, serviceRequestStatuses } from '../domain/open311/requests.ts';
import { services } from '../domain/open311/services.ts';

export const Open311ListQuery = z.object({
  service_request_id: z
    .string()
    .max(32_000)
    .optional()
    .describe(
      `requests only, and required there: ids given by POST requests, comma separated (at most ${MAX_IDS_PER_QUERY})`,
    ),
  jurisdiction_id: z.string().optional().describe('Ignored: this endpoint serves one council'),
});

export async function open311ListHandler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const document = parseDocumentName(event.pathParameters?.document ?? '');
  if (!document) throw open311Error(404, 'This endpoint answers in XML (.xml) or JSON (.json)');
  if (document.name === 'services')
    return open311Response(200, serviceListDocument(services), document.format);
  if (document.name !== 'requests')
    throw open311Error(404, 'No such Open311 resource: try services or requests');
  const idList = event.queryStringParameters?.service_request_id ?? '';
  if (idList.length > 32_000) throw open311Error(400, 'service_request_id is too long');
  const ids = idList
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw open311Error(
      400,
      'service_request_id is required: this server answers for the requests you name, and lists no others',
    );
  const statuses = await serviceRequestStatuses(caseDeps(), ids);
  return open311Response(200, requestStatusesDocument(statuses), document.format);
}

export const handler = open311Api(open311ListHandler);
