/**
 * The local stand-in for API Gateway (HTTP API, payload v2): turns HTTP requests into the same
 * v2 events AWS sends and calls the same handler modules the Lambdas export.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { RouteSpec } from '../functions.ts';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Claims of a verified staff token, as API Gateway's JWT authorizer passes them on, or why it was refused. */
export type Authorizer = (
  authorization: string | undefined,
) => Promise<{ claims: Record<string, unknown> } | { refused: string }>;

/** Extra local-only endpoints (e.g. `/_local/clock/advance`) that AWS does not have. */
export type LocalRoute = (
  request: IncomingMessage,
  body: string,
) => Promise<{ status: number; body: unknown } | undefined>;

export interface GatewayOptions {
  routes: RouteSpec[];
  handlerFor(functionId: string): Promise<LambdaHandler>;
  authorizeStaff?: Authorizer;
  localRoutes?: LocalRoute[];
  /**
   * Local stand-ins that read the request body themselves, before the gateway does (the evidence
   * store's signed upload links, as S3 takes them: streamed, past the API's 10 MB limit).
   */
  streamingRoutes?: ((request: IncomingMessage, response: ServerResponse) => Promise<boolean>)[];
  /** Serves non-API paths (web pages, static files); return false to fall through to 404. */
  fallback?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
  log?: (line: Record<string, unknown>) => void;
}

// API Gateway refuses bodies over 10 MB before any Lambda runs.
const MAX_GATEWAY_BODY = 10 * 1024 * 1024;

interface CompiledRoute {
  spec: RouteSpec;
  pattern: RegExp;
  names: string[];
}

function compile(spec: RouteSpec): CompiledRoute {
  const names: string[] = [];
  const source = spec.path
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  return { spec, pattern: new RegExp(`^${source}$`), names };
}

function lambdaContext(functionName: string): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, 30_000 - (Date.now() - started)),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export function localLambdaContext(functionName: string): Context {
  return lambdaContext(functionName);
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_GATEWAY_BODY) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function isTextual(contentType: string): boolean {
  return /^(application\/(json|x-www-form-urlencoded|xml)|text\/)/i.test(contentType) || contentType === '';
}

/** `decodeURIComponent` that answers undefined for a malformed escape (`%`, `%E0%A4%A`) instead of throwing. */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The request target as a URL; undefined when it is none (`*`, a bad absolute form, a bad escape). */
function requestUrl(target: string): URL | undefined {
  try {
    // A path starting `//` is still a path here, not another host.
    const url = new URL(target.startsWith('/') ? `http://localhost${target}` : target);
    return decodePathSegment(url.pathname) === undefined ? undefined : url;
  } catch {
    return undefined;
  }
}

export function createGateway(options: GatewayOptions) {
  const compiled = options.routes.map(compile);
  const log = options.log ?? (() => {});

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (request.method ?? 'GET').toUpperCase();
    for (const streaming of options.streamingRoutes ?? []) if (await streaming(request, response)) return;
    const body = await readBody(request);
    if (body === 'too-large') {
      sendJson(response, 413, { message: 'Request Entity Too Large' });
      return;
    }
    const url = requestUrl(request.url ?? '/');
    if (!url) {
      sendJson(response, 400, {
        error: { code: 'BAD_REQUEST', message: 'The path is not a valid URL path: check its % escapes' },
      });
      return;
    }
    for (const local of options.localRoutes ?? []) {
      const answer = await local(request, body.toString('utf8'));
      if (answer) {
        sendJson(response, answer.status, answer.body);
        return;
      }
    }
    const matches = compiled
      .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
      .filter((candidate) => candidate.match);
    const found = matches.find((candidate) => candidate.route.spec.method === method);
    if (!found?.match) {
      if (matches.length === 0 && options.fallback && (await options.fallback(request, response))) return;
      if (matches.length > 0) {
        sendJson(response, 405, {
          error: { code: 'METHOD_NOT_ALLOWED', message: `${method} is not allowed here` },
        });
      } else {
        sendJson(response, 404, {
          error: { code: 'NOT_FOUND', message: `No route for ${method} ${url.pathname}` },
        });
      }
      return;
    }
    const { spec } = found.route;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    let claims: Record<string, unknown> | undefined;
    if (spec.access === 'staff') {
      const checked = (await options.authorizeStaff?.(headers.authorization)) ?? { refused: 'Sign in' };
      if ('refused' in checked) {
        // API Gateway's JWT authorizer answers before the Lambda runs, the reason in WWW-Authenticate.
        const reason = checked.refused.replace(/["\\]/g, "'");
        sendJson(
          response,
          401,
          { message: 'Unauthorized', error: { code: 'UNAUTHORIZED', message: checked.refused } },
          { 'www-authenticate': `Bearer error="invalid_token", error_description="${reason}"` },
        );
        return;
      }
      claims = checked.claims;
    }
    const pathParameters = Object.fromEntries(
      found.route.names.map((name, index) => [name, decodePathSegment(found.match?.[index + 1] ?? '') ?? '']),
    );
    const contentType = headers['content-type'] ?? '';
    const textual = isTextual(contentType);
    const now = new Date();
    const routeKey = `${spec.method} ${spec.path}`;
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
      ...(found.route.names.length ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      } as APIGatewayProxyEventV2['requestContext'],
      ...(body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: body.length > 0 && !textual,
    };
    let result: APIGatewayProxyResultV2;
    try {
      const handler = await options.handlerFor(spec.functionId);
      result = (await handler(event, lambdaContext(spec.functionId))) as APIGatewayProxyResultV2;
    } catch (error) {
      // What API Gateway returns when the Lambda itself fails.
      log({ level: 'ERROR', message: 'handler failed', functionId: spec.functionId, error: String(error) });
      sendJson(response, 500, { message: 'Internal Server Error' });
      return;
    }
    if (typeof result === 'string' || result === undefined || result === null) {
      sendJson(response, 200, result ?? null);
    } else {
      const status = result.statusCode ?? 200;
      const outHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(result.headers ?? {})) outHeaders[name] = String(value);
      response.writeHead(status, outHeaders);
      response.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    }
    log({
      level: 'INFO',
      message: 'request',
      method,
      path: url.pathname,
      route: routeKey,
      status: response.statusCode,
      ms: Date.now() - started,
    });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      log({ level: 'ERROR', message: 'gateway failed', error: String(error) });
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
      else response.end();
    });
  });

  // A request Node's HTTP parser cannot read (a control character in a header, a broken request
  // line) never reaches `handle`; it still gets a JSON refusal, as every other bad request does.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      error: tooLarge
        ? { code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large' }
        : { code: 'BAD_REQUEST', message: 'The request is not valid HTTP' },
    });
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  });

  return {
    server,
    async listen(port: number, host = '127.0.0.1'): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      return (server.address() as AddressInfo).port;
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
