/**
 * The shape of a volley connection-state-recovery offset, in the one place
 * both the server (lib/recovery.ts, which makes and parses offsets) and the
 * client (which must tell an offset from an app's own trailing string) read.
 *
 * An offset is the server process's random prefix (6 random bytes in
 * base64url: 8 characters), a dot, and the event's sequence number in base36
 * (at most 11 digits: Number.MAX_SAFE_INTEGER). Environment-neutral.
 */

/** Random bytes in an offset's prefix (its base64url form is 8 characters). */
export const OFFSET_PREFIX_BYTES = 6;

/** An offset's exact shape; {@link isOffset} also checks the type. */
export const OFFSET_SHAPE = /^[\w-]{8}\.[0-9a-z]{1,11}$/;

/**
 * True when `value` has the exact shape of a volley offset. Says nothing
 * about whether a server still holds it.
 *
 * @example
 * isOffset("Zk3_aQ-1.2s"); // true
 * isOffset("hello"); // false
 */
export function isOffset(value: unknown): value is string {
  return typeof value === "string" && OFFSET_SHAPE.test(value);
}
