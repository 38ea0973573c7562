import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../infra/functions.ts';
import { buildOpenApi, openApiPath } from '../../infra/openapi.ts';

interface Schema {
  $ref?: string;
  oneOf?: { $ref: string }[];
  type?: string;
  required?: string[];
}
interface Response {
  content?: Record<string, { schema: Schema }>;
}
interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, Response>;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, unknown>;
    securitySchemes: Record<string, { type: string; name?: string; in?: string }>;
  };
};

const built = buildOpenApi() as unknown as Document;
const document = () => built;
const operationOf = (route: (typeof routes)[number]) =>
  document().paths[route.path]?.[route.method.toLowerCase()] as Operation;
/** An Open311 GeoReport v2 route (docs/open311.md): XML or JSON, and Open311's own refusals. */
const isOpen311 = (route: (typeof routes)[number]) => route.path.startsWith('/open311/');
const open311Routes = () => routes.filter(isOpen311);
/** The component names a JSON schema refers to, directly or as one of several. */
const refsOf = (schema: Schema | undefined) =>
  schema?.oneOf ? schema.oneOf.map((s) => s.$ref) : [schema?.$ref];

describe('the OpenAPI document', () => {
  it('is up to date with the routes and zod schemas (run `npm run openapi` after changing them)', () => {
    const committed = JSON.parse(readFileSync(openApiPath, 'utf8'));
    expect(committed).toEqual(buildOpenApi());
  });

  it('describes every route, with the request body schema where there is one', () => {
    for (const route of routes) {
      const operation = operationOf(route);
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      if (route.access === 'staff') expect(operation?.security).toEqual([{ staffJwt: [] }]);
    }
    const report = document().paths['/complaints']?.post?.requestBody as {
      content: { 'application/json': { schema: { required: string[] } } };
    };
    expect(report.content['application/json'].schema.required).toEqual(['complainant', 'source', 'noise']);
  });

  it('gives every success a named response schema, and every error one of the error shapes', () => {
    const shapes = (...names: string[]) => names.map((name) => `#/components/schemas/${name}`);
    const errorShapes = shapes('Error', 'ValidationError', 'GatewayMessage', 'AuthorizerRefusal');
    // Open311 routes refuse in Open311's own shape too; no other route may.
    const open311ErrorShapes = [...errorShapes, ...shapes('Open311Errors')];
    for (const route of routes) {
      const operation = operationOf(route);
      const [success, ...others] = Object.keys(operation.responses).filter((status) => status < '300');
      expect(others, route.functionId).toEqual([]);
      const pdf = operation.responses[success as string]?.content?.['application/pdf'];
      if (pdf) {
        // A notice as served answers with its PDF: bytes, not a JSON document.
        expect(route.functionId).toBe('GetNoticeDocument');
        expect(pdf.schema).toEqual({ type: 'string', contentMediaType: 'application/pdf' });
      } else {
        const ref = operation.responses[success as string]?.content?.['application/json']?.schema.$ref;
        expect(ref, `${route.functionId} ${success}`).toMatch(/^#\/components\/schemas\/\w+$/);
        expect(document().components.schemas[String(ref).split('/').pop() as string]).toBeDefined();
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        const where = `${route.functionId} ${status}`;
        const {
          'application/json': json,
          'text/xml': xml,
          'application/pdf': pdfContent,
          ...others
        } = response.content ?? {};
        // JSON always (bar a notice's PDF); XML, as a string of GeoReport v2, only on Open311 routes.
        expect(Object.keys(others), where).toEqual([]);
        if (pdfContent) {
          expect(status, `${where}: only a success is a PDF`).toBe(success);
          continue;
        }
        expect(json, where).toBeDefined();
        if (xml) {
          expect(isOpen311(route), `${where} answers XML`).toBe(true);
          expect(xml.schema.type, where).toBe('string');
        }
        if (status < '300') {
          if (isOpen311(route)) expect(xml, `${where} answers XML for .xml`).toBeDefined();
          continue;
        }
        const allowed = isOpen311(route) ? open311ErrorShapes : errorShapes;
        for (const each of refsOf(json?.schema)) expect(allowed, where).toContain(each);
      }
    }
  });

  it('documents the refusals every route of its kind can give', () => {
    for (const route of routes.filter((route) => !isOpen311(route))) {
      const operation = operationOf(route);
      const statuses = Object.keys(operation.responses).map(Number);
      expect(statuses, route.functionId).toEqual(expect.arrayContaining([400, 405, 413, 429, 500, 503]));
      if (operation.requestBody) expect(statuses, route.functionId).toContain(415);
      if (route.access === 'staff')
        expect(statuses, route.functionId).toEqual(expect.arrayContaining([401, 403]));
      if (route.access === 'provider') expect(statuses, route.functionId).toContain(401);
      if (route.access === 'public') expect(statuses, route.functionId).not.toContain(401);
      const badInput = operation.responses['400']?.content?.['application/json']?.schema.$ref;
      expect(badInput).toBe('#/components/schemas/ValidationError');
    }
  });

  it("documents Open311's refusals in Open311's shape, in JSON or XML, and a key, a form size and a media type only for the POST", () => {
    expect(open311Routes().map((route) => route.functionId)).toEqual([
      'Open311List',
      'Open311ServiceDefinition',
      'Open311Request',
      'Open311PostRequest',
    ]);
    for (const route of open311Routes()) {
      const operation = operationOf(route);
      const statuses = Object.keys(operation.responses).map(Number);
      const post = route.method === 'POST';
      // 413 on a GET is API Gateway's own, for a body over 10 MB, as on every route.
      expect(statuses.sort(), route.functionId).toEqual(
        (post
          ? [201, 400, 403, 404, 405, 413, 415, 429, 500, 503]
          : [200, 400, 404, 405, 413, 429, 500, 503]
        ).sort(),
      );
      expect(statuses, route.functionId).not.toContain(401);
      // What the function refuses, it refuses as Open311 does, in the format the path asked for.
      for (const status of post ? [400, 403, 404, 413, 415, 500, 503] : [400, 404, 500]) {
        const content = operation.responses[String(status)]?.content;
        expect(refsOf(content?.['application/json']?.schema), `${route.functionId} ${status}`).toContain(
          '#/components/schemas/Open311Errors',
        );
        expect(content?.['text/xml'], `${route.functionId} ${status}`).toBeDefined();
      }
      const badInput = operation.responses['400']?.content?.['application/json']?.schema;
      expect(refsOf(badInput)[0]).toBe('#/components/schemas/Open311Errors');
    }
    const form = operationOf(
      open311Routes().find((route) => route.method === 'POST') as (typeof routes)[number],
    ).requestBody as { content: Record<string, { schema: Schema }> };
    expect(Object.keys(form.content)).toEqual(['application/x-www-form-urlencoded']);
    expect(form.content['application/x-www-form-urlencoded']?.schema.required).toEqual([
      'service_code',
      'api_key',
    ]);
  });

  it('asks for credentials through security schemes, never as loose header or query parameters', () => {
    const { securitySchemes } = document().components;
    expect(Object.keys(securitySchemes).sort()).toEqual([
      'notifyBearer',
      'open311ApiKey',
      'paySignature',
      'paymentSignature',
      'staffJwt',
      'trackingToken',
    ]);
    const credentialNames = Object.values(securitySchemes)
      .map((scheme) => scheme.name?.toLowerCase())
      .concat('authorization');
    const byId = Object.fromEntries(routes.map((route) => [route.functionId, operationOf(route)]));
    expect(byId.FollowCase?.security).toEqual([{ trackingToken: [] }]);
    expect(byId.RecordPayment?.security).toEqual([{ paymentSignature: [] }]);
    expect(byId.PayWebhook?.security).toEqual([{ paySignature: [] }]);
    expect(byId.NotifyReceipts?.security).toEqual([{ notifyBearer: [] }]);
    expect(byId.ReportComplaint?.security).toEqual([]);
    // An Open311 client's key comes in the form it posts (or the query), never a header.
    expect(securitySchemes.open311ApiKey).toMatchObject({ type: 'apiKey', in: 'query', name: 'api_key' });
    expect(byId.Open311PostRequest?.security).toEqual([{ open311ApiKey: [] }]);
    for (const id of ['Open311List', 'Open311ServiceDefinition', 'Open311Request'])
      expect(byId[id]?.security, id).toEqual([]);
    for (const route of routes) {
      const loose = (operationOf(route).parameters ?? []).filter(
        (p) => p.in === 'header' || p.in === 'query',
      );
      for (const parameter of loose) expect(credentialNames).not.toContain(parameter.name.toLowerCase());
    }
  });

  it('refuses to describe a route that has no entry in the operations table', async () => {
    const { buildOpenApi: build } = await import('../../infra/openapi.ts');
    routes.push({ method: 'GET', path: '/undescribed', functionId: 'Undescribed', access: 'public' });
    try {
      expect(() => build()).toThrow('route GET /undescribed has no OpenAPI description');
    } finally {
      routes.pop();
    }
  });
});
