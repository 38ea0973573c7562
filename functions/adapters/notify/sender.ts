/**
 * GOV.UK Notify behind the drain's `MessageSender` port, through Notify's own Node client.
 * Email and text messages go through the council's Notify templates (chosen per outbox template
 * and channel from the council configuration); letters go as precompiled PDFs, exactly as rendered.
 */
import { NotifyClient } from 'notifications-node-client';
import type { CouncilConfig } from '../../config/council.ts';
import type { DeliveryChannel, ProviderNotification } from '../../domain/delivery/model.ts';
import { type MessageSender, type OutgoingMessage, SendFailure } from '../../domain/delivery/ports.ts';

export const NOTIFY_PRODUCTION_URL = 'https://api.notifications.service.gov.uk';

/** The Notify template for a message: its own, if the council configured one, else the channel's generic one. */
export function notifyTemplateFor(
  council: CouncilConfig,
  template: string,
  channel: Exclude<DeliveryChannel, 'letter'>,
): string {
  return (
    council.notify.templates.byTemplate[template]?.[channel] ?? council.notify.templates.default[channel]
  );
}

interface NotifyErrorShape {
  response?: { status?: number; data?: { errors?: { error?: string }[] } };
}

/**
 * Notify's refusals in our terms. Only the status and Notify's error type are kept: the message
 * text can quote the recipient's address, which must not reach logs or the case record.
 */
export function sendFailureOf(error: unknown): SendFailure {
  const response = (error as NotifyErrorShape)?.response;
  const status = response?.status;
  if (status === undefined) return new SendFailure('temporary', 'Notify could not be reached');
  const kind = response?.data?.errors?.[0]?.error ?? 'Error';
  const what = `Notify answered ${status} ${kind}`;
  // 400: this message can never be accepted (bad address, refused recipient). 401/403 are our own
  // credentials, and 429/5xx pass: none of those is the recipient's fault, so they are retried.
  return new SendFailure(status === 400 ? 'permanent' : 'temporary', what, status);
}

function summary(notification: {
  id: string;
  reference?: string | null;
  status: string;
  type?: string;
}): ProviderNotification {
  return {
    id: notification.id,
    reference: notification.reference ?? null,
    status: notification.status,
    ...(notification.type ? { type: notification.type } : {}),
  };
}

export interface NotifySenderOptions {
  /** Notify's API, or the local stand-in's. */
  baseUrl: string;
  /** A Notify API key: `<name>-<service id>-<secret>`. */
  apiKey: string;
  council: CouncilConfig;
}

export function notifyMessageSender(options: NotifySenderOptions): MessageSender {
  const client = new NotifyClient(options.baseUrl, options.apiKey);
  const { council } = options;
  return {
    async send(message: OutgoingMessage) {
      try {
        const personalisation = { subject: message.subject, body: message.body, caseRef: message.caseRef };
        if (message.channel === 'email') {
          if (!message.email) throw new SendFailure('permanent', 'no email address');
          const { data } = await client.sendEmail(
            notifyTemplateFor(council, message.template, 'email'),
            message.email,
            { personalisation, reference: message.reference },
          );
          return { providerId: data.id };
        }
        if (message.channel === 'sms') {
          if (!message.phone) throw new SendFailure('permanent', 'no phone number');
          const { subject: _subject, ...text } = personalisation;
          const { data } = await client.sendSms(
            notifyTemplateFor(council, message.template, 'sms'),
            message.phone,
            {
              personalisation: text,
              reference: message.reference,
            },
          );
          return { providerId: data.id };
        }
        if (!message.pdf) throw new SendFailure('permanent', 'no letter to post');
        const { data } = await client.sendPrecompiledLetter(
          message.reference,
          message.pdf,
          council.notify.letterPostage,
        );
        return { providerId: data.id };
      } catch (error) {
        throw error instanceof SendFailure ? error : sendFailureOf(error);
      }
    },
    async findByReference(reference: string) {
      try {
        const { data } = await client.getNotifications(undefined, undefined, reference);
        return data.notifications.map(summary);
      } catch (error) {
        throw sendFailureOf(error);
      }
    },
    async statusOf(providerId: string) {
      try {
        const { data } = await client.getNotificationById(providerId);
        return summary(data);
      } catch (error) {
        throw sendFailureOf(error);
      }
    },
  };
}
