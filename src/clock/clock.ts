/**
 * One clock for the whole service. Services that read the time inject `CLOCK` and call
 * `now()`; tests replace it with a `SettableClock` so a run never straddles UTC midnight and
 * "a week later" is one call. Durations measured for statistics may still use the monotonic
 * `performance.now()`; anything stored as a date or compared with stored dates uses this.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests set: it stands still at `time` and moves only when told to. */
export class SettableClock implements Clock {
  private current: number;

  constructor(time: Date | string = new Date()) {
    this.current = new Date(time).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(time: Date | string): void {
    this.current = new Date(time).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/** The UTC calendar date (YYYY-MM-DD) of a clock's now. */
export function utcToday(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}
