/**
 * Open311 as FixMyStreet uses it, against the real local stack: the request shapes come from
 * FixMyStreet's own client (see ./support.ts for the files they are copied from).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as postRequest } from '../../functions/api/open311-post-request.ts';
import { sourceKeyOf } from '../../functions/domain/identifiers.ts';
import { localLambdaContext } from '../../infra/local/gateway.ts';
import { asStaff, decide } from '../support/lifecycle.ts';
import { call, startTestStack } from '../support/local-stack.ts';
import { fmsForm, nextFixMyStreetId, post, texts, xml, xmlErrors } from './support.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack();
});
afterAll(async () => {
  await env?.close();
});

const get = (path: string) => call(env.stack, 'GET', path);

/** Posts a report and returns its id and the case it went to (read from the stored request). */
async function report(form: URLSearchParams) {
  const response = await post(env.stack, form);
  expect(response.status, String(response.body)).toBe(201);
  const request = xml(response).childNamed('request');
  const id = request?.valueWithPath('service_request_id') ?? '';
  const [stored] = await env.partition(`OPEN311#${id}`);
  return { id, notice: request?.valueWithPath('service_notice') ?? '', caseRef: String(stored?.caseRef) };
}

const complaintsOf = async (caseRef: string) =>
  (await env.partition(`CASE#${caseRef}`)).filter((item) => String(item.sk).startsWith('COMPLAINT#'));

