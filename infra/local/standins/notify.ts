/**
 * A local stand-in for GOV.UK Notify, as dynalite stands in for DynamoDB: it speaks the v2 API
 * Notify's own clients call (send email, text message and precompiled letter; get one
 * notification; list them by reference, type or status), checks the JWT the way Notify does
 * (HS256 with the API key's secret, `iss` the service id, `iat` within 30 seconds), moves each
 * message to its final status and POSTs the delivery receipt to the service's callback URL with
 * its bearer token. Notify's test recipients fail as Notify's test keys make them fail. It keeps
 * what it "sent" (on disk beside the local data when given a file) so a page can show it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, jwtVerify } from 'jose';
import { openJournal } from './journal.ts';

export const LOCAL_NOTIFY_SERVICE_ID = '2a7c1f9e-5b4d-4c3a-9e8f-000000000001';
export const LOCAL_NOTIFY_SECRET = '2a7c1f9e-5b4d-4c3a-9e8f-5ec2e7000002';
export const LOCAL_NOTIFY_API_KEY = `abate_local-${LOCAL_NOTIFY_SERVICE_ID}-${LOCAL_NOTIFY_SECRET}`;

/**
 * Notify's test recipients (the ones its docs give for test API keys): these fail as named. The
 * smoke-test ones are accepted but, as in Notify, neither stored nor followed by a receipt.
 */
export const simulatedEmail: Record<string, 'temporary-failure' | 'permanent-failure'> = {
  'temp-fail@simulator.notify': 'temporary-failure',
  'perm-fail@simulator.notify': 'permanent-failure',
};
export const simulatedPhone: Record<string, 'temporary-failure' | 'permanent-failure'> = {
  '07700900003': 'temporary-failure',
  '07700900002': 'permanent-failure',
};
const smokeTestEmails = new Set([
  'simulate-delivered@notifications.service.gov.uk',
  'simulate-delivered-2@notifications.service.gov.uk',
  'simulate-delivered-3@notifications.service.gov.uk',
]);
const smokeTestPhones = new Set(['07700900000', '07700900111', '07700900222', '07700900333']);

export type NotificationType = 'email' | 'sms' | 'letter';

export interface SentNotification {
  id: string;
  reference: string | null;
  type: NotificationType;
  status: string;
  templateId: string | null;
  emailAddress?: string;
  phoneNumber?: string;
  subject?: string;
  body: string;
  postage?: string;
  createdAt: string;
  sentAt: string | null;
  completedAt: string | null;
  /** Letters: the PDF as posted, base64. */
  pdf?: string;
  /** The status it will end in. */
  finalStatus: string;
}

export interface NotifyStandInOptions {
  serviceId?: string;
  secret?: string;
  /** Keep what was sent in this file across restarts (JSON lines, see `journal.ts`). */
  dataFile?: string;
  /** Pause before each status step (created → sending → final). */
  stepDelayMs?: number;
  host?: string;
  port?: number;
  log?: (line: Record<string, unknown>) => void;
}

