/**
 * Property-based fuzzing of every public request schema over HTTP: malformed bodies, headers,
 * content types, sizes, query strings and path parameters. Whatever arrives, the answer is a 4xx
 * with an error code (and a message per field for validation), never a 5xx, and nothing is written.
 * The zod schemas are the oracle: only inputs they refuse are sent, so every answer must refuse.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintRequest } from '../../functions/domain/model/complaint.ts';
import {
  BreachRequest,
  DecisionRequest,
  PaymentRequest,
  WithdrawalRequest,
} from '../../functions/domain/model/requests.ts';
import { caseWithPenalty, openCase, openTask, PAYMENT_SECRET, staffToken } from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import { countItems, expectRefusal } from './support.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const RUNS = Number(process.env.ABATE_FUZZ_RUNS ?? 300);
const seed = Number(process.env.ABATE_FUZZ_SEED ?? 20261126);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside a JSON value, the root included. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(value.flatMap((item, i) => pathsOf(item, [...prefix, i])));
  if (value && typeof value === 'object')
    return here.concat(Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key])));
  return here;
}

type Mutation = { at: number; op: 'delete' | 'replace' | 'extra-key'; value: Json; key: string };

/** Applies one mutation to a copy of a valid body: drop a field, give it another value, or add a key. */
function mutate(base: Json, mutation: Mutation): Json {
  const copy = structuredClone(base);
  const paths = pathsOf(copy);
  const path = paths[mutation.at % paths.length] ?? [];
  if (path.length === 0) return mutation.op === 'replace' ? mutation.value : copy;
  const parent = path
    .slice(0, -1)
    .reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, copy);
  const last = path[path.length - 1] as string;
  const target = parent as Record<string, Json>;
  if (mutation.op === 'delete') delete target[last];
  else if (mutation.op === 'replace') target[last] = mutation.value;
  else {
    const node = target[last];
    if (node && typeof node === 'object' && !Array.isArray(node))
      node[mutation.key || 'unexpected'] = mutation.value;
    else target[last] = { [mutation.key || 'unexpected']: mutation.value };
  }
  return copy;
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '<script>alert(1)</script>',
    "'; DROP TABLE cases; --",
    '$' + '{jndi:ldap://x}',
    '__proto__',
    '2026-13-45T25:61:00Z',
    '9999-12-31T23:59:59Z',
    'NaN',
    '-1',
    'x'.repeat(5_000),
  ),
);
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
) as fc.Arbitrary<Json>;

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('delete', 'replace', 'extra-key'),
  value: hostileValue,
  key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'nightTime')),
});

/** Bodies the schema refuses: mutations of a valid body, or any JSON value at all. */
function invalidBodies(valid: () => Json, schema: { safeParse(value: unknown): { success: boolean } }) {
  return (
    fc
      .oneof(
        { weight: 4, arbitrary: mutation.map((m) => mutate(valid(), m)) },
        { weight: 1, arbitrary: fc.jsonValue() as fc.Arbitrary<Json> },
      )
      // Judge what is actually sent: JSON drops undefined, and `__proto__` set by assignment.
      .map((body) => JSON.parse(JSON.stringify(body) ?? 'null') as Json)
      .filter((body) => !schema.safeParse(body).success)
  );
}

/** Raw payloads that are not a JSON object, or not JSON at all. */
const rawGarbage = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"a":', 'null', '[]', '"text"', '42', '{"complainant":}', '\u0000\u0001', '{}{}'),
);

const contentTypes = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/jsonp',
  '',
);

async function fuzz<T>(arbitrary: fc.Arbitrary<T>, send: (input: T) => Promise<void>, runs = RUNS) {
  await fc.assert(fc.asyncProperty(arbitrary, send), { numRuns: runs, seed, endOnFailure: true });
}