describe('FixMyStreet reads the noise services', () => {
  it('lists every noise service in XML with metadata, so FixMyStreet fetches each definition', async () => {
    const response = await get('/open311/v2/services.xml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const list = xml(response);
    expect(list.name).toBe('services');
    const services = list.childrenNamed('service');
    expect(services.map((service) => service.valueWithPath('service_code'))).toContain('music');
    for (const service of services) {
      expect(service.valueWithPath('metadata')).toBe('true');
      expect(service.valueWithPath('type')).toBe('realtime');
      expect(service.valueWithPath('group')).toBe('Noise');
      expect(service.valueWithPath('service_name')).toMatch(/\w/);
    }
  });

  it('answers the same list in JSON and, without an extension, in XML', async () => {
    const json = await get('/open311/v2/services.json');
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const bare = await get('/open311/v2/services');
    expect(json.body.map((service: { service_code: string }) => service.service_code)).toEqual(
      xml(bare)
        .childrenNamed('service')
        .map((service) => service.valueWithPath('service_code')),
    );
  });

  it("gives a service's questions with datatypes, required flags and list values, and a server-set field for FixMyStreet's report id", async () => {
    const definition = xml(await get('/open311/v2/services/music.xml'));
    expect(definition.name).toBe('service_definition');
    expect(definition.valueWithPath('service_code')).toBe('music');
    const attributes = definition.childNamed('attributes')?.childrenNamed('attribute') ?? [];
    const byCode = new Map(attributes.map((attribute) => [attribute.valueWithPath('code'), attribute]));
    expect(byCode.get('source_kind')?.valueWithPath('datatype')).toBe('singlevaluelist');
    expect(byCode.get('source_kind')?.valueWithPath('required')).toBe('true');
    expect(texts(byCode.get('source_kind')?.childNamed('values'), 'value')).toHaveLength(8);
    expect(byCode.get('noise_started')?.valueWithPath('datatype')).toBe('datetime');
    expect(byCode.get('noise_ended')?.valueWithPath('required')).toBe('false');
    expect(byCode.get('impact')?.valueWithPath('datatype')).toBe('text');
    expect(byCode.get('willing_to_give_evidence')?.valueWithPath('datatype')).toBe('singlevaluelist');
    expect(byCode.get('fixmystreet_id')?.valueWithPath('automated')).toBe('server_set');
    expect(byCode.get('fixmystreet_id')?.valueWithPath('variable')).toBe('false');
    const orders = attributes.map((attribute) => Number(attribute.valueWithPath('order')));
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('answers 404 with an Open311 error for a service that does not exist', async () => {
    const response = await get('/open311/v2/services/karaoke.xml');
    expect(response.status).toBe(404);
    expect(xmlErrors(response)).toEqual([{ code: '404', description: 'No service has that service_code' }]);
  });
});

describe('posting a report', () => {
  it('a report opens a case and its status can be read back by its id in XML and JSON', async () => {
    const posted = await report(fmsForm({ sourceAddress: `${process.pid} Status Street` }));
    expect(posted.id).toMatch(/^[0-9a-f]{20}$/);
    expect(posted.notice).toContain(`opened case ${posted.caseRef}`);
    expect(await complaintsOf(posted.caseRef)).toHaveLength(1);

    await env.stack.settle();
    const single = await get(`/open311/v2/requests/${posted.id}.xml`);
    expect(single.status).toBe(200);
    const request = xml(single).childNamed('request');
    expect(request?.valueWithPath('service_request_id')).toBe(posted.id);
    expect(request?.valueWithPath('status')).toBe('open');
    // The investigation has started by now: the resident's words for that stage.
    expect(request?.valueWithPath('status_notes')).toBe('An officer is looking into the noise.');
    expect(request?.valueWithPath('service_name')).toBe('Loud music');
    expect(request?.valueWithPath('requested_datetime')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(request?.valueWithPath('updated_datetime')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const json = await get(`/open311/v2/requests/${posted.id}.json`);
    expect(json.body).toEqual([
      expect.objectContaining({ service_request_id: posted.id, status: 'open', service_code: 'music' }),
    ]);
  });

  it('answers several ids at once, as FixMyStreet asks for the reports it follows, leaving out ids nobody was given', async () => {
    const first = await report(fmsForm({ sourceAddress: `${process.pid} Many Road` }));
    const second = await report(fmsForm({ sourceAddress: `${process.pid} Other Road` }));
    const response = await get(
      `/open311/v2/requests.xml?jurisdiction_id=example.org&service_request_id=${first.id},0000000000000000beef,${second.id}`,
    );
    expect(response.status).toBe(200);
    expect(texts(xml(response), 'request').length).toBe(2);
    expect(
      xml(response)
        .childrenNamed('request')
        .map((request) => request.valueWithPath('service_request_id')),
    ).toEqual([first.id, second.id]);
  });

  it("shows the case closed once it is closed, in the resident's words", async () => {
    const posted = await report(fmsForm({ sourceAddress: `${process.pid} Closing Close` }));
    await env.stack.settle();
    await decide(env, posted.caseRef, 'triage', 'no-further-action', { group: 'caseworker' });
    const request = xml(await get(`/open311/v2/requests/${posted.id}.xml`)).childNamed('request');
    expect(request?.valueWithPath('status')).toBe('closed');
    expect(request?.valueWithPath('status_notes')).toBe('The case is closed.');
  });

  it("follows its report when a manager merges the report's case into another", async () => {
    const kept = await report(fmsForm({ sourceAddress: `${process.pid} Merge Mews` }));
    const moved = await report(fmsForm({ sourceAddress: `${process.pid} Elsewhere Avenue` }));
    await env.stack.settle();
    const merge = await asStaff(env, 'manager', 'POST', `/cases/${moved.caseRef}/merge`, {
      into: kept.caseRef,
      reason: 'The same flat, described two ways',
    });
    expect(merge.status, JSON.stringify(merge.body)).toBe(200);
    // The merge closed the report's first case; the request follows it into the open one.
    const status = async () =>
      xml(await get(`/open311/v2/requests/${moved.id}.xml`))
        .childNamed('request')
        ?.valueWithPath('status');
    expect(await status()).toBe('open');
    await decide(env, kept.caseRef, 'triage', 'no-further-action', { group: 'caseworker' });
    expect(await status()).toBe('closed');
  });

  it('a second report about the same place joins the case and gets its own id', async () => {
    const first = await report(fmsForm({ sourceAddress: `Flat 3, ${process.pid} Join Street` }));
    const second = await report(
      fmsForm({
        sourceAddress: `flat 3 ${process.pid} join st`,
        name: 'Bob Neighbour',
        email: 'bob@example.com',
      }),
    );
    expect(second.caseRef).toBe(first.caseRef);
    expect(second.id).not.toBe(first.id);
    expect(second.notice).toContain(`added to case ${first.caseRef}`);
    expect(await complaintsOf(first.caseRef)).toHaveLength(2);
  });

  it("never shows a request's reader another reporter's details, or the address of the place reported", async () => {
    const line = `${process.pid} Privacy Parade`;
    const first = await report(
      fmsForm({ sourceAddress: line, name: 'First Person', email: 'first@example.com' }),
    );
    await report(fmsForm({ sourceAddress: line, name: 'Second Person', email: 'second@example.com' }));
    const answers = [
      await get(`/open311/v2/requests/${first.id}.xml`),
      await get(`/open311/v2/requests/${first.id}.json`),
    ];
    const text = answers.map((answer) => JSON.stringify(answer.body)).join('\n');
    for (const secret of [
      'First',
      'Second',
      'first@example.com',
      'second@example.com',
      'Privacy',
      '14 Mare',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('a retried POST with the same FixMyStreet id makes no second complaint and answers with the same id', async () => {
    const fixmystreetId = nextFixMyStreetId();
    const form = fmsForm({ fixmystreetId, sourceAddress: `${process.pid} Retry Row` });
    const first = await report(form);
    const retries = await Promise.all(Array.from({ length: 4 }, () => report(form)));
    // FixMyStreet rebuilds the body on each try: an edited detail is still the same report.
    const edited = await report(
      fmsForm({ fixmystreetId, sourceAddress: `${process.pid} Retry Row`, detail: 'Edited' }),
    );
    expect(new Set([first.id, edited.id, ...retries.map((retry) => retry.id)])).toEqual(new Set([first.id]));
    expect(await complaintsOf(first.caseRef)).toHaveLength(1);
  });

  it('a client that sends no report id is recognised on retry by its unchanged request', async () => {
    const form = fmsForm({ fixmystreetId: null, sourceAddress: `${process.pid} Body Lane` });
    const first = await report(form);
    const again = await report(form);
    expect(again.id).toBe(first.id);
    expect(await complaintsOf(first.caseRef)).toHaveLength(1);
  });

  it('answers a JSON POST with the spec array of one request', async () => {
    const response = await post(env.stack, fmsForm({ sourceAddress: `${process.pid} Json Street` }), 'json');
    expect(response.status).toBe(201);
    expect(response.body).toEqual([
      { service_request_id: expect.stringMatching(/^[0-9a-f]{20}$/), service_notice: expect.any(String) },
    ]);
  });

  it('reads a form body that API Gateway passed base64-encoded as the same report', async () => {
    const form = fmsForm({ sourceAddress: `${process.pid} Base Street` });
    const event = {
      version: '2.0',
      routeKey: 'POST /open311/v2/{document}',
      rawPath: '/open311/v2/requests.json',
      rawQueryString: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      pathParameters: { document: 'requests.json' },
      requestContext: { http: { method: 'POST', path: '/open311/v2/requests.json' } },
      body: Buffer.from(form.toString(), 'utf8').toString('base64'),
      isBase64Encoded: true,
    };
    const result = (await postRequest(event as never, localLambdaContext('Open311PostRequest'))) as {
      statusCode: number;
      body: string;
    };
    expect(result.statusCode).toBe(201);
    const again = await post(env.stack, form, 'json');
    expect(again.body[0].service_request_id).toBe(JSON.parse(result.body)[0].service_request_id);
  });

  it('takes the postcode from address_string when no attribute carries it, as FixMyStreet sends a searched postcode', async () => {
    const posted = await report(
      fmsForm({ postcode: null, addressString: 'E8 3PL', sourceAddress: `${process.pid} Dalston Lane` }),
    );
    const people = await env.peopleOf(posted.caseRef);
    expect(people.find((person) => person.role === 'source')?.address).toEqual({
      line1: `${process.pid} Dalston Lane`,
      postcode: 'E8 3PL',
    });
  });

  it('reads the datetime-local value FixMyStreet sends as UK wall-clock time', async () => {
    const form = fmsForm({ sourceAddress: `${process.pid} Clock Tower Road` });
    const sent = form.get('attribute[noise_started]');
    const posted = await report(form);
    const [complaint] = await complaintsOf(posted.caseRef);
    // The stored instant, shown on a London clock, is the time the resident typed.
    const london = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/London',
      dateStyle: 'short',
      timeStyle: 'short',
    });
    expect(london.format(new Date(String(complaint?.occurredAt))).replace(' ', 'T')).toBe(sent);
  });
});

describe('refusals', () => {
  it('a wrong or missing api_key is refused with 403 and the spec error array, and nothing is recorded', async () => {
    const place = { line1: `${process.pid} Keyless Court`, postcode: 'E8 1DY' };
    const wrong = await post(env.stack, fmsForm({ apiKey: 'not-the-key', sourceAddress: place.line1 }));
    expect(wrong.status).toBe(403);
    expect(xmlErrors(wrong)).toEqual([
      { code: '403', description: 'Invalid api_key received -- cannot proceed with create_request' },
    ]);
    const missing = await post(env.stack, fmsForm({ apiKey: null, sourceAddress: place.line1 }), 'json');
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual([
      { code: 403, description: 'api_key was not provided -- cannot proceed with create_request' },
    ]);
    expect(await env.partition(`SOURCE#${sourceKeyOf(place)}`)).toEqual([]);
  });

  it('a report with no postcode for the place is refused with an Open311 error naming attribute[postcode]', async () => {
    const response = await post(env.stack, fmsForm({ postcode: null, sourceAddress: '12 Nowhere Street' }));
    expect(response.status).toBe(400);
    expect(xmlErrors(response)).toEqual([
      {
        code: '400',
        description:
          'attribute[postcode]: A postcode for the place the noise comes from is required: send attribute[postcode] or include it in address_string',
      },
    ]);
  });

  it('every problem is named by the field the client sent, all in one answer', async () => {
    const form = fmsForm({ email: 'not-an-email', postcode: 'NOT A POSTCODE' });
    form.set('attribute[source_kind]', 'spaceship');
    form.set('attribute[noise_started]', 'last night');
    const response = await post(env.stack, form, 'json');
    expect(response.status).toBe(400);
    const fields = response.body.map((error: { description: string }) => error.description.split(':')[0]);
    expect(fields).toEqual(
      expect.arrayContaining([
        'email',
        'attribute[postcode]',
        'attribute[source_kind]',
        'attribute[noise_started]',
      ]),
    );
    for (const error of response.body) expect(error.code).toBe(400);
  });

  it('refuses noise in the future, as the web form does', async () => {
    const response = await post(env.stack, fmsForm({ startedAt: new Date(Date.now() + 86_400_000) }));
    expect(response.status).toBe(400);
    expect(xmlErrors(response)[0]?.description).toBe(
      'attribute[noise_started]: The time the noise started must not be in the future',
    );
  });

  it('answers a service_code that does not exist with 404, and one not sent with 400', async () => {
    const unknown = fmsForm({ serviceCode: 'potholes' });
    expect((await post(env.stack, unknown)).status).toBe(404);
    const none = fmsForm();
    none.delete('service_code');
    const response = await post(env.stack, none);
    expect(response.status).toBe(400);
    expect(xmlErrors(response)[0]?.description).toBe('service_code was not provided');
  });

  it('refuses a body that is not form-encoded with 415, in the format asked for', async () => {
    const response = await post(env.stack, '{"service_code":"music"}', 'json', 'application/json');
    expect(response.status).toBe(415);
    expect(response.body[0].code).toBe(415);
  });

  it('keeps hostile text as text: the XML that comes back stays one well-formed error', async () => {
    const hostile = '</description></error><error><code>200</code><description>]]>&amp;<![CDATA[x';
    const form = fmsForm({ serviceCode: hostile });
    const response = await post(env.stack, form);
    expect(response.status).toBe(404);
    expect(xmlErrors(response)).toEqual([
      { code: '404', description: `service_code ${hostile} was not found` },
    ]);
  });

  it('lists no requests unless they are named, and answers unknown ids and formats with 404', async () => {
    const list = await get('/open311/v2/requests.xml');
    expect(list.status).toBe(400);
    expect(xmlErrors(list)[0]?.description).toMatch(/^service_request_id is required/);
    expect((await get('/open311/v2/requests/0123456789abcdef0123.xml')).status).toBe(404);
    expect((await get('/open311/v2/requests/<script>.json')).status).toBe(404);
    const csv = await get('/open311/v2/services.csv');
    expect(csv.status).toBe(404);
    expect(xmlErrors(csv)).toHaveLength(1);
    expect((await get('/open311/v2/tokens.xml')).status).toBe(404);
  });

  it('answers any malformed form with a 4xx in the spec error shape, never a 5xx', async () => {
    const names = [
      'api_key',
      'service_code',
      'lat',
      'long',
      'address_string',
      'email',
      'first_name',
      'last_name',
      'phone',
      'description',
      'media_url',
      'attribute[source_kind]',
      'attribute[source_address]',
      'attribute[postcode]',
      'attribute[noise_started]',
      'attribute[noise_ended]',
      'attribute[your_address]',
      'attribute[your_postcode]',
      'attribute[willing_to_give_evidence]',
      'attribute[fixmystreet_id]',
      'attribute[x][]',
      'attribute[',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...names), fc.string({ unit: 'binary', maxLength: 40 })), {
          maxLength: 12,
        }),
        fc.boolean(),
        async (pairs, withKey) => {
          const form = fmsForm();
          for (const [name, value] of pairs) form.set(name, value);
          if (!withKey) form.delete('api_key');
          const response = await post(env.stack, form);
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) expect(xmlErrors(response).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
