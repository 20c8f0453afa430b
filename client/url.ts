/**
 * Turns what the app passed to `io()` into the engine's origin, the
 * Manager cache key and the namespace.
 *
 * Environment-neutral: `URL` exists in browsers and in Node.
 */

/** `io()`'s reading of a URI. */
export interface ParsedUri {
  /** Scheme, host and port, e.g. "https://example.com:443": what the engine connects to. */
  origin: string;
  /** The namespace: the URI's path, "/" when it has none. */
  nsp: string;
  /** Query parameters of the URI. */
  query: Record<string, string>;
  /** Manager cache key: origin plus the engine path. */
  id: string;
}

/** The parts of `window.location` used here (injectable for tests). */
export interface LocationLike {
  protocol: string;
  host: string;
  href: string;
}

/**
 * Parses `uri`, relative to the page's location `loc` when there is one
 * (`io()` passes `globalThis.location`): no URI means the page's own origin,
 * "/admin" its namespace "/admin", and a URI
 * without a scheme gets the page's scheme (https outside a page). ws/wss
 * become http/https: the engine picks the WebSocket scheme itself.
 *
 * @example
 * parseUri("ws://localhost:3000/admin?x=1", "/socket.io/");
 * // { origin: "http://localhost:3000", nsp: "/admin", query: { x: "1" }, id: "http://localhost:3000/socket.io/" }
 */
export function parseUri(uri: string | undefined, path: string, loc?: LocationLike): ParsedUri {
  // no URI: the page's own origin, namespace "/"
  let text = uri || "/";
  // "localhost:3000/x" has no scheme, but URL would read "localhost:" as one
  if (text[0] !== "/" && !/^(https?|wss?):\/\//i.test(text)) text = (loc ? loc.protocol : "https:") + "//" + text;
  const url = new URL(text, loc?.href);
  const secure = /^(https|wss):/.test(url.protocol);
  // URL drops default ports; writing them out keeps "host" and "host:80" one Manager
  const origin = (secure ? "https://" : "http://") + url.hostname + ":" + (url.port || (secure ? 443 : 80));
  return {
    origin,
    nsp: url.pathname || "/",
    query: Object.fromEntries(url.searchParams),
    id: origin + path,
  };
}
