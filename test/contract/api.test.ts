/**
 * The contract: every answer the real local stack gives, over HTTP, is in docs/openapi.json with
 * its status and body schema. Each test drives a part of the API (whole cases through warning,
 * notice, penalty, payment and restorative justice; casework; the Noise Act; statutory nuisance;
 * the providers' callbacks; Open311 as FixMyStreet uses it, in XML and JSON; and every refusal
 * each route can give), and every exchange it made through the recording proxy is checked with
 * ajv after it. The last tests check that each operation was seen answering every status it
 * documents (bar those only AWS can give) and that a wrong schema in the document is caught. The tests run in order and share one stack: the
 * "every route" tests replay what the earlier ones sent, so run the file whole.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REMOVED } from '../../functions/domain/lifecycle/retention.ts';
import {
  followingLondonHour,
  londonInstant,
  londonWallClock,
} from '../../functions/domain/routes/noise-act/rules.ts';
import { paySignature, SUCCESSFUL_CARD } from '../../infra/local/standins/pay.ts';
import { openApiPath } from '../../infra/openapi.ts';
import { stallAtTask } from '../casework/support.ts';
import { fmsForm, LOCAL_API_KEY, post as postOpen311, xml as xmlOf } from '../open311/support.ts';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithNotice,
  caseWithPenalty,
  decide,
  localNow,
  openCase,
  openTask,
  PAYMENT_SECRET,
  pay,
  recordBreach,
  staffToken,
} from '../support/lifecycle.ts';
import { type ApiResponse, call, complaintBody, startTestStack } from '../support/local-stack.ts';
import { contractChecker, type Exchange, parseXml, send, startRecordingProxy } from './recorder.ts';

type TestEnv = Awaited<ReturnType<typeof startTestStack>>;

/** While armed, every DynamoDB call the handlers make fails as a DynamoDB outage would. */
const outage = {
  armed: false,
  instrument(client: { middlewareStack: { add: (...args: never[]) => void } }) {
    (client.middlewareStack.add as (middleware: unknown, options: unknown) => void)(
      (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
        if (outage.armed)
          throw Object.assign(new Error('Internal server error (injected outage)'), {
            name: 'InternalServerError',
            $fault: 'server',
            $metadata: { httpStatusCode: 500 },
          });
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'contractTestOutage' },
    );
  },
};

let real: TestEnv;
/** The same stack seen through the recording proxy: every helper's request is recorded. */
let env: TestEnv;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
const checker = contractChecker();
const all: Exchange[] = [];

beforeAll(async () => {
  real = await startTestStack({ retryDelayScale: 0.001, instrumentDynamo: (c) => outage.instrument(c) });
  proxy = await startRecordingProxy(real.stack.url);
  env = { ...real, stack: { ...real.stack, url: proxy.url } };
});
afterAll(async () => {
  await proxy?.close();
  await real?.close();
});
afterEach(() => {
  const exchanges = proxy.take();
  all.push(...exchanges);
  expect(checker.problems(exchanges)).toEqual([]);
});

const DAY = 86_400_000;
const MINUTE = 60_000;
const ago = (ms: number) => new Date(localNow().getTime() - ms).toISOString();
const bearer = async (group: string) => ({ authorization: `Bearer ${await staffToken(env, group)}` });
const jsonHeaders = async (group?: string) => ({
  'content-type': 'application/json',
  ...(group ? await bearer(group) : {}),
});
const signed = (body: string) => ({
  'content-type': 'application/json',
  'x-signature': `sha256=${createHmac('sha256', PAYMENT_SECRET).update(body).digest('hex')}`,
});
const NOTIFY_TOKEN = process.env.ABATE_NOTIFY_CALLBACK_SECRET ?? 'abate-local-notify-callback-token';

/** Expects a status (and error code), with the body in the message when it differs. */
function expectAnswer(answer: { status: number; body: unknown }, status: number, code?: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  if (code) expect((answer.body as { error?: { code?: string } }).error?.code).toBe(code);
}

// ── Open311 (docs/open311.md) ───────────────────────────────────────────────────────────────────

const OPEN311 = '/open311/v2';
const isOpen311 = (target: string) => target.startsWith(`${OPEN311}/`);
/** The format an Open311 path asks for: JSON for `.json`, XML for `.xml` or no extension. */
const formatOf = (target: string) => ((target.split('?')[0] ?? '').endsWith('.json') ? 'json' : 'xml');
const open311ContentTypes = { xml: 'text/xml; charset=utf-8', json: 'application/json; charset=utf-8' };
const OPEN311_INTERNAL = 'Something went wrong on our side. Please try again later.';

/** Expects an Open311 answer with the status, in the format its path asked for. */
function expectOpen311(answer: ApiResponse, target: string, status: number) {
  const shown = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  expect(answer.status, shown).toBe(status);
  expect(answer.headers.get('content-type'), target).toBe(open311ContentTypes[formatOf(target)]);
}

/**
 * Expects Open311's refusal: the status, and a list of errors each carrying it as its code, as
 * JSON for a `.json` path and as XML `<errors>` otherwise. Answers the errors.
 */
function expectOpen311Refusal(answer: { status: number; body: unknown }, target: string, status: number) {
  const shown = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  expect(answer.status, `${target}: ${shown}`).toBe(status);
  let errors: { code: number; description: string }[];
  if (formatOf(target) === 'json') {
    expect(Array.isArray(answer.body), `${target} answers a JSON array: ${shown}`).toBe(true);
    errors = answer.body as typeof errors;
  } else {
    expect(typeof answer.body, `${target} answers XML: ${shown}`).toBe('string');
    const document = parseXml(answer.body as string);
    expect(document.name).toBe('errors');
    errors = document.childrenNamed('error').map((error) => ({
      code: Number(error.valueWithPath('code')),
      description: error.valueWithPath('description') ?? '',
    }));
  }
  expect(errors.length, shown).toBeGreaterThan(0);
  for (const error of errors) expect(error.code, shown).toBe(status);
  return errors;
}

