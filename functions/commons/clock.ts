/**
 * The one source of "now" for domain code. Lambdas use the system clock; the local stack and
 * tests move time forward with an offset so that 14-day and 6-month periods pass without sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that runs at real speed from a movable offset. Used by the local stack and tests. */
export class OffsetClock implements Clock {
  constructor(private offsetMs = 0) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }

  setOffset(ms: number): void {
    this.offsetMs = ms;
  }
}

/**
 * The process-wide clock used by handler wiring. In AWS nothing ever moves it; the local stack
 * (and only the local stack) advances it through `/_local/clock/advance`.
 */
export const processClock = new OffsetClock(0);
