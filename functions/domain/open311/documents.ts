/**
 * Open311 documents in both formats. XML is the spec's required format and the one FixMyStreet
 * asks for (`services.xml`, `requests.xml`); JSON is the spec's "Spark convention" mapping of the
 * same elements: a list is an array of objects, one object per element. A resource named without
 * an extension answers in XML, the format every client must accept.
 */
import * as z from 'zod';
import type { Open311ErrorItem } from './errors.ts';
import type { PostedServiceRequest, ServiceRequestStatus } from './requests.ts';
import { attributes, type Open311Attribute, type Open311Service } from './services.ts';
import { type XmlNode, xmlDocument } from './xml.ts';

export type Open311Format = 'xml' | 'json';

/** `services.xml` → services in XML; `services` → XML; `services.csv` → undefined (no such format). */
export function parseDocumentName(segment: string): { name: string; format: Open311Format } | undefined {
  const dot = segment.lastIndexOf('.');
  if (dot < 0) return { name: segment, format: 'xml' };
  const extension = segment.slice(dot + 1);
  if (extension !== 'xml' && extension !== 'json') return undefined;
  return { name: segment.slice(0, dot), format: extension };
}

/** The format an answer (or an error) should take, from the path the client asked for. */
export function formatOfPath(path: string): Open311Format {
  return path.endsWith('.json') ? 'json' : 'xml';
}

export interface Open311Document {
  json: unknown;
  xml: XmlNode;
}

const leaf = (name: string, text: string | number | boolean | null | undefined) => ({ name, text });

export function serviceListDocument(list: readonly Open311Service[]): Open311Document {
  const entry = (service: Open311Service) => ({
    service_code: service.service_code,
    service_name: service.service_name,
    description: service.description,
    metadata: true,
    type: 'realtime' as const,
    keywords: service.keywords,
    group: service.group,
  });
  return {
    json: list.map(entry),
    xml: {
      name: 'services',
      children: list.map((service) => ({
        name: 'service',
        children: Object.entries(entry(service)).map(([name, value]) => leaf(name, value)),
      })),
    },
  };
}

function attributeJson(attribute: Open311Attribute) {
  return {
    variable: attribute.variable,
    code: attribute.code,
    datatype: attribute.datatype,
    required: attribute.required,
    datatype_description: attribute.datatype_description || null,
    order: attribute.order,
    description: attribute.description,
    ...(attribute.values ? { values: attribute.values } : {}),
    ...(attribute.automated ? { automated: attribute.automated } : {}),
  };
}

function attributeXml(attribute: Open311Attribute): XmlNode {
  return {
    name: 'attribute',
    children: [
      leaf('variable', attribute.variable),
      leaf('code', attribute.code),
      leaf('datatype', attribute.datatype),
      leaf('required', attribute.required),
      leaf('datatype_description', attribute.datatype_description),
      leaf('order', attribute.order),
      leaf('description', attribute.description),
      ...(attribute.values
        ? [
            {
              name: 'values',
              children: attribute.values.map((value) => ({
                name: 'value',
                children: [leaf('key', value.key), leaf('name', value.name)],
              })),
            },
          ]
        : []),
      ...(attribute.automated ? [leaf('automated', attribute.automated)] : []),
    ],
  };
}

export function serviceDefinitionDocument(service: Open311Service): Open311Document {
  return {
    json: { service_code: service.service_code, attributes: attributes.map(attributeJson) },
    xml: {
      name: 'service_definition',
      children: [
        leaf('service_code', service.service_code),
        { name: 'attributes', children: attributes.map(attributeXml) },
      ],
    },
  };
}

export function postedRequestDocument(posted: PostedServiceRequest): Open311Document {
  return {
    json: [posted],
    xml: {
      name: 'service_requests',
      children: [
        {
          name: 'request',
          children: [
            leaf('service_request_id', posted.service_request_id),
            leaf('service_notice', posted.service_notice),
          ],
        },
      ],
    },
  };
}

export function requestStatusesDocument(statuses: ServiceRequestStatus[]): Open311Document {
  return {
    json: statuses,
    xml: {
      name: 'service_requests',
      children: statuses.map((status) => ({
        name: 'request',
        children: Object.entries(status).map(([name, value]) => leaf(name, value)),
      })),
    },
  };
}

export function errorsDocument(errors: Open311ErrorItem[]): Open311Document {
  return {
    json: errors,
    xml: {
      name: 'errors',
      children: errors.map((error) => ({
        name: 'error',
        children: [leaf('code', error.code), leaf('description', error.description)],
      })),
    },
  };
}

export function serialise(document: Open311Document, format: Open311Format): string {
  return format === 'json' ? JSON.stringify(document.json) : xmlDocument(document.xml);
}

export const contentTypes: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

// The JSON shapes, for the OpenAPI document.
export const ServiceListJson = z.array(
  z.object({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean(),
    type: z.literal('realtime'),
    keywords: z.string(),
    group: z.string(),
  }),
);

export const ServiceDefinitionJson = z.object({
  service_code: z.string(),
  attributes: z.array(
    z.object({
      variable: z.boolean(),
      code: z.string(),
      datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
      required: z.boolean(),
      datatype_description: z.string().nullable(),
      order: z.number().int(),
      description: z.string(),
      values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
      automated: z.literal('server_set').optional(),
    }),
  ),
});

export const PostedRequestJson = z.array(
  z.object({ service_request_id: z.string(), service_notice: z.string() }),
);

export const RequestStatusesJson = z.array(
  z.object({
    service_request_id: z.string(),
    status: z.enum(['open', 'closed']),
    status_notes: z.string(),
    service_name: z.string(),
    service_code: z.string(),
    requested_datetime: z.string(),
    updated_datetime: z.string(),
  }),
);

export const ErrorsJson = z.array(z.object({ code: z.number().int(), description: z.string() }));
