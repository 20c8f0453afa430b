/**
 * The client's check of its numeric options, made when a Manager or a
 * Socket is created (so by io() too): a value that cannot work throws at
 * once, naming the option, instead of failing later far from its cause
 * ("25s" as a timeout fires at once; a negative delay reconnects in a loop).
 * Deliberately tiny (the bundle's budget): one list of names, one rule, one
 * message (short in the minified bundles: manager.messages.min.ts).
 *
 * Environment-neutral: no node:* imports.
 */
import { badOptionMessage } from "./manager.messages.js";

/**
 * The numeric options: counts first, which may be Infinity; then delays,
 * timeouts and the randomization factor, finite and within setTimeout's
 * range (a longer delay fires at once). `timeout` may also be false.
 */
const NUMERIC = "reconnectionAttempts retries reconnectionDelay reconnectionDelayMax randomizationFactor timeout ackTimeout".split(" ");

/**
 * Throws a TypeError (not a number) or a RangeError (negative, NaN, or not
 * finite where it must be) for the first numeric option that cannot work.
 * `undefined` and `null` mean the default.
 *
 * @example
 * checkOptions({ timeout: "20s" }); // TypeError: volley: option "timeout" must be a finite number >= 0 …, got "20s" (string)
 */
export function checkOptions(opts: object): void {
  NUMERIC.forEach((name, i) => {
    const value = (opts as Record<string, number>)[name];
    // Math.max(value, 0) is value itself only for a number >= 0 (Infinity too), never NaN or a
    // string; (`value >= 0` would do, but the minifier's unsafe_comps turns !(a >= b) into a < b, true for NaN)
    if (value != null && (value as unknown) !== false && !(Math.max(value, 0) === value && (i < 2 || value < 2 ** 31))) {
      throw new (typeof value == "number" ? RangeError : TypeError)(badOptionMessage(name, value));
    }
  });
}
