/**
 * Hints the TransportError adds to its message. The minified browser
 * bundles use the twin errors.messages.min.ts (rollup.config.mjs swaps
 * every "*.messages.js" import for its "*.messages.min.js"), with short
 * texts; Node and the readable socket.io.js keep these.
 *
 * Environment-neutral: no node:* imports.
 */

/**
 * The hint of an HTTP 404: nothing is mounted at the requested path, most
 * likely because the client's `path` option is not the server's.
 * `url` is the request's (a Response's `url`).
 *
 * @example
 * notFoundHint("http://localhost:3000/socket.io/?EIO=4&transport=polling");
 * // ' — nothing answers at /socket.io/ on http://localhost:3000; is the server\'s "path" option the same?'
 */
export function notFoundHint(url: string | undefined): string {
  let where = "";
  try {
    const { pathname, origin } = new URL(url!);
    where = ` at ${pathname} on ${origin}`;
  } catch {
    // a test double's Response may have no url: the hint goes without it
  }
  return ` — nothing answers${where}; is the server's "path" option the same?`;
}
