/**
 * The minified bundles' twin of manager.messages.ts: socket.io-client's
 * short texts. rollup.config.mjs swaps it in for the minified browser
 * bundles only.
 *
 * Environment-neutral: no node:* imports.
 */

/**
 * "timeout", as socket.io-client says it.
 *
 * @example
 * new Error(openTimeoutMessage(20000)); // "timeout"
 */
export function openTimeoutMessage(_ms: number): string {
  return "timeout";
}
