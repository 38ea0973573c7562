/**
 * The contract test's eyes: a recording proxy in front of the local stack (every request a test
 * makes, its own and the lifecycle helpers', goes through it over HTTP), and a checker that finds
 * each answer's operation in docs/openapi.json and validates the body with ajv against the
 * schema documented for that status and media type. A status or media type the operation does
 * not document is a failure. An XML answer (Open311's routes) must be well-formed, and is read
 * as the JSON document it mirrors (GeoReport v2's mapping: an element for each object and each
 * list item, text for each value) and validated against that document's schema.
 */
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { XmlDocument, type XmlElement, type XmlNodeBase, XmlTextNode } from 'xmldoc';
import { openApiPath } from '../../infra/openapi.ts';

export interface Exchange {
  method: string;
  /** Path and query as sent. */
  target: string;
  requestHeaders: Record<string, string>;
  requestBody: Buffer;
  status: number;
  contentType: string;
  /** Parsed JSON, or the text when it is not JSON. */
  body: unknown;
}

/** A proxy to `target` that keeps every exchange, in order. */
export async function startRecordingProxy(target: string) {
  const upstream = new URL(target);
  const exchanges: Exchange[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const requestBody = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(incoming.headers as IncomingHttpHeaders)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
      }
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...headers, host: upstream.host },
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('end', () => {
            const raw = Buffer.concat(parts);
            const text = raw.toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              // kept as text: the checker says it is not JSON
            }
            exchanges.push({
              method: incoming.method ?? 'GET',
              target: incoming.url ?? '/',
              requestHeaders: headers,
              requestBody,
              status: answer.statusCode ?? 0,
              contentType: String(answer.headers['content-type'] ?? ''),
              body,
            });
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            outgoing.end(raw);
          });
        },
      );
      forwarded.on('error', (error) => {
        outgoing.writeHead(502);
        outgoing.end(String(error));
      });
      forwarded.end(requestBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let taken = 0;
  return {
    url,
    exchanges,
    /** The exchanges since the last call. */
    take(): Exchange[] {
      const fresh = exchanges.slice(taken);
      taken = exchanges.length;
      return fresh;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A request by node:http (fetch cannot send a body with GET, and some refusals need one). */
export function send(
  base: string,
  method: string,
  target: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; body: unknown }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: target,
        headers: {
          ...options.headers,
          ...(options.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(options.body)) }
            : {}),
        },
      },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON
          }
          resolve({ status: answer.statusCode ?? 0, body });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

type JsonSchema = Record<string, unknown>;
type Response = { content?: Record<string, { schema: JsonSchema }> };
type Document = {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, Response> }>>;
  components: Record<string, unknown>;
};

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const isElement = (node: XmlNodeBase): node is XmlElement => node.type === 'element';
/** Text that is not only the whitespace between elements, or a CDATA section. */
const isContent = (node: XmlNodeBase) =>
  (node instanceof XmlTextNode && node.text.trim() !== '') || node.type === 'cdata';

/**
 * The root element of a well-formed XML document; throws saying why the text is not one. xmldoc
 * reads strictly but stops where the root element ends and never closes its parser, so a document
 * cut short, or with more after its root, would pass; inside a wrapper element neither does.
 */
export function parseXml(text: string): XmlElement {
  const declaration = /^<\?xml\s[^?]*\?>/.exec(text);
  const rest = declaration ? text.slice(declaration[0].length) : text;
  if (!rest.trim()) throw new Error('there is no root element');
  const bad = NOT_XML_CHAR.exec(rest);
  if (bad) throw new Error(`U+${bad[0].codePointAt(0)?.toString(16).padStart(4, '0')} is not allowed in XML`);
  const wrapper = new XmlDocument(`<contract-test-document>${rest}</contract-test-document>`);
  const roots = wrapper.children.filter(isElement);
  const stray = wrapper.children.some(isContent);
  if (roots.length !== 1 || stray) throw new Error('there is not exactly one root element');
  return roots[0] as XmlElement;
}

/** What `readXml` answers, when asked to be strict, for an element that does not fit the schema. */
const NO_FIT = Symbol('does not fit the schema');

