/**
 * The outbox drain against the GOV.UK Notify stand-in over real HTTP: messages go once, letters as
 * PDFs, receipts settle them, a drain that died mid-send is recovered without sending twice,
 * temporary failures are retried and permanent ones reach the undeliverable port.
 */
import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT } from 'jose';
import { NotifyClient } from 'notifications-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyMessageSender } from '../../functions/adapters/notify/sender.ts';
import { OffsetClock } from '../../functions/commons/clock.ts';
import { councilConfig } from '../../functions/config/council.ts';
import { drainOutbox } from '../../functions/domain/delivery/drain.ts';
import type { DeliverableMessage } from '../../functions/domain/delivery/model.ts';
import {
  type DeliveryDeps,
  defaultDeliveryPolicy,
  type Undeliverable,
} from '../../functions/domain/delivery/ports.ts';
import { outboxKey, queueMessage } from '../../functions/domain/delivery/queue.ts';
import { tableRecipientDirectory } from '../../functions/domain/delivery/recipients.ts';
import { LOCAL_NOTIFY_SECRET, LOCAL_NOTIFY_SERVICE_ID } from '../../infra/local/standins/notify.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import { pdfText } from './pdf-text.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  env = await startTestStack();
});
afterAll(async () => {
  await env?.close();
});

const council = councilConfig();
let counter = 0;

/** A real complaint, so the complainant's details live in their own PERSON item as in production. */
async function complainant(email: string, phone?: string): Promise<{ caseRef: string; partyId: string }> {
  const body = complaintBody({ email });
  if (phone) body.complainant.phone = phone;
  else Reflect.deleteProperty(body.complainant, 'phone');
  const answer = await call(env.stack, 'POST', '/complaints', { json: body });
  expect(answer.status).toBe(201);
  const { Items } = await env.db.send(
    new QueryCommand({
      TableName: env.stack.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :c AND begins_with(gsi2sk, :p)',
      ExpressionAttributeValues: { ':c': `CASE#${answer.body.caseRef}`, ':p': 'PERSON#complainant#' },
    }),
  );
  const person = (Items ?? []).find((item) => item.email === email);
  expect(person, 'the complainant is on the case').toBeDefined();
  return { caseRef: answer.body.caseRef, partyId: String(person?.partyId) };
}

async function queue(
  to: { caseRef: string; partyId: string },
  channel: DeliverableMessage['channel'],
  template = 'test-message',
): Promise<DeliverableMessage> {
  counter++;
  const message: DeliverableMessage = {
    messageId: `msg_test_${process.pid}_${counter}_${Date.now()}`,
    caseRef: to.caseRef,
    to: 'complainant',
    partyId: to.partyId,
    channel,
    template,
    subject: `Case ${to.caseRef}: test message ${counter}`,
    body: `Dear resident,\n\nThis is test message ${counter} about case ${to.caseRef}.\n\n${council.teamName}`,
    createdAt: new Date(Date.now() - 1_000).toISOString(),
    status: 'queued',
  };
  expect(await queueMessage({ db: env.db, table: env.stack.tableName }, message)).toBe(true);
  return message;
}

async function item(messageId: string) {
  const { Item } = await env.db.send(
    new GetCommand({ TableName: env.stack.tableName, Key: outboxKey(messageId), ConsistentRead: true }),
  );
  return Item ?? {};
}

const sentFor = (messageId: string) => env.stack.notify.sent().filter((n) => n.reference === messageId);

/** Delivery deps the tests drive directly: the real table and Notify stand-in, their own clock and port. */
function testDeps(
  undeliverable: { message: DeliverableMessage; why: Undeliverable }[],
  clock = new OffsetClock(),
) {
  const access = { db: env.db, table: env.stack.tableName };
  const deps: DeliveryDeps = {
    ...access,
    clock,
    council,
    sender: notifyMessageSender({ baseUrl: env.stack.notify.url, apiKey: env.stack.notify.apiKey, council }),
    recipients: tableRecipientDirectory(access, council),
    onUndeliverable: async (message, why) => {
      undeliverable.push({ message, why });
    },
    policy: { ...defaultDeliveryPolicy, maxAttempts: 2, checkAfterMs: { email: 0, sms: 0, letter: 0 } },
  };
  return deps;
}

