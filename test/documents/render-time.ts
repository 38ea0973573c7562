/**
 * How long rendering one notice to PDF takes: `npx tsx test/documents/render-time.ts [runs]`.
 * Prints the import of the renderer, the first render in a fresh process (pdfmake loads its
 * fonts) and the median and 90th percentile of later renders, wall clock and CPU, for an English
 * fixed penalty notice and for the Welsh-and-English pack a council in Wales sends.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SAMPLE_COUNCIL_CONFIG } from '../../functions/config/council.ts';
import type { Penalty } from '../../functions/domain/model/workflow.ts';

const runs = Number(process.argv[2] ?? 20);

const importStarted = performance.now();
const { renderPdf } = await import('../../functions/domain/documents/pdf.ts');
const { fixedPenaltyNoticeDocument } = await import('../../functions/domain/routes/penalty/letters.ts');
const importMs = performance.now() - importStarted;

const penalty: Penalty = {
  penaltyRef: 'FPN-2026-000042-AB12',
  caseRef: 'NN-2026-000042',
  statute: 'Anti-social Behaviour, Crime and Policing Act 2014, section 52',
  amountPence: 10_000,
  discountedAmountPence: 7_500,
  discountUntil: '2026-12-06T10:00:00Z',
  dueBy: '2026-12-10T10:00:00Z',
  prosecutionLimitationDate: '2027-05-21T23:40:00Z',
  offenceAt: '2026-11-21T23:40:00Z',
  issuedAt: '2026-11-26T10:00:00Z',
  status: 'unpaid',
  remindersSent: 0,
  paidPence: 0,
};
const content = () =>
  fixedPenaltyNoticeDocument(
    { address: { line1: 'Flat 3, 12 Mare Street', town: 'Northmoor', postcode: 'NM2 4QT' } },
    { caseRef: penalty.caseRef },
    {
      penalty,
      offence:
        'Failing to comply with a Community Protection Notice (section 48 of the Anti-social Behaviour, Crime and Policing Act 2014)',
      breach: undefined,
      noticeServedAt: '2026-10-02T10:00:00Z',
      noticeKind: 'cpn',
      officer: 'Officer Priya Shah',
    },
  );

process.env.ABATE_COUNCIL_CONFIG = SAMPLE_COUNCIL_CONFIG;
const english = content();
process.env.ABATE_COUNCIL_CONFIG = resolve(import.meta.dirname, 'fixtures/council.welsh.json');
const welshPack = content();

async function time(document: Parameters<typeof renderPdf>[0]) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const { bytes } = await renderPdf(document);
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000, bytes: bytes.length };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
};

const first = await time(english);
console.log(`import of the renderer: ${importMs.toFixed(0)} ms`);
console.log(
  `first render in this process (fonts load): ${first.wallMs.toFixed(0)} ms wall, ${first.cpuMs.toFixed(0)} ms CPU, ${first.bytes} bytes`,
);
for (const [name, document] of [
  ['English FPN', english],
  ['Welsh + English FPN pack', welshPack],
] as const) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await time(document));
  const wall = samples.map((s) => s.wallMs);
  const cpu = samples.map((s) => s.cpuMs);
  console.log(
    `${name}: median ${percentile(wall, 0.5).toFixed(0)} ms wall (p90 ${percentile(wall, 0.9).toFixed(0)}), median ${percentile(cpu, 0.5).toFixed(0)} ms CPU, ${samples[0]?.bytes} bytes, ${runs} runs`,
  );
}
