/**
 * A letter set from an outbox message's subject and body, for messages that do not carry a
 * structured document of their own: same frame, branding and determinism as any notice.
 */
import type { CouncilConfig } from '../../config/council.ts';
import { councilBranding, type Document } from '../documents/model.ts';
import type { DeliverableMessage, Recipient } from './model.ts';

/** The date in England and Wales on which an instant falls, as YYYY-MM-DD. */
export function londonDate(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(iso));
}

export function letterDocumentFor(
  message: DeliverableMessage,
  recipient: Recipient & { addressLines: string[] },
  council: CouncilConfig,
): Document {
  const paragraphs = message.body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
  return {
    kind: 'letter',
    language: 'en',
    title: message.subject,
    reference: message.caseRef,
    date: londonDate(message.createdAt),
    recipient: { ...(recipient.name ? { name: recipient.name } : {}), addressLines: recipient.addressLines },
    sections: [{ paragraphs: paragraphs.length > 0 ? paragraphs : [message.subject] }],
    particulars: [],
    issuedBy: { name: council.teamName, role: council.name },
    council: councilBranding(council),
  };
}
