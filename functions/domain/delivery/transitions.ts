/**
 * The moves a message makes once the provider has it or has refused it: settled by a receipt or
 * a check, retried after a pause, or recorded as undeliverable and handed to the port. Every move
 * is one conditional update of the outbox item, so a receipt and a drain racing do it once.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DeliverableMessage, DeliveryRecord, outcomeOf, type ProviderNotification } from './model.ts';
import {
  type DeliveryDeps,
  type DeliveryPolicy,
  defaultDeliveryPolicy,
  type Undeliverable,
} from './ports.ts';
import { OUTBOX_DUE_PARTITION, outboxKey } from './queue.ts';

export type Item = Record<string, unknown>;

export const policyOf = (deps: DeliveryDeps): DeliveryPolicy => deps.policy ?? defaultDeliveryPolicy;
export const dueKey = (at: Date, messageId: string) => `${at.toISOString()}#${messageId}`;
export const later = (deps: DeliveryDeps, ms: number) => new Date(deps.clock.now().getTime() + ms);

export async function readItem(deps: DeliveryDeps, messageId: string): Promise<Item | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.table, Key: outboxKey(messageId), ConsistentRead: true }),
  );
  return Item;
}

export type StatusResult = 'unknown-message' | 'not-yet-recorded' | 'stale' | 'pending' | string;

/**
 * What the provider says about a notification (a receipt, or our own check). Only the
 * notification we recorded for the message counts: a receipt for an earlier, failed attempt
 * changes nothing. `not-yet-recorded`: the receipt beat our own record of the send; try later.
 */
export async function applyProviderStatus(
  deps: DeliveryDeps,
  notification: Pick<ProviderNotification, 'id' | 'status'> & { reference: string },
): Promise<StatusResult> {
  const item = await readItem(deps, notification.reference);
  if (!item) return 'unknown-message';
  const record = DeliveryRecord.parse(item);
  if (record.providerId !== notification.id)
    return record.deliveryState === 'claimed' ? 'not-yet-recorded' : 'stale';
  const message = DeliverableMessage.parse(item);
  const inFlight = {
    condition: 'deliveryState = :sending AND providerId = :id',
    values: { ':sending': 'sending', ':id': notification.id },
  };
  const now = deps.clock.now().toISOString();
  switch (outcomeOf(notification.status)) {
    case 'pending':
      if (record.deliveryState === 'sending' && record.providerStatus !== notification.status)
        await update(deps, message.messageId, { set: { providerStatus: notification.status }, ...inFlight });
      return 'pending';
    case 'delivered': {
      const done = await update(deps, message.messageId, {
        set: { deliveryState: 'delivered', providerStatus: notification.status, deliveryUpdatedAt: now },
        remove: ['gsi3pk', 'gsi3sk'],
        ...inFlight,
      });
      return done ? 'delivered' : 'stale';
    }
    case 'temporary':
      if (record.deliveryState !== 'sending') return 'stale';
      return retryLater(deps, message, record.deliveryAttempts, `provider status ${notification.status}`, {
        ...inFlight,
        providerStatus: notification.status,
      });
    default:
      if (record.deliveryState !== 'sending') return 'stale';
      return failPermanently(deps, message, `provider status ${notification.status}`, {
        ...inFlight,
        providerStatus: notification.status,
      });
  }
}

export interface Guard {
  condition?: string;
  values?: Record<string, unknown>;
  /** Expected current state, as a shorthand condition. */
  state?: string;
  providerStatus?: string;
}

function guardOf(guard: Guard): { condition?: string; values?: Record<string, unknown> } {
  if (guard.state) return { condition: 'deliveryState = :expected', values: { ':expected': guard.state } };
  return {
    ...(guard.condition ? { condition: guard.condition } : {}),
    ...(guard.values ? { values: guard.values } : {}),
  };
}

export async function retryLater(
  deps: DeliveryDeps,
  message: DeliverableMessage,
  attempts: number,
  reason: string,
  guard: Guard,
): Promise<string> {
  const policy = policyOf(deps);
  if (attempts >= policy.maxAttempts)
    return failPermanently(deps, message, `${reason}; not delivered after ${attempts} attempts`, guard);
  const pause = Math.min(policy.firstRetryPauseMs * 2 ** Math.max(0, attempts - 1), policy.maxRetryPauseMs);
  const moved = await update(deps, message.messageId, {
    set: {
      deliveryState: 'temporary-failure',
      deliveryError: reason,
      deliveryUpdatedAt: deps.clock.now().toISOString(),
      ...(guard.providerStatus ? { providerStatus: guard.providerStatus } : {}),
      gsi3sk: dueKey(later(deps, pause), message.messageId),
    },
    ...guardOf(guard),
  });
  deps.log?.info('message will be retried', { messageId: message.messageId, attempts, reason });
  return moved ? 'will-retry' : 'stale';
}

/** Records that a message can never arrive, then tells the port (repeated by the drain until it succeeds). */
export async function failPermanently(
  deps: DeliveryDeps,
  message: DeliverableMessage,
  reason: string,
  guard: Guard,
): Promise<string> {
  const moved = await update(deps, message.messageId, {
    set: {
      deliveryState: 'permanent-failure',
      deliveryError: reason,
      deliveryUpdatedAt: deps.clock.now().toISOString(),
      ...(guard.providerStatus ? { providerStatus: guard.providerStatus } : {}),
      // Due now: if telling the port fails, the next drain tells it again.
      gsi3pk: OUTBOX_DUE_PARTITION,
      gsi3sk: dueKey(deps.clock.now(), message.messageId),
    },
    ...guardOf(guard),
  });
  if (!moved) return 'stale';
  return reportUndeliverable(deps, message, {
    reason,
    ...(guard.providerStatus ? { providerStatus: guard.providerStatus } : {}),
  });
}

export async function reportUndeliverable(
  deps: DeliveryDeps,
  message: DeliverableMessage,
  why: Undeliverable,
) {
  await deps.onUndeliverable(message, why);
  await update(deps, message.messageId, {
    set: { deliveryState: 'undeliverable', undeliverableReportedAt: deps.clock.now().toISOString() },
    remove: ['gsi3pk', 'gsi3sk'],
    condition: 'deliveryState = :failed',
    values: { ':failed': 'permanent-failure' },
  });
  deps.log?.error('message is undeliverable', {
    messageId: message.messageId,
    caseRef: message.caseRef,
    reason: why.reason,
  });
  return 'undeliverable';
}

/** One conditional update of an outbox item; false when the condition no longer holds. */
export async function update(
  deps: DeliveryDeps,
  messageId: string,
  change: {
    set?: Record<string, unknown>;
    remove?: string[];
    condition?: string;
    values?: Record<string, unknown>;
  },
): Promise<boolean> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ...change.values };
  const sets = Object.entries(change.set ?? {}).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removes = (change.remove ?? []).map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  const expression = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: outboxKey(messageId),
        UpdateExpression: expression,
        ConditionExpression: change.condition
          ? `attribute_exists(pk) AND (${change.condition})`
          : 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
