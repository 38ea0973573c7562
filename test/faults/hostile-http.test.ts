/**
 * Hostile requests over real HTTP against the local stack, written byte for byte where fetch would
 * tidy them: malformed % escapes in paths, forged paging cursors, payment signatures of any bytes,
 * length or number of values, and web pages of other origins knocking on the local side doors
 * (DynamoDB, Step Functions, the clock and token routes). Never a 5xx; always a clear refusal.
 */
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../functions/commons/http/cursor.ts';
import { localSecretDefaults } from '../../functions/commons/secrets.ts';
import { DEV_AUDIENCE, DEV_ISSUER, signDevToken } from '../../infra/local/dev-auth.ts';
import { localLambdaContext } from '../../infra/local/gateway.ts';
import { caseWithPenalty, localNow, PAYMENT_SECRET, staffToken } from '../support/lifecycle.ts';
import { call, startTestStack } from '../support/local-stack.ts';
import { countItems, expectRefusal } from './support.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
let staff: string;
beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
  staff = `Bearer ${await staffToken(env, 'manager')}`;
});
afterAll(async () => {
  await env?.close();
});

const RUNS = Number(process.env.ABATE_FUZZ_RUNS ?? 300);
const seed = Number(process.env.ABATE_FUZZ_SEED ?? 20261126);

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes
  body: any;
}

/**
 * One HTTP/1.1 request written as given: the target is sent unescaped and header values as latin1
 * bytes, so a test can send what a browser or fetch would never send.
 */
function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  headers: [string, string][] = [],
  body = '',
  host?: string,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const head = [
    `${method} ${target} HTTP/1.1`,
    `host: ${host ?? `${hostname}:${port}`}`,
    'connection: close',
    ...headers.map(([name, value]) => `${name}: ${value}`),
    ...(body || method === 'POST' ? [`content-length: ${Buffer.byteLength(body)}`] : []),
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(20_000, () => socket.destroy(new Error(`no answer to ${method} ${target}`)));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const [headText = '', ...rest] = raw.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = headText.split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      const answerHeaders: Record<string, string> = {};
      for (const line of headerLines) {
        const at = line.indexOf(':');
        answerHeaders[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      let text = Buffer.from(rest.join('\r\n\r\n'), 'latin1').toString('utf8');
      if (answerHeaders['transfer-encoding'] === 'chunked') {
        text = text.replace(/^[0-9a-f]+\r\n/gim, '').replace(/\r\n$/g, '');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      resolve({ status, headers: answerHeaders, text, body: parsed });
    });
    // Written, not ended: the server closes after its answer (connection: close), and a client
    // that half-closes first may find the server gone before a slow handler answers.
    socket.write(Buffer.from(head + body, 'latin1'));
  });
}

const asRefusal = (answer: RawAnswer) => ({
  status: answer.status,
  headers: new Headers(),
  body: answer.body,
});

