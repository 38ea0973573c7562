/**
 * Recording a Noise Act warning notice (s.3), served by an officer at night. It is refused unless
 * the source is a dwelling or licensed premises, the notice was served at night, and its period
 * starts at least 10 minutes after service and ends with the following 07:00 (UK time). The
 * permitted level for the background measured is recorded with it.
 *
 * The notice is its own item and never the case's live notice: the case stays on its route (its
 * CPN or abatement notice is still the one breaches are judged against), and the exceedance
 * request judges against the warning period directly.
 */
import { conflict, type FieldProblem, notFound, validationFailed } from '../../../commons/errors.ts';
import { hasApplied } from '../../case-store.ts';
import { hashForService } from '../../documents/service.ts';
import { outboxItem, toComplainants, toSource } from '../../letters/outbox.ts';
import { dayAndTime } from '../../letters/words.ts';
import { type Caller, type LifecycleDeps, staffActor } from '../../lifecycle/deps.ts';
import { applyChange, writeItems } from '../../lifecycle/step.ts';
import type { NoiseActWarningNoticeRequest } from '../../model/requests.ts';
import type { NoticeRecord, Recipient } from '../../notices/model.ts';
import { noticeIdFor, noticeItem, noticesOf, recipientAsPerson } from '../../notices/notices.ts';
import { peopleOf } from '../../people/parties.ts';
import { warningNoticeRecord, warningNoticeServed } from './letters.ts';
import {
  isLicensedPremises,
  isNight,
  NOISE_ACT,
  nightWords,
  noiseActCovers,
  offenceSection,
  permittedLevel,
  warningPeriodProblems,
} from './rules.ts';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

const sourceWords: Record<string, string> = {
  domestic: 'a dwelling',
  commercial: 'commercial premises',
  'licensed-premises': 'licensed premises',
  street: 'the street',
  vehicle: 'a vehicle',
  alarm: 'an alarm',
  construction: 'construction',
  other: 'another kind of source',
};