describe('sending the outbox through Notify', () => {
  it('sends an email once with the message id as its reference, and its receipt marks it delivered', async () => {
    const message = await queue(await complainant('resident.one@example.com'), 'email');
    const first = await env.stack.deliverOutbox();
    expect(first.outcomes.sent).toBeGreaterThanOrEqual(1);
    const sent = sentFor(message.messageId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      type: 'email',
      emailAddress: 'resident.one@example.com',
      subject: message.subject,
      body: message.body,
      templateId: council.notify.templates.default.email,
    });
    expect(await item(message.messageId)).toMatchObject({ deliveryState: 'sending', status: 'sent' });

    await env.stack.notify.settle();
    const settled = await item(message.messageId);
    expect(settled).toMatchObject({ deliveryState: 'delivered', providerStatus: 'delivered' });
    expect(settled.gsi3pk).toBeUndefined();

    await env.stack.deliverOutbox();
    expect(sentFor(message.messageId)).toHaveLength(1);
  });

  it('uses the Notify template the council configured for that kind of message', async () => {
    const own = await queue(await complainant('resident.two@example.com'), 'email', 'acknowledgement');
    await env.stack.deliverOutbox();
    expect(sentFor(own.messageId)[0]?.templateId).toBe(
      council.notify.templates.byTemplate.acknowledgement?.email,
    );
  });

  it('posts a letter as a PDF of the message, addressed to the recipient, with its hash recorded', async () => {
    const message = await queue(await complainant('resident.three@example.com'), 'letter');
    await env.stack.deliverOutbox();
    const [letter] = sentFor(message.messageId);
    expect(letter?.type).toBe('letter');
    const pdf = env.stack.notify.letterPdf(String(letter?.id)) as Buffer;
    expect((await item(message.messageId)).letterSha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const text = (await pdfText(pdf)).pages.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain(message.subject);
    expect(text).toContain('1 Mare Street');
    expect(text).toContain(council.name);

    await env.stack.notify.settle();
    expect(await item(message.messageId)).toMatchObject({
      deliveryState: 'delivered',
      providerStatus: 'received',
    });
  });
});

describe('a drain that dies mid-send', () => {
  async function leaveClaimed(messageId: string) {
    // What a drain leaves behind when it dies after its claim: a claimed message whose lease is over.
    await env.db.send(
      new UpdateCommand({
        TableName: env.stack.tableName,
        Key: outboxKey(messageId),
        UpdateExpression:
          'SET deliveryState = :c, deliveryClaim = :id, deliveryAttempts = :one, gsi3sk = :due',
        ExpressionAttributeValues: {
          ':c': 'claimed',
          ':id': 'claim-of-a-dead-drain',
          ':one': 1,
          ':due': `${new Date(Date.now() - 60_000).toISOString()}#${messageId}`,
        },
      }),
    );
  }

  it('had already sent: the next drain finds the notification by reference and does not send again', async () => {
    const message = await queue(await complainant('resident.four@example.com'), 'email');
    await leaveClaimed(message.messageId);
    // The dead drain's send had reached Notify.
    const notify = new NotifyClient(env.stack.notify.url, env.stack.notify.apiKey);
    const { data } = await notify.sendEmail(
      council.notify.templates.default.email,
      'resident.four@example.com',
      {
        personalisation: { subject: message.subject, body: message.body },
        reference: message.messageId,
      },
    );

    const report = await env.stack.deliverOutbox();
    expect(report.outcomes.recovered).toBe(1);
    expect(sentFor(message.messageId)).toHaveLength(1);
    expect(await item(message.messageId)).toMatchObject({ deliveryState: 'sending', providerId: data.id });
  });

  it('had not sent yet: the next drain sends it, once', async () => {
    const message = await queue(await complainant('resident.five@example.com'), 'email');
    await leaveClaimed(message.messageId);
    await env.stack.deliverOutbox();
    await env.stack.deliverOutbox();
    expect(sentFor(message.messageId)).toHaveLength(1);
    expect((await item(message.messageId)).deliveryState).toBe('sending');
  });

  it('two drains at once send a message once', async () => {
    const message = await queue(await complainant('resident.six@example.com'), 'email');
    await Promise.all([env.stack.deliverOutbox(), env.stack.deliverOutbox(), env.stack.deliverOutbox()]);
    expect(sentFor(message.messageId)).toHaveLength(1);
  });
});

