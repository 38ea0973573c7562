/**
 * Offences: a counting breach of a notice whose breach is an offence (a CPN, an abatement notice),
 * or a Noise Act exceedance. Summary proceedings must start within six months of the offence
 * (Magistrates' Courts Act 1980 s.127), so a decision to prosecute after that date is refused.
 */
import { conflict } from '../../commons/errors.ts';
import { day } from '../letters/words.ts';
import type { TaskKind } from '../routes/types.ts';
import { getBreach } from './breaches.ts';

export function limitationCheck(outcomes: readonly string[]): NonNullable<TaskKind['check']> {
  return async (deps, task, decision) => {
    if (!outcomes.includes(decision.outcome)) return;
    const offenceId = task.context?.offenceId;
    if (!offenceId) return;
    const offence = await getBreach(deps, task.caseRef, offenceId);
    if (!offence?.limitationDate) return;
    if (Date.parse(offence.limitationDate) < deps.clock.now().getTime())
      throw conflict(
        'LIMITATION_PERIOD_ENDED',
        `Proceedings for this offence (${day(offence.witnessedAt)}) had to start by ${day(offence.limitationDate)} (Magistrates' Courts Act 1980 s.127). It can no longer be prosecuted: choose another outcome.`,
      );
  };
}