describe('a resident', () => {
  it('reports noise, with a retry made safe by an Idempotency-Key, and follows the case with the tracking token', async () => {
    const body = complaintBody();
    const key = `contract-${Date.now()}`;
    const first = await call(env.stack, 'POST', '/complaints', {
      json: body,
      headers: { 'idempotency-key': key },
    });
    expectAnswer(first, 201);
    expect(first.headers.get('location')).toBe(`/cases/${first.body.caseRef}/progress`);
    expectAnswer(
      await call(env.stack, 'POST', '/complaints', { json: body, headers: { 'idempotency-key': key } }),
      201,
    );
    expectAnswer(
      await call(env.stack, 'POST', '/complaints', {
        json: { ...body, noise: { ...body.noise, description: 'Something else entirely' } },
        headers: { 'idempotency-key': key },
      }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    await env.stack.settle();
    const progress = `/cases/${first.body.caseRef}/progress`;
    expectAnswer(
      await call(env.stack, 'GET', progress, { headers: { 'x-tracking-token': first.body.trackingToken } }),
      200,
    );
    expectAnswer(
      await call(env.stack, 'GET', progress, { headers: { 'x-tracking-token': 'a-guess' } }),
      404,
      'NOT_FOUND',
    );
    expectAnswer(await call(env.stack, 'GET', progress), 404, 'NOT_FOUND');
    expectAnswer(await call(env.stack, 'GET', '/cases/NN-2026-99999%ZZ/progress'), 400, 'BAD_REQUEST');
  });

  it('gets field messages for a report that is not valid, and refusals for one that is not JSON or too large', async () => {
    const invalid = await call(env.stack, 'POST', '/complaints', { json: { complainant: {} } });
    expectAnswer(invalid, 400, 'VALIDATION_FAILED');
    expect(invalid.body.error.fields.length).toBeGreaterThan(0);
    expectAnswer(
      await call(env.stack, 'POST', '/complaints', {
        raw: '{"not json',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    expectAnswer(
      await call(env.stack, 'POST', '/complaints', {
        raw: '',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    expectAnswer(
      await call(env.stack, 'POST', '/complaints', {
        raw: 'noise',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const large = JSON.stringify({ ...complaintBody(), padding: 'x'.repeat(70 * 1024) });
    expectAnswer(
      await call(env.stack, 'POST', '/complaints', {
        raw: large,
        headers: { 'content-type': 'application/json' },
      }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });
});

describe('a whole case', () => {
  it('goes through a warning, a notice, a fixed penalty and its payment, with the staff views on the way', async () => {
    const { caseRef, trackingToken, penalty } = await caseWithPenalty(env);
    const view = await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`);
    expectAnswer(view, 200);
    expectAnswer(await asStaff(env, 'manager', 'GET', '/cases?status=penalty-issued'), 200);
    expectAnswer(await asStaff(env, 'caseworker', 'GET', '/cases'), 200);
    // A decided task: read it, decide it again the same way (the same answer), or otherwise (refused).
    const decided = view.body.tasks.find((t: { type: string }) => t.type === 'cpn-breach-decision');
    expectAnswer(await asStaff(env, 'manager', 'GET', `/tasks/${decided.taskId}`), 200);
    const again = await asStaff(env, 'manager', 'POST', `/tasks/${decided.taskId}/decision`, {
      outcome: 'prosecute',
      reason: 'Changed my mind',
    });
    expectAnswer(again, 409, 'TASK_ALREADY_DECIDED');

    // Card payment: started, then Pay's state of it, for the page Pay returns to.
    const started = await call(env.stack, 'POST', `/penalties/${penalty.penaltyRef}/pay`);
    expectAnswer(started, 201);
    const card = await fetch(started.body.nextUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        cardNumber: SUCCESSFUL_CARD,
        expiry: '12/30',
        cvc: '123',
        cardholderName: 'A Resident',
      }).toString(),
    });
    const attempt = new URL(String(card.headers.get('location'))).searchParams.get('attempt');
    await real.stack.pay.settle();
    await env.stack.settle();
    expectAnswer(await call(env.stack, 'GET', `/payments/${attempt}`), 200);
    expectAnswer(await call(env.stack, 'GET', '/payments/nosuchattemptatall0000'), 404, 'NOT_FOUND');
    expectAnswer(await call(env.stack, 'GET', '/payments/x'), 400, 'VALIDATION_FAILED');
    // Paid: nothing left to pay; the provider's notifications are answered from the ledger.
    expectAnswer(await call(env.stack, 'POST', `/penalties/${penalty.penaltyRef}/pay`), 404, 'NOT_FOUND');
    expectAnswer(await call(env.stack, 'POST', '/penalties/not-a-notice/pay'), 400, 'VALIDATION_FAILED');
    const late = await pay(env, penalty.penaltyRef, 7_500, localNow(), `PAY-LATE-${Date.now()}`);
    expectAnswer(late, 200);
    expect(late.body.result).toBe('flagged');
    expectAnswer(
      await call(env.stack, 'GET', `/cases/${caseRef}/progress`, {
        headers: { 'x-tracking-token': trackingToken },
      }),
      200,
    );
  });

  it('pays a penalty through the payment provider, once, and refuses notifications that are not signed, not ours or not consistent', async () => {
    const { penalty } = await caseWithPenalty(env);
    const reference = `PAY-${Date.now()}`;
    const paidAt = localNow();
    const part = await pay(env, penalty.penaltyRef, 1_000, paidAt, `${reference}-part`);
    expect(part.body.result).toBe('part-payment');
    const rest = penalty.discountedAmountPence - 1_000;
    expectAnswer(await pay(env, penalty.penaltyRef, rest, paidAt, reference), 200);
    expectAnswer(await pay(env, penalty.penaltyRef, rest, paidAt, reference), 200);
    expectAnswer(await pay(env, penalty.penaltyRef, 1, paidAt, reference), 409, 'PAYMENT_REFERENCE_CONFLICT');
    expectAnswer(await pay(env, 'FPN-2099-999999', 100, paidAt, `${reference}-x`), 404, 'NOT_FOUND');
    const raw = JSON.stringify({
      amountPence: 100,
      paidAt: localNow().toISOString(),
      providerReference: 'X-1',
    });
    expectAnswer(
      await call(env.stack, 'POST', `/penalties/${penalty.penaltyRef}/payments`, {
        raw,
        headers: { 'content-type': 'application/json', 'x-signature': 'sha256=00' },
      }),
      401,
      'BAD_SIGNATURE',
    );
    const bad = JSON.stringify({ amountPence: -1 });
    expectAnswer(
      await call(env.stack, 'POST', `/penalties/${penalty.penaltyRef}/payments`, {
        raw: bad,
        headers: signed(bad),
      }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it("records card payments from GOV.UK Pay's signed webhooks, and ignores events that are not ours", async () => {
    const { penalty } = await caseWithPenalty(env);
    const webhook = (reference: string, paymentId: string, eventType = 'card_payment_succeeded') =>
      JSON.stringify({
        webhook_message_id: `msg${paymentId}`,
        created_date: localNow().toISOString(),
        resource_id: paymentId,
        api_version: 1,
        resource_type: 'payment',
        event_type: eventType,
        resource: { payment_id: paymentId, amount: penalty.discountedAmountPence, reference },
      });
    const post = (body: string, signature = paySignature(body, real.stack.pay.webhookSecret)) =>
      call(env.stack, 'POST', '/providers/pay/webhooks', {
        raw: body,
        headers: { 'content-type': 'application/json', 'pay-signature': signature },
      });
    const paymentId = `card${Date.now()}`;
    const recorded = await post(webhook(penalty.penaltyRef, paymentId));
    expectAnswer(recorded, 200);
    expect(recorded.body.result).toBe('recorded');
    const altered = webhook(penalty.penaltyRef, paymentId).replace(
      `"amount":${penalty.discountedAmountPence}`,
      '"amount":1',
    );
    expectAnswer(await post(altered), 409, 'PAYMENT_REFERENCE_CONFLICT');
    expectAnswer(await post(webhook('COUNCIL-TAX-1', `other${Date.now()}`)), 200);
    expectAnswer(
      await post(webhook(penalty.penaltyRef, `created${Date.now()}`, 'card_payment_captured')),
      200,
    );
    expectAnswer(await post(webhook('FPN-2099-999999', `unknown${Date.now()}`)), 404, 'NOT_FOUND');
    const forged = webhook(penalty.penaltyRef, `forged${Date.now()}`);
    expectAnswer(await post(forged, paySignature(forged, 'a-guessed-secret')), 401, 'BAD_SIGNATURE');
    const incomplete = JSON.stringify({ resource_type: 'payment' });
    expectAnswer(await post(incomplete), 400, 'VALIDATION_FAILED');
    await env.stack.settle();
  });

  it('goes through restorative justice from consent to a kept agreement', async () => {
    const { caseRef } = await openCase(env);
    // A facilitator sees only cases referred to restorative justice.
    expectAnswer(await asStaff(env, 'facilitator', 'GET', `/cases/${caseRef}`), 403, 'FORBIDDEN');
    await decide(env, caseRef, 'triage', 'restorative');
    expectAnswer(await asStaff(env, 'facilitator', 'GET', `/cases/${caseRef}`), 200);
    await decide(env, caseRef, 'restorative-consent', 'both-consented');
    await decide(env, caseRef, 'restorative-conference', 'agreement-reached', {
      agreedActions: [{ action: 'Music off by 23:00 on weeknights', dueBy: '2027-01-31' }],
    });
    await advanceDays(env, 29);
    await decide(env, caseRef, 'agreement-review', 'complied', { group: 'facilitator' });
    expect((await caseView(env, caseRef)).case.status).toBe('closed');
  });

  it('returns to enforcement when a party withdraws from restorative justice, and a withdrawal with none running is refused', async () => {
    const { caseRef } = await openCase(env);
    const withdraw = () =>
      asStaff(env, 'facilitator', 'POST', `/cases/${caseRef}/restorative/withdrawal`, {
        party: 'source',
        reason: 'They no longer wish to take part',
      });
    expectAnswer(await withdraw(), 409, 'NOT_IN_RESTORATIVE_PROCESS');
    await decide(env, caseRef, 'triage', 'restorative');
    expectAnswer(await withdraw(), 200);
    await env.stack.settle();
    expectAnswer(
      await asStaff(env, 'facilitator', 'POST', '/cases/NN-2026-999999/restorative/withdrawal', {
        party: 'source',
        reason: 'No such case',
      }),
      404,
      'NOT_FOUND',
    );
  });

  it('has an appeal against its notice lodged, decided, and the same appeal sent again answered the same', async () => {
    const { caseRef } = await caseWithNotice(env);
    const notice = (await caseView(env, caseRef)).notices.find((n) => n.kind === 'cpn');
    const appeal = {
      noticeId: notice?.noticeId,
      lodgedAt: localNow().toISOString(),
      court: 'Northmoor Magistrates Court',
    };
    const lodged = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, appeal);
    expectAnswer(lodged, 201);
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
        ...appeal,
        court: 'Another court',
      }),
      409,
      'APPEAL_PENDING',
    );
    await decide(env, caseRef, 'appeal-outcome', 'dismissed');
    const resent = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, appeal);
    expectAnswer(resent, 201);
    expect(resent.body).toEqual(lodged.body);
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
        ...appeal,
        noticeId: 'ntc_0000000000000000',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', '/cases/NN-2026-999999/appeals', appeal),
      404,
      'NOT_FOUND',
    );
  });
});

describe('statutory nuisance', () => {
  it('goes from investigation to an abatement notice, a suspending appeal, a breach and a prosecution refused after the limitation date', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'investigate-nuisance', { group: 'caseworker' });
    await decide(env, caseRef, 'nuisance-decision', 'nuisance-exists', {
      group: 'caseworker',
      details: { suspendedOnAppeal: true },
    });
    const notice = (await caseView(env, caseRef)).notices.find((n) => n.kind === 'abatement-notice');
    const lodged = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/appeals`, {
      noticeId: notice?.noticeId,
      lodgedAt: localNow().toISOString(),
      court: 'Northmoor Magistrates Court',
    });
    expectAnswer(lodged, 201);
    expect(lodged.body.suspends).toBe('all');
    await advanceDays(env, 8);
    const suspended = await recordBreach(env, caseRef);
    expectAnswer(suspended, 201);
    expect(suspended.body.counts).toBe(false);
    await decide(env, caseRef, 'appeal-outcome', 'dismissed');
    expectAnswer(
      await recordBreach(env, caseRef, { description: 'Music again after the appeal failed' }),
      201,
    );
    await advanceDays(env, 190);
    const task = await openTask(env, caseRef, 'abatement-breach-decision');
    const refused = await asStaff(env, 'manager', 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'prosecute',
      reason: 'Prosecute',
    });
    expectAnswer(refused, 409, 'LIMITATION_PERIOD_ENDED');
    expectAnswer(await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`), 200);
  });
});

describe('the Noise Act', () => {
  function lastNight(hour: number, minute = 0): Date {
    const { date } = londonWallClock(localNow());
    const day =
      hour >= 12 ? new Date(Date.parse(`${date}T12:00:00Z`) - DAY).toISOString().slice(0, 10) : date;
    return new Date(londonInstant(day, hour).getTime() + minute * MINUTE);
  }

  it('records a warning notice served at night and a measurement above the permitted level as the offence', async () => {
    const now = localNow();
    await env.stack.advanceClock(followingLondonHour(now, 9).getTime() - now.getTime() + MINUTE);
    const { caseRef } = await openCase(env);
    const notice = {
      servedAt: lastNight(23, 30).toISOString(),
      measuredDb: 48,
      backgroundDb: 30,
      period: { from: lastNight(23, 40).toISOString(), until: lastNight(7).toISOString() },
      servedOn: { kind: 'person', name: 'Jo Occupier' },
      measuredFrom: 'The bedroom of the complainant at 1 Mare Street',
    };
    const path = `/cases/${caseRef}/noise-act/warning-notices`;
    const served = await asStaff(env, 'caseworker', 'POST', path, notice);
    expectAnswer(served, 201);
    await env.stack.settle();
    expectAnswer(await asStaff(env, 'caseworker', 'POST', path, notice), 201);
    const overlapping = {
      ...notice,
      servedAt: lastNight(23, 35).toISOString(),
      period: { from: lastNight(23, 45).toISOString(), until: lastNight(7).toISOString() },
    };
    expectAnswer(await asStaff(env, 'caseworker', 'POST', path, overlapping), 409, 'WARNING_PERIOD_RUNNING');
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', path, { ...notice, servedAt: lastNight(21).toISOString() }),
      400,
      'VALIDATION_FAILED',
    );
    const measure = (at: Date, levelDb: number) =>
      asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/noise-act/exceedances`, {
        measuredAt: at.toISOString(),
        levelDb,
        measuredFrom: 'The bedroom of the complainant',
      });
    expectAnswer(await measure(lastNight(2), 20), 201);
    const offence = await measure(lastNight(3), 60);
    expectAnswer(offence, 201);
    expect(offence.body.counts).toBe(true);
    await env.stack.settle();
    expectAnswer(await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`), 200);
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', '/cases/NN-2026-999999/noise-act/exceedances', {
        measuredAt: lastNight(3).toISOString(),
        levelDb: 60,
        measuredFrom: 'Nowhere',
      }),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', '/cases/NN-2026-999999/noise-act/warning-notices', notice),
      404,
      'NOT_FOUND',
    );
  });

  it('refuses a warning notice for a place the Act does not cover', async () => {
    const body = complaintBody();
    const reported = await call(env.stack, 'POST', '/complaints', {
      json: { ...body, source: { ...body.source, kind: 'construction' } },
    });
    await env.stack.settle();
    const refused = await asStaff(
      env,
      'caseworker',
      'POST',
      `/cases/${reported.body.caseRef}/noise-act/warning-notices`,
      {
        servedAt: lastNight(23, 30).toISOString(),
        measuredDb: 48,
        backgroundDb: 30,
        period: { from: lastNight(23, 40).toISOString(), until: lastNight(7).toISOString() },
        servedOn: { kind: 'person', name: 'Jo Occupier' },
        measuredFrom: 'The street',
      },
    );
    expectAnswer(refused, 409, 'NOISE_ACT_NOT_AVAILABLE');
  });
});

describe('casework', () => {
  it('names people, records enquiries and a name-and-address requirement, assesses risk and assigns the case', async () => {
    const { caseRef } = await openCase(env);
    const named = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/people`, {
      role: 'responsible',
      name: 'Dale Resident',
      ageConfirmed16Plus: true,
      relationship: 'Tenant of the flat',
      phone: '01632 960 123',
    });
    expectAnswer(named, 201);
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/people`, {
        role: 'responsible',
        name: 'Dale Resident',
        corrects: 'prs_nobody',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/enquiries`, {
        method: 'council-tax',
        madeAt: ago(5 * 3_600_000),
        description: 'Asked Council Tax who is liable for the flat',
        findings: 'No one is registered as liable',
      }),
      201,
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/name-and-address-requirements`, {
        requiredAt: ago(2 * 3_600_000),
        power: 'pra-2002-sch5',
        accreditationNumber: 'NM-CSAS-0042',
        accreditationExpiresOn: '2099-01-01',
        result: 'given',
        name: 'Dale Resident',
        address: { line1: 'Flat 3, 12 Mare Street', postcode: 'e8 1dy' },
      }),
      201,
    );
    const complainant = (await caseView(env, caseRef)).parties.find(
      (p) => p.role === 'complainant',
    ) as unknown as {
      partyId: string;
    };
    const risk = await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/risk-assessments`, {
      complainantPartyId: complainant.partyId,
      answers: { feelsUnsafe: 'yes', vulnerable: 'yes', healthAffected: 'yes' },
      notes: 'Disclosed on a home visit',
    });
    expectAnswer(risk, 201);
    const owner = { owner: 'dev-caseworker-cara-caseworker', ownerName: 'Cara Caseworker' };
    expectAnswer(await asStaff(env, 'manager', 'POST', `/cases/${caseRef}/owner`, owner), 200);
    expectAnswer(await asStaff(env, 'manager', 'POST', `/cases/${caseRef}/owner`, owner), 200);
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/owner`, owner),
      403,
      'FORBIDDEN',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'GET', '/cases?owner=me', undefined, 'Cara Caseworker'),
      200,
    );
    expectAnswer(await asStaff(env, 'manager', 'GET', '/cases?flag=high-risk'), 200);
    expectAnswer(await asStaff(env, 'manager', 'GET', '/tasks?type=safeguarding-referral'), 200);
    expectAnswer(await asStaff(env, 'caseworker', 'GET', '/tasks?mine=true'), 200);
    expectAnswer(
      await asStaff(env, 'caseworker', 'GET', '/cases?cursor=c1.bm90LWEtY3Vyc29y'),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'GET', '/tasks?type=no-such-task'),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`), 200);
  });

  it('closes and reopens a case by hand, and refuses what a closed or open case cannot have', async () => {
    const { caseRef } = await openCase(env);
    const close = { reason: 'Resolved informally', residentOutcome: 'The noise has stopped.' };
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${caseRef}/reopening`, { reason: 'Open already' }),
      409,
      'CASE_NOT_CLOSED',
    );
    expectAnswer(await asStaff(env, 'manager', 'POST', `/cases/${caseRef}/closure`, close), 200);
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${caseRef}/closure`, close),
      409,
      'CASE_CLOSED',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${caseRef}/risk-assessments`, {
        complainantPartyId: 'prs_anyone',
        answers: { vulnerable: 'no' },
      }),
      409,
      'CASE_CLOSED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${caseRef}/owner`, {
        owner: 'someone',
        ownerName: 'Some One',
      }),
      409,
      'CASE_CLOSED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${caseRef}/reopening`, { reason: 'The noise came back' }),
      200,
    );
    await env.stack.settle();
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${caseRef}/move-on`, {
        action: 'restart-phase',
        reason: 'Not stalled',
      }),
      409,
      'CASE_NOT_STALLED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', '/cases/NN-2026-999999/closure', close),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', '/cases/NN-2026-999999/reopening', { reason: 'None' }),
      404,
      'NOT_FOUND',
    );
  });

  it('moves stalled cases on: restarts a phase, sends one to a decision, and closes one', async () => {
    const restart = await openCase(env);
    await stallAtTask(env, restart.caseRef, 'triage', 'caseworker');
    expectAnswer(await asStaff(env, 'manager', 'GET', '/cases?flag=workflow-stalled'), 200);
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${restart.caseRef}/move-on`, {
        action: 'restart-phase',
        reason: 'The triage decision was lost',
      }),
      200,
    );
    await env.stack.settle();

    const redirect = await openCase(env);
    await stallAtTask(env, redirect.caseRef, 'triage', 'caseworker');
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${redirect.caseRef}/move-on`, {
        action: 'start-decision',
        phase: 'asb-cpn-decision',
        reason: 'No breach here',
      }),
      409,
      'NO_COUNTING_BREACH',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${redirect.caseRef}/move-on`, {
        action: 'start-decision',
        phase: 'no-such-phase',
        reason: 'No such phase',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${redirect.caseRef}/move-on`, {
        action: 'start-decision',
        phase: 'investigation',
        reason: 'Back to triage',
      }),
      200,
    );
    await env.stack.settle();

    const closing = await openCase(env);
    await stallAtTask(env, closing.caseRef, 'triage', 'caseworker');
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${closing.caseRef}/move-on`, {
        action: 'close',
        reason: 'Nothing more to do',
        residentOutcome: 'We have closed your case.',
      }),
      200,
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', '/cases/NN-2026-999999/move-on', {
        action: 'restart-phase',
        reason: 'None',
      }),
      404,
      'NOT_FOUND',
    );
  });

  it('splits a report off into its own case and merges cases about the same place', async () => {
    const line1 = `${Date.now()} Contract Road`;
    const first = await openCase(env, { sourceLine1: line1 });
    const joined = await call(env.stack, 'POST', '/complaints', {
      json: complaintBody({ sourceLine1: line1, name: 'Ben Neighbour', email: 'ben@example.com' }),
    });
    expect(joined.body.joinedExistingCase).toBe(true);
    await env.stack.settle();
    const view = await caseView(env, first.caseRef);
    const complaints = (
      view as unknown as { complaints: { complaintId: string; complainantPartyId: string }[] }
    ).complaints;
    const moving = complaints[complaints.length - 1];
    const split = await asStaff(env, 'manager', 'POST', `/cases/${first.caseRef}/split`, {
      complaintId: moving?.complaintId,
      reason: 'The report is about the flat across the landing',
      source: {
        address: { line1: `Flat 2, ${line1}`, postcode: 'E8 1DY' },
        description: 'The flat opposite',
      },
    });
    expectAnswer(split, 201);
    await env.stack.settle();
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${split.body.newCaseRef}/split`, {
        complaintId: moving?.complaintId,
        reason: 'Its only report',
        source: { address: { line1: 'Elsewhere', postcode: 'E8 1DY' } },
      }),
      409,
      'ONLY_REPORT',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${first.caseRef}/split`, {
        complaintId: 'cmp_nosuchreport',
        reason: 'No such report',
        source: { address: { line1: 'Elsewhere', postcode: 'E8 1DY' } },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', '/cases/NN-2026-999999/split', {
        complaintId: 'cmp_nosuchreport',
        reason: 'No such case',
        source: { address: { line1: 'Elsewhere', postcode: 'E8 1DY' } },
      }),
      404,
      'NOT_FOUND',
    );

    const merged = await asStaff(env, 'manager', 'POST', `/cases/${split.body.newCaseRef}/merge`, {
      into: first.caseRef,
      reason: 'The same flat after all',
    });
    expectAnswer(merged, 200);
    await env.stack.settle();
    const mergedRef = split.body.newCaseRef;
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${mergedRef}/merge`, {
        into: first.caseRef,
        reason: 'Again',
      }),
      200,
    );
    // Into another case it is refused.
    const third = await openCase(env);
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${mergedRef}/merge`, {
        into: third.caseRef,
        reason: 'Elsewhere',
      }),
      409,
      'CASE_MERGED',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${mergedRef}/people`, {
        role: 'owner',
        name: 'Olive Owner',
        address: { line1: '1 Owner Road', postcode: 'E8 1DY' },
      }),
      409,
      'CASE_MERGED',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${mergedRef}/enquiries`, {
        method: 'site-visit',
        madeAt: ago(MINUTE),
        description: 'Visited',
        findings: 'Nobody in',
      }),
      409,
      'CASE_MERGED',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${mergedRef}/name-and-address-requirements`, {
        requiredAt: ago(MINUTE),
        power: 'pra-2002-s50',
        accreditationNumber: 'PC-1',
        result: 'refused',
      }),
      409,
      'CASE_MERGED',
    );
    expectAnswer(await recordBreach(env, mergedRef), 409, 'CASE_MERGED');
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${mergedRef}/noise-act/exceedances`, {
        measuredAt: ago(MINUTE),
        levelDb: 60,
        measuredFrom: 'The bedroom',
      }),
      409,
      'CASE_MERGED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${mergedRef}/split`, {
        complaintId: 'cmp_x',
        reason: 'Merged',
        source: { address: { line1: 'Elsewhere', postcode: 'E8 1DY' } },
      }),
      409,
      'CASE_MERGED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${mergedRef}/closure`, {
        reason: 'x',
        residentOutcome: 'x',
      }),
      409,
      'CASE_MERGED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${mergedRef}/reopening`, { reason: 'x' }),
      409,
      'CASE_MERGED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${mergedRef}/move-on`, {
        action: 'restart-phase',
        reason: 'x',
      }),
      409,
      'CASE_MERGED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${mergedRef}/owner`, {
        owner: 'someone',
        ownerName: 'Some One',
      }),
      409,
      'CASE_MERGED',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${mergedRef}/risk-assessments`, {
        complainantPartyId: 'prs_anyone',
        answers: { vulnerable: 'no' },
      }),
      409,
      'CASE_MERGED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${first.caseRef}/merge`, {
        into: 'NN-2026-999999',
        reason: 'Nowhere',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', '/cases/NN-2026-999999/merge', {
        into: first.caseRef,
        reason: 'None',
      }),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', '/cases/NN-2026-999999/people', {
        role: 'owner',
        name: 'Olive Owner',
        address: { line1: '1 Owner Road', postcode: 'E8 1DY' },
      }),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', '/cases/NN-2026-999999/enquiries', {
        method: 'site-visit',
        madeAt: ago(MINUTE),
        description: 'Visited',
        findings: 'Nobody in',
      }),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', '/cases/NN-2026-999999/name-and-address-requirements', {
        requiredAt: ago(MINUTE),
        power: 'pra-2002-s50',
        accreditationNumber: 'PC-1',
        result: 'refused',
      }),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', '/cases/NN-2026-999999/risk-assessments', {
        complainantPartyId: 'prs_anyone',
        answers: { vulnerable: 'no' },
      }),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await asStaff(env, 'manager', 'POST', '/cases/NN-2026-999999/owner', {
        owner: 'someone',
        ownerName: 'Some One',
      }),
      404,
      'NOT_FOUND',
    );
    expectAnswer(await recordBreach(env, 'NN-2026-999999'), 404, 'NOT_FOUND');
    expectAnswer(await asStaff(env, 'caseworker', 'GET', '/cases/NN-2026-999999'), 404, 'NOT_FOUND');
    expectAnswer(await asStaff(env, 'caseworker', 'GET', '/cases/not-a-reference'), 400, 'VALIDATION_FAILED');
    expectAnswer(await asStaff(env, 'caseworker', 'GET', '/tasks/tsk_%ZZ'), 400, 'BAD_REQUEST');
    expectAnswer(await asStaff(env, 'caseworker', 'GET', '/tasks/tsk_nosuchtask'), 404, 'NOT_FOUND');
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', '/tasks/tsk_nosuchtask/decision', {
        outcome: 'warn',
        reason: 'No such task',
      }),
      404,
      'NOT_FOUND',
    );
  });

  it('refuses a task to staff outside the team it is for', async () => {
    const { caseRef } = await openCase(env);
    const triage = await openTask(env, caseRef, 'triage', 'caseworker');
    expectAnswer(await asStaff(env, 'facilitator', 'GET', `/tasks/${triage.taskId}`), 403, 'FORBIDDEN');
    expectAnswer(
      await asStaff(env, 'facilitator', 'POST', `/tasks/${triage.taskId}/decision`, {
        outcome: 'warn',
        reason: 'Not mine to decide',
      }),
      403,
      'FORBIDDEN',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/tasks/${triage.taskId}/decision`, {
        outcome: 'no-such-outcome',
        reason: 'Wrong outcome',
      }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe("GOV.UK Notify's delivery receipts", () => {
  const receipt = (reference: string | null, id = '5f3b1a10-0000-4000-8000-000000000001') =>
    JSON.stringify({ id, reference, status: 'delivered', notification_type: 'email' });
  const post = (body: string, token = NOTIFY_TOKEN) =>
    call(env.stack, 'POST', '/providers/notify/receipts', {
      raw: body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });

  it('are answered with what they changed, refused without the agreed token, and asked again when they beat our record of the send', async () => {
    // First one that reaches the store: the 500 test below replays the first success of each route.
    expectAnswer(await post(receipt('msg_not_ours')), 200);
    expectAnswer(await post(receipt(null)), 200);
    expectAnswer(await post(receipt(null), 'a-guess'), 401, 'BAD_TOKEN');
    expectAnswer(await post(JSON.stringify({ id: 'x' })), 400, 'VALIDATION_FAILED');
    // A message whose send is claimed but not yet recorded: its receipt comes back later.
    const { caseRef } = await openCase(env);
    const message = (await caseView(env, caseRef)).outbox[0] as unknown as { messageId: string };
    const key = { pk: `OUTBOX#${message.messageId}`, sk: 'MESSAGE' };
    const { Item } = await real.db.send(new GetCommand({ TableName: real.stack.tableName, Key: key }));
    expect(Item, 'the outbox item is keyed as the drain reads it').toBeDefined();
    await real.db.send(
      new UpdateCommand({
        TableName: real.stack.tableName,
        Key: key,
        UpdateExpression: 'SET deliveryState = :claimed, deliveryClaim = :claim',
        ExpressionAttributeValues: { ':claimed': 'claimed', ':claim': 'contract-test' },
      }),
    );
    expectAnswer(await post(receipt(message.messageId)), 503, 'TRY_AGAIN');
  });
});