describe('failures', () => {
  it("retries Notify's temporary failures with a growing pause, then reports the message undeliverable", async () => {
    const undeliverable: { message: DeliverableMessage; why: Undeliverable }[] = [];
    const clock = new OffsetClock();
    const deps = testDeps(undeliverable, clock);
    env.stack.notify.setCallback(undefined);
    try {
      const message = await queue(await complainant('temp-fail@simulator.notify'), 'email');
      await drainOutbox(deps);
      await env.stack.notify.settle();
      await drainOutbox(deps); // asks Notify: temporary-failure, so it waits before trying again
      expect(await item(message.messageId)).toMatchObject({
        deliveryState: 'temporary-failure',
        deliveryAttempts: 1,
      });
      await drainOutbox(deps);
      expect(sentFor(message.messageId)).toHaveLength(1); // the pause has not passed

      clock.advance(defaultDeliveryPolicy.firstRetryPauseMs + 1_000);
      await drainOutbox(deps);
      expect(sentFor(message.messageId)).toHaveLength(2);
      await env.stack.notify.settle();
      await drainOutbox(deps);

      // The complaint's own acknowledgement to the same failing address goes the same way: count this message.
      expect(undeliverable.filter((call) => call.message.messageId === message.messageId)).toHaveLength(1);
      expect(undeliverable[0]?.why.reason).toContain('temporary-failure');
      const last = await item(message.messageId);
      expect(last).toMatchObject({ deliveryState: 'undeliverable' });
      expect(last.gsi3pk).toBeUndefined();
    } finally {
      env.stack.notify.setCallback({
        url: `${env.stack.url}/providers/notify/receipts`,
        bearerToken: String(process.env.ABATE_NOTIFY_CALLBACK_SECRET),
      });
    }
  });

  it('reports a permanent failure to the undeliverable port once, and the drain leaves the message alone after', async () => {
    const undeliverable: { message: DeliverableMessage; why: Undeliverable }[] = [];
    const deps = testDeps(undeliverable);
    env.stack.notify.setCallback(undefined);
    try {
      const message = await queue(await complainant('perm-fail@simulator.notify'), 'email');
      await drainOutbox(deps);
      await env.stack.notify.settle();
      await drainOutbox(deps);
      await drainOutbox(deps);
      const ours = undeliverable.filter((call) => call.message.messageId === message.messageId);
      expect(ours).toHaveLength(1);
      expect(ours[0]?.why).toMatchObject({ providerStatus: 'permanent-failure' });
      expect(sentFor(message.messageId)).toHaveLength(1);
    } finally {
      env.stack.notify.setCallback({
        url: `${env.stack.url}/providers/notify/receipts`,
        bearerToken: String(process.env.ABATE_NOTIFY_CALLBACK_SECRET),
      });
    }
  });

  it('a text message to someone with no phone number is undeliverable without calling Notify', async () => {
    const undeliverable: { message: DeliverableMessage; why: Undeliverable }[] = [];
    const message = await queue(await complainant('resident.seven@example.com'), 'sms');
    await drainOutbox(testDeps(undeliverable));
    expect(
      undeliverable
        .filter((call) => call.message.messageId === message.messageId)
        .map((call) => call.why.reason),
    ).toEqual(['no phone number for the recipient']);
    expect(sentFor(message.messageId)).toHaveLength(0);
  });

  it('a text message to a failing test number ends undeliverable through the receipt', async () => {
    const undeliverable: { message: DeliverableMessage; why: Undeliverable }[] = [];
    const deps = testDeps(undeliverable);
    env.stack.notify.setCallback(undefined);
    try {
      const message = await queue(await complainant('resident.eight@example.com', '07700 900002'), 'sms');
      await drainOutbox(deps);
      expect(sentFor(message.messageId)[0]).toMatchObject({ type: 'sms', phoneNumber: '07700900002' });
      await env.stack.notify.settle();
      await drainOutbox(deps);
      // The complaint's own acknowledgement to the same failing address goes the same way: count this message.
      expect(undeliverable.filter((call) => call.message.messageId === message.messageId)).toHaveLength(1);
    } finally {
      env.stack.notify.setCallback({
        url: `${env.stack.url}/providers/notify/receipts`,
        bearerToken: String(process.env.ABATE_NOTIFY_CALLBACK_SECRET),
      });
    }
  });
});

