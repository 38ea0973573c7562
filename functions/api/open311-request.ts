/** GET /open311/v2/requests/{request}: one request's status, by the id POST gave (`<id>.xml`, `<id>.json`). */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { open311Api, open311Response } from '../adapters/open311/http.ts';
import { caseDeps } from '../commons/case-deps.ts';
import { parseDocumentName, requestStatusesDocument } from '../domain/open311/documents.ts';
import { open311Error } from '../domain/open311/errors.ts';
import { serviceRequestStatuses } from '../domain/open311/requests.ts';

export async function open311RequestHandler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const document = parseDocumentName(event.pathParameters?.request ?? '');
  if (!document) throw open311Error(404, 'This endpoint answers in XML (.xml) or JSON (.json)');
  const [status] = await serviceRequestStatuses(caseDeps(), [document.name]);
  // An id that was never given and one that is malformed get the same answer.
  if (!status) throw open311Error(404, 'No service request has that service_request_id');
  return open311Response(200, requestStatusesDocument([status]), document.format);
}

export const handler = open311Api(open311RequestHandler);
