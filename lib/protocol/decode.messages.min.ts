/**
 * The minified bundles' twin of decode.messages.ts: the same codes, no texts
 * ("volley decode error 32") and no `cause` (the JSON parser's error, which
 * only fills a text). Look the code up in the table of
 * decode.messages.ts. rollup.config.mjs swaps it in for the minified
 * browser bundles only, whose client Decoder throws just the codes listed
 * there for the lean decoder; the server always has the full texts.
 *
 * Environment-neutral: no node:* imports.
 */
import { DecodeError } from "./errors.js";

/**
 * The DecodeError for `code`, without the text. Callers, type-checked against
 * the full twin, also pass its facts and cause: ignored here (terser then
 * drops them from the calls).
 *
 * @example
 * throw decodeError(32); // "volley decode error 32"
 */
export function decodeError(code: number): DecodeError {
  return new DecodeError("volley decode error " + code);
}
