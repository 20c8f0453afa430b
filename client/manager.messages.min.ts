/**
 * The minified bundles' twin of manager.messages.ts: short texts
 * (socket.io-client's where it has one). rollup.config.mjs swaps it in for
 * the minified browser bundles only.
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

/**
 * The engine's close reason alone, e.g. "parse error".
 *
 * @example
 * new Error(closedWhileOpeningMessage("parse error")); // "parse error"
 */
export function closedWhileOpeningMessage(reason: string): string {
  return reason;
}

/**
 * The `connect_error` when the server's reply to CONNECT has no socket id
 * (a Socket.IO v2 server), in short.
 *
 * @example
 * new Error(NO_SID_MESSAGE); // "no sid"
 */
export const NO_SID_MESSAGE = "no sid";

/**
 * The error of a numeric option that cannot work, in short: its name.
 *
 * @example
 * badOptionMessage("timeout", "20s"); // "bad option timeout"
 */
export function badOptionMessage(name: string, _value: unknown): string {
  return "bad option " + name;
}
