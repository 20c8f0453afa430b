/**
 * Exponential backoff with jitter, for the Manager's reconnection delays.
 *
 * Environment-neutral: no node:* imports.
 */

/** The Manager settings a delay is computed from (ManagerOptions' names; all set). */
export interface BackoffSettings {
  reconnectionDelay?: number;
  reconnectionDelayMax?: number;
  randomizationFactor?: number;
}

/**
 * The delay before reconnection attempt `attempt` (0 for the first):
 * `reconnectionDelay * 2^attempt`, moved up or down by at most
 * `randomizationFactor` (0..1) of itself so that many clients dropped at the
 * same moment do not all come back at the same moment, and capped at
 * `reconnectionDelayMax`.
 *
 * @param random - a number in [0, 1): `Math.random()` unless a test picks one
 *
 * @example
 * const settings = { reconnectionDelay: 1000, reconnectionDelayMax: 5000, randomizationFactor: 0.5 };
 * reconnectDelay(0, settings); // 500..1500
 * reconnectDelay(1, settings); // 1000..3000
 * reconnectDelay(1, settings, 0); // 1000
 */
export function reconnectDelay(attempt: number, settings: BackoffSettings, random = Math.random()): number {
  // (not rounded: timers take fractional delays)
  return Math.min(settings.reconnectionDelay! * 2 ** attempt * (1 + settings.randomizationFactor! * (2 * random - 1)), settings.reconnectionDelayMax!);
}