describe('hostile input to POST /complaints', () => {
  const valid = () => complaintBody() as unknown as Json;

  it('bodies the complaint schema refuses get a 4xx with field messages and write nothing', async () => {
    const before = await countItems(env.stack.dynamoEndpoint, env.stack.tableName);
    await fuzz(
      invalidBodies(valid, ComplaintRequest),
      async (body) => {
        const answer = await call(env.stack, 'POST', '/complaints', {
          raw: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        expectRefusal(answer, JSON.stringify(body)?.slice(0, 300) ?? String(body));
      },
      RUNS * 2,
    );
    expect(await countItems(env.stack.dynamoEndpoint, env.stack.tableName)).toBe(before);
  });

  it('non-JSON payloads, other content types, bad Idempotency-Keys and oversized bodies are refused and write nothing', async () => {
    const before = await countItems(env.stack.dynamoEndpoint, env.stack.tableName);
    const request: fc.Arbitrary<{ raw: string; headers: Record<string, string> }> = fc.oneof(
      rawGarbage.map((raw) => ({ raw, headers: { 'content-type': 'application/json' } })),
      contentTypes.map((type) => ({
        raw: JSON.stringify(valid()),
        headers: (type ? { 'content-type': type } : {}) as Record<string, string>,
      })),
      fc
        .oneof(
          fc.string({ maxLength: 7 }),
          fc.string({ minLength: 129, maxLength: 200 }),
          fc.constantFrom('has space', 'semi;colon', 'ümlaut-key-1'),
        )
        .filter(
          (key) =>
            !/^[A-Za-z0-9._:-]{8,128}$/.test(key) &&
            /^[\x21-\x7e ]*$/.test(key) &&
            key.trim() === key &&
            key.length > 0,
        )
        .map((key) => ({
          raw: JSON.stringify(valid()),
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
        })),
      fc.integer({ min: 65 * 1024, max: 200 * 1024 }).map((size) => ({
        raw: JSON.stringify({ ...(valid() as object), padding: 'x'.repeat(size) }),
        headers: { 'content-type': 'application/json' },
      })),
    );
    await fuzz(request, async ({ raw, headers }) => {
      const answer = await call(env.stack, 'POST', '/complaints', { raw, headers });
      expectRefusal(answer, `${JSON.stringify(headers)} ${raw.slice(0, 200)}`);
    });
    expect(await countItems(env.stack.dynamoEndpoint, env.stack.tableName)).toBe(before);
  });
});

describe('hostile input to the staff and provider routes', () => {
  let staff: Record<string, string>;
  let caseRef: string;
  let taskId: string;
  let penaltyRef: string;

  beforeAll(async () => {
    staff = { authorization: `Bearer ${await staffToken(env, 'manager')}` };
    const opened = await openCase(env);
    caseRef = opened.caseRef;
    taskId = (await openTask(env, caseRef, 'triage', 'manager')).taskId;
    penaltyRef = (await caseWithPenalty(env)).penalty.penaltyRef;
    await env.stack.settle();
  }, 60_000);

  const staffBodies = [
    {
      route: 'POST /tasks/{taskId}/decision',
      schema: DecisionRequest,
      valid: (): Json => ({ outcome: 'warn', reason: 'Music after midnight' }),
      path: () => `/tasks/${taskId}/decision`,
    },
    {
      route: 'POST /cases/{caseRef}/breaches',
      schema: BreachRequest,
      valid: (): Json => ({
        witnessedAt: new Date(Date.now() - 3_600_000).toISOString(),
        description: 'Loud music',
      }),
      path: () => `/cases/${caseRef}/breaches`,
    },
    {
      route: 'POST /cases/{caseRef}/restorative/withdrawal',
      schema: WithdrawalRequest,
      valid: (): Json => ({ party: 'source', reason: 'No longer willing' }),
      path: () => `/cases/${caseRef}/restorative/withdrawal`,
    },
  ];

  for (const { route, schema, valid, path } of staffBodies) {
    it(`${route}: bodies its schema refuses get a 4xx with field messages and change nothing`, async () => {
      const before = await countItems(env.stack.dynamoEndpoint, env.stack.tableName);
      await fuzz(
        fc.oneof(
          invalidBodies(valid, schema).map((body) => JSON.stringify(body)),
          rawGarbage,
        ),
        async (raw) => {
          const answer = await call(env.stack, 'POST', path(), {
            raw,
            headers: { ...staff, 'content-type': 'application/json' },
          });
          expectRefusal(answer, `${route} ${raw.slice(0, 300)}`);
        },
      );
      expect(await countItems(env.stack.dynamoEndpoint, env.stack.tableName)).toBe(before);
      const task = await call(env.stack, 'GET', `/tasks/${taskId}`, { headers: staff });
      expect(task.body.task?.status ?? task.body.status).toBe('open');
    });
  }

  it('POST /penalties/{penaltyRef}/payments: signed bodies its schema refuses, and unsigned or mis-signed ones, are refused and record nothing', async () => {
    const before = await countItems(env.stack.dynamoEndpoint, env.stack.tableName);
    const valid = (): Json => ({
      amountPence: 7500,
      paidAt: new Date().toISOString(),
      providerReference: 'PAY-FUZZ-1',
    });
    const signature = (raw: string) =>
      `sha256=${createHmac('sha256', PAYMENT_SECRET).update(raw).digest('hex')}`;
    const request = fc.oneof(
      fc
        .oneof(
          invalidBodies(valid, PaymentRequest).map((body) => JSON.stringify(body)),
          rawGarbage,
        )
        .map((raw) => ({
          raw,
          sig: signature(raw),
        })),
      fc
        .oneof(
          fc.string({ maxLength: 80 }),
          fc.constantFrom('sha256=', 'sha1=abc', `sha256=${'0'.repeat(64)}`),
        )
        .map((sig) => ({
          raw: JSON.stringify(valid()),
          sig,
        })),
    );
    await fuzz(request, async ({ raw, sig }) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (sig && /^[\x21-\x7e ]*$/.test(sig) && sig.trim() === sig) headers['x-signature'] = sig;
      const answer = await call(env.stack, 'POST', `/penalties/${penaltyRef}/payments`, { raw, headers });
      expectRefusal(answer, `${sig} ${raw.slice(0, 300)}`);
    });
    expect(await countItems(env.stack.dynamoEndpoint, env.stack.tableName)).toBe(before);
  });

  it('query strings and path parameters of every route never cause a 5xx', async () => {
    const before = await countItems(env.stack.dynamoEndpoint, env.stack.tableName);
    const segment = fc.oneof(
      hostileString.filter((s) => s.length > 0 && s.length < 300),
      fc.constantFrom('..', '%2e%2e', 'NN-2026-000001', 'tsk_000', 'FPN-0000'),
    );
    const request = fc.oneof(
      segment.map((s) => ({ method: 'GET', path: `/tasks?type=${encodeURIComponent(s)}`, staff: true })),
      fc.tuple(segment, segment).map(([status, cursor]) => ({
        method: 'GET',
        path: `/cases?status=${encodeURIComponent(status)}&cursor=${encodeURIComponent(cursor)}`,
        staff: true,
      })),
      segment.map((s) => ({ method: 'GET', path: `/cases/${encodeURIComponent(s)}`, staff: true })),
      segment.map((s) => ({ method: 'GET', path: `/tasks/${encodeURIComponent(s)}`, staff: true })),
      segment.map((s) => ({ method: 'POST', path: `/tasks/${encodeURIComponent(s)}/decision`, staff: true })),
      fc.tuple(segment, segment).map(([ref, token]) => ({
        method: 'GET',
        path: `/cases/${encodeURIComponent(ref)}/progress`,
        staff: false,
        token,
      })),
    );
    await fuzz(request, async (r) => {
      const headers: Record<string, string> = r.staff ? { ...staff } : {};
      if ('token' in r && /^[\x21-\x7e]+$/.test(r.token)) headers['x-tracking-token'] = r.token;
      const answer = await call(env.stack, r.method, r.path, {
        headers,
        ...(r.method === 'POST' ? { json: { outcome: 'warn', reason: 'Fuzzed decision' } } : {}),
      });
      expect(answer.status, `${r.method} ${r.path}`).toBeLessThan(500);
      if (answer.status >= 400) expectRefusal(answer, `${r.method} ${r.path}`);
    });
    expect(await countItems(env.stack.dynamoEndpoint, env.stack.tableName)).toBe(before);
  });
});