describe('malformed paths', () => {
  it.each([
    ['GET', '/cases/%E0%A4%A/progress'],
    ['GET', '/tasks/%'],
    ['POST', '/tasks/%/decision'],
    ['GET', '/cases/%zz'],
    ['GET', '/cases/NN-2026-000001%'],
    ['POST', '/penalties/FPN-%E0/payments'],
    ['GET', '/%'],
    ['GET', '/staff/%E0%A4'],
    ['POST', '/_local/clock/advance%'],
  ])('%s %s is a 400 with an error code, not a 500', async (method, target) => {
    const answer = await rawRequest(env.stack.url, method, target, [
      ['authorization', staff],
      ['content-type', 'application/json'],
    ]);
    expect(answer.status, answer.text).toBe(400);
    expectRefusal(asRefusal(answer), `${method} ${target}`);
  });

  it('no path of random bytes and escapes, on any route, gets a 5xx', async () => {
    const before = await countItems(env.stack.dynamoEndpoint, env.stack.tableName);
    const percentEscape = fc.oneof(
      fc.constantFrom('%', '%%', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%00', '%2e%2e', '%2F', '%FF', '%u0041'),
      fc.integer({ min: 0, max: 255 }).map((byte) => `%${byte.toString(16).padStart(2, '0')}`),
      fc.string({ unit: 'grapheme-ascii', maxLength: 6 }).map((s) => encodeURIComponent(s)),
    );
    const segment = fc.array(percentEscape, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    const request = fc.oneof(
      segment.map((s) => ['GET', `/cases/${s}/progress`]),
      segment.map((s) => ['GET', `/cases/${s}`]),
      segment.map((s) => ['GET', `/tasks/${s}`]),
      segment.map((s) => ['POST', `/tasks/${s}/decision`]),
      segment.map((s) => ['POST', `/cases/${s}/breaches`]),
      segment.map((s) => ['POST', `/penalties/${s}/payments`]),
      segment.map((s) => ['GET', `/cases?status=received&cursor=${s}`]),
      segment.map((s) => ['GET', `/${s}`]),
    );
    await fc.assert(
      fc.asyncProperty(request, async ([method, target]) => {
        const answer = await rawRequest(
          env.stack.url,
          method as string,
          target as string,
          [
            ['authorization', staff],
            ['content-type', 'application/json'],
            ['x-tracking-token', 'not-a-token'],
          ],
          method === 'POST' ? '{"outcome":"warn","reason":"Fuzzed decision"}' : '',
        );
        expect(answer.status, `${method} ${target} → ${answer.text.slice(0, 200)}`).toBeLessThan(500);
        expect(answer.status, `${method} ${target}`).toBeGreaterThanOrEqual(200);
      }),
      { numRuns: RUNS, seed, endOnFailure: true },
    );
    expect(await countItems(env.stack.dynamoEndpoint, env.stack.tableName)).toBe(before);
  });

  it('a handler given an undecodable path parameter, as API Gateway might pass it, refuses it with a 4xx', async () => {
    const event = (routeKey: string, pathParameters: Record<string, string>) => {
      const [method = 'GET', path = '/'] = routeKey.split(' ');
      return {
        version: '2.0',
        routeKey,
        rawPath: path,
        rawQueryString: '',
        headers: { 'content-type': 'application/json', 'x-tracking-token': 'x' },
        pathParameters,
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: 'localhost',
          domainPrefix: 'local',
          http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
          requestId: 'r',
          routeKey,
          stage: '$default',
          time: new Date().toUTCString(),
          timeEpoch: Date.now(),
          authorizer: {
            jwt: { claims: { sub: 'dev-manager-1', 'cognito:groups': ['manager'] }, scopes: null },
          },
        },
        body: '{"outcome":"warn","reason":"Malformed path"}',
        isBase64Encoded: false,
      };
    };
    const cases: [string, string, Record<string, string>][] = [
      ['get-task', 'GET /tasks/{taskId}', { taskId: '%E0%A4%A' }],
      ['decide-task', 'POST /tasks/{taskId}/decision', { taskId: '%' }],
      ['get-case', 'GET /cases/{caseRef}', { caseRef: '%E0%A4%A' }],
      ['follow-case', 'GET /cases/{caseRef}/progress', { caseRef: '%E0%A4%A' }],
      ['record-payment', 'POST /penalties/{penaltyRef}/payments', { penaltyRef: 'FPN-%E0' }],
    ];
    for (const [file, routeKey, pathParameters] of cases) {
      const { handler } = (await import(`../../functions/api/${file}.ts`)) as {
        handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
      };
      const result = await handler(event(routeKey, pathParameters), localLambdaContext(file));
      expect(
        result.statusCode,
        `${routeKey} ${JSON.stringify(pathParameters)} → ${result.body}`,
      ).toBeGreaterThanOrEqual(400);
      expect(
        result.statusCode,
        `${routeKey} ${JSON.stringify(pathParameters)} → ${result.body}`,
      ).toBeLessThan(500);
    }
  });
});

describe('paging cursors on GET /cases', () => {
  const list = (query: string) =>
    call(env.stack, 'GET', `/cases?${query}`, { headers: { authorization: staff } });

  it('the cursor of a full page opens the next page, and only for the status it came from', async () => {
    for (let i = 0; i < 26; i++) {
      const reported = await call(env.stack, 'POST', '/complaints', {
        json: {
          complainant: {
            name: 'Pat Pager',
            email: 'pat@example.com',
            address: { line1: '1 Mare Street', postcode: 'E8 1DY' },
          },
          source: { address: { line1: `${i + 1} Paging Road`, postcode: 'E9 5AA' }, kind: 'domestic' },
          noise: {
            category: 'music',
            description: 'Loud',
            occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          },
        },
      });
      expect(reported.status).toBe(201);
    }
    await env.stack.settle();
    const first = await list('status=under-investigation');
    expect(first.status).toBe(200);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await list(
      `status=under-investigation&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(second.status).toBe(200);
    const refs = new Set(first.body.cases.map((c: { caseRef: string }) => c.caseRef));
    for (const c of second.body.cases) expect(refs.has(c.caseRef)).toBe(false);
    const elsewhere = await list(`status=closed&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.fields).toEqual([
      { path: 'cursor', message: expect.stringMatching(/cursor/) },
    ]);
  }, 120_000);

  it('crafted and undecodable cursors get a 400 with a message on the cursor field, never a 5xx', async () => {
    const position = fc.record({
      pk: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constant('CASE#NN-2026-000001')),
      sk: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constant('CASE')),
      gsi1pk: fc.constantFrom('STATUS#closed', 'STATUS#', 'STATUS#received#x', ''),
      gsi1sk: fc.string({ maxLength: 40 }),
    });
    const cursor = fc.oneof(
      fc.string({ minLength: 1, maxLength: 200 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
      fc.base64String({ minLength: 4, maxLength: 200 }),
      fc.base64String({ minLength: 4, maxLength: 200 }).map((s) => `c1.${s}`),
      fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')),
      fc
        .jsonValue()
        .map((value) => `c1.${Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')}`),
      position.map((key) => encodeCursor(key)),
      fc.constant('x'.repeat(1999)),
    );
    await fc.assert(
      fc.asyncProperty(cursor, async (value) => {
        fc.pre(value.trim().length > 0);
        const answer = await list(`status=received&cursor=${encodeURIComponent(value)}`);
        expect(answer.status, `${value.slice(0, 80)} → ${JSON.stringify(answer.body)}`).toBe(400);
        expectRefusal(answer, value.slice(0, 80));
        expect(answer.body.error.fields[0].path, value.slice(0, 80)).toMatch(/cursor/);
      }),
      { numRuns: RUNS, seed, endOnFailure: true },
    );
  });
});

describe('payment signatures over HTTP', () => {
  let penaltyRef: string;
  beforeAll(async () => {
    penaltyRef = (await caseWithPenalty(env)).penalty.penaltyRef;
    await env.stack.settle();
  }, 60_000);

  const body = () =>
    JSON.stringify({
      amountPence: 7500,
      paidAt: localNow().toISOString(),
      providerReference: 'PAY-HOSTILE-1',
    });
  const sign = (raw: string) => createHmac('sha256', PAYMENT_SECRET).update(raw).digest('hex');

  it('headers of odd bytes, odd length, non-hex, the wrong prefix or several values get 401 and record nothing', async () => {
    const before = await countItems(env.stack.dynamoEndpoint, env.stack.tableName);
    const headerSets = fc.oneof(
      // One header of any bytes a client can put on the wire (latin1 is how Node reads them).
      fc
        .string({ unit: 'binary', maxLength: 80 })
        .map((s) => Buffer.from(s, 'utf8').toString('latin1'))
        .map((value) => ({ values: [value], tamper: false })),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFxyz'), maxLength: 70 }).map((hex) => ({
        values: [`sha256=${hex}`],
        tamper: false,
      })),
      fc
        .constantFrom('sha256=', 'SHA256=', 'sha1=', 'sha512=', 'hmac-sha256=', ' ', 'sha256 =')
        .map((prefix) => ({
          values: [prefix],
          tamper: true,
        })),
      fc
        .integer({ min: 2, max: 4 })
        .map((n) => ({ values: Array.from({ length: n }, () => 'GOOD'), tamper: false })),
      fc.constant({ values: ['GOOD', 'sha256=00'], tamper: false }),
      fc.constant({ values: [`sha256=${'é'.repeat(64)}`], tamper: false }),
    );
    await fc.assert(
      fc.asyncProperty(headerSets, async ({ values, tamper }) => {
        const raw = body();
        const good = `sha256=${sign(raw)}`;
        const headers: [string, string][] = [['content-type', 'application/json']];
        for (const value of values) {
          const written = value === 'GOOD' ? good : tamper ? `${value}${sign(raw)}` : value;
          // CR, LF and NUL cannot travel inside a header line.
          headers.push(['x-signature', written.replace(/[\r\n\0]/g, '')]);
        }
        fc.pre(!(values.length === 1 && headers[1]?.[1].trim().toLowerCase() === good));
        const answer = await rawRequest(
          env.stack.url,
          'POST',
          `/penalties/${penaltyRef}/payments`,
          headers,
          raw,
        );
        // Bytes HTTP forbids in a header stop at the parser (400); any other header is a bad signature.
        const unreadable = headers.some(([, value]) =>
          [...value].some((c) => (c < ' ' && c !== '\t') || c === '\u007f'),
        );
        expect(answer.status, `${JSON.stringify(headers)} → ${answer.text.slice(0, 200)}`).toBe(
          unreadable ? 400 : 401,
        );
        expectRefusal(asRefusal(answer), JSON.stringify(headers));
      }),
      { numRuns: RUNS, seed, endOnFailure: true },
    );
    expect(await countItems(env.stack.dynamoEndpoint, env.stack.tableName)).toBe(before);
  });

  it('the one right signature is accepted', async () => {
    const raw = body();
    const answer = await rawRequest(
      env.stack.url,
      'POST',
      `/penalties/${penaltyRef}/payments`,
      [
        ['content-type', 'application/json'],
        ['x-signature', `sha256=${sign(raw)}`],
      ],
      raw,
    );
    expect(answer.status, answer.text).toBe(200);
  });
});

