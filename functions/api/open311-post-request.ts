/**
 * POST /open311/v2/requests.{xml|json}: a client (FixMyStreet) sends a noise report. The body is
 * form-encoded with the client's `api_key` in it (perllib/Open311.pm `_request` in
 * mysociety/fixmystreet puts it there for every POST); the report opens or joins a case through
 * the same `reportComplaint` as POST /complaints, and a retry of the same report (the same
 * FixMyStreet report id, or the same body) gets the same service_request_id and adds nothing.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { bodyText, open311Api, open311Response } from '../adapters/open311/http.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { logger } from '../commons/powertools.ts';
import { readSecret } from '../commons/secrets.ts';
import { authenticateClient, parseClientKeys } from '../domain/open311/clients.ts';
import { parseDocumentName, postedRequestDocument } from '../domain/open311/documents.ts';
import { open311Error } from '../domain/open311/errors.ts';
import { field, parseForm } from '../domain/open311/form.ts';
import { mapServiceRequest } from '../domain/open311/mapping.ts';
import { submitServiceRequest } from '../domain/open311/requests.ts';

const MAX_BODY_BYTES = 64 * 1024;

export async function open311PostRequestHandler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const document = parseDocumentName(event.pathParameters?.document ?? '');
  if (!document) throw open311Error(404, 'This endpoint answers in XML (.xml) or JSON (.json)');
  if (document.name !== 'requests') throw open311Error(404, 'Service requests are posted to requests.xml');
  const mediaType = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded')
    throw open311Error(
      415,
      'Send the request as application/x-www-form-urlencoded; link photos with media_url rather than uploading them',
    );
  const form = parseForm(bodyText(event, MAX_BODY_BYTES));

  const clients = parseClientKeys(await readSecret('open311Clients'));
  // FixMyStreet sends the key in the form; a client that puts it in the query string is read too.
  const clientId = authenticateClient(
    clients,
    field(form, 'api_key') ?? event.queryStringParameters?.api_key,
  );
  logger.appendKeys({ open311Client: clientId });

  const mapped = mapServiceRequest(form);
  const trackingTokenKey = await readSecret('trackingToken');
  const posted = await submitServiceRequest({ ...lifecycleDeps(), trackingTokenKey }, clientId, form, mapped);
  logger.info('open311 service request recorded', {
    serviceCode: mapped.service.service_code,
    serviceRequestId: posted.service_request_id,
  });
  return open311Response(201, postedRequestDocument(posted), document.format);
}

export const handler = open311Api(open311PostRequestHandler);
