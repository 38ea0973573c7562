/**
 * The outbox drain: sends each due message through the provider exactly once, even if the
 * process dies mid-send. A message is claimed with a conditional write before it is sent, and
 * sent with its message id as the provider's reference; a claim whose drain died comes due again
 * when its lease ends, and the next drain asks the provider for that reference before sending
 * again. Temporary failures are retried with doubling pauses; a message that can never arrive is
 * handed to `onUndeliverable`. Receipts (and, when none comes, a later status check) settle it.
 */

import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../keys.ts';
import { released } from '../letters/outbox.ts';
import type { NoiseCase } from '../model/case.ts';
import { getItem } from '../table-access.ts';
import { letterDocumentFor } from './letter-document.ts';
import { DeliverableMessage, DeliveryRecord, outcomeOf, type Recipient } from './model.ts';
import { type DeliveryDeps, type OutgoingMessage, SendFailure } from './ports.ts';
import { OUTBOX_DUE_PARTITION } from './queue.ts';
import {
  applyProviderStatus,
  dueKey,
  failPermanently,
  type Item,
  later,
  policyOf,
  readItem,
  reportUndeliverable,
  retryLater,
  update,
} from './transitions.ts';

export { applyProviderStatus } from './transitions.ts';

export interface DrainReport {
  at: string;
  examined: number;
  outcomes: Record<string, number>;
  failures: number;
}

/** Reads the due index and handles what is due; one message's failure never stops the rest. */
export async function drainOutbox(
  deps: DeliveryDeps,
  options: { maxItems?: number } = {},
): Promise<DrainReport> {
  const now = deps.clock.now().toISOString();
  const maxItems = options.maxItems ?? 200;
  const report: DrainReport = { at: now, examined: 0, outcomes: {}, failures: 0 };
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'gsi3',
        // `~` sorts after every `<instant>#<messageId>` key that starts with the current instant.
        KeyConditionExpression: 'gsi3pk = :due AND gsi3sk <= :now',
        ExpressionAttributeValues: { ':due': OUTBOX_DUE_PARTITION, ':now': `${now}~` },
        ProjectionExpression: 'pk',
        ExclusiveStartKey,
        Limit: 50,
      }),
    );
    for (const entry of page.Items ?? []) {
      if (report.examined >= maxItems) break;
      report.examined++;
      try {
        const outcome = await deliverDueMessage(deps, String(entry.pk).slice('OUTBOX#'.length));
        report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
      } catch (error) {
        // It stays due and is tried again next drain.
        report.failures++;
        deps.log?.error('the drain could not handle a message', {
          pk: entry.pk,
          error: String(error),
        });
      }
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && report.examined < maxItems);
  return report;
}

/** One message whose due time has come, whatever state it is in. */
export async function deliverDueMessage(deps: DeliveryDeps, messageId: string): Promise<string> {
  const item = await readItem(deps, messageId);
  // The index is eventually consistent: the item itself says whether it is still due.
  if (!item?.gsi3pk || String(item.gsi3sk) > `${deps.clock.now().toISOString()}~`) return 'nothing-due';
  const record = DeliveryRecord.parse(item);
  const message = DeliverableMessage.parse(item);
  switch (record.deliveryState) {
    case 'queued': {
      const release = await releaseOf(deps, message);
      if (release === 'wait') {
        await update(deps, messageId, { set: { gsi3sk: dueKey(later(deps, 60_000), messageId) } });
        return 'not-yet-released';
      }
      if (release === 'never') {
        await update(deps, messageId, {
          set: { deliveryState: 'withdrawn', deliveryUpdatedAt: deps.clock.now().toISOString() },
          remove: ['gsi3pk', 'gsi3sk'],
        });
        return 'withdrawn';
      }
      return claimAndSend(deps, item, message, record);
    }
    case 'temporary-failure':
      return claimAndSend(deps, item, message, record);
    case 'claimed':
      return recoverClaim(deps, item, message, record);
    case 'sending':
      return checkWithProvider(deps, message, record);
    case 'permanent-failure':
      return reportUndeliverable(deps, message, { reason: record.deliveryError ?? 'undeliverable' });
    default:
      await update(deps, messageId, { remove: ['gsi3pk', 'gsi3sk'] });
      return 'nothing-due';
  }
}