/**
 * An XML element read as the JSON the schema describes: an object from its child elements by
 * name, an array from its child elements in order, a scalar from its text. A `oneOf` or `anyOf`
 * takes the first branch the element fits strictly (each child where the schema allows it, each
 * scalar of its type). Outside that choice the reading is lenient, so that ajv, judging the whole
 * value, says what does not match. XML text cannot say whether `1` is a number or a string: a
 * scalar's type is the JSON answer's to show, the XML's shape and values are checked here.
 */
function readXml(
  element: XmlElement,
  schema: JsonSchema,
  deref: (s: JsonSchema) => JsonSchema,
  strict = false,
): unknown {
  const resolved = deref(schema);
  const branches = (resolved.oneOf ?? resolved.anyOf) as JsonSchema[] | undefined;
  if (branches) {
    for (const branch of branches) {
      const value = readXml(element, branch, deref, true);
      if (value !== NO_FIT) return value;
    }
    return strict ? NO_FIT : readXml(element, branches[0] ?? {}, deref);
  }
  const children = element.children.filter(isElement);
  const hasText = element.children.some(isContent);
  const text = element.val;
  const properties = (resolved.properties ?? {}) as Record<string, JsonSchema>;
  const extra = resolved.additionalProperties;
  const propertySchema = (name: string) =>
    properties[name] ?? (typeof extra === 'object' ? (extra as JsonSchema) : {});
  const names = children.map((child) => child.name);
  const types = ([] as unknown[]).concat(
    resolved.type ?? (children.length ? ['object', 'array'] : ['string']),
  ) as string[];
  for (const type of types) {
    if (type === 'object' && !hasText) {
      if (new Set(names).size !== names.length) continue;
      if (strict && extra === false && names.some((name) => !(name in properties))) continue;
      const entries = children.map((child) => [
        child.name,
        readXml(child, propertySchema(child.name), deref, strict),
      ]);
      if (entries.some(([, value]) => value === NO_FIT)) continue;
      return Object.fromEntries(entries);
    }
    if (type === 'array' && !hasText) {
      const items = children.map((child) =>
        readXml(child, (resolved.items ?? {}) as JsonSchema, deref, strict),
      );
      if (items.includes(NO_FIT)) continue;
      return items;
    }
    if (children.length > 0) continue;
    if (type === 'string') return text;
    if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text))
      return Number(text);
    if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
    if (type === 'null' && text === '') return null;
  }
  if (strict) return NO_FIT;
  // Nothing fits: read it as it stands, for ajv to say why.
  if (!children.length) return text;
  return new Set(names).size === names.length
    ? Object.fromEntries(
        children.map((child) => [child.name, readXml(child, propertySchema(child.name), deref)]),
      )
    : children.map((child) => readXml(child, (resolved.items ?? {}) as JsonSchema, deref));
}

const BASE = 'https://abate.invalid/openapi.json';
const pointer = (...segments: string[]) =>
  segments.map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Checks answers against an OpenAPI document (the committed one unless given). */
