/**
 * Exponential backoff with jitter, for the Manager's reconnection delays.
 *
 * Environment-neutral: no node:* imports.
 */

/**
 * The delay before reconnection attempt `attempt` (0 for the first):
 * `min * 2^attempt`, moved up or down by at most `jitter` (0..1) of itself so
 * that many clients dropped at the same moment do not all come back at the
 * same moment, and capped at `max`.
 *
 * @param random - a number in [0, 1), `Math.random()` (passed in so tests can pick it)
 *
 * @example
 * reconnectDelay(0, 1000, 5000, 0.5, Math.random()); // 500..1500
 * reconnectDelay(1, 1000, 5000, 0.5, Math.random()); // 1000..3000
 * reconnectDelay(9, 1000, 5000, 0, Math.random()); // 5000
 */
export function reconnectDelay(attempt: number, min: number, max: number, jitter: number, random: number): number {
  return Math.floor(Math.min(min * 2 ** attempt * (1 + jitter * (2 * random - 1)), max));
}
