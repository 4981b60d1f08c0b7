// When a shown share hides for want of activity, and when the renderer tells main the custodian
// is still there. Main runs its own timer of the same length (so a frozen window still hides
// the share); each "still here" restarts it. Pings are throttled to a quarter of the period, so
// main may hide a share up to a quarter period early, never late. Time comes from the caller,
// so tests step it by hand.

export interface IdleWatchOptions {
  /** The plan's share hide seconds, in milliseconds. */
  readonly hideAfterMs: number;
}

export class IdleWatch {
  private lastActivity: number;
  private lastPing: number;
  private readonly pingEveryMs: number;

  /** `now` is when the share appeared: main started its timer then. */
  constructor(
    private readonly options: IdleWatchOptions,
    now: number,
  ) {
    this.lastActivity = now;
    this.lastPing = now;
    this.pingEveryMs = Math.max(1000, Math.floor(options.hideAfterMs / 4));
  }

  /** The custodian moved or typed. Returns true when main should hear "still here" now. */
  activity(now: number): boolean {
    this.lastActivity = Math.max(this.lastActivity, now);
    if (now - this.lastPing < this.pingEveryMs) return false;
    this.lastPing = now;
    return true;
  }

  /** "I am still here": a full period from now, and main hears it now. */
  extend(now: number): void {
    this.lastActivity = Math.max(this.lastActivity, now);
    this.lastPing = now;
  }

  /** Milliseconds until the share hides; zero or less means it is due now. */
  remaining(now: number): number {
    return this.lastActivity + this.options.hideAfterMs - now;
  }

  isIdle(now: number): boolean {
    return this.remaining(now) <= 0;
  }
}
