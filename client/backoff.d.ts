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
export declare class Backoff {
    min: number;
    max: number;
    /** 0 (none) to 1: the largest share of the delay the randomness may add or remove. */
    jitter: number;
    factor: number;
    /** Injectable for tests; returns a number in [0, 1). */
    random: () => number;
    /** How many delays were handed out since the last reset. */
    attempts: number;
    constructor(min: number, max: number, 
    /** 0 (none) to 1: the largest share of the delay the randomness may add or remove. */
    jitter: number, factor?: number, 
    /** Injectable for tests; returns a number in [0, 1). */
    random?: () => number);
    /** The next delay in milliseconds; counts one attempt. */
    duration(): number;
    /** Starts over from `min` (after a successful connection). */
    reset(): void;
}