export async function recordWarningNotice(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  request: NoiseActWarningNoticeRequest,
) {
  const now = deps.clock.now();
  const servedAt = new Date(request.servedAt);
  if (servedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    throw validationFailed([
      { path: 'servedAt', message: 'The time the notice was served must not be in the future' },
    ]);
  const c = await deps.store.get(caseRef);
  if (!c) throw notFound('No case with that reference');
  if (c.mergedInto)
    throw conflict(
      'CASE_MERGED',
      `This case was merged into ${c.mergedInto}; record the warning notice there`,
    );
  if (c.status === 'closed')
    throw conflict(
      'CASE_CLOSED',
      'This case is closed: report the night-time noise first (a report reopens the case or opens a new one), then record the warning notice on the open case',
    );
  const policy = deps.policy.at(servedAt).noiseAct;
  if (!noiseActCovers(c.sourceKind)) {
    const night = isNight(servedAt, policy)
      ? ''
      : `, and only at night, ${nightWords(policy)}: this notice is recorded as served on ${dayAndTime(request.servedAt)}`;
    throw conflict(
      'NOISE_ACT_NOT_AVAILABLE',
      `A Noise Act warning notice cannot be served on this case: the Noise Act 1996 covers noise from a dwelling or licensed premises only, and this case is about noise from ${sourceWords[c.sourceKind] ?? c.sourceKind}${night}. Use the statutory nuisance route instead.`,
    );
  }
  const problems: FieldProblem[] = warningPeriodProblems(policy, request);
  if (problems.length)
    throw validationFailed(problems, 'The warning notice does not meet section 3 of the Noise Act 1996');

  const noticeId = noticeIdFor(`noise-act-warning:${caseRef}:${servedAt.toISOString()}`);
  const opId = `noise-act-warning:${noticeId}`;
  const existing = (await noticesOf(deps, c)).filter((n) => n.kind === 'noise-act-warning');
  const overlapping = existing.find(
    (n) =>
      n.noticeId !== noticeId &&
      n.period &&
      Date.parse(n.period.from) < Date.parse(request.period.until) &&
      Date.parse(request.period.from) < Date.parse(n.period.until),
  );
  if (overlapping?.period)
    throw conflict(
      'WARNING_PERIOD_RUNNING',
      `A warning notice served on ${dayAndTime(overlapping.servedAt)} already covers this time, until ${dayAndTime(overlapping.period.until)}: one warning period at a time`,
    );

  const at = now.toISOString();
  const people = await peopleOf(deps, c);
  const premises = people.source[0]?.address;
  if (!premises) throw new Error(`case ${caseRef} has no source address`);
  const served = request.servedOn ?? { kind: 'left-at-premises' as const };
  const recipient: Recipient =
    served.kind === 'left-at-premises'
      ? { kind: 'occupier', address: premises, enquiries: [] }
      : { kind: served.kind, name: served.name, address: premises };
  const permittedDb = permittedLevel(policy, request.backgroundDb);
  const premisesWord = isLicensedPremises(c) ? 'licensed premises' : 'dwelling';
  const notice: NoticeRecord = {
    noticeId,
    caseRef,
    kind: 'noise-act-warning',
    statute: `${NOISE_ACT}, section 3`,
    servedAt: servedAt.toISOString(),
    servedBy: { id: caller.id, ...(caller.name ? { name: caller.name } : {}) },
    recipient,
    requirements: [
      {
        id: 'r1',
        kind: 'stop',
        text: `Keep noise from the ${premisesWord} at or below the permitted level of ${permittedDb} dB(A) from ${dayAndTime(request.period.from)} until ${dayAndTime(request.period.until)}.`,
      },
    ],
    // Noise counts against the notice only within its period.
    complyBy: new Date(request.period.from).toISOString(),
    liveUntil: new Date(request.period.until).toISOString(),
    period: {
      from: new Date(request.period.from).toISOString(),
      until: new Date(request.period.until).toISOString(),
    },
    levels: { measuredDb: request.measuredDb, backgroundDb: request.backgroundDb, permittedDb },
    status: 'in-force',
  };
  const amounts = deps.policy.at(servedAt).noiseAct.fixedPenalty;
  const penaltyPence = isLicensedPremises(c) ? amounts.licensedPremisesPence : amounts.dwellingPence;
  if (!hasApplied(c, opId)) {
    const recipientPerson = recipientAsPerson(c, recipient, people.source[0], at);
    const record = warningNoticeRecord(recipientPerson, c, notice, penaltyPence, at);
    // The record posted is rendered once here: its hash is kept on the notice with the document.
    const served: NoticeRecord = { ...notice, ...(await hashForService(deps, record.document)) };
    const letters = [
      ...toSource(c, [recipientPerson], 'noiseActWarningNotice', () => record, opId, at),
      ...toComplainants(
        c,
        people.complainants,
        'noiseActWarningServed',
        (to) => warningNoticeServed(to, c, notice),
        opId,
        at,
      ),
    ];
    await writeItems(deps, opId, [
      {
        ...noticeItem(served),
        ...(request.measuredFrom ? { measuredFrom: request.measuredFrom } : {}),
        sourceKind: c.sourceKind,
      },
      ...letters.map(outboxItem),
    ]);
    await applyChange(deps, c, (current) =>
      hasApplied(current, opId)
        ? null
        : {
            event: {
              type: 'NoiseActWarningNoticeServed',
              at,
              actor: staffActor(caller),
              visibility: 'resident',
              data: {
                noticeId,
                statute: notice.statute,
                offenceSection: offenceSection(c),
                servedAt: notice.servedAt,
                period: notice.period,
                levels: notice.levels,
                recipient: recipient.kind,
                ...(served.documentSha256 ? { documentSha256: served.documentSha256 } : {}),
                messages: letters.map((m) => m.messageId),
                residentTitle: 'An officer served a Noise Act warning notice',
              },
              opId,
            },
            patch: { updatedAt: at },
          },
    );
  }
  return {
    caseRef,
    noticeId,
    statute: notice.statute,
    period: notice.period,
    levels: notice.levels,
    recipient: recipient.kind,
  };
}