describe('evidence', () => {
  const ID3 = Buffer.from('ID3\x04\x00\x00', 'latin1');
  const mp3 = () => Buffer.concat([ID3, Buffer.alloc(3000, 7)]);
  const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(500, 9)]);
  /** A Windows program, sent as a recording: refused on its content. */
  const exe = () => Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(500, 1)]);
  const token = (trackingToken: string) => ({ 'x-tracking-token': trackingToken });
  const noFile = `up_${'0'.repeat(24)}`;
  /** The bytes go to the store's signed link (the local stand-in for S3), not to the API. */
  async function sendBytes(upload: { url: string; headers: Record<string, string> }, bytes: Buffer) {
    expect((await send(proxy.url, 'PUT', upload.url, { headers: upload.headers, body: bytes })).status).toBe(
      200,
    );
  }
  const described = (bytes: Buffer, fileName: string, contentType: string) => ({
    fileName,
    contentType,
    size: bytes.length,
  });

  it('takes files from residents and officers, judged on their content, and gives staff a link to each', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const uploads = `/cases/${caseRef}/uploads`;
    const bytes = mp3();
    const started = await call(env.stack, 'POST', uploads, {
      json: described(bytes, 'night.mp3', 'audio/mpeg'),
      headers: { ...token(trackingToken), 'idempotency-key': `contract-upload-${Date.now()}` },
    });
    expectAnswer(started, 200);
    await sendBytes(started.body.upload, bytes);
    const kept = await call(env.stack, 'POST', `${uploads}/${started.body.uploadId}`, {
      headers: token(trackingToken),
    });
    expectAnswer(kept, 201);
    expectAnswer(
      await call(env.stack, 'POST', uploads, {
        json: { ...described(bytes, 'all night.mp3', 'audio/mpeg'), size: 60 * 1024 * 1024 },
        headers: token(trackingToken),
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(
      await call(env.stack, 'POST', uploads, {
        json: described(bytes, 'night.mp3', 'audio/mpeg'),
        headers: token('not-the-token'),
      }),
      404,
      'NOT_FOUND',
    );
    const lying = await call(env.stack, 'POST', uploads, {
      json: described(exe(), 'recording.mp3', 'audio/mpeg'),
      headers: token(trackingToken),
    });
    await sendBytes(lying.body.upload, exe());
    expectAnswer(
      await call(env.stack, 'POST', `${uploads}/${lying.body.uploadId}`, { headers: token(trackingToken) }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(
      await call(env.stack, 'POST', `${uploads}/${noFile}`, { headers: token(trackingToken) }),
      404,
      'NOT_FOUND',
    );

    const staffUploads = `/cases/${caseRef}/evidence/uploads`;
    const statement = pdf();
    const officer = await asStaff(
      env,
      'caseworker',
      'POST',
      staffUploads,
      described(statement, 'statement.pdf', 'application/pdf'),
    );
    expectAnswer(officer, 200);
    await sendBytes(officer.body.upload, statement);
    expectAnswer(await asStaff(env, 'caseworker', 'POST', `${staffUploads}/${officer.body.uploadId}`), 201);
    expectAnswer(
      await asStaff(
        env,
        'caseworker',
        'POST',
        staffUploads,
        described(statement, 'archive.zip', 'application/zip'),
      ),
      400,
      'VALIDATION_FAILED',
    );
    // A facilitator has no business with a case not referred to restorative justice.
    expectAnswer(
      await asStaff(
        env,
        'facilitator',
        'POST',
        staffUploads,
        described(statement, 'a.pdf', 'application/pdf'),
      ),
      403,
      'FORBIDDEN',
    );
    expectAnswer(
      await asStaff(
        env,
        'caseworker',
        'POST',
        '/cases/NN-2026-999999/evidence/uploads',
        described(statement, 'a.pdf', 'application/pdf'),
      ),
      404,
      'NOT_FOUND',
    );
    const wrong = await asStaff(
      env,
      'caseworker',
      'POST',
      staffUploads,
      described(exe(), 'photo.png', 'image/png'),
    );
    await sendBytes(wrong.body.upload, exe());
    expectAnswer(
      await asStaff(env, 'facilitator', 'POST', `${staffUploads}/${wrong.body.uploadId}`),
      403,
      'FORBIDDEN',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `${staffUploads}/${wrong.body.uploadId}`),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(await asStaff(env, 'caseworker', 'POST', `${staffUploads}/${noFile}`), 404, 'NOT_FOUND');

    const file = `/cases/${caseRef}/evidence/${kept.body.fileId}`;
    expectAnswer(await asStaff(env, 'caseworker', 'GET', file), 200);
    expectAnswer(await asStaff(env, 'facilitator', 'GET', file), 403, 'FORBIDDEN');
    expectAnswer(
      await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}/evidence/ev_${'0'.repeat(24)}`),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}/evidence/not-a-file`),
      400,
      'VALIDATION_FAILED',
    );
    // Both views carry it: the resident's own files, and all the case's evidence for staff.
    expectAnswer(
      await call(env.stack, 'GET', `/cases/${caseRef}/progress`, { headers: token(trackingToken) }),
      200,
    );
    expectAnswer(await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}`), 200);
  });

  it('gives a complainant a diary sheet, takes their entries and the sheet back, and refuses what it cannot take', async () => {
    const { caseRef, trackingToken } = await openCase(env);
    const parties = (await caseView(env, caseRef)).parties as unknown as { role: string; partyId: string }[];
    const partyId = parties.find((p) => p.role === 'complainant')?.partyId;
    const sheets = `/cases/${caseRef}/diary-sheets`;
    const issued = await asStaff(env, 'caseworker', 'POST', sheets, { partyId });
    expectAnswer(issued, 201);
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', sheets, { partyId, days: 40 }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(await asStaff(env, 'facilitator', 'POST', sheets, { partyId }), 403, 'FORBIDDEN');
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', '/cases/NN-2026-999999/diary-sheets', { partyId }),
      404,
      'NOT_FOUND',
    );
    const other = await call(env.stack, 'POST', sheets, {
      json: { partyId, days: 14 },
      headers: { ...(await bearer('caseworker')), 'idempotency-key': `contract-sheet-${Date.now()}` },
    });
    expectAnswer(other, 409, 'DIARY_SHEET_OPEN');

    const sheet = `${sheets}/${issued.body.sheetId}`;
    const entry = {
      entryId: `entry-${Date.now()}`,
      date: issued.body.startsOn,
      startTime: '23:10',
      endTime: '01:30',
      heard: 'Music with heavy bass',
      effect: 'Could not sleep',
    };
    expectAnswer(
      await call(env.stack, 'POST', `${sheet}/entries`, { json: entry, headers: token(trackingToken) }),
      200,
    );
    expectAnswer(
      await call(env.stack, 'POST', `${sheet}/entries`, {
        json: { ...entry, date: '2020-01-01' },
        headers: token(trackingToken),
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(
      await call(env.stack, 'POST', `${sheet}/entries`, { json: entry, headers: token('not-the-token') }),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await call(env.stack, 'POST', `${sheets}/not-a-sheet/submission`, { headers: token(trackingToken) }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(
      await call(env.stack, 'POST', `${sheet}/submission`, { headers: token('not-the-token') }),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await call(env.stack, 'POST', `${sheet}/submission`, { headers: token(trackingToken) }),
      200,
    );
    expectAnswer(
      await call(env.stack, 'POST', `${sheet}/entries`, { json: entry, headers: token(trackingToken) }),
      409,
      'DIARY_SHEET_RETURNED',
    );

    // A sheet still out when the case is closed by hand can no longer be sent.
    const closing = await openCase(env);
    const closingParty = (
      (await caseView(env, closing.caseRef)).parties as unknown as { role: string; partyId: string }[]
    ).find((p) => p.role === 'complainant')?.partyId;
    const out = await asStaff(env, 'caseworker', 'POST', `/cases/${closing.caseRef}/diary-sheets`, {
      partyId: closingParty,
    });
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${closing.caseRef}/closure`, {
        reason: 'Resolved by the landlord',
        residentOutcome: 'The landlord has dealt with it.',
      }),
      200,
    );
    expectAnswer(
      await call(env.stack, 'POST', `/cases/${closing.caseRef}/diary-sheets/${out.body.sheetId}/submission`, {
        headers: token(closing.trackingToken),
      }),
      409,
      'CASE_CLOSED',
    );
    expectAnswer(
      await call(env.stack, 'POST', `/cases/${closing.caseRef}/uploads`, {
        json: described(mp3(), 'late.mp3', 'audio/mpeg'),
        headers: token(closing.trackingToken),
      }),
      409,
      'CASE_CLOSED',
    );
    await env.stack.settle();
  });

  it('records officer visits and monitoring equipment, and refuses what it cannot record', async () => {
    const { caseRef } = await openCase(env);
    const visits = `/cases/${caseRef}/visits`;
    const visit = {
      visitedAt: ago(60 * MINUTE),
      location: 'From the pavement outside',
      description: 'Amplified music audible for twenty minutes',
      amountsTo: 'nuisance',
    };
    expectAnswer(await asStaff(env, 'caseworker', 'POST', visits, visit), 201);
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', visits, {
        ...visit,
        visitedAt: new Date(localNow().getTime() + DAY).toISOString(),
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(await asStaff(env, 'facilitator', 'POST', visits, visit), 403, 'FORBIDDEN');
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', '/cases/NN-2026-999999/visits', visit),
      404,
      'NOT_FOUND',
    );
    const absorbed = await openCase(env);
    expectAnswer(
      await asStaff(env, 'manager', 'POST', `/cases/${absorbed.caseRef}/merge`, {
        into: caseRef,
        reason: 'The same flat',
      }),
      200,
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `/cases/${absorbed.caseRef}/visits`, visit),
      409,
      'CASE_MERGED',
    );

    const monitoring = `/cases/${caseRef}/monitoring`;
    const kit = { kitId: 'NM-KIT-07', calibratedOn: ago(30 * DAY).slice(0, 10), installedAt: ago(2 * DAY) };
    const installed = await asStaff(env, 'caseworker', 'POST', monitoring, kit);
    expectAnswer(installed, 201);
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', monitoring, {
        ...kit,
        calibratedOn: ago(800 * DAY).slice(0, 10),
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(await asStaff(env, 'facilitator', 'POST', monitoring, kit), 403, 'FORBIDDEN');
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', '/cases/NN-2026-999999/monitoring', kit),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', monitoring, { ...kit, installedAt: ago(DAY) }),
      409,
      'KIT_INSTALLED',
    );
    const removal = `${monitoring}/${installed.body.deploymentId}/removal`;
    const removed = {
      removedAt: ago(60 * MINUTE),
      result: 'noise-recorded',
      notes: 'Three nights over 45 dB(A)',
    };
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', removal, { ...removed, removedAt: ago(3 * DAY) }),
      400,
      'VALIDATION_FAILED',
    );
    expectAnswer(await asStaff(env, 'caseworker', 'POST', removal, removed), 200);
    expectAnswer(await asStaff(env, 'facilitator', 'POST', removal, removed), 403, 'FORBIDDEN');
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', `${monitoring}/mo_${'0'.repeat(24)}/removal`, removed),
      404,
      'NOT_FOUND',
    );
    // The same removal again answers the same; another is refused.
    expectAnswer(await asStaff(env, 'caseworker', 'POST', removal, removed), 200);
    expectAnswer(
      await asStaff(env, 'caseworker', 'POST', removal, { ...removed, removedAt: ago(30 * MINUTE) }),
      409,
      'KIT_REMOVED',
    );
    await env.stack.settle();
  });
});

