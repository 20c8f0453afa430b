/**
 * Which trailing string of an incoming event is a recovery offset, for the
 * two servers the client speaks to. The client strips it from the listener's
 * arguments and sends it back on reconnection.
 *
 * The client cannot know whether an event was volatile (servers store and
 * number only non-volatile events without an ack), so it trusts the shape
 * alone and strips only what is, with near certainty, an offset: an app's
 * own trailing string such as "hello" is never taken, never lost.
 * - volley: `OFFSET_SHAPE` (8 base64url characters, ".", base36 digits).
 * - socket.io 4's in-memory adapter: a yeast id, the emit's Date.now() in a
 *   64-character alphabet (7 characters until 2109), maybe ".seed". A random
 *   7-character string has that shape too, so it must also decode to within
 *   a day of this client's clock. A client whose clock is off by more than
 *   that sees socket.io's offsets in its listeners' arguments (as
 *   socket.io-client always does) and reconnects without recovery.
 * Other adapters' offsets (Redis streams, Mongo…) are left alone the same way.
 *
 * Environment-neutral.
 */
import { OFFSET_SHAPE } from "../lib/protocol/offset.js";

const YEAST_SHAPE = /^[\w-]{7}(\.[\w-]{1,11})?$/;
/** How far a socket.io offset's timestamp may be from the client's clock (ms). */
const SOCKET_IO_CLOCK_SKEW = 86_400_000;

/**
 * True when `value` is a recovery offset of a volley or socket.io 4 server.
 *
 * @example
 * isRecoveryOffset("Zk3_aQ-1.2s"); // true (volley)
 * isRecoveryOffset("hello"); // false: an app argument
 */
export function isRecoveryOffset(value: unknown, now = Date.now()): value is string {
  if (typeof value !== "string") return false;
  // the two shapes exclude each other (8 characters before a dot there, 7 here)
  if (!YEAST_SHAPE.test(value)) return OFFSET_SHAPE.test(value);
  let ms = 0;
  // yeast's digits "0-9A-Za-z-_" are 0..63: base 36 reads 0-9 and A-Z (and a-z, 26 too low)
  for (const c of value.slice(0, 7)) ms = ms * 64 + (c === "-" ? 62 : c === "_" ? 63 : parseInt(c, 36) + (c > "_" ? 26 : 0));
  return Math.abs(ms - now) <= SOCKET_IO_CLOCK_SKEW;
}
