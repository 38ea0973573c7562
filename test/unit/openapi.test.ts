import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../infra/functions.ts';
import { buildOpenApi, openApiPath } from '../../infra/openapi.ts';

interface Response {
  content?: { 'application/json'?: { schema: { $ref?: string; oneOf?: { $ref: string }[] } } };
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
    securitySchemes: Record<string, { type: string; name?: string }>;
  };
};

const built = buildOpenApi() as unknown as Document;
const document = () => built;
const operationOf = (route: (typeof routes)[number]) =>
  document().paths[route.path]?.[route.method.toLowerCase()] as Operation;

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
    const errorShapes = ['Error', 'ValidationError', 'GatewayMessage', 'AuthorizerRefusal'].map(
      (name) => `#/components/schemas/${name}`,
    );
    for (const route of routes) {
      const operation = operationOf(route);
      const [success, ...others] = Object.keys(operation.responses).filter((status) => status < '300');
      expect(others, route.functionId).toEqual([]);
      const ref = operation.responses[success as string]?.content?.['application/json']?.schema.$ref;
      expect(ref, `${route.functionId} ${success}`).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(document().components.schemas[String(ref).split('/').pop() as string]).toBeDefined();
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status < '300') continue;
        const schema = response.content?.['application/json']?.schema;
        const refs = schema?.oneOf ? schema.oneOf.map((s) => s.$ref) : [schema?.$ref];
        for (const each of refs) expect(errorShapes, `${route.functionId} ${status}`).toContain(each);
      }
    }
  });

  it('documents the refusals every route of its kind can give', () => {
    for (const route of routes) {
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

  it('asks for credentials through security schemes, never as loose header parameters', () => {
    const { securitySchemes } = document().components;
    expect(Object.keys(securitySchemes).sort()).toEqual([
      'notifyBearer',
      'paySignature',
      'paymentSignature',
      'staffJwt',
      'trackingToken',
    ]);
    const credentialHeaders = Object.values(securitySchemes)
      .map((scheme) => scheme.name?.toLowerCase())
      .concat('authorization');
    const byId = Object.fromEntries(routes.map((route) => [route.functionId, operationOf(route)]));
    expect(byId.FollowCase?.security).toEqual([{ trackingToken: [] }]);
    expect(byId.RecordPayment?.security).toEqual([{ paymentSignature: [] }]);
    expect(byId.PayWebhook?.security).toEqual([{ paySignature: [] }]);
    expect(byId.NotifyReceipts?.security).toEqual([{ notifyBearer: [] }]);
    expect(byId.ReportComplaint?.security).toEqual([]);
    for (const route of routes) {
      const headers = (operationOf(route).parameters ?? []).filter((p) => p.in === 'header');
      for (const header of headers) expect(credentialHeaders).not.toContain(header.name.toLowerCase());
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