/** How long a message may wait for the operation that wrote it to reach its case. */
const RELEASE_GRACE_MS = 10 * 60_000;

/**
 * A message counts once the operation that wrote it is on its case (see `released` in
 * letters/outbox.ts): an acknowledgement for a report that failed half way is never sent.
 */
async function releaseOf(
  deps: DeliveryDeps,
  message: DeliverableMessage,
): Promise<'ready' | 'wait' | 'never'> {
  if (!message.op) return 'ready';
  const c = await getItem<NoiseCase>(deps, keys.case(message.caseRef));
  if (c && released(c, message)) return 'ready';
  return deps.clock.now().getTime() - Date.parse(message.createdAt) > RELEASE_GRACE_MS ? 'never' : 'wait';
}

async function claimAndSend(
  deps: DeliveryDeps,
  item: Item,
  message: DeliverableMessage,
  record: DeliveryRecord,
): Promise<string> {
  const policy = policyOf(deps);
  const attempts = record.deliveryAttempts + 1;
  if (attempts > policy.maxAttempts) {
    return failPermanently(deps, message, `not delivered after ${record.deliveryAttempts} attempts`, {
      state: record.deliveryState,
    });
  }
  const claim = randomUUID();
  const claimed = await update(deps, message.messageId, {
    set: {
      deliveryState: 'claimed',
      deliveryClaim: claim,
      deliveryAttempts: attempts,
      deliveryUpdatedAt: deps.clock.now().toISOString(),
      // If this drain dies, the message comes due again when the lease ends.
      gsi3sk: dueKey(later(deps, policy.claimLeaseMs), message.messageId),
    },
    condition: 'gsi3sk = :seenDue AND (deliveryState = :seenState OR attribute_not_exists(deliveryState))',
    values: { ':seenDue': item.gsi3sk, ':seenState': record.deliveryState },
  });
  if (!claimed) return 'claimed-elsewhere';
  return send(deps, message, claim, attempts);
}

async function send(deps: DeliveryDeps, message: DeliverableMessage, claim: string, attempts: number) {
  const ourClaim = { condition: 'deliveryClaim = :claim', values: { ':claim': claim } };
  const recipient = await deps.recipients.recipientOf(message);
  const outgoing = await outgoingFor(deps, message, recipient);
  if (typeof outgoing === 'string') return failPermanently(deps, message, outgoing, ourClaim);

  let providerId: string;
  try {
    ({ providerId } = await deps.sender.send(outgoing));
  } catch (error) {
    const failure =
      error instanceof SendFailure ? error : new SendFailure('temporary', `send failed: ${String(error)}`);
    if (failure.kind === 'permanent') return failPermanently(deps, message, failure.message, ourClaim);
    return retryLater(deps, message, attempts, failure.message, ourClaim);
  }
  const now = deps.clock.now().toISOString();
  const recorded = await update(deps, message.messageId, {
    set: {
      deliveryState: 'sending',
      providerId,
      providerStatus: 'created',
      status: 'sent',
      sentAt: now,
      deliveryUpdatedAt: now,
      ...(outgoing.pdf ? { letterSha256: outgoing.letterSha256 } : {}),
      gsi3sk: dueKey(later(deps, policyOf(deps).checkAfterMs[message.channel]), message.messageId),
    },
    remove: ['deliveryError'],
    ...ourClaim,
  });
  deps.log?.info('message handed to the provider', {
    messageId: message.messageId,
    caseRef: message.caseRef,
    channel: message.channel,
    providerId,
  });
  // Our lease ran out mid-send and another drain adopted the same notification: nothing is lost.
  return recorded ? 'sent' : 'sent-claim-lost';
}

