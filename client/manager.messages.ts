/**
 * The Manager's error messages. The minified browser bundles use the twin
 * manager.messages.min.ts instead (rollup.config.mjs swaps every
 * "*.messages.js" import for its "*.messages.min.js"), whose texts are
 * socket.io-client's short ones; Node and the non-minified socket.io.js keep
 * these.
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