describe('delivery receipts', () => {
  const receipt = (reference: string) => ({
    id: '0b5e0a3c-4b1e-4e55-9f1d-1a2b3c4d5e6f',
    reference,
    to: 'someone@example.com',
    status: 'delivered',
    created_at: new Date().toISOString(),
    completed_at: new Date().toISOString(),
    sent_at: new Date().toISOString(),
    notification_type: 'email',
    template_id: council.notify.templates.default.email,
    template_version: 1,
  });

  it('are refused without the bearer token agreed with Notify', async () => {
    const none = await call(env.stack, 'POST', '/providers/notify/receipts', { json: receipt('msg_x') });
    expect(none.status).toBe(401);
    const wrong = await call(env.stack, 'POST', '/providers/notify/receipts', {
      json: receipt('msg_x'),
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(wrong.status).toBe(401);
  });

  it('for a notification we did not record change nothing', async () => {
    const message = await queue(await complainant('resident.nine@example.com'), 'email');
    await env.stack.deliverOutbox();
    const answer = await call(env.stack, 'POST', '/providers/notify/receipts', {
      json: receipt(message.messageId),
      headers: { authorization: `Bearer ${process.env.ABATE_NOTIFY_CALLBACK_SECRET}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toBe('stale');
    expect((await item(message.messageId)).deliveryState).toBe('sending');
  });
});

describe('the Notify stand-in', () => {
  const token = (secret: string, iss: string, iat = Math.floor(Date.now() / 1000)) =>
    new SignJWT({ iss, iat })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(secret));

  async function listWith(authorization?: string) {
    return fetch(`${env.stack.notify.url}/v2/notifications`, {
      headers: authorization ? { authorization } : {},
    });
  }

  it('checks the token as Notify does: service id, secret and a clock within 30 seconds', async () => {
    expect((await listWith()).status).toBe(401);
    expect(
      (await listWith(`Bearer ${await token(LOCAL_NOTIFY_SECRET, LOCAL_NOTIFY_SERVICE_ID)}`)).status,
    ).toBe(200);
    expect((await listWith(`Bearer ${await token('another-secret', LOCAL_NOTIFY_SERVICE_ID)}`)).status).toBe(
      403,
    );
    expect((await listWith(`Bearer ${await token(LOCAL_NOTIFY_SECRET, 'another-service')}`)).status).toBe(
      403,
    );
    const stale = await listWith(
      `Bearer ${await token(LOCAL_NOTIFY_SECRET, LOCAL_NOTIFY_SERVICE_ID, Math.floor(Date.now() / 1000) - 60)}`,
    );
    expect(stale.status).toBe(403);
    expect((await stale.json()).errors[0].error).toBe('AuthError');
  });

  it('refuses what Notify refuses: a bad address, and a letter that is not a PDF', async () => {
    const notify = new NotifyClient(env.stack.notify.url, env.stack.notify.apiKey);
    await expect(
      notify.sendEmail(council.notify.templates.default.email, 'not-an-address'),
    ).rejects.toMatchObject({
      response: { status: 400 },
    });
    await expect(notify.sendPrecompiledLetter('ref-1', Buffer.from('plain text'))).rejects.toMatchObject({
      response: { status: 400 },
    });
  });
});
