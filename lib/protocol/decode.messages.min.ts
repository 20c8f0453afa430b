/**
 * The minified bundles' twin of decode.messages.ts: the same codes, no texts
 * ("volley decode error 9"). Look the code up in the table of
 * decode.messages.ts. rollup.config.mjs swaps it in for the minified
 * browser bundles only.
 *
 * Environment-neutral: no node:* imports.
 */
import { DecodeError } from "./errors.js";

/**
 * The DecodeError for `code`, without the text.
 *
 * @example
 * throw decodeError(9); // "volley decode error 9"
 */
export function decodeError(code: number, _a?: unknown, _b?: unknown, cause?: unknown): DecodeError {
  return new DecodeError("volley decode error " + code, { cause });
}
