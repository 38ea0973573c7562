/**
 * Retry backoff as AWS computes it. The interpreter's own pause is overridden to zero for Task
 * states; the runtime pauses instead, scaled for tests and skipped for attempts a replay already
 * has in its journal.
 */
import type { Retrier } from './definitions.ts';

export interface RetryTracker {
  attempts: number[];
  pendingDelayMs: number;
}

/**
 * Mirrors the interpreter's choice of retrier for a failed attempt (first retrier whose
 * ErrorEquals matches; none once that one is spent) and records the backoff before the next.
 */
export function recordFailedAttempt(
  retriers: Retrier[],
  tracker: RetryTracker,
  errorName: string,
  isTimeout: boolean,
): void {
  for (const [index, retrier] of retriers.entries()) {
    const matches = retrier.ErrorEquals.some(
      (name) => name === errorName || name === 'States.ALL' || (name === 'States.TaskFailed' && !isTimeout),
    );
    if (!matches) continue;
    const attempts = tracker.attempts[index] ?? 0;
    if (attempts >= (retrier.MaxAttempts ?? 3)) return;
    tracker.attempts[index] = attempts + 1;
    tracker.pendingDelayMs = backoffMs(retrier, attempts);
    return;
  }
}

export function backoffMs(retrier: Retrier, attemptsSoFar: number): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const rate = retrier.BackoffRate ?? 2;
  let seconds = interval * rate ** attemptsSoFar;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = Math.random() * seconds;
  return seconds * 1000;
}
