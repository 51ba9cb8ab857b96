export interface RestartPolicy {
  /** Wait before the first restart; doubles with each further death inside `windowMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** More deaths than this inside `windowMs` and the part is given up on. */
  maxDeaths: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 15_000, maxDeaths: 5, windowMs: 120_000 };

/**
 * Counts the deaths of one part of the stack: a crash now and then is restarted at once,
 * a crash loop slows down, and a part that keeps dying is given up on (the supervisor then
 * stops everything with a clear message instead of flapping for ever).
 */
export class DeathCounter {
  private deaths: number[] = [];

  constructor(private readonly policy: RestartPolicy) {}

  record(now = Date.now()): { giveUp: boolean; delayMs: number; recent: number } {
    this.deaths.push(now);
    this.deaths = this.deaths.filter((t) => t >= now - this.policy.windowMs);
    const recent = this.deaths.length;
    return {
      giveUp: recent > this.policy.maxDeaths,
      delayMs: Math.min(this.policy.firstDelayMs * 2 ** (recent - 1), this.policy.maxDelayMs),
      recent,
    };
  }

  describe(recent: number): string {
    return `${recent} times in ${Math.round(this.policy.windowMs / 1000)} s`;
  }
}
