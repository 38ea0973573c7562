/**
 * How a message enters delivery. An outbox item is written with the drain's due-index entry:
 * the same sparse index the sweeper reads (`gsi3`), in its own partition `OUTBOX#DUE`, sorted by
 * when the drain should next look at it (`<ISO time>#<messageId>`). The drain moves that time on
 * as it claims, sends, retries and checks, and removes the entry once the message is delivered or
 * known undeliverable, so a drain reads only what needs it, never the whole outbox.
 */
import type { OutboxMessage } from '../model/workflow.ts';
import { putIfAbsent, type TableAccess } from '../table-access.ts';
import type { DeliverableMessage } from './model.ts';

export const OUTBOX_DUE_PARTITION = 'OUTBOX#DUE';

export const outboxKey = (messageId: string) => ({ pk: `OUTBOX#${messageId}`, sk: 'MESSAGE' });

/** The due-index attributes that make the drain look at a message at `at`. */
export function outboxDueEntry(at: string, messageId: string): { gsi3pk: string; gsi3sk: string } {
  return { gsi3pk: OUTBOX_DUE_PARTITION, gsi3sk: `${at}#${messageId}` };
}

/**
 * Writes an outbox message once (an earlier try of the same step wrote the same id) with its case
 * link and its due-index entry: from here the drain delivers it. Returns false if it was there.
 */
export async function queueMessage(
  access: TableAccess,
  message: OutboxMessage | DeliverableMessage,
  options: { sendAt?: string } = {},
): Promise<boolean> {
  return putIfAbsent(access, {
    ...outboxKey(message.messageId),
    gsi2pk: `CASE#${message.caseRef}`,
    gsi2sk: `OUTBOX#${message.createdAt}#${message.messageId}`,
    ...outboxDueEntry(options.sendAt ?? message.createdAt, message.messageId),
    ...message,
    deliveryState: 'queued',
    deliveryAttempts: 0,
  });
}
