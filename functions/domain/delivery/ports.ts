/**
 * What the drain needs from outside, as small ports: a provider that sends and reports on
 * messages (GOV.UK Notify behind `functions/adapters/notify/`), a directory of recipients'
 * contact details, and whoever must act when a message can never be delivered.
 */
import type { Clock } from '../../commons/clock.ts';
import type { CouncilConfig } from '../../config/council.ts';
import type { TableAccess } from '../table-access.ts';
import type { DeliverableMessage, DeliveryChannel, ProviderNotification, Recipient } from './model.ts';

/** One message as handed to the provider. `reference` is our message id, so a send can be found again. */
export interface OutgoingMessage {
  reference: string;
  caseRef: string;
  /** The outbox template name (`acknowledgement`, ...): the provider adapter picks its template by it. */
  template: string;
  channel: DeliveryChannel;
  email?: string;
  phone?: string;
  subject: string;
  body: string;
  /** The letter to post, for `letter`. */
  pdf?: Buffer;
}

export interface MessageSender {
  send(message: OutgoingMessage): Promise<{ providerId: string }>;
  /** Notifications sent with this reference, newest first (after a crash: did the send go out?). */
  findByReference(reference: string): Promise<ProviderNotification[]>;
  statusOf(providerId: string): Promise<ProviderNotification>;
}

/** A send the provider refused: `temporary` is worth trying again later, `permanent` is not. */
export class SendFailure extends Error {
  override name = 'SendFailure';
  constructor(
    readonly kind: 'temporary' | 'permanent',
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface RecipientDirectory {
  /** The contact details for a message, or undefined when there are none any more (anonymised). */
  recipientOf(message: DeliverableMessage): Promise<Recipient | undefined>;
}

export interface Undeliverable {
  /** Why, for a caseworker: no personal details. */
  reason: string;
  providerStatus?: string;
}

/**
 * Told once a message will never arrive (the lead wires it to open a "no working contact"
 * caseworker task). It may be called again for the same message after a crash, so it must be
 * idempotent (key what it creates by `message.messageId`).
 */
export type OnUndeliverable = (message: DeliverableMessage, why: Undeliverable) => Promise<void>;

export interface DeliveryPolicy {
  maxAttempts: number;
  /** First retry pause; it doubles each attempt up to `maxRetryPauseMs`. */
  firstRetryPauseMs: number;
  maxRetryPauseMs: number;
  /** How long a claim holds before another drain may recover the message. */
  claimLeaseMs: number;
  /** When to ask the provider about a message no receipt has settled, by channel. */
  checkAfterMs: Record<DeliveryChannel, number>;
  /** After this long without a final status a message counts as undeliverable. */
  giveUpAfterMs: Record<DeliveryChannel, number>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const defaultDeliveryPolicy: DeliveryPolicy = {
  maxAttempts: 5,
  firstRetryPauseMs: 60_000,
  maxRetryPauseMs: 6 * HOUR,
  claimLeaseMs: 5 * 60_000,
  checkAfterMs: { email: HOUR, sms: HOUR, letter: DAY },
  giveUpAfterMs: { email: 3 * DAY, sms: 3 * DAY, letter: 14 * DAY },
};

export interface DeliveryDeps extends TableAccess {
  clock: Clock;
  sender: MessageSender;
  recipients: RecipientDirectory;
  onUndeliverable: OnUndeliverable;
  council: CouncilConfig;
  policy?: DeliveryPolicy;
  log?: {
    info(message: string, extra?: Record<string, unknown>): void;
    error(message: string, extra?: Record<string, unknown>): void;
  };
}
