import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyBook } from '../../functions/config/policy.ts';
import { countItems } from '../faults/support.ts';
import { caseView } from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack();
});
afterAll(async () => {
  await env?.close();
});

const report = (body: unknown, headers: Record<string, string> = {}) =>
  call(env.stack, 'POST', '/complaints', { json: body, headers });

describe('reporting noise', () => {
  it('a valid report opens a case and returns its reference, a tracking token and the status', async () => {
    const response = await report(complaintBody());
    expect(response.status).toBe(201);
    expect(response.body.caseRef).toMatch(/^NN-\d{4}-\d{6}$/);
    expect(response.body.trackingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.body.status).toBe('received');
    expect(response.body.joinedExistingCase).toBe(false);
    expect(response.headers.get('location')).toBe(`/cases/${response.body.caseRef}/progress`);

    const items = await env.partition(`CASE#${response.body.caseRef}`);
    const caseItem = items.find((item) => item.sk === 'CASE');
    expect(caseItem).toMatchObject({ complaintCount: 1, sourceDistrict: 'E8', sourceKind: 'domestic' });
    const events = items.filter((item) => String(item.sk).startsWith('EVENT#'));
    expect(events[0]).toMatchObject({
      sk: 'EVENT#000001',
      type: 'ComplaintReceived',
      actor: { kind: 'resident' },
    });
  });

  it('keeps personal details out of the case partition and stores only a hash of the tracking token', async () => {
    const response = await report(complaintBody({ name: 'Zebedee Quux', email: 'zq@example.org' }));
    const items = await env.partition(`CASE#${response.body.caseRef}`);
    const serialised = JSON.stringify(items);
    expect(serialised).not.toContain('Zebedee');
    expect(serialised).not.toContain('zq@example.org');
    expect(serialised).not.toContain(response.body.trackingToken);
    const people = await env.peopleOf(response.body.caseRef);
    const complainant = people.find((item) => item.role === 'complainant');
    expect(complainant?.pk).toMatch(/^PERSON#/);
    expect(complainant).toMatchObject({ name: 'Zebedee Quux', email: 'zq@example.org', role: 'complainant' });
  });

  it('normalises postcodes to the Royal Mail format', async () => {
    const body = complaintBody();
    body.complainant.address.postcode = '  sw1a1aa ';
    const response = await report(body);
    expect(response.status).toBe(201);
    const person = (await env.peopleOf(response.body.caseRef)).find((item) => item.role === 'complainant');
    expect(person?.address.postcode).toBe('SW1A 1AA');
  });

  it('derives the Noise Act night-time flag from when the noise happened in UK time', async () => {
    const night = await report(complaintBody({ occurredAt: '2026-07-01T22:30:00Z' })); // 23:30 BST
    const day = await report(complaintBody({ occurredAt: '2026-07-01T21:30:00Z' })); // 22:30 BST
    const complaintOf = async (caseRef: string) =>
      (await env.partition(`CASE#${caseRef}`)).find((item) => String(item.sk).startsWith('COMPLAINT#'));
    expect((await complaintOf(night.body.caseRef))?.nightTime).toBe(true);
    expect((await complaintOf(day.body.caseRef))?.nightTime).toBe(false);
  });

  it('refuses a night-time flag sent by the client instead of trusting it', async () => {
    const body = complaintBody() as ReturnType<typeof complaintBody> & { noise: { nightTime?: boolean } };
    body.noise.nightTime = true;
    const response = await report(body);
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toContainEqual({ path: 'noise', message: 'Unknown field: nightTime' });
  });
});

describe('repeat complaints', () => {
  it('a second report about the same source joins the open case with its own tracking token', async () => {
    const first = await report(complaintBody({ sourceLine1: 'Flat 3, 12 Repeat Street' }));
    const second = await report(
      complaintBody({ sourceLine1: 'flat 3 12 repeat st', name: 'Bob Neighbour', email: 'bob@example.com' }),
    );
    expect(second.status).toBe(201);
    expect(second.body.caseRef).toBe(first.body.caseRef);
    expect(second.body.joinedExistingCase).toBe(true);
    expect(second.body.trackingToken).not.toBe(first.body.trackingToken);
    const caseItem = (await env.partition(`CASE#${first.body.caseRef}`)).find((item) => item.sk === 'CASE');
    expect(caseItem?.complaintCount).toBe(2);
    // The joining report is a record of its own: it never waits on the case's version.
    const complaints = (await env.partition(`CASE#${first.body.caseRef}`)).filter((item) =>
      String(item.sk).startsWith('COMPLAINT#'),
    );
    expect(complaints).toHaveLength(2);
    expect((await env.peopleOf(first.body.caseRef)).filter((p) => p.role === 'complainant')).toHaveLength(2);
  });

  it("a report joining a case is told about the ASB Case Review with the council's threshold, and a first report is not", async () => {
    const source = `${Date.now()} Review Street`;
    const first = await report(complaintBody({ sourceLine1: source }));
    const second = await report(
      complaintBody({ sourceLine1: source, name: 'Bob Neighbour', email: 'bob@example.com' }),
    );
    expect(second.body).toMatchObject({ caseRef: first.body.caseRef, joinedExistingCase: true });
    const acknowledgements = (await caseView(env, first.body.caseRef)).outbox.filter(
      (m) => m.template === 'acknowledgement',
    );
    expect(acknowledgements).toHaveLength(2);
    const [toFirst, toSecond] = [...acknowledgements].sort((a, b) =>
      a.body.includes('Bob Neighbour') ? 1 : b.body.includes('Bob Neighbour') ? -1 : 0,
    );
    const { threshold, windowMonths } = policyBook().at(new Date()).caseReview;
    expect(toFirst?.body).not.toContain('ASB Case Review');
    expect(toSecond?.body).toContain('ASB Case Review');
    expect(toSecond?.body).toContain(`${threshold} times or more in ${windowMonths} months`);
  });

  it('flags the case when the third qualifying complaint in six months meets the Case Review threshold', async () => {
    const line1 = '7 Threshold Lane';
    const first = await report(complaintBody({ sourceLine1: line1 }));
    // Behaviour two months old does not qualify (reports must be made within a month of it).
    await report(
      complaintBody({ sourceLine1: line1, occurredAt: new Date(Date.now() - 60 * 86_400_000).toISOString() }),
    );
    let caseItem = (await env.partition(`CASE#${first.body.caseRef}`)).find((item) => item.sk === 'CASE');
    expect(caseItem).toMatchObject({ qualifyingComplaints: 1, caseReviewThresholdMet: false });
    await report(complaintBody({ sourceLine1: line1 }));
    caseItem = (await env.partition(`CASE#${first.body.caseRef}`)).find((item) => item.sk === 'CASE');
    expect(caseItem).toMatchObject({ qualifyingComplaints: 2, caseReviewThresholdMet: false });
    await report(complaintBody({ sourceLine1: line1 }));
    caseItem = (await env.partition(`CASE#${first.body.caseRef}`)).find((item) => item.sk === 'CASE');
    expect(caseItem).toMatchObject({
      complaintCount: 4,
      qualifyingComplaints: 3,
      caseReviewThresholdMet: true,
    });

    const progress = await call(env.stack, 'GET', `/cases/${first.body.caseRef}/progress`, {
      headers: { 'x-tracking-token': first.body.trackingToken },
    });
    expect(progress.body.timeline.map((entry: { title: string }) => entry.title)).toContain(
      'This noise has now been reported enough times for you to ask for an ASB Case Review (the Community Trigger)',
    );
  });

  it('simultaneous first reports about one source end up on one case', async () => {
    const line1 = `${Date.now()} Race Road`;
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => report(complaintBody({ sourceLine1: line1 }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    const refs = new Set(responses.map((r) => r.body.caseRef));
    expect(refs.size).toBe(1);
    const caseItem = (await env.partition(`CASE#${responses[0]?.body.caseRef}`)).find(
      (item) => item.sk === 'CASE',
    );
    expect(caseItem?.complaintCount).toBe(6);
  });
});

describe('idempotent reporting', () => {
  it('replaying the same Idempotency-Key and body returns the first response and writes nothing new', async () => {
    const body = complaintBody();
    const headers = { 'idempotency-key': `replay-${Date.now()}` };
    const first = await report(body, headers);
    const replay = await report(body, headers);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    const items = await env.partition(`CASE#${first.body.caseRef}`);
    expect(items.filter((item) => String(item.sk).startsWith('COMPLAINT#'))).toHaveLength(1);
    expect(
      items.filter((item) => item.type === 'ComplaintReceived' || item.type === 'ComplaintAdded'),
    ).toHaveLength(1);
  });

  it('ten identical requests at once make exactly one case with one complaint', async () => {
    const body = complaintBody();
    const headers = { 'idempotency-key': `burst-${Date.now()}` };
    const responses = await Promise.all(Array.from({ length: 10 }, () => report(body, headers)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body.caseRef)).size).toBe(1);
    expect(new Set(responses.map((r) => r.body.trackingToken)).size).toBe(1);
    const items = await env.partition(`CASE#${responses[0]?.body.caseRef}`);
    expect(items.filter((item) => String(item.sk).startsWith('COMPLAINT#'))).toHaveLength(1);
  });

  it('reusing an Idempotency-Key with a different report is refused', async () => {
    const headers = { 'idempotency-key': `reuse-${Date.now()}` };
    await report(complaintBody(), headers);
    const second = await report(complaintBody(), headers);
    expect(second.status).toBe(422);
    expect(second.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('bad input', () => {
  it('missing and malformed fields get a 400 with a message for each field and nothing is written', async () => {
    // Earlier tests' workflows finish first, so the count can move only if this request wrote.
    await env.stack.settle();
    const before = await countItems(env.stack.dynamoEndpoint, env.stack.tableName);
    const response = await report({
      complainant: {
        name: '',
        email: 'not-an-email',
        address: { line1: '1 Road', postcode: 'NOT A POSTCODE' },
      },
      source: { address: { line1: '2 Road', postcode: 'E8 1DY' }, kind: 'spaceship' },
      noise: { category: 'music', occurredAt: 'yesterday' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    const paths = response.body.error.fields.map((field: { path: string }) => field.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'complainant.name',
        'complainant.email',
        'complainant.address.postcode',
        'source.kind',
        'noise.description',
        'noise.occurredAt',
      ]),
    );
    for (const field of response.body.error.fields) expect(field.message).toMatch(/\w{3,}/);
    expect(await countItems(env.stack.dynamoEndpoint, env.stack.tableName)).toBe(before);
  });

  it('an over-long description is refused with its limit in the message', async () => {
    const body = complaintBody();
    body.noise.description = 'x'.repeat(2001);
    const response = await report(body);
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toContainEqual({
      path: 'noise.description',
      message: 'What the noise is like must be 2000 characters or fewer',
    });
  });

  it('noise reported as starting in the future is refused', async () => {
    const response = await report(
      complaintBody({ occurredAt: new Date(Date.now() + 86_400_000).toISOString() }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([
      { path: 'noise.occurredAt', message: 'The time the noise started must not be in the future' },
    ]);
  });

  it('a timestamp without a time zone is refused', async () => {
    const response = await report(complaintBody({ occurredAt: '2026-11-20T23:30:00' }));
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].path).toBe('noise.occurredAt');
  });

  it('a body that is not JSON gets a 400 saying so', async () => {
    const response = await call(env.stack, 'POST', '/complaints', {
      raw: '{"complainant": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ path: '', message: 'The request body is not valid JSON' }]);
  });

  it('a body that is not sent as JSON gets a 415', async () => {
    const response = await call(env.stack, 'POST', '/complaints', {
      raw: 'name=Ann',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over 64 KB gets a 413', async () => {
    const body = complaintBody();
    body.noise.description = 'y'.repeat(70 * 1024);
    const response = await report(body);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('an unknown route gets a JSON 404', async () => {
    const response = await call(env.stack, 'GET', '/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it('no error response carries a stack trace', async () => {
    const responses = await Promise.all([
      call(env.stack, 'POST', '/complaints', { raw: '[]', headers: { 'content-type': 'application/json' } }),
      call(env.stack, 'POST', '/complaints', {
        raw: 'null',
        headers: { 'content-type': 'application/json' },
      }),
      call(env.stack, 'POST', '/complaints', { raw: '', headers: { 'content-type': 'application/json' } }),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(ts|js):\d+|node_modules/);
    }
  });
});
