/**
 * Exponential backoff with jitter, for the Manager's reconnection delays.
 *
 * Environment-neutral: no node:* imports.
 */

/**
 * The delay before each reconnection attempt: `min * factor^attempt`, moved
 * up or down by at most `jitter` of itself so that many clients dropped at
 * the same moment do not all come back at the same moment, and capped at `max`.
 *
 * @example
 * const backoff = new Backoff(1000, 5000, 0.5);
 * backoff.duration(); // 500..1500
 * backoff.duration(); // 1000..3000
 * backoff.reset();
 */
export class Backoff {
  /** How many delays were handed out since the last reset. */
  attempts = 0;

  constructor(
    public min: number,
    public max: number,
    /** 0 (none) to 1: the largest share of the delay the randomness may add or remove. */
    public jitter: number,
    public factor = 2,
    /** Injectable for tests; returns a number in [0, 1). */
    public random: () => number = Math.random,
  ) {}

  /** The next delay in milliseconds; counts one attempt. */
  duration(): number {
    let ms = this.min * Math.pow(this.factor, this.attempts++);
    if (this.jitter) ms *= 1 + this.jitter * (2 * this.random() - 1);
    return Math.floor(Math.min(ms, this.max));
  }

  /** Starts over from `min` (after a successful connection). */
  reset(): void {
    this.attempts = 0;
  }
}
