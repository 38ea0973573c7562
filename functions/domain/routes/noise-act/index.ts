/**
 * The Noise Act 1996 night route (ss.2-10): a power, not a duty, for noise at night from a
 * dwelling or licensed premises. An officer serves a warning notice at night and records it
 * (`warning-notice.ts`); a measurement above the permitted level in its period is the offence
 * (s.4 dwellings, s.4A licensed premises, `exceedance.ts`), which a manager meets with a fixed
 * penalty (s.8, through the shared penalty phase), a prosecution, or no further action.
 *
 * The route runs beside the one the case is on: recording a warning notice moves nothing, and
 * only an offence takes the case to the offence decision (see `exceedance.ts` for when).
 */

import { runStep } from '../../lifecycle/step.ts';
import { getBreach } from '../../notices/breaches.ts';
import { limitationCheck } from '../../notices/offences.ts';
import { addWorkingDays } from '../../time.ts';
import type { RouteModule } from '../types.ts';
import { isLicensedPremises, NOISE_ACT, noiseActCovers, offenceSection } from './rules.ts';

export const noiseAct: RouteModule = {
  id: 'noise-act',
  title: NOISE_ACT,
  enforcement: true,
  phases: ['noise-act-offence'],
  notices: {
    'noise-act-warning': {
      title: 'Noise Act warning notice',
      // No workflow waits on a warning period: the exceedance request judges against the period
      // itself, so nothing ever waits under this kind and a breach of another notice never ends it.
      watchKind: 'noise-act-period',
      breachPhase: 'noise-act-offence',
      breachIsOffence: true,
      caseStatus: 'under-investigation',
    },
  },
  penalties: {
    'noise-act-warning': {
      statute: `${NOISE_ACT}, section 8`,
      offence: (c) =>
        isLicensedPremises(c)
          ? 'Emitting noise from licensed premises above the permitted level during the period of a warning notice (section 4A of the Noise Act 1996)'
          : 'Emitting noise from a dwelling above the permitted level during the period of a warning notice (section 4 of the Noise Act 1996)',
      amounts: (policy, c) => {
        const fp = policy.noiseAct.fixedPenalty;
        const licensed = isLicensedPremises(c);
        return {
          amountPence: licensed ? fp.licensedPremisesPence : fp.dwellingPence,
          discountedAmountPence: licensed
            ? fp.licensedPremisesEarlyPaymentPence
            : fp.dwellingEarlyPaymentPence,
          discountDays: fp.earlyPaymentDays,
          payWithinDays: fp.payWithinDays,
        };
      },
    },
  },
  // Triage cannot start the Noise Act (an officer uses it at night), but says whether it is open.
  triage: [
    {
      advice: (c) =>
        !noiseActCovers(c.sourceKind)
          ? `Noise Act 1996: not available: it covers noise from a dwelling or licensed premises only, and this source is ${c.sourceKind.replace('-', ' ')}.`
          : c.nightTimeComplaints > 0
            ? `Noise Act 1996: available (a power, not a duty): night-time noise from ${c.sourceKind === 'domestic' ? 'a dwelling' : 'licensed premises'} (${c.nightTimeComplaints} report${c.nightTimeComplaints === 1 ? '' : 's'} at night). An officer may serve a warning notice at night; noise above the permitted level after it is an offence (s.${offenceSection(c)}) with a fixed penalty.`
            : `Noise Act 1996: only for noise at night: no report on this case is about noise at night so far, though the source is ${c.sourceKind === 'domestic' ? 'a dwelling' : 'licensed premises'}.`,
    },
  ],
  tasks: {
    'noise-act-offence-decision': {
      title:
        'Decide what to do about a Noise Act offence (noise above the permitted level after a warning notice)',
      groups: ['manager'],
      outcomes: ['issue-fpn', 'prosecute', 'no-further-action'],
      due: (policy, from) => addWorkingDays(from, policy.noiseAct.offenceDecisionDueWorkingDays),
      onOverdue: 'escalate',
      check: limitationCheck(['prosecute']),
    },
  },
  steps: {
    /**
     * No further action on the offence: a case that was closed, or whose notice stays in force,
     * closes again; otherwise it goes back to triage, so the duty to investigate is never dropped.
     */
    async 'after-no-action'(deps, input) {
      const offenceId = input.context?.offenceId ?? undefined;
      const [c, offence] = await Promise.all([
        deps.store.get(input.caseRef),
        offenceId ? getBreach(deps, input.caseRef, offenceId) : undefined,
      ]);
      const live =
        c?.liveNotice !== undefined && Date.parse(c.liveNotice.liveUntil) > deps.clock.now().getTime();
      // Reopened by this very offence: it was closed before, and closes again.
      const reopenedForIt = offence !== undefined && c?.reopenedAt === offence.recordedAt;
      const close = live || reopenedForIt;
      await runStep(deps, input, 'noise-act-not-pursued', async () => ({
        type: 'NoiseActOffenceNotPursued',
        data: { offenceId: offenceId ?? null, returnsTo: close ? 'closed' : 'investigation' },
        ...(close ? {} : { patch: { status: 'under-investigation' as const } }),
      }));
      return { close };
    },
  },
};