export function contractChecker(document: Document = JSON.parse(readFileSync(openApiPath, 'utf8'))) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const addFormats =
    (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  // The document is added whole, so `#/components/...` references resolve as they do in it.
  for (const keyword of ['openapi', 'info', 'servers', 'paths', 'components']) ajv.addKeyword(keyword);
  ajv.addSchema({ ...document, $id: BASE });
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (template: string, method: string, status: string, mediaType: string) => {
    const key = `${method} ${template} ${status} ${mediaType}`;
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile({
        $ref: `${BASE}#/${pointer('paths', template, method, 'responses', status, 'content', mediaType, 'schema')}`,
      });
      validators.set(key, validate);
    }
    return validate;
  };
  /** A schema with its `$ref` (within the document) followed. */
  const deref = (schema: JsonSchema): JsonSchema => {
    const ref = schema.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (node, segment) =>
          (node as Record<string, unknown> | undefined)?.[
            segment.replaceAll('~1', '/').replaceAll('~0', '~')
          ],
        document,
      );
    if (!target) throw new Error(`the document has no ${ref}`);
    return deref(target as JsonSchema);
  };
  const described = (validate: ValidateFunction) =>
    (validate.errors ?? [])
      .map(
        (e) =>
          `${e.instancePath || '/'} ${e.message}${e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`,
      )
      .join('; ');
  /** Operation id → statuses seen. */
  const seen = new Map<string, Set<number>>();

  /** What is wrong with an exchange, or undefined when the document describes it. */
  function problem(exchange: Exchange): string | undefined {
    const path = exchange.target.split('?')[0] ?? '';
    const where = `${exchange.method} ${exchange.target} → ${exchange.status}`;
    const found = templates.find((t) => t.pattern.test(path));
    if (!found) return `${where}: no path in the document matches`;
    const item = document.paths[found.template] ?? {};
    const method = exchange.method.toLowerCase();
    // A method the path does not have answers 405: every operation on the path documents it.
    const operations = item[method] ? [[method, item[method]] as const] : Object.entries(item);
    if (!item[method] && exchange.status !== 405) return `${where}: the path has no ${method} operation`;
    for (const [documentedMethod, operation] of operations) {
      const status = String(exchange.status);
      const response = operation.responses[status];
      if (!response) return `${where}: ${operation.operationId} does not document status ${status}`;
      const mediaType = exchange.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      const documented = Object.keys(response.content ?? {});
      if (!documented.includes(mediaType))
        return `${where}: answered ${exchange.contentType || 'no content type'}, but ${operation.operationId}'s ${status} is documented as ${documented.join(' or ') || 'no content'}`;
      if (mediaType === 'application/pdf') {
        // A notice as served: its bytes are the PDF (what it says, and its hash, test/documents checks).
        if (typeof exchange.body !== 'string' || !exchange.body.startsWith('%PDF-'))
          return `${where}: the body is not a PDF`;
        const statuses = seen.get(operation.operationId) ?? new Set<number>();
        statuses.add(exchange.status);
        seen.set(operation.operationId, statuses);
        continue;
      }
      const json = validatorFor(found.template, documentedMethod, status, 'application/json');
      if (mediaType === 'application/json') {
        if (!json(exchange.body))
          return `${where}: the body does not match ${operation.operationId}'s ${status} schema: ${described(json)}\n${JSON.stringify(exchange.body).slice(0, 600)}`;
      } else if (mediaType === 'text/xml') {
        let root: XmlElement;
        try {
          if (typeof exchange.body !== 'string') throw new Error('the body is not text');
          root = parseXml(exchange.body);
        } catch (error) {
          return `${where}: the body is not well-formed XML (${(error as Error).message.split('\n')[0]})\n${String(exchange.body).slice(0, 600)}`;
        }
        // The XML mirrors the JSON document: read it as that, and hold it to the same schema.
        const mirrored = response.content?.['application/json']?.schema;
        if (mirrored) {
          if (!json(readXml(root, mirrored, deref)))
            return `${where}: the XML body, read as JSON, does not match ${operation.operationId}'s ${status} schema: ${described(json)}\n${String(exchange.body).slice(0, 600)}`;
        }
      } else {
        return `${where}: the checker cannot read ${mediaType}`;
      }
      const statuses = seen.get(operation.operationId) ?? new Set<number>();
      statuses.add(exchange.status);
      seen.set(operation.operationId, statuses);
    }
    return undefined;
  }

  return {
    problem,
    /** Every exchange's problem (local-only routes, which the document leaves out, are skipped). */
    problems(exchanges: Exchange[]): string[] {
      return exchanges
        .filter((exchange) => !exchange.target.startsWith('/_local/'))
        .map(problem)
        .filter((p): p is string => p !== undefined);
    },
    seen,
    /** Operation id → every status it documents. */
    documented(): Map<string, Set<number>> {
      const all = new Map<string, Set<number>>();
      for (const item of Object.values(document.paths))
        for (const operation of Object.values(item))
          all.set(operation.operationId, new Set(Object.keys(operation.responses).map(Number)));
      return all;
    },
  };
}
