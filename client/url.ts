/**
 * Turns what the app passed to `io()` into a URL: the engine's origin, the
 * namespace and the query.
 *
 * Environment-neutral: `URL` exists in browsers and in Node.
 */

/** The parts of `window.location` used here (injectable for tests). */
export interface LocationLike {
  protocol: string;
  host: string;
  href: string;
}

/**
 * Parses `uri`, relative to the page's location `loc` when there is one
 * (`io()` passes `globalThis.location`): no URI means the page's own origin,
 * "/admin" its namespace "/admin", and a URI without a scheme gets the page's
 * scheme (https outside a page). ws/wss become http/https: the engine picks
 * the WebSocket scheme itself. What `io()` reads: `origin` (scheme, host and
 * port unless it is the scheme's default: what the engine connects to),
 * `pathname` (the namespace) and `searchParams` (the query).
 *
 * @example
 * const url = parseUri("ws://localhost:3000/admin?x=1");
 * // url.origin "http://localhost:3000", url.pathname "/admin", url.searchParams x=1
 */
export function parseUri(uri: string | undefined, loc?: LocationLike): URL {
  // no URI: the page's own origin, namespace "/"
  let text = uri || "/";
  // neither a path nor a scheme: "localhost:3000/x" (URL would read "localhost:" as a scheme)
  if (!/^(\/|\w+:\/\/)/.test(text)) text = (loc?.protocol || "https:") + "//" + text;
  // (URL's origin drops default ports: "host" and "host:80" share one Manager)
  return new URL(text.replace(/^ws/i, "http"), loc?.href);
}
