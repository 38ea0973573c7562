/**
 * What the outbox drain works with: an outbox message (the lead's `OutboxMessage`, which may also
 * carry a structured document for letters and go by text message), where it is in delivery, and
 * what the notification provider says about it.
 */
import * as z from 'zod';
import { PrintableDocument } from '../documents/model.ts';
import { OutboxMessage } from '../model/workflow.ts';

export const deliveryChannels = ['email', 'sms', 'letter'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

/** An outbox message as the drain reads it: letters may carry the document to print. */
export const DeliverableMessage = OutboxMessage.extend({
  channel: z.enum(deliveryChannels),
  /** The notice or letter itself (a council in Wales: both languages, one pack); without it a letter is set from `subject` and `body`. */
  document: PrintableDocument.optional(),
});
export type DeliverableMessage = z.infer<typeof DeliverableMessage>;

/**
 * Where a message is in delivery. `claimed`: a drain is sending it (if the drain dies, the claim
 * expires and the next drain asks the provider before sending again); `sending`: the provider has
 * it; `undeliverable`: it will never arrive and a caseworker has been told.
 */
export const deliveryStates = [
  'queued',
  'claimed',
  'sending',
  'delivered',
  'temporary-failure',
  'permanent-failure',
  'undeliverable',
  // The operation that wrote it never reached the case (a request that failed half way): never sent.
  'withdrawn',
] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** Delivery bookkeeping kept on the outbox item beside the message. */
export const DeliveryRecord = z.object({
  deliveryState: z.enum(deliveryStates).default('queued'),
  deliveryAttempts: z.number().int().nonnegative().default(0),
  deliveryClaim: z.string().optional(),
  providerId: z.string().optional(),
  providerStatus: z.string().optional(),
  deliveryError: z.string().optional(),
  deliveryUpdatedAt: z.string().optional(),
  /** SHA-256 of the PDF posted, for letters. */
  letterSha256: z.string().optional(),
  undeliverableReportedAt: z.string().optional(),
});
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;

/** A notification as the provider reports it. */
export interface ProviderNotification {
  id: string;
  reference?: string | null;
  status: string;
  type?: string;
}

/** What a provider status means for us (GOV.UK Notify's statuses for email, text message and letters). */
export function outcomeOf(providerStatus: string): 'pending' | 'delivered' | 'temporary' | 'permanent' {
  switch (providerStatus) {
    case 'delivered':
    // A letter is "received" once the printer has printed and posted it: as delivered as a letter gets.
    case 'received':
      return 'delivered';
    case 'temporary-failure':
    case 'technical-failure':
      return 'temporary';
    case 'permanent-failure':
    case 'validation-failed':
    case 'virus-scan-failed':
    case 'cancelled':
      return 'permanent';
    default:
      // created, sending, pending, sent (abroad), pending-virus-check, accepted
      return 'pending';
  }
}

/** A recipient's contact details, read only when a message goes out. */
export interface Recipient {
  name?: string;
  email?: string;
  phone?: string;
  addressLines?: string[];
}
