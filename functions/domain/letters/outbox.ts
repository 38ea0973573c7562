/**
 * Notifications go through an outbox: each message is an item of its own (it holds the recipient's
 * details, so it is kept apart from the case facts like any personal data) with an id derived
 * from the operation that wrote it, so a retried step writes the same message again, never a
 * second one. A message is written before its operation's change reaches the case and counts
 * (is shown and sent) only once that operation is on the case.
 */
import { createHash } from 'node:crypto';
import { hasApplied, opKey } from '../case-store.ts';
import { outboxDueEntry } from '../delivery/queue.ts';
import type { PrintableDocument } from '../documents/model.ts';
import type { NoiseCase } from '../model/case.ts';
import type { Person } from '../model/party.ts';
import type { OutboxMessage } from '../model/workflow.ts';
import { childrenOfCase, type TableAccess } from '../table-access.ts';

export interface LetterContent {
  subject: string;
  body: string;
  /**
   * The notice or letter as a structured document, for letters to the source: the drain posts
   * it as the PDF (the body stays for staff reading and email copies).
   */
  document?: PrintableDocument;
}

export function messageIdFor(opId: string, recipient: string): string {
  return `msg_${createHash('sha256').update(`${opId}|${recipient}`).digest('hex').slice(0, 24)}`;
}

/**
 * The item for one message, ready to be written with the operation's other items: listed under
 * its case, and due for the drain (which sends it once its operation is on the case).
 */
export function outboxItem(message: OutboxMessage & { document?: unknown }): Record<string, unknown> {
  return {
    pk: `OUTBOX#${message.messageId}`,
    sk: 'MESSAGE',
    gsi2pk: `CASE#${message.caseRef}`,
    gsi2sk: `OUTBOX#${message.createdAt}#${message.messageId}`,
    ...outboxDueEntry(message.createdAt, message.messageId),
    ...message,
    deliveryState: 'queued',
    deliveryAttempts: 0,
  };
}

function message(
  c: Pick<NoiseCase, 'caseRef'>,
  to: OutboxMessage['to'],
  person: Person | undefined,
  template: string,
  content: LetterContent,
  opId: string,
  at: string,
): OutboxMessage & { document?: PrintableDocument } {
  return {
    messageId: messageIdFor(opId, person?.partyId ?? to),
    caseRef: c.caseRef,
    to,
    ...(person ? { partyId: person.partyId } : {}),
    channel:
      to === 'complainant' && person?.email
        ? 'email'
        : to === 'complainant' || to === 'source'
          ? 'letter'
          : 'email',
    template,
    subject: content.subject,
    body: content.body,
    createdAt: at,
    status: 'queued',
    op: opKey(opId),
    ...(content.document ? { document: content.document } : {}),
  };
}

/** One message to each complainant still on the case (anonymised people get nothing). */
export function toComplainants(
  c: Pick<NoiseCase, 'caseRef'>,
  complainants: Person[],
  template: string,
  render: (to: Person) => LetterContent,
  opId: string,
  at: string,
): OutboxMessage[] {
  return complainants
    .filter((person) => !person.anonymisedAt)
    .map((person) => message(c, 'complainant', person, template, render(person), opId, at));
}

/**
 * Messages to the source of the noise: rendered from the recipient's own details and case facts
 * only, so nothing about a complainant can reach them.
 */
export function toSource(
  c: Pick<NoiseCase, 'caseRef'>,
  recipients: Person[],
  template: string,
  render: (to: Person) => LetterContent,
  opId: string,
  at: string,
): (OutboxMessage & { document?: PrintableDocument })[] {
  return recipients.map((person) => message(c, 'source', person, template, render(person), opId, at));
}

/** Messages to staff teams (escalations, prosecution files): case facts only, no personal details. */
export function toStaff(
  c: Pick<NoiseCase, 'caseRef'>,
  team: 'managers' | 'legal-team' | 'caseworkers',
  template: string,
  content: LetterContent,
  opId: string,
  at: string,
): OutboxMessage {
  return message(c, team, undefined, template, content, opId, at);
}

/** Whether an item written beside the case counts: its operation is on the case (or it predates ops). */
export function released(c: Pick<NoiseCase, 'ops'>, item: { op?: string | undefined }): boolean {
  return item.op === undefined || (c.ops?.includes(item.op) ?? false);
}

export async function outboxOf(deps: TableAccess, c: NoiseCase): Promise<OutboxMessage[]> {
  const all = await childrenOfCase<OutboxMessage>(deps, c.caseRef, 'OUTBOX#');
  return all.filter((m) => released(c, m)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export { hasApplied };
