/**
 * A council in Wales: each notice goes as one bilingual pack, the Welsh version first and then
 * the English, in one letter with one hash. The Welsh version's frame, headings, particulars
 * labels and dates are Welsh, and it says plainly that the full text is in the English version.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../delivery/pdf-text.ts';
import { caseView, caseWithPenalty } from '../support/lifecycle.ts';
import { startTestStack } from '../support/local-stack.ts';
import { servedCopies, ukDate } from './support.ts';

// The handlers read the council's configuration when they first need it, after this.
process.env.ABATE_COUNCIL_CONFIG = resolve(import.meta.dirname, 'fixtures/council.welsh.json');

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const months = [
  'Ionawr',
  'Chwefror',
  'Mawrth',
  'Ebrill',
  'Mai',
  'Mehefin',
  'Gorffennaf',
  'Awst',
  'Medi',
  'Hydref',
  'Tachwedd',
  'Rhagfyr',
];
/** A UK date in Welsh, written here from the English one rather than by the code under test. */
const welshDate = (iso: string) => {
  const [day, month, year] = ukDate(iso).split(' ');
  const english = new Date(`${month} 1, 2000`).getMonth();
  return `${day} ${months[english]} ${year}`;
};

interface Notice {
  noticeId: string;
  kind: string;
  complyBy: string;
  documentSha256?: string;
}

let served: Awaited<ReturnType<typeof caseWithPenalty>>;
let notices: Notice[];
let penalty: { penaltyRef: string; documentSha256?: string; dueBy: string; discountUntil: string };

beforeAll(async () => {
  served = await caseWithPenalty(env);
  const view = (await caseView(env, served.caseRef)) as unknown as {
    notices: Notice[];
    penalties: (typeof penalty)[];
  };
  notices = view.notices;
  penalty = view.penalties[0] as typeof penalty;
});

/** The pack's text split where the English version starts (its label, not the Welsh note's mention of it). */
function versions(text: string) {
  const start = text.search(/English version(?! that follows)/);
  expect(start, 'an English version after the Welsh').toBeGreaterThan(0);
  return { welsh: text.slice(0, start), english: text.slice(start) };
}

const noticeOfKind = (kind: string) => notices.find((n) => n.kind === kind) as Notice;

describe('a notice from a council in Wales', () => {
  it('is one letter: the Welsh version first, then the English, with the hash recorded at service', async () => {
    const warning = noticeOfKind('cpw');
    const { pdf, text } = await servedCopies(
      env,
      served.caseRef,
      warning.noticeId,
      warning.documentSha256,
      'communityProtectionWarning',
    );
    const { welsh, english } = versions(text);

    // The Welsh frame and labels.
    expect(welsh).toContain('Fersiwn Gymraeg');
    expect(welsh).toContain("Rhybudd Diogelu'r Gymuned");
    expect(welsh).toContain(
      'Deddf Ymddygiad Gwrthgymdeithasol, Troseddu a Phlismona 2014 (Anti-social Behaviour, Crime and Policing Act 2014), adran 43',
    );
    for (const label of [
      'Cyfeirnod',
      'Dyddiad',
      'Manylion',
      'Cyhoeddwyd gan',
      'Y Preswylydd',
      'Swyddog awdurdodedig',
    ]) {
      expect(welsh, label).toContain(label);
    }
    expect(welsh).toContain("Gofyniad 1 (rhoi'r gorau i wneud rhywbeth)");
    expect(welsh).toContain(`Amser i gydymffurfio Erbyn ${welshDate(warning.complyBy)}`);
    expect(welsh).toContain('Rydym yn croesawu gohebiaeth yn Gymraeg');
    // It says what is not yet in Welsh, in Welsh and in English.
    expect(welsh).toContain(
      'Nid oes cyfieithiad Cymraeg cymeradwy o destun llawn yr hysbysiad hwn ar gael eto',
    );
    expect(welsh).toContain(
      'No approved Welsh translation of the full text of this notice is available yet: the full text is in the English version that follows',
    );
    // The English version has the full text.
    expect(english).toContain('Community Protection Warning');
    expect(english).toContain('You are warned that you must:');
    expect(english).toContain('We welcome correspondence in Welsh');

    // A warning threatens no penalty, in either language.
    // (Welsh mutates: cosb/gosb is a penalty, trosedd/drosedd an offence; "Troseddu" in the Act's name is crime.)
    for (const threat of [
      /penalt/i,
      /offence/i,
      /prosecut/i,
      /£/,
      /\b[cg]osb/i,
      /\b[td]rosedd\b/i,
      /erlyn/i,
      /dirwy/i,
    ]) {
      expect(text).not.toMatch(threat);
    }
    const { pages, info } = await pdfText(pdf);
    expect(info.Title).toBe("Rhybudd Diogelu'r Gymuned / Community Protection Warning");
    expect(pages[0]).toContain('Tudalen 1 o');
    expect(pages[0]).toContain('Page 1 of');
  });

  it('a fixed penalty notice gives every s.52(6) particular with a Welsh label in the Welsh version', async () => {
    const { text } = await servedCopies(
      env,
      served.caseRef,
      penalty.penaltyRef,
      penalty.documentSha256,
      'fixedPenaltyNotice',
    );
    const { welsh, english } = versions(text);
    expect(welsh).toContain('Hysbysiad Cosb Benodedig');
    expect(welsh).toContain('adran 52');
    for (const row of [
      'Y drosedd Failing to comply with a Community Protection Notice',
      'Dyddiad ac amser y drosedd',
      'Lleoliad From the pavement outside the premises',
      'Amgylchiadau Amplified music audible from the street at 01:10',
      `Cyfnod pan na fydd achos yn cael ei ddwyn 14 diwrnod o ddyddiad yr hysbysiad hwn, hyd at ${welshDate(penalty.dueBy)}`,
      'Swm y gosb benodedig £100.00',
      `Swm is am dalu'n gynnar £75.00 os telir erbyn ${welshDate(penalty.discountUntil)}`,
      'Talu i Cyngor Sir Glanmor / Glanmor County Council',
      'Cyfeiriad ar gyfer talu',
      'Ffyrdd o dalu',
      'Talu ar-lein',
      'Swyddog dyroddi Officer Priya Shah',
    ]) {
      expect(welsh, row).toContain(row);
    }
    expect(english).toContain('Amount of the fixed penalty £100.00');
    expect(english).toContain(
      'This notice offers you the opportunity of discharging any liability to conviction',
    );
  });
});
