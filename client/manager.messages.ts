/**
 * The Manager's and the Socket's error messages. The minified browser
 * bundles use the twin manager.messages.min.ts instead (rollup.config.mjs
 * swaps every "*.messages.js" import for its "*.messages.min.js"), whose
 * texts are short (socket.io-client's where it has one); Node and the
 * non-minified socket.io.js keep these.
 *
 * Environment-neutral: no node:* imports.
 */

/**
 * The message of the error a connection attempt fails with when it took
 * longer than the `timeout` option (`ms`).
 *
 * @example
 * new Error(openTimeoutMessage(20000)); // "timeout: no connection after 20000 ms"
 */
export function openTimeoutMessage(ms: number): string {
  return `timeout: no connection after ${ms} ms`;
}

/**
 * The message of the error a connection attempt fails with when the engine
 * closed before its handshake ended (`reason`: the engine's close reason).
 *
 * @example
 * new Error(closedWhileOpeningMessage("parse error")); // "connection closed: parse error"
 */
export function closedWhileOpeningMessage(reason: string): string {
  return `connection closed: ${reason}`;
}

/**
 * The `connect_error` when the server's reply to CONNECT has no socket id:
 * most likely a Socket.IO v2 server, which this client cannot talk to.
 *
 * @example
 * new Error(NO_SID_MESSAGE);
 */
export const NO_SID_MESSAGE = "CONNECT reply without sid (a Socket.IO v2 server?)";

/**
 * The error of a numeric option that cannot work (client/check-options.ts).
 *
 * @example
 * badOptionMessage("timeout", "20s");
 * // 'volley: option "timeout" must be a finite number >= 0 (at most 2147483647), or false, got "20s" (string)'
 */
export function badOptionMessage(name: string, value: unknown): string {
  const accepts = /^(reconnectionAttempts|retries)$/.test(name)
    ? "a number >= 0 (Infinity for no limit)"
    : `a finite number >= 0 (at most ${2 ** 31 - 1})${name == "timeout" ? ", or false" : ""}`;
  return `volley: option "${name}" must be ${accepts}, got ${typeof value == "string" ? JSON.stringify(value) : String(value)} (${typeof value})`;
}
