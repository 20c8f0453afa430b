/**
 * The minified bundles' twin of errors.messages.ts: short texts.
 * rollup.config.mjs swaps it in for the minified browser bundles only.
 *
 * Environment-neutral: no node:* imports.
 */

/**
 * The hint of an HTTP 404, in short: the URL without its query.
 *
 * @example
 * notFoundHint("http://localhost:3000/socket.io/?EIO=4&transport=polling"); // " — wrong path? http://localhost:3000/socket.io/"
 */
export function notFoundHint(url: string | undefined): string {
  return " — wrong path? " + url?.split("?")[0];
}
