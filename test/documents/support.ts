/**
 * What the document tests share: a served notice's three copies of the truth (the hash recorded at
 * service, the PDF GOV.UK Notify was given to post, and the PDF staff download) and its text.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { pdfText } from '../delivery/pdf-text.ts';
import { caseView, staffToken } from '../support/lifecycle.ts';
import type { startTestStack } from '../support/local-stack.ts';

export type TestEnv = Awaited<ReturnType<typeof startTestStack>>;

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * pdf.js gives a line's runs with spaces between them, also where a word breaks at a hyphen or a
 * URL at a slash.
 */
export const flat = (text: string) => text.replace(/\s+/g, ' ').replace(/(\S[-/]) /g, '$1');

export async function textOf(bytes: Uint8Array): Promise<string> {
  return flat((await pdfText(bytes)).pages.join(' '));
}

/** GET the notice's document as a member of staff: the raw response, bytes and all. */
export async function download(
  env: TestEnv,
  caseRef: string,
  documentId: string,
  group = 'caseworker',
): Promise<{ status: number; headers: Headers; bytes: Buffer; json?: { error: { code: string } } }> {
  const token = await staffToken(env, group);
  const response = await fetch(`${env.stack.url}/cases/${caseRef}/notices/${documentId}/document`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const json = response.headers.get('content-type')?.includes('json')
    ? JSON.parse(bytes.toString('utf8'))
    : undefined;
  return { status: response.status, headers: response.headers, bytes, json };
}

interface OutboxEntry {
  messageId: string;
  template: string;
  to: string;
  body: string;
  document?: unknown;
  letterSha256?: string;
}

/**
 * Drains the outbox and returns the PDF Notify was given for the case's letter of this template,
 * with the outbox entry it came from.
 */
export async function postedLetter(env: TestEnv, caseRef: string, template: string) {
  await env.stack.deliverOutbox();
  const view = (await caseView(env, caseRef)) as unknown as { outbox: OutboxEntry[] };
  const letters = view.outbox.filter((m) => m.template === template && m.to === 'source');
  expect(letters, `one ${template} letter to the source`).toHaveLength(1);
  const letter = letters[0] as OutboxEntry;
  const sent = env.stack.notify.sent().filter((n) => n.reference === letter.messageId);
  expect(sent, 'Notify was given the letter once').toHaveLength(1);
  expect(sent[0]?.type).toBe('letter');
  const pdf = env.stack.notify.letterPdf(String(sent[0]?.id));
  expect(pdf, 'Notify kept the PDF it was sent').toBeDefined();
  return { letter, pdf: pdf as Buffer };
}

/**
 * The served document's hash three ways, which must agree: recorded at service, of the PDF Notify
 * received, and of the PDF staff download (which also says it in a header).
 */
export async function servedCopies(
  env: TestEnv,
  caseRef: string,
  documentId: string,
  recordedSha256: string | undefined,
  template: string,
) {
  expect(recordedSha256, 'a hash was recorded at service').toMatch(/^[0-9a-f]{64}$/);
  const { letter, pdf } = await postedLetter(env, caseRef, template);
  const downloaded = await download(env, caseRef, documentId);
  expect(downloaded.status, downloaded.json ? JSON.stringify(downloaded.json) : '').toBe(200);
  expect(downloaded.headers.get('content-type')).toBe('application/pdf');
  expect(sha256(pdf), 'Notify received the bytes whose hash was recorded at service').toBe(recordedSha256);
  expect(sha256(downloaded.bytes), 'staff download the bytes whose hash was recorded').toBe(recordedSha256);
  expect(downloaded.headers.get('x-document-sha256')).toBe(recordedSha256);
  expect(letter.letterSha256, 'the drain recorded the same hash when it posted').toBe(recordedSha256);
  return { letter, pdf, text: await textOf(pdf) };
}

/** "4 December 2026" in UK time, written independently of the code under test. */
export const ukDate = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

export const ukTime = (iso: string) =>
  new Date(iso).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/London',
  });