export interface NotifyStandIn {
  url: string;
  apiKey: string;
  /** Where delivery receipts go (Notify's "callback URL" and its bearer token). */
  setCallback(callback: { url: string; bearerToken: string } | undefined): void;
  /** Everything sent, newest first. */
  sent(): SentNotification[];
  letterPdf(id: string): Buffer | undefined;
  /** Moves every message to its final status and waits until every receipt has been answered. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PAGE_SIZE = 250;

function normalisePhone(raw: string): string {
  const digits = raw.replace(/[\s()-]/g, '');
  if (digits.startsWith('+44')) return `0${digits.slice(3)}`;
  if (digits.startsWith('0044')) return `0${digits.slice(4)}`;
  if (digits.startsWith('44')) return `0${digits.slice(2)}`;
  return digits;
}

class NotifyProblem extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const validation = (message: string) => new NotifyProblem(400, 'ValidationError', message);

function fill(text: string, personalisation: Record<string, unknown>): string {
  return text.replace(/\(\(([^)]+)\)\)/g, (_whole, key: string) =>
    String(personalisation[key] ?? `((${key}))`),
  );
}

export async function startNotifyStandIn(options: NotifyStandInOptions = {}): Promise<NotifyStandIn> {
  const serviceId = options.serviceId ?? LOCAL_NOTIFY_SERVICE_ID;
  const secret = options.secret ?? LOCAL_NOTIFY_SECRET;
  const stepDelayMs = options.stepDelayMs ?? 300;
  const log = options.log ?? (() => {});
  const journal = openJournal<SentNotification>(options.dataFile, (n) => n.id);
  const notifications = journal.records;
  let callback: { url: string; bearerToken: string } | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const receipts = new Set<Promise<void>>();
  let baseUrl = '';

  const save = (n: SentNotification) => journal.save(n);

  const isFinal = (n: SentNotification) => n.status === n.finalStatus;

  const step = (n: SentNotification) => {
    if (isFinal(n)) return;
    const now = new Date().toISOString();
    if (n.status === 'created' || n.status === 'pending-virus-check') {
      n.status = n.type === 'letter' ? 'accepted' : 'sending';
      n.sentAt = now;
    } else {
      n.status = n.finalStatus;
      n.completedAt = now;
    }
    save(n);
    if (isFinal(n)) sendReceipt(n);
  };

  const schedule = (n: SentNotification) => {
    if (isFinal(n)) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      step(n);
      schedule(n);
    }, stepDelayMs);
    timers.add(timer);
  };

  /** Notify's delivery receipt, retried on a 5xx, a 429 or no answer, as Notify retries. */
  const sendReceipt = (n: SentNotification) => {
    const target = callback;
    if (!target) return;
    const body = JSON.stringify({
      id: n.id,
      reference: n.reference,
      to: n.emailAddress ?? n.phoneNumber ?? null,
      status: n.status,
      created_at: n.createdAt,
      completed_at: n.completedAt,
      sent_at: n.sentAt,
      notification_type: n.type,
      template_id: n.templateId,
      template_version: n.templateId ? 1 : null,
    });
    const attempt = async () => {
      for (let tries = 0; tries < 5; tries++) {
        try {
          const answer = await fetch(target.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${target.bearerToken}` },
            body,
          });
          if (answer.status < 500 && answer.status !== 429) return;
        } catch {
          // no answer: try again
        }
        await new Promise((done) => setTimeout(done, 50 * 2 ** tries));
      }
      log({ level: 'WARN', message: 'notify stand-in gave up on a delivery receipt', id: n.id });
    };
    const running = attempt().finally(() => receipts.delete(running));
    receipts.add(running);
  };

  async function authenticate(request: IncomingMessage): Promise<void> {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!token)
      throw new NotifyProblem(401, 'AuthError', 'Unauthorized: authentication token must be provided');
    let claims: { iss?: unknown; iat?: unknown };
    try {
      claims = decodeJwt(token);
    } catch {
      throw new NotifyProblem(403, 'AuthError', 'Invalid token: signature, api token not found');
    }
    if (claims.iss !== serviceId)
      throw new NotifyProblem(403, 'AuthError', 'Invalid token: service not found');
    try {
      await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    } catch {
      throw new NotifyProblem(403, 'AuthError', 'Invalid token: signature, api token not found');
    }
    const iat = typeof claims.iat === 'number' ? claims.iat : Number.NaN;
    if (!(Math.abs(Date.now() / 1000 - iat) <= 30))
      throw new NotifyProblem(
        403,
        'AuthError',
        'Error: Your system clock must be accurate to within 30 seconds',
      );
  }

  function view(n: SentNotification) {
    return {
      id: n.id,
      reference: n.reference,
      ...(n.emailAddress ? { email_address: n.emailAddress } : {}),
      ...(n.phoneNumber ? { phone_number: n.phoneNumber } : {}),
      type: n.type,
      status: n.status,
      template: n.templateId
        ? { id: n.templateId, version: 1, uri: `${baseUrl}/v2/template/${n.templateId}/version/1` }
        : null,
      body: n.body,
      subject: n.subject ?? null,
      created_at: n.createdAt,
      created_by_name: null,
      sent_at: n.sentAt,
      completed_at: n.completedAt,
      scheduled_for: null,
      ...(n.postage ? { postage: n.postage } : {}),
      is_cost_data_ready: false,
    };
  }

  function create(type: NotificationType, body: Record<string, unknown>): [number, unknown] {
    const reference = body.reference === undefined ? null : String(body.reference);
    const now = new Date().toISOString();
    const id = randomUUID();
    if (type === 'letter') {
      if (body.template_id !== undefined)
        throw new NotifyProblem(400, 'BadRequestError', 'The local stand-in only takes precompiled letters');
      if (!reference) throw validation('reference is a required property');
      const content =
        typeof body.content === 'string' ? Buffer.from(body.content, 'base64') : Buffer.alloc(0);
      if (content.subarray(0, 5).toString('latin1') !== '%PDF-')
        throw validation('Letter content is not a valid PDF');
      const postage = typeof body.postage === 'string' ? body.postage : 'second';
      const letter: SentNotification = {
        id,
        reference,
        type,
        status: 'pending-virus-check',
        templateId: null,
        body: '',
        postage,
        createdAt: now,
        sentAt: null,
        completedAt: null,
        pdf: content.toString('base64'),
        finalStatus: 'received',
      };
      notifications.set(id, letter);
      save(letter);
      schedule(letter);
      return [201, { id, reference, postage }];
    }
    const templateId = String(body.template_id ?? '');
    if (!UUID.test(templateId)) throw validation('template_id is not a valid UUID');
    const personalisation = (body.personalisation ?? {}) as Record<string, unknown>;
    const subject = type === 'email' ? fill('((subject))', personalisation) : undefined;
    const text = fill('((body))', personalisation);
    let finalStatus = 'delivered';
    let recipient: Partial<SentNotification>;
    let smokeTest: boolean;
    if (type === 'email') {
      const email = String(body.email_address ?? '').trim();
      if (!EMAIL.test(email)) throw validation('email_address Not a valid email address');
      finalStatus = simulatedEmail[email.toLowerCase()] ?? 'delivered';
      smokeTest = smokeTestEmails.has(email.toLowerCase());
      recipient = { emailAddress: email };
    } else {
      const phone = normalisePhone(String(body.phone_number ?? ''));
      if (!/^07\d{9}$/.test(phone)) throw validation('phone_number Not a UK mobile number');
      finalStatus = simulatedPhone[phone] ?? 'delivered';
      smokeTest = smokeTestPhones.has(phone);
      recipient = { phoneNumber: phone };
    }
    const template = { id: templateId, version: 1, uri: `${baseUrl}/v2/template/${templateId}/version/1` };
    const answer =
      type === 'email'
        ? {
            id,
            reference,
            content: { body: text, subject, from_email: 'noise@notifications.local' },
            uri: `${baseUrl}/v2/notifications/${id}`,
            template,
          }
        : {
            id,
            reference,
            content: { body: text, from_number: 'ABATE' },
            uri: `${baseUrl}/v2/notifications/${id}`,
            template,
          };
    if (smokeTest) return [201, answer];
    const sent: SentNotification = {
      id,
      reference,
      type,
      status: 'created',
      templateId,
      ...recipient,
      ...(subject !== undefined ? { subject } : {}),
      body: text,
      createdAt: now,
      sentAt: null,
      completedAt: null,
      finalStatus,
    };
    notifications.set(id, sent);
    save(sent);
    schedule(sent);
    return [201, answer];
  }

  function list(url: URL): [number, unknown] {
    const type = url.searchParams.get('template_type');
    const status = url.searchParams.get('status');
    const reference = url.searchParams.get('reference');
    const olderThan = url.searchParams.get('older_than');
    let found = [...notifications.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (type) found = found.filter((n) => n.type === type);
    if (status) found = found.filter((n) => n.status === status);
    if (reference) found = found.filter((n) => n.reference === reference);
    if (olderThan) {
      const index = found.findIndex((n) => n.id === olderThan);
      found = index >= 0 ? found.slice(index + 1) : [];
    }
    const page = found.slice(0, PAGE_SIZE);
    const last = page.at(-1);
    return [
      200,
      {
        notifications: page.map(view),
        links: {
          current: `${baseUrl}${url.pathname}${url.search}`,
          ...(found.length > PAGE_SIZE && last
            ? { next: `${baseUrl}/v2/notifications?older_than=${last.id}` }
            : {}),
        },
      },
    ];
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    try {
      await authenticate(request);
      const method = request.method ?? 'GET';
      const created = /^\/v2\/notifications\/(email|sms|letter)$/.exec(url.pathname);
      if (method === 'POST' && created) {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        } catch {
          throw new NotifyProblem(400, 'BadRequestError', 'Invalid JSON supplied in POST data');
        }
        const [status, answer] = create(created[1] as NotificationType, body);
        send(status, answer);
        return;
      }
      if (method === 'GET' && url.pathname === '/v2/notifications') {
        const [status, answer] = list(url);
        send(status, answer);
        return;
      }
      const one = /^\/v2\/notifications\/([^/]+)(\/pdf)?$/.exec(url.pathname);
      if (method === 'GET' && one) {
        const id = one[1] ?? '';
        if (!UUID.test(id)) throw validation('notification_id is not a valid UUID');
        const n = notifications.get(id);
        if (!n) throw new NotifyProblem(404, 'NoResultFound', 'No result found');
        if (one[2]) {
          if (!n.pdf) throw new NotifyProblem(400, 'BadRequestError', 'Notification is not a letter');
          response.writeHead(200, { 'content-type': 'application/pdf' });
          response.end(Buffer.from(n.pdf, 'base64'));
          return;
        }
        send(200, view(n));
        return;
      }
      throw new NotifyProblem(404, 'NotFound', 'Not found');
    } catch (error) {
      if (error instanceof NotifyProblem) {
        send(error.status, {
          status_code: error.status,
          errors: [{ error: error.error, message: error.message }],
        });
        return;
      }
      log({ level: 'ERROR', message: 'notify stand-in failed', error: String(error) });
      send(500, { status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] });
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => done());
  });
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  // Messages a previous run left half-way carry on.
  for (const n of notifications.values()) schedule(n);

  return {
    url: baseUrl,
    apiKey: `abate_local-${serviceId}-${secret}`,
    setCallback(next) {
      callback = next;
    },
    sent: () => [...notifications.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    letterPdf: (id) => {
      const pdf = notifications.get(id)?.pdf;
      return pdf ? Buffer.from(pdf, 'base64') : undefined;
    },
    async settle() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const n of notifications.values()) {
        while (!isFinal(n)) step(n);
      }
      while (receipts.size > 0) await Promise.all([...receipts]);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...receipts]);
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