/** The message in the provider's terms, or why it cannot be sent at all. */
async function outgoingFor(
  deps: DeliveryDeps,
  message: DeliverableMessage,
  recipient: Recipient | undefined,
): Promise<(OutgoingMessage & { letterSha256?: string }) | string> {
  const base = {
    reference: message.messageId,
    caseRef: message.caseRef,
    template: message.template,
    channel: message.channel,
    subject: message.subject,
    body: message.body,
  };
  if (message.channel === 'email') {
    return recipient?.email ? { ...base, email: recipient.email } : 'no email address for the recipient';
  }
  if (message.channel === 'sms') {
    return recipient?.phone ? { ...base, phone: recipient.phone } : 'no phone number for the recipient';
  }
  const document =
    message.document ??
    (recipient?.addressLines?.length
      ? letterDocumentFor(message, { ...recipient, addressLines: recipient.addressLines }, deps.council)
      : undefined);
  if (!document) return 'no postal address for the recipient';
  // pdfmake and its fonts load on the first letter only: a drain of emails and texts never needs them.
  const { renderPdf } = await import('../documents/pdf.ts');
  const { bytes, sha256 } = await renderPdf(document);
  return { ...base, pdf: bytes, letterSha256: sha256 };
}

/** A claim whose drain died: the provider may or may not have the message. Ask before sending. */
async function recoverClaim(
  deps: DeliveryDeps,
  item: Item,
  message: DeliverableMessage,
  record: DeliveryRecord,
): Promise<string> {
  const sent = (await deps.sender.findByReference(message.messageId)).find(
    (notification) => outcomeOf(notification.status) !== 'temporary',
  );
  if (!sent) {
    // Never reached the provider: claim it afresh. The lost attempt still counts, so a message
    // that crashes every drain ends as undeliverable instead of looping for ever.
    return claimAndSend(deps, item, message, record);
  }
  const adopted = await update(deps, message.messageId, {
    set: {
      deliveryState: 'sending',
      providerId: sent.id,
      providerStatus: sent.status,
      status: 'sent',
      deliveryUpdatedAt: deps.clock.now().toISOString(),
      gsi3sk: dueKey(deps.clock.now(), message.messageId),
    },
    condition: 'deliveryState = :claimed AND deliveryClaim = :claim',
    values: { ':claimed': 'claimed', ':claim': record.deliveryClaim },
  });
  if (!adopted) return 'claimed-elsewhere';
  deps.log?.info('adopted a message sent before a crash', {
    messageId: message.messageId,
    providerId: sent.id,
  });
  await applyProviderStatus(deps, { reference: message.messageId, id: sent.id, status: sent.status });
  return 'recovered';
}

/** No receipt has settled a sent message yet: ask the provider, and give up after a while. */
async function checkWithProvider(
  deps: DeliveryDeps,
  message: DeliverableMessage,
  record: DeliveryRecord,
): Promise<string> {
  if (!record.providerId) return 'nothing-due';
  const notification = await deps.sender.statusOf(record.providerId);
  const result = await applyProviderStatus(deps, {
    reference: message.messageId,
    id: record.providerId,
    status: notification.status,
  });
  if (result !== 'pending') return result;
  const policy = policyOf(deps);
  const sentAt = Date.parse(String((await readItem(deps, message.messageId))?.sentAt ?? message.createdAt));
  if (deps.clock.now().getTime() - sentAt > policy.giveUpAfterMs[message.channel]) {
    return failPermanently(
      deps,
      message,
      `no final status from the provider (last: ${notification.status})`,
      {
        state: 'sending',
      },
    );
  }
  await update(deps, message.messageId, {
    set: { gsi3sk: dueKey(later(deps, policy.checkAfterMs[message.channel]), message.messageId) },
    condition: 'deliveryState = :sending AND providerId = :id',
    values: { ':sending': 'sending', ':id': record.providerId },
  });
  return 'still-sending';
}