describe('Open311, as FixMyStreet uses it', () => {
  const get = (target: string) => call(env.stack, 'GET', `${OPEN311}${target}`);
  const place = (name: string) => `${Date.now()} ${name}`;

  it('lists the noise services and gives a service definition, in XML (also without an extension) and JSON', async () => {
    for (const target of ['/services.xml', '/services', '/services.json'])
      expectOpen311(await get(target), target, 200);
    expect((await get('/services.json')).body.map((s: { service_code: string }) => s.service_code)).toContain(
      'music',
    );
    for (const target of ['/services/music.xml', '/services/music.json'])
      expectOpen311(await get(target), target, 200);
  });

  it('takes a report posted as a form, in XML and JSON, and answers its status by id and in the list of ids FixMyStreet asks for', async () => {
    const inXml = await postOpen311(env.stack, fmsForm({ sourceAddress: place('Contract Close') }), 'xml');
    expectOpen311(inXml, '/requests.xml', 201);
    const first = xmlOf(inXml).valueWithPath('request.service_request_id') ?? '';
    const inJson = await postOpen311(
      env.stack,
      fmsForm({ sourceAddress: place('Contract Crescent') }),
      'json',
    );
    expectOpen311(inJson, '/requests.json', 201);
    const second = String(inJson.body[0].service_request_id);
    await env.stack.settle();
    for (const target of [
      `/requests/${first}.xml`,
      `/requests/${second}.json`,
      `/requests/${first}`,
      `/requests.xml?service_request_id=${first},${second}`,
      `/requests.json?service_request_id=${first},${second}`,
    ])
      expectOpen311(await get(target), target, 200);
    const listed = await get(`/requests.json?service_request_id=${second},0000000000000000beef,${first}`);
    expect(listed.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([
      second,
      first,
    ]);
  });

  it('refuses in Open311 terms: an unknown service, request or document (404), a missing or wrong api_key (403), a report without a postcode or a listing without ids (400), a body that is not a form (415), a form over 64 KB (413)', async () => {
    for (const target of [
      '/services/karaoke.xml',
      '/services/karaoke.json',
      '/requests/0123456789abcdef0123.xml',
      '/requests/0123456789abcdef0123.json',
      '/tokens.xml',
      '/services.csv',
    ])
      expectOpen311Refusal(await get(target), target, 404);
    expectOpen311Refusal(
      await postOpen311(env.stack, fmsForm({ serviceCode: 'potholes' }), 'json'),
      '/requests.json',
      404,
    );
    expectOpen311Refusal(
      await call(env.stack, 'POST', `${OPEN311}/services.xml`, {
        raw: fmsForm().toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      '/services.xml',
      404,
    );

    expect(
      expectOpen311Refusal(
        await postOpen311(env.stack, fmsForm({ apiKey: 'not-the-key' })),
        '/requests.xml',
        403,
      ),
    ).toEqual([{ code: 403, description: 'Invalid api_key received -- cannot proceed with create_request' }]);
    expect(
      expectOpen311Refusal(
        await postOpen311(env.stack, fmsForm({ apiKey: null }), 'json'),
        '/requests.json',
        403,
      ),
    ).toEqual([{ code: 403, description: 'api_key was not provided -- cannot proceed with create_request' }]);

    const noPostcode = fmsForm({ postcode: null, sourceAddress: place('Nowhere Street') });
    const [missing] = expectOpen311Refusal(await postOpen311(env.stack, noPostcode), '/requests.xml', 400);
    expect(missing?.description).toMatch(/^attribute\[postcode\]: /);
    expectOpen311Refusal(await postOpen311(env.stack, noPostcode, 'json'), '/requests.json', 400);
    expectOpen311Refusal(await get('/requests.xml'), '/requests.xml', 400);
    expectOpen311Refusal(await get('/requests.json?service_request_id='), '/requests.json', 400);

    const asJson = JSON.stringify(Object.fromEntries(fmsForm()));
    expectOpen311Refusal(
      await postOpen311(env.stack, asJson, 'json', 'application/json'),
      '/requests.json',
      415,
    );
    expectOpen311Refusal(
      await postOpen311(env.stack, 'photo', 'xml', 'multipart/form-data; boundary=x'),
      '/requests.xml',
      415,
    );
    const large = fmsForm({ detail: 'x'.repeat(70 * 1024) });
    expectOpen311Refusal(await postOpen311(env.stack, large, 'xml'), '/requests.xml', 413);
    expectOpen311Refusal(await postOpen311(env.stack, large, 'json'), '/requests.json', 413);

    // A path with a malformed % escape never reaches the function: the gateway's own 400.
    for (const target of ['/services/%ZZ.xml', '/requests/%ZZ.json', '/%ZZ.xml'])
      expectAnswer(await get(target), 400, 'BAD_REQUEST');
    expectAnswer(
      await call(env.stack, 'POST', `${OPEN311}/%ZZ.xml`, {
        raw: fmsForm().toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      400,
      'BAD_REQUEST',
    );
    await env.stack.settle();
  });
});

describe('a notice as served', () => {
  it('downloads as the PDF posted, is refused to a facilitator before restorative justice, and says when it cannot be given out', async () => {
    const { caseRef } = await caseWithNotice(env);
    const notice = (await caseView(env, caseRef)).notices.find((n) => n.kind === 'cpn');
    if (!notice) throw new Error('no notice was served');
    const path = `/cases/${caseRef}/notices/${notice.noticeId}/document`;
    const pdf = await asStaff(env, 'caseworker', 'GET', path);
    expectAnswer(pdf, 200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expectAnswer(await asStaff(env, 'facilitator', 'GET', path), 403, 'FORBIDDEN');
    expectAnswer(
      await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}/notices/ntc_0000000000000000/document`),
      404,
      'NOT_FOUND',
    );
    expectAnswer(
      await asStaff(env, 'caseworker', 'GET', `/cases/${caseRef}/notices/not-a-notice/document`),
      400,
      'VALIDATION_FAILED',
    );
    // What was recorded no longer matches what renders: it is not handed out as the served notice.
    const key = { pk: `NOTICE#${notice.noticeId}`, sk: 'NOTICE' };
    const update = (expression: string, values: Record<string, unknown>, names?: Record<string, string>) =>
      real.db.send(
        new UpdateCommand({
          TableName: real.stack.tableName,
          Key: key,
          UpdateExpression: expression,
          ExpressionAttributeValues: values,
          ...(names ? { ExpressionAttributeNames: names } : {}),
        }),
      );
    await update('SET documentSha256 = :other', { ':other': '0'.repeat(64) });
    expectAnswer(await asStaff(env, 'manager', 'GET', path), 409, 'DOCUMENT_NOT_REPRODUCIBLE');
    // Retention removes the document with the rest of the personal data.
    await update('SET #document = :removed', { ':removed': REMOVED }, { '#document': 'document' });
    expectAnswer(await asStaff(env, 'manager', 'GET', path), 410, 'DOCUMENT_REMOVED');
  });
});

describe('every route', () => {
  /**
   * A request each operation answers with success, as the tests above sent it: the first seen. On
   * Open311's routes, the first of each format, and of the services apart from the requests.
   */
  function firstSuccessful(): Map<string, Exchange> {
    const chosen = new Map<string, Exchange>();
    for (const exchange of all) {
      if (exchange.status >= 300 || exchange.target.startsWith('/_local/')) continue;
      const id = operationIdOf(exchange);
      if (!id) continue;
      const key = isOpen311(exchange.target)
        ? `${id} ${readsNothingStored(exchange.target) ? 'services' : 'requests'} ${formatOf(exchange.target)}`
        : id;
      if (!chosen.has(key)) chosen.set(key, exchange);
    }
    return chosen;
  }

  it('refuses a method its path does not have with 405, and a body over 10 MB at the gateway with 413', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    for (const template of documentedPaths()) {
      const path = examplePath(template);
      expectAnswer(await send(proxy.url, 'DELETE', path), 405, 'METHOD_NOT_ALLOWED');
      for (const method of documentedMethods(template)) {
        const answer = await send(proxy.url, method, path, {
          body: huge,
          headers: { 'content-type': 'application/json' },
        });
        expectAnswer(answer, 413);
        expect(answer.body).toEqual({ message: 'Request Entity Too Large' });
      }
    }
  });

  it("refuses staff routes without a valid token (401) and a body that is not JSON (415) or over 64 KB (413); Open311's POST a body that is not a form (415), a form over 64 KB (413) or without a key (403)", async () => {
    const large = JSON.stringify({ padding: 'x'.repeat(70 * 1024) });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const { method, template, access, body } of routeList()) {
      const path = examplePath(template);
      const auth = access === 'staff' ? await bearer('manager') : {};
      if (access === 'staff') {
        expectAnswer(await send(proxy.url, method, path), 401);
        expectAnswer(
          await send(proxy.url, method, path, { headers: { authorization: 'Bearer not.a.jwt' } }),
          401,
        );
      }
      if (body === 'form') {
        for (const [contentType, sent] of [
          ['text/plain', 'hello'],
          ['application/json', large],
        ] as const)
          expectOpen311Refusal(
            await send(proxy.url, method, path, { headers: { 'content-type': contentType }, body: sent }),
            path,
            415,
          );
        expectOpen311Refusal(
          await send(proxy.url, method, path, {
            headers: form,
            body: new URLSearchParams({
              api_key: LOCAL_API_KEY,
              description: 'x'.repeat(70 * 1024),
            }).toString(),
          }),
          path,
          413,
        );
        // An empty form is never a valid report: it carries no client's key.
        expectOpen311Refusal(await send(proxy.url, method, path, { headers: form, body: '' }), path, 403);
      } else if (body === 'json') {
        expectAnswer(
          await send(proxy.url, method, path, {
            headers: { ...auth, 'content-type': 'text/plain' },
            body: 'hello',
          }),
          415,
        );
        expectAnswer(
          await send(proxy.url, method, path, {
            headers: { ...auth, 'content-type': 'application/json' },
            body: large,
          }),
          413,
        );
        // An empty object is never a valid body: field messages.
        const empty = await send(proxy.url, method, path, {
          headers: { ...auth, ...(await jsonHeaders()) },
          body: '{}',
        });
        expect([400, 401], JSON.stringify(empty.body)).toContain(empty.status);
      }
    }
  });

  it('refuses staff without the role a route needs (403), replaying what each route accepted from others', async () => {
    for (const [id, exchange] of firstSuccessful()) {
      if (!exchange.requestHeaders.authorization) continue;
      const { host: _host, 'content-length': _length, ...headers } = exchange.requestHeaders;
      // A facilitator may act only on restorative justice; a caseworker may not do a manager's work.
      for (const group of ['facilitator', 'caseworker']) {
        const answer = await send(proxy.url, exchange.method, exchange.target, {
          headers: { ...headers, ...(await bearer(group)) },
          ...(exchange.requestBody.length ? { body: exchange.requestBody } : {}),
        });
        expect(answer.status, `${id} as ${group}: ${JSON.stringify(answer.body)}`).toBeLessThan(500);
      }
    }
    await env.stack.settle();
  });

  it("answers 500 without internals on every route when DynamoDB fails, in Open311's shape and format on its routes", async () => {
    const requests = firstSuccessful();
    const operations = new Set([...requests.keys()].map((key) => key.split(' ')[0]));
    expect([...operations].sort()).toEqual([...checker.documented().keys()].sort());
    outage.armed = true;
    try {
      for (const [id, exchange] of requests) {
        const { host: _host, 'content-length': _length, ...headers } = exchange.requestHeaders;
        const answer = await send(proxy.url, exchange.method, exchange.target, {
          headers,
          ...(exchange.requestBody.length ? { body: exchange.requestBody } : {}),
        });
        if (isOpen311(exchange.target) && readsNothingStored(exchange.target)) {
          // The services and their definitions are written in code: an outage does not reach them.
          expect(answer.status, `${id}: ${JSON.stringify(answer.body)}`).toBe(exchange.status);
        } else if (isOpen311(exchange.target)) {
          expect(expectOpen311Refusal(answer, exchange.target, 500), id).toEqual([
            { code: 500, description: OPEN311_INTERNAL },
          ]);
        } else {
          expect(answer.status, `${id}: ${JSON.stringify(answer.body)}`).toBe(500);
          expect(answer.body).toEqual({
            error: {
              code: 'INTERNAL_ERROR',
              message: 'Something went wrong on our side. Please try again later.',
            },
          });
        }
      }
    } finally {
      outage.armed = false;
    }
  });
});

describe('the contract test itself', () => {
  it('saw every operation give every status it documents, except those only AWS gives', () => {
    // Only API Gateway in AWS answers these: throttling, a function that times out.
    const awsOnly = new Set([429]);
    const unseen: string[] = [];
    for (const [id, statuses] of checker.documented()) {
      for (const status of statuses) {
        if (awsOnly.has(status) || checker.seen.get(id)?.has(status)) continue;
        unseen.push(`${id} ${status}`);
      }
    }
    expect(unseen.sort()).toEqual(
      [
        // 503 from API Gateway when a function does not answer in time: AWS only.
        ...[...checker.documented().keys()]
          .filter((id) => !['NotifyReceipts'].includes(id))
          .map((id) => `${id} 503`),
        // Every staff group may list tasks and cases, read a case's restorative side, and record a
        // withdrawal: only a Cognito user in no group (no local dev token) gets 403 there.
        'ListCases 403',
        'ListTasks 403',
        'RecordWithdrawal 403',
        // A service's definition is written in code: no store outage reaches it, and nothing else
        // here makes its function fail.
        'Open311ServiceDefinition 500',
      ].sort(),
    );
  });

  it('fails an answer whose body the document describes wrongly', () => {
    const document = JSON.parse(JSON.stringify(documentJson()));
    const view = all.find((e) => e.status === 200 && /^\/cases\/NN-\d{4}-\d{6}$/.test(e.target));
    expect(view).toBeDefined();
    // A field the code sends that the document left out: the closed object refuses it.
    delete document.components.schemas.StaffCaseView.properties.timeline;
    document.components.schemas.StaffCaseView.required =
      document.components.schemas.StaffCaseView.required.filter((name: string) => name !== 'timeline');
    expect(contractChecker(document).problem(view as Exchange)).toMatch(
      /must NOT have additional properties/,
    );
    // A status the operation does not document.
    expect(checker.problem({ ...(view as Exchange), status: 418 })).toMatch(/does not document status 418/);
  });

  it("fails an Open311 answer, in JSON or in XML, that Open311's schema describes wrongly, and XML that is not well-formed", () => {
    const posted = (format: 'xml' | 'json') =>
      all.find(
        (e) => e.method === 'POST' && e.status === 201 && e.target === `${OPEN311}/requests.${format}`,
      );
    const [json, xml] = [posted('json'), posted('xml')] as Exchange[];
    expect(json).toBeDefined();
    expect(xml).toBeDefined();
    expect([checker.problem(json as Exchange), checker.problem(xml as Exchange)]).toEqual([
      undefined,
      undefined,
    ]);
    // A field the code sends that the document left out: the closed object refuses it, read from
    // the JSON and from the XML alike.
    const document = JSON.parse(JSON.stringify(documentJson()));
    const item = document.components.schemas.Open311PostRequestResponse.items;
    delete item.properties.service_notice;
    item.required = item.required.filter((name: string) => name !== 'service_notice');
    const wrong = contractChecker(document);
    expect(wrong.problem(json as Exchange)).toMatch(/must NOT have additional properties \(service_notice\)/);
    expect(wrong.problem(xml as Exchange)).toMatch(
      /the XML body, read as JSON, does not match Open311PostRequest's 201 schema: \/0 must NOT have additional properties \(service_notice\)/,
    );
    // Abate's own error shape where Open311's is documented.
    expect(
      checker.problem({
        ...(json as Exchange),
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: 'No' } },
      }),
    ).toMatch(/does not match Open311PostRequest's 404 schema/);
    // XML cut short, or with more after its root, is not a document.
    const text = String((xml as Exchange).body);
    expect(checker.problem({ ...(xml as Exchange), body: text.replace('</service_requests>', '') })).toMatch(
      /not well-formed XML/,
    );
    expect(checker.problem({ ...(xml as Exchange), body: `${text}<request/>` })).toMatch(
      /not well-formed XML/,
    );
    // A word where the schema has an integer, and XML where only JSON is documented.
    expect(
      checker.problem({
        ...(xml as Exchange),
        status: 404,
        body: '<errors><error><code>four</code><description>x</description></error></errors>',
      }),
    ).toMatch(/\/0\/code must be integer/);
    expect(checker.problem({ ...(xml as Exchange), status: 405 })).toMatch(
      /answered text\/xml; charset=utf-8, but Open311PostRequest's 405 is documented as application\/json/,
    );
  });
});

// ── The document's routes ───────────────────────────────────────────────────────────────────────

function documentJson() {
  return JSON.parse(readFileSync(openApiPath, 'utf8')) as {
    paths: Record<
      string,
      Record<
        string,
        {
          operationId: string;
          security: Record<string, unknown>[];
          requestBody?: { content: Record<string, unknown> };
        }
      >
    >;
    components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
  };
}
const documentedPaths = () => Object.keys(documentJson().paths);
/** A path for a template: Open311's with a document of each kind (asking for XML), others with a case reference. */
const examplePath = (template: string) =>
  isOpen311(template)
    ? template
        .replace('{document}', 'requests.xml')
        .replace('{service}', 'music.xml')
        .replace('{request}', '0123456789abcdef0123.xml')
    : template.replace(/\{[^}]+\}/g, 'NN-2026-000001');
/** Open311's services and their definitions: written in code, read from no store. */
const readsNothingStored = (target: string) => /^\/open311\/v2\/services(\.\w+)?(\/|\?|$)/.test(target);
const documentedMethods = (template: string) =>
  Object.keys(documentJson().paths[template] ?? {}).map((m) => m.toUpperCase());
function routeList() {
  return Object.entries(documentJson().paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      access: operation.security.some((s) => 'staffJwt' in s) ? 'staff' : 'other',
      body: !operation.requestBody
        ? undefined
        : 'application/x-www-form-urlencoded' in operation.requestBody.content
          ? 'form'
          : 'json',
    })),
  );
}
function operationIdOf(exchange: Exchange): string | undefined {
  const path = exchange.target.split('?')[0] ?? '';
  for (const [template, item] of Object.entries(documentJson().paths)) {
    if (new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path))
      return item[exchange.method.toLowerCase()]?.operationId;
  }
  return undefined;
}
