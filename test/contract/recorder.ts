/**
 * The contract test's eyes: a recording proxy in front of the local stack (every request a test
 * makes, its own and the lifecycle helpers', goes through it over HTTP), and a checker that finds
 * each answer's operation in docs/openapi.json and validates the body with ajv against the
 * schema documented for that status. A status the operation does not document is a failure.
 */
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
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

type Document = {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
  components: Record<string, unknown>;
};

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
  const validatorFor = (template: string, method: string, status: string) => {
    const key = `${method} ${template} ${status}`;
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile({
        $ref: `${BASE}#/${pointer('paths', template, method, 'responses', status, 'content', 'application/json', 'schema')}`,
      });
      validators.set(key, validate);
    }
    return validate;
  };
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
      if (!operation.responses[status])
        return `${where}: ${operation.operationId} does not document status ${status}`;
      if (!/^application\/json\b/.test(exchange.contentType))
        return `${where}: answered ${exchange.contentType || 'no content type'}, not JSON`;
      const validate = validatorFor(found.template, documentedMethod, status);
      if (!validate(exchange.body))
        return `${where}: the body does not match ${operation.operationId}'s ${status} schema: ${(
          validate.errors ?? []
        )
          .map(
            (e) =>
              `${e.instancePath || '/'} ${e.message}${e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`,
          )
          .join('; ')}\n${JSON.stringify(exchange.body).slice(0, 600)}`;
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
