import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../infra/functions.ts';
import { buildOpenApi, openApiPath } from '../../infra/openapi.ts';

describe('the OpenAPI document', () => {
  it('is up to date with the routes and zod schemas (run `npm run openapi` after changing them)', () => {
    const committed = JSON.parse(readFileSync(openApiPath, 'utf8'));
    expect(committed).toEqual(buildOpenApi());
  });

  it('describes every route, with the request body schema where there is one', () => {
    const document = buildOpenApi() as {
      paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown }>>;
    };
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      if (route.access === 'staff') expect(operation?.security).toEqual([{ staffJwt: [] }]);
    }
    const report = document.paths['/complaints']?.post?.requestBody as {
      content: { 'application/json': { schema: { required: string[] } } };
    };
    expect(report.content['application/json'].schema.required).toEqual(['complainant', 'source', 'noise']);
  });
});
