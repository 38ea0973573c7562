/**
 * When a closed case's data goes, from the retention policy in force at closure: its recordings'
 * content first (audio and video, commonly 2 years), then everything personal (commonly 6 years).
 * Both are set when a case closes and cleared when it reopens.
 */
import type { NoiseCase } from '../model/case.ts';
import { addMonths } from '../time.ts';
import type { LifecycleDeps } from './deps.ts';

export function retentionDates(
  deps: Pick<LifecycleDeps, 'policy'>,
  at: string,
): Required<Pick<NoiseCase, 'retainUntil' | 'recordingsRetainUntil'>> {
  const { yearsAfterClosure, recordingYearsAfterClosure } = deps.policy.at(new Date(at)).retention;
  return {
    retainUntil: addMonths(new Date(at), 12 * yearsAfterClosure).toISOString(),
    recordingsRetainUntil: addMonths(new Date(at), 12 * recordingYearsAfterClosure).toISOString(),
  };
}

/** The patch that clears both when a closed case opens again. */
export const noRetention = { retainUntil: undefined, recordingsRetainUntil: undefined } as const;
