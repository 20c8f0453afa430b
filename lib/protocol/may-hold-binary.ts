/**
 * The encoder's "does this data hold binary?" pre-check, browser side: the
 * browser twin of may-hold-binary.node.ts (the rollup browser builds alias one
 * to the other). Node and the server use the exact walk of binary.ts
 * (hasBinary); the browser bundle trades a little speed for bytes with this
 * conservative check.
 *
 * False only when `value` surely holds no binary: then the encoder skips the
 * binary replacer. True when it may: binary found, or an object with a
 * `toJSON()` (a Date, say), whose result is not searched; the replacer, which
 * is exact, then decides. So a wrong "true" only costs speed, and the output
 * is always the same as with the exact walk. Like JSON.stringify, only own
 * enumerable values count.
 *
 * @example
 * mayHoldBinary(["file", { body: new ArrayBuffer(8) }]); // true
 * mayHoldBinary(["chat", { text: "hi" }]); // false
 * mayHoldBinary(["at", new Date()]); // true (the replacer then finds none)
 */
import { isBinary } from "./binary.js";

export function mayHoldBinary(value: unknown): boolean {
  return (
    !!value &&
    typeof value === "object" &&
    (isBinary(value) || typeof (value as { toJSON?: unknown }).toJSON === "function" || Object.values(value).some(mayHoldBinary))
  );
}