describe('the local side doors', () => {
  const evil = 'http://evil.example';

  it('DynamoDB refuses other origins and preflights with 403 and no CORS header, and serves the AWS CLI', async () => {
    const listTables: [string, string][] = [
      ['content-type', 'application/x-amz-json-1.0'],
      ['x-amz-target', 'DynamoDB_20120810.ListTables'],
      ['authorization', 'AWS4-HMAC-SHA256 Credential=local/20261126/eu-west-2/dynamodb/aws4_request'],
    ];
    for (const extra of [
      [['origin', evil]],
      [['origin', 'null']],
      [['origin', env.stack.url]],
      [['sec-fetch-site', 'cross-site']],
    ] as [string, string][][]) {
      const answer = await rawRequest(env.stack.dynamoEndpoint, 'POST', '/', [...listTables, ...extra], '{}');
      expect(answer.status, JSON.stringify(extra)).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    const preflight = await rawRequest(env.stack.dynamoEndpoint, 'OPTIONS', '/', [
      ['origin', evil],
      ['access-control-request-method', 'POST'],
      ['access-control-request-headers', 'x-amz-target,content-type'],
    ]);
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    // A DNS-rebinding page arrives under its own host name.
    const rebound = await rawRequest(
      env.stack.dynamoEndpoint,
      'POST',
      '/',
      listTables,
      '{}',
      'evil.example:8000',
    );
    expect(rebound.status).toBe(403);
    const fromCli = await rawRequest(env.stack.dynamoEndpoint, 'POST', '/', listTables, '{}');
    expect(fromCli.status).not.toBe(403);
    expect(fromCli.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('Step Functions refuses other origins and preflights with 403 and no CORS header, and serves the SDK', async () => {
    const list: [string, string][] = [
      ['content-type', 'application/x-amz-json-1.0'],
      ['x-amz-target', 'AWSStepFunctions.ListStateMachines'],
    ];
    const fromPage = await rawRequest(env.stack.sfnEndpoint, 'POST', '/', [...list, ['origin', evil]], '{}');
    expect(fromPage.status).toBe(403);
    expect(fromPage.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await rawRequest(env.stack.sfnEndpoint, 'OPTIONS', '/', [
      ['origin', evil],
      ['access-control-request-method', 'POST'],
    ]);
    expect(preflight.status).toBe(403);
    const fromSdk = await rawRequest(env.stack.sfnEndpoint, 'POST', '/', list, '{}');
    expect(fromSdk.status).toBe(200);
    const rebound = await rawRequest(env.stack.sfnEndpoint, 'POST', '/', list, '{}', 'evil.example:8083');
    expect(rebound.status).toBe(403);
  });

  it('the clock and dev-token routes take JSON only (415) and only from their own origin (403)', async () => {
    for (const path of ['/_local/clock/advance', '/_local/dev-token']) {
      const json = path.includes('clock') ? '{"minutes": 1}' : '{"group": "manager"}';
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const answer = await rawRequest(env.stack.url, 'POST', path, [['content-type', type]], json);
        expect(answer.status, `${path} ${type}`).toBe(415);
        expectRefusal(asRefusal(answer), `${path} ${type}`);
      }
      const noType = await rawRequest(env.stack.url, 'POST', path, [], json);
      expect(noType.status, `${path} without a content type`).toBe(415);
      for (const extra of [
        [['origin', evil]],
        [['origin', 'null']],
        [['sec-fetch-site', 'cross-site']],
        [['sec-fetch-site', 'same-site']],
      ] as [string, string][][]) {
        const answer = await rawRequest(
          env.stack.url,
          'POST',
          path,
          [['content-type', 'application/json'], ...extra],
          json,
        );
        expect(answer.status, `${path} ${JSON.stringify(extra)}`).toBe(403);
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
        expectRefusal(asRefusal(answer), `${path} ${JSON.stringify(extra)}`);
      }
      const sameOrigin = await rawRequest(
        env.stack.url,
        'POST',
        path,
        [
          ['content-type', 'application/json; charset=utf-8'],
          ['origin', env.stack.url],
          ['sec-fetch-site', 'same-origin'],
        ],
        json,
      );
      expect(sameOrigin.status, `${path} ${sameOrigin.text}`).toBe(200);
    }
  });

  it('an expired dev token, or one older than 8 hours whatever it claims, gets 401 saying it expired', async () => {
    const expired = await signDevToken('manager', { expiresIn: '-1m' });
    const key = new TextEncoder().encode(localSecretDefaults.devSigning);
    const nineHoursAgo = Math.floor(Date.now() / 1000) - 9 * 3600;
    const longLived = await new SignJWT({ 'cognito:groups': ['manager'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('dev-manager-1')
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt(nineHoursAgo)
      .setExpirationTime(nineHoursAgo + 30 * 24 * 3600)
      .sign(key);
    for (const token of [expired, longLived]) {
      const answer = await call(env.stack, 'GET', '/tasks', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(answer.status).toBe(401);
      expect(answer.body.error.message).toMatch(/expired/);
      expect(answer.headers.get('www-authenticate')).toMatch(/invalid_token.*expired/);
    }
    const fresh = await signDevToken('manager');
    const claims = JSON.parse(Buffer.from(fresh.split('.')[1] ?? '', 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(8 * 3600);
  });

  it('a token that is not ours gets 401 with a message that does not say it expired', async () => {
    const answer = await call(env.stack, 'GET', '/tasks', { headers: { authorization: 'Bearer nonsense' } });
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).not.toMatch(/expired/);
    const none = await call(env.stack, 'GET', '/tasks');
    expect(none.status).toBe(401);
  });
});
