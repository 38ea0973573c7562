/**
 * Notices served as documents, over HTTP on the local stack: each notice's PDF carries the
 * particulars its statute requires, and the SHA-256 recorded when it was served is the hash of
 * the PDF GOV.UK Notify was given to post and of the PDF staff download.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councilConfig } from '../../functions/config/council.ts';
import {
  followingLondonHour,
  londonInstant,
  londonWallClock,
} from '../../functions/domain/routes/noise-act/rules.ts';
import { pdfText } from '../delivery/pdf-text.ts';
import {
  advanceDays,
  asStaff,
  caseView,
  caseWithNotice,
  caseWithWarning,
  decide,
  localNow,
  openCase,
  recordBreach,
} from '../support/lifecycle.ts';
import { startTestStack } from '../support/local-stack.ts';
import { download, servedCopies, ukDate, ukTime } from './support.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const DAY = 86_400_000;
const council = councilConfig();

interface ServedNotice {
  noticeId: string;
  kind: string;
  servedAt: string;
  complyBy: string;
  appealUntil?: string;
  documentSha256?: string;
}

async function noticeOf(caseRef: string, kind: string): Promise<ServedNotice> {
  const view = (await caseView(env, caseRef)) as unknown as { notices: ServedNotice[] };
  const notice = view.notices.find((n) => n.kind === kind);
  expect(notice, `a ${kind} on ${caseRef}`).toBeDefined();
  return notice as ServedNotice;
}

describe('a fixed penalty notice', () => {
  it('carries every s.52(6) particular, dated by the witnessed breach, and the hash on the penalty is that of the PDF Notify received and staff download', async () => {
    const { caseRef } = await caseWithNotice(env);
    await advanceDays(env, 10);
    // Witnessed two days before the penalty is issued: the offence date is the breach's, not the notice's.
    const witnessedAt = new Date(localNow().getTime() - 2 * DAY).toISOString();
    const breach = await recordBreach(env, caseRef, {
      witnessedAt,
      location: 'From the pavement outside the premises',
      description: 'Amplified music with a heavy bass line, audible across the street',
    });
    expect(breach.body).toMatchObject({ counts: true, actedOn: true });
    await decide(env, caseRef, 'cpn-breach-decision', 'issue-fpn', { name: 'Officer Priya Shah' });
    const view = (await caseView(env, caseRef)) as unknown as {
      penalties: {
        penaltyRef: string;
        documentSha256?: string;
        issuedAt: string;
        dueBy: string;
        discountUntil: string;
      }[];
      timeline: { type: string; data: Record<string, unknown> }[];
    };
    const penalty = view.penalties[0];
    if (!penalty) throw new Error('no penalty was issued');
    // The audit trail keeps the hash too.
    expect(view.timeline.find((e) => e.type === 'FixedPenaltyIssued')?.data.documentSha256).toBe(
      penalty.documentSha256,
    );

    const { letter, pdf, text } = await servedCopies(
      env,
      caseRef,
      penalty.penaltyRef,
      penalty.documentSha256,
      'fixedPenaltyNotice',
    );
    // The text body stays on the letter for staff reading.
    expect(letter.body).toContain('FIXED PENALTY NOTICE');

    const cpn = await noticeOf(caseRef, 'cpn');
    const payee = council.fixedPenalties;
    const publicUrl = (process.env.ABATE_WEB_URL ?? council.publicUrl).replace(/\/$/, '');
    expect(text).toContain('Fixed Penalty Notice');
    expect(text).toContain('Anti-social Behaviour, Crime and Policing Act 2014, section 52');
    for (const [label, value] of [
      // the offence and its circumstances
      ['The offence', 'Failing to comply with a Community Protection Notice (section 48 of the Anti-social'],
      ['Notice the offence relates to', `Community Protection Notice served on ${ukDate(cpn.servedAt)}`],
      ['Date and time of the offence', `${ukDate(witnessedAt)} at ${ukTime(witnessedAt)}`],
      ['Place', 'From the pavement outside the premises'],
      ['Circumstances', 'Amplified music with a heavy bass line, audible across the street'],
      // the period in which no proceedings will be taken
      [
        'Period in which no proceedings will be taken',
        `14 days from the date of this notice, until ${ukDate(penalty.dueBy)}`,
      ],
      // the amount, and the lower amount for early payment
      ['Amount of the fixed penalty', '£100.00'],
      ['Lower amount for early payment', `£75.00 if paid by ${ukDate(penalty.discountUntil)}`],
      // to whom and at what address it may be paid, and how
      ['Pay to', payee.payeeName],
      ['Address for payment', [...payee.payeeAddress.lines, payee.payeeAddress.postcode].join(', ')],
      ['Ways to pay', `• ${payee.paymentMethods[0]?.text ?? ''}`],
      ['Pay online', `${publicUrl}/pay?notice=${penalty.penaltyRef}`],
      // and who issued it
      ['Issuing officer', 'Officer Priya Shah'],
    ] as const) {
      // A long link wraps after its `?` on the page: read it back as one.
      expect(text.replace(/\?\s+/g, '?'), label).toContain(`${label} ${value}`);
    }
    for (const method of payee.paymentMethods) expect(text).toContain(method.text);
    expect(text).toContain(`Notice number ${penalty.penaltyRef}`);
    expect(text).toContain('Authorised officer');
    // Dated the day it was issued, which is not the day of the offence.
    expect(text).toContain(`Date: ${ukDate(penalty.issuedAt)}`);
    expect(ukDate(penalty.issuedAt)).not.toBe(ukDate(witnessedAt));

    const { sizes } = await pdfText(pdf);
    expect(sizes.every(([w, h]) => w === 595 && h === 842)).toBe(true);
    expect(sizes.length).toBeLessThanOrEqual(10);
  });
});

describe('a Community Protection Notice', () => {
  it('states its requirements, time to comply, the 21-day appeal right, what an appeal suspends and the bodies informed, and its recorded hash is that of the PDF posted and downloaded', async () => {
    const { caseRef } = await caseWithNotice(env, {
      partnersInformed: ['Northmoor Police', 'Northmoor Homes'],
      requirements: [
        { kind: 'stop', text: 'Stop playing amplified music after 23:00.' },
        { kind: 'do', text: 'Fit the speakers with a limiter set by an engineer.' },
      ],
    });
    const notice = await noticeOf(caseRef, 'cpn');
    const { text } = await servedCopies(
      env,
      caseRef,
      notice.noticeId,
      notice.documentSha256,
      'communityProtectionNotice',
    );

    expect(text).toContain('Community Protection Notice');
    expect(text).toContain('Anti-social Behaviour, Crime and Policing Act 2014, section 43');
    expect(text).toContain(
      'Requirement 1 (to stop doing something) Stop playing amplified music after 23:00.',
    );
    expect(text).toContain(
      'Requirement 2 (to do something) Fit the speakers with a limiter set by an engineer.',
    );
    expect(text).toContain(`Time to comply By ${ukDate(notice.complyBy)}`);
    expect(text).toContain(
      `Right of appeal To a magistrates' court within 21 days of the date of this notice, that is by ${ukDate(notice.appealUntil ?? '')} (section 46)`,
    );
    expect(text).toContain(
      'While an appeal is pending Requirements to do something are suspended; requirements to stop doing something remain in force (section 46)',
    );
    expect(text).toContain(
      'Bodies informed before this notice (section 43(6)) Northmoor Police, Northmoor Homes',
    );
    expect(text).toContain(
      'Failing to comply with this notice without reasonable excuse is an offence (section 48)',
    );
    expect(text).toContain('Issuing officer');
  });
});

describe('a Community Protection Warning', () => {
  it('gives requirements and time to comply, warns only that a notice may follow, and threatens no penalty', async () => {
    const { caseRef } = await caseWithWarning(env);
    const notice = await noticeOf(caseRef, 'cpw');
    const { text } = await servedCopies(
      env,
      caseRef,
      notice.noticeId,
      notice.documentSha256,
      'communityProtectionWarning',
    );

    expect(text).toContain('Community Protection Warning');
    expect(text).toContain('Requirement 1 (to stop doing something)');
    expect(text).toContain(`Time to comply By ${ukDate(notice.complyBy)}`);
    expect(text).toContain('the council may serve a Community Protection Notice');
    for (const threat of [/penalt/i, /offence/i, /prosecut/i, /\bfines?\b/i, /£/, /court/i, /conviction/i]) {
      expect(text).not.toMatch(threat);
    }
  });
});

describe('an abatement notice', () => {
  it('carries the requirements, the 21-day appeal right and the regulation 3 statement, and its recorded hash is that of the PDF posted and downloaded', async () => {
    const { caseRef } = await openCase(env);
    await decide(env, caseRef, 'triage', 'investigate-nuisance', { group: 'caseworker' });
    await decide(env, caseRef, 'nuisance-decision', 'nuisance-exists', {
      group: 'caseworker',
      name: 'Officer Sam Green',
      details: {
        suspendedOnAppeal: true,
        requirements: [{ kind: 'stop', text: 'Stop the amplified music.' }],
      },
    });
    const notice = await noticeOf(caseRef, 'abatement-notice');
    const { text } = await servedCopies(
      env,
      caseRef,
      notice.noticeId,
      notice.documentSha256,
      'abatementNotice',
    );

    expect(text).toContain('Abatement Notice');
    expect(text).toContain('Environmental Protection Act 1990, section 80');
    expect(text).toContain('Requirement 1 Stop the amplified music.');
    expect(text).toContain(`Time to comply By ${ukDate(notice.complyBy)}`);
    expect(text).toContain(
      `Right of appeal To a magistrates' court within 21 days of the date of this notice, that is by ${ukDate(notice.appealUntil ?? '')} (section 80(3))`,
    );
    expect(text).toContain(
      'Whether an appeal suspends this notice (regulation 3) If you appeal, this notice is suspended until the appeal is abandoned or decided by the court (Statutory Nuisance (Appeals) Regulations 1995, regulation 3).',
    );
    expect(text).toContain('There is no fixed penalty for this offence.');
    expect(text).toContain('Officer Sam Green');
  });
});

describe('a Noise Act warning notice record', () => {
  it('records the period, the levels and the penalty that may follow, and the hash kept on the notice is that of the PDF posted and downloaded', async () => {
    const now = localNow();
    await env.stack.advanceClock(followingLondonHour(now, 9).getTime() - now.getTime() + 60_000);
    const { caseRef } = await openCase(env);
    const { date } = londonWallClock(localNow());
    const yesterday = new Date(Date.parse(`${date}T12:00:00Z`) - DAY).toISOString().slice(0, 10);
    const servedAt = new Date(londonInstant(yesterday, 23).getTime() + 30 * 60_000);
    const from = new Date(servedAt.getTime() + 10 * 60_000);
    const until = londonInstant(date, 7);
    const recorded = await asStaff(
      env,
      'caseworker',
      'POST',
      `/cases/${caseRef}/noise-act/warning-notices`,
      {
        servedAt: servedAt.toISOString(),
        measuredDb: 48,
        backgroundDb: 30,
        period: { from: from.toISOString(), until: until.toISOString() },
        servedOn: { kind: 'person', name: 'Jo Occupier' },
      },
      'Officer Kim Night',
    );
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    await env.stack.settle();
    const notice = await noticeOf(caseRef, 'noise-act-warning');
    const { text } = await servedCopies(
      env,
      caseRef,
      notice.noticeId,
      notice.documentSha256,
      'noiseActWarningNotice',
    );

    expect(text).toContain('Warning Notice: Record of Service');
    expect(text).toContain('Noise Act 1996, section 3');
    expect(text).toContain(
      `Warning period From ${ukDate(from.toISOString())} at ${ukTime(from.toISOString())} until ${ukDate(until.toISOString())} at 07:00`,
    );
    expect(text).toContain('Permitted level 40 dB(A)');
    expect(text).toContain('Fixed penalty that may be offered (section 8) £100.00');
    expect(text).toContain('Jo Occupier');
    expect(text).toContain('Officer Kim Night');
  });
});

describe('downloading a notice', () => {
  it('is refused to a facilitator while the case is not referred to restorative justice, and to anyone for a notice of another case', async () => {
    const { caseRef } = await caseWithWarning(env);
    const notice = await noticeOf(caseRef, 'cpw');
    const refused = await download(env, caseRef, notice.noticeId, 'facilitator');
    expect(refused.status).toBe(403);
    expect(refused.json?.error.code).toBe('FORBIDDEN');
    expect(refused.bytes.toString('utf8')).not.toContain('%PDF');

    expect((await download(env, caseRef, notice.noticeId, 'manager')).status).toBe(200);

    const other = await caseWithWarning(env);
    expect((await download(env, other.caseRef, notice.noticeId)).status).toBe(404);
    expect((await download(env, caseRef, 'ntc_0000000000000000')).status).toBe(404);
    expect((await download(env, caseRef, 'not-a-notice')).status).toBe(400);
  });

  it('is allowed to a facilitator once the case is referred to restorative justice', async () => {
    const { caseRef } = await caseWithWarning(env);
    const notice = await noticeOf(caseRef, 'cpw');
    await advanceDays(env, 8);
    const breach = await recordBreach(env, caseRef);
    expect(breach.body).toMatchObject({ counts: true, actedOn: true });
    await decide(env, caseRef, 'cpn-decision', 'restorative');
    const allowed = await download(env, caseRef, notice.noticeId, 'facilitator');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('x-document-sha256')).toBe(notice.documentSha256);
  });

  it('after the retention period the document is gone with the other personal data, and its hash stays on the notice', async () => {
    const { caseRef } = await caseWithWarning(env, { name: 'Kept Nowhere' });
    const notice = await noticeOf(caseRef, 'cpw');
    await advanceDays(env, 15);
    expect((await caseView(env, caseRef)).case.status).toBe('closed');
    await advanceDays(env, 6 * 365 + 3);
    const view = await caseView(env, caseRef);
    expect(view.timeline.map((e) => e.type)).toContain('PeopleAnonymised');
    const text = JSON.stringify(view);
    expect(text).not.toContain('Test Road');
    expect(text).not.toContain('Stop causing');
    expect((await noticeOf(caseRef, 'cpw')).documentSha256).toBe(notice.documentSha256);
    const gone = await download(env, caseRef, notice.noticeId);
    expect(gone.status).toBe(410);
    expect(gone.json?.error.code).toBe('DOCUMENT_REMOVED');
  });
});
