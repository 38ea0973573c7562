/** GET /open311/v2/services/{service}: a noise service's definition (`music.xml`, `music.json`). */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { open311Api, open311Response } from '../adapters/open311/http.ts';
import { parseDocumentName, serviceDefinitionDocument } from '../domain/open311/documents.ts';
import { open311Error } from '../domain/open311/errors.ts';
import { serviceByCode } from '../domain/open311/services.ts';

export async function open311ServiceDefinitionHandler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const document = parseDocumentName(event.pathParameters?.service ?? '');
  if (!document) throw open311Error(404, 'This endpoint answers in XML (.xml) or JSON (.json)');
  const service = serviceByCode(document.name);
  if (!service) throw open311Error(404, 'No service has that service_code');
  return open311Response(200, serviceDefinitionDocument(service), document.format);
}

export const handler = open311Api(open311ServiceDefinitionHandler);
