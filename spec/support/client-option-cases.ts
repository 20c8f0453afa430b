/**
 * The client's numeric options that cannot work and forms that do, shared
 * by the specs of the source client (spec/client/options-check.spec.ts) and
 * of the minified bundle (spec/bundle/min-bundle-client.spec.ts).
 */

export type Refused = [option: string, value: unknown, error: typeof TypeError | typeof RangeError];

/** One or more bad values per numeric option. */
export const REFUSED_CLIENT_OPTIONS: Refused[] = [
  ["reconnectionAttempts", "10", TypeError],
  ["reconnectionAttempts", -1, RangeError],
  ["reconnectionAttempts", NaN, RangeError],
  ["retries", "3", TypeError],
  ["retries", -2, RangeError],
  ["reconnectionDelay", "1s", TypeError],
  ["reconnectionDelay", -1000, RangeError],
  ["reconnectionDelay", Infinity, RangeError],
  ["reconnectionDelayMax", true, TypeError],
  ["reconnectionDelayMax", 2 ** 31, RangeError],
  ["randomizationFactor", "0.5", TypeError],
  ["randomizationFactor", -0.5, RangeError],
  ["timeout", "20s", TypeError],
  ["timeout", Infinity, RangeError],
  ["timeout", NaN, RangeError],
  ["ackTimeout", "5s", TypeError],
  ["ackTimeout", -1, RangeError],
];

/** Values that work, each on its own: the defaults' forms, limits off, zeroes. */
export const ACCEPTED_CLIENT_OPTIONS: Array<Record<string, unknown>> = [
  {},
  { reconnectionAttempts: Infinity, retries: Infinity, timeout: false },
  { reconnectionAttempts: 0, retries: 0, reconnectionDelay: 0, reconnectionDelayMax: 0, randomizationFactor: 0, timeout: 0, ackTimeout: 0 },
  { reconnectionDelay: 2 ** 31 - 1, randomizationFactor: 1, ackTimeout: 10000 },
  { timeout: undefined, reconnectionDelay: null },
];

