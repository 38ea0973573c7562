/**
 * Notifications go through an outbox: each message is an item of its own (it holds the recipient's
 * details, so it is kept apart from the case facts like any personal data) with an id derived
 * from the step that sent it, so a retried step never sends twice.
 */
import { createHash } from 'node:crypto';
import type { NoiseCase } from '../model/case.ts';
import type { Person } from '../model/party.ts';
import type { OutboxMessage } from '../model/workflow.ts';
import { childrenOfCase, putIfAbsent, type TableAccess } from '../table-access.ts';
import {
  type ComplainantTemplate,
  complainantLetters,
  type Letter,
  type SourceTemplate,
  sourceLetters,
} from './letters.ts';

export type OutboxDeps = TableAccess;

export async function peopleOf(
  deps: OutboxDeps,
  caseRef: string,
  role: 'complainant' | 'source',
): Promise<Person[]> {
  return childrenOfCase<Person>(deps, caseRef, `PERSON#${role}#`);
}

function messageIdFor(opId: string, recipient: string): string {
  return `msg_${createHash('sha256').update(`${opId}|${recipient}`).digest('hex').slice(0, 24)}`;
}

/** Queues a message once: an earlier try of the same step already queued it under the same id. */
async function put(deps: OutboxDeps, message: OutboxMessage): Promise<void> {
  await putIfAbsent(deps, {
    pk: `OUTBOX#${message.messageId}`,
    sk: 'MESSAGE',
    gsi2pk: `CASE#${message.caseRef}`,
    gsi2sk: `OUTBOX#${message.createdAt}#${message.messageId}`,
    ...message,
  });
}

function message(
  c: NoiseCase,
  to: OutboxMessage['to'],
  person: Person | undefined,
  template: string,
  letter: Letter,
  opId: string,
  at: string,
): OutboxMessage {
  return {
    messageId: messageIdFor(opId, person?.partyId ?? to),
    caseRef: c.caseRef,
    to,
    ...(person ? { partyId: person.partyId } : {}),
    channel: to === 'complainant' && person?.email ? 'email' : 'letter',
    template,
    subject: letter.subject,
    body: letter.body,
    createdAt: at,
    status: 'queued',
  };
}

export async function writeToComplainants<T extends ComplainantTemplate>(
  deps: OutboxDeps,
  c: NoiseCase,
  template: T,
  vars: Parameters<(typeof complainantLetters)[T]>[2],
  opId: string,
  at: string,
  /** Only these complainants (default: all on the case). */
  only?: Person[],
): Promise<string[]> {
  const render = complainantLetters[template] as (to: Person, c: NoiseCase, vars: unknown) => Letter;
  const ids: string[] = [];
  for (const person of only ?? (await peopleOf(deps, c.caseRef, 'complainant'))) {
    if (person.anonymisedAt) continue;
    const queued = message(c, 'complainant', person, template, render(person, c, vars), opId, at);
    await put(deps, queued);
    ids.push(queued.messageId);
  }
  return ids;
}

export async function writeToSource<T extends SourceTemplate>(
  deps: OutboxDeps,
  c: NoiseCase,
  template: T,
  vars: Parameters<(typeof sourceLetters)[T]>[2],
  opId: string,
  at: string,
): Promise<string[]> {
  const render = sourceLetters[template] as (to: Person, c: NoiseCase, vars: unknown) => Letter;
  const ids: string[] = [];
  for (const person of await peopleOf(deps, c.caseRef, 'source')) {
    const queued = message(c, 'source', person, template, render(person, c, vars), opId, at);
    await put(deps, queued);
    ids.push(queued.messageId);
  }
  return ids;
}

/** Messages to staff teams (escalations, prosecution files): case facts only, no personal details. */
export async function notifyStaff(
  deps: OutboxDeps,
  c: NoiseCase,
  to: 'managers' | 'legal-team',
  template: string,
  letter: Letter,
  opId: string,
  at: string,
): Promise<string> {
  const queued = message(c, to, undefined, template, letter, opId, at);
  queued.channel = 'email';
  await put(deps, queued);
  return queued.messageId;
}

export async function outboxOf(deps: OutboxDeps, caseRef: string): Promise<OutboxMessage[]> {
  return childrenOfCase<OutboxMessage>(deps, caseRef, 'OUTBOX#');
}
