/**
 * The delivery dependencies handlers use, built from the environment: the case table, GOV.UK
 * Notify (or the local stand-in, through `NOTIFY_BASE_URL`) with its API key from Secrets
 * Manager, the recipients' details, the council's configuration and the undeliverable port.
 */
import { sharedDynamo, tableName } from '../commons/clients/dynamodb.ts';
import { processClock } from '../commons/clock.ts';
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { logger } from '../commons/powertools.ts';
import { readSecret } from '../commons/secrets.ts';
import { councilConfig } from '../config/council.ts';
import { raiseNoWorkingContact } from '../domain/delivery/contact-task.ts';
import type { DeliverableMessage } from '../domain/delivery/model.ts';
import type { DeliveryDeps, MessageSender, Undeliverable } from '../domain/delivery/ports.ts';
import { tableRecipientDirectory } from '../domain/delivery/recipients.ts';
import { NOTIFY_PRODUCTION_URL, notifyMessageSender } from './notify/sender.ts';

/**
 * The port the drain calls when a message will never arrive: a caseworker task "no working
 * contact", opened once per message (it may be called twice after a crash).
 */
export async function onUndeliverable(message: DeliverableMessage, why: Undeliverable): Promise<void> {
  logger.warn('a message cannot be delivered: a caseworker is asked to find another way', {
    messageId: message.messageId,
    caseRef: message.caseRef,
    to: message.to,
    channel: message.channel,
    reason: why.reason,
  });
  await raiseNoWorkingContact(lifecycleDeps(), message, why);
}

/** Notify, with its API key read on first use: handlers that only take receipts never read it. */
function lazyNotifySender(baseUrl: string, council: DeliveryDeps['council']): MessageSender {
  let sender: Promise<MessageSender> | undefined;
  const ready = () => {
    sender ??= readSecret('notifications').then((apiKey) =>
      notifyMessageSender({ baseUrl, apiKey, council }),
    );
    return sender;
  };
  return {
    send: async (message) => (await ready()).send(message),
    findByReference: async (reference) => (await ready()).findByReference(reference),
    statusOf: async (providerId) => (await ready()).statusOf(providerId),
  };
}

let cached: { key: string; deps: DeliveryDeps } | undefined;

export function deliveryDeps(): DeliveryDeps {
  const baseUrl = process.env.NOTIFY_BASE_URL ?? NOTIFY_PRODUCTION_URL;
  const { doc } = sharedDynamo();
  const table = tableName();
  // Rebuilt when the local stack restarts on other ports or keys; in Lambda, once per container.
  const key = `${baseUrl}|${process.env.ABATE_NOTIFICATIONS_SECRET}|${table}`;
  if (cached?.key !== key || cached.deps.db !== doc) {
    const council = councilConfig();
    const access = { db: doc, table };
    cached = {
      key,
      deps: {
        ...access,
        clock: processClock,
        council,
        sender: lazyNotifySender(baseUrl, council),
        recipients: tableRecipientDirectory(access, council),
        onUndeliverable,
        log: {
          info: (message, extra) => logger.info(message, extra ?? {}),
          error: (message, extra) => logger.error(message, extra ?? {}),
        },
      },
    };
  }
  return cached.deps;
}
