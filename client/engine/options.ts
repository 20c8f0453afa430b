/**
 * Option defaults and the polling payload size rule, kept out of socket.ts.
 *
 * Environment-neutral: the platform parts live in globals(.node).ts.
 */
import { addCookieJar } from "./globals.node.js";
import type { CookieJar, EngineClientOptions, Packet, TransportName } from "./types.js";

/**
 * Options after defaults, as the EngineClient keeps them: the caller's
 * options with the connection target and the transport list worked out.
 * Flags that default to false stay as given (undefined reads as false).
 */
export interface ResolvedOptions extends EngineClientOptions {
  secure: boolean;
  hostname: string;
  /** "" for the scheme's default port. */
  port: string;
  path: string;
  query: Record<string, string>;
  transports: TransportName[];
  /** Node with withCredentials only (globals.node.ts). */
  cookieJar?: CookieJar;
}

const KNOWN_TRANSPORTS: TransportName[] = ["polling", "websocket"];

/**
 * Fills in defaults. Host, port, scheme and query come from `uri` when given,
 * else from the page's location; explicit options win over both.
 *
 * @example
 * resolveOptions("https://example.com:8443", { path: "/socket.io/" }).port // "8443"
 */
export function resolveOptions(uri: string | undefined, opts: EngineClientOptions): ResolvedOptions {
  const page = globalThis.location?.href;
  // Node has no page: a relative or protocol-relative uri then resolves against localhost
  const url = new URL(uri || page || "http://localhost", page || "http://localhost");
  const resolved: ResolvedOptions = {
    ...opts,
    // "https:" and "wss:" ("ws:" ends in "s:" too)
    secure: opts.secure ?? /^(http|ws)s:$/.test(url.protocol),
    // an IPv6 address from the URL keeps its brackets
    hostname: opts.hostname ?? url.hostname,
    // without a uri, the page's port (even with another hostname, like
    // socket.io-client); "" (the URL's own for 80 or 443) is the scheme's default
    port: String(opts.port || url.port),
    // "socket.io" means "/socket.io/", as on the server
    path: (opts.path ?? "/engine.io").replace(/^\/?/, "/").replace(/\/?$/, opts.addTrailingSlash === false ? "" : "/"),
    // the uri's query, then the option's (a string or an object); the page's own query is not ours
    query: Object.fromEntries([...(uri ? url.searchParams : []), ...new URLSearchParams(opts.query)]),
    // transports: "websocket" means ["websocket"]; names the client does not know are left out
    transports: ([] as TransportName[]).concat(opts.transports ?? KNOWN_TRANSPORTS).filter((name) => KNOWN_TRANSPORTS.includes(name)),
  };
  addCookieJar(resolved);
  return resolved;
}

/**
 * How many buffered packets fit in one polling payload of at most
 * `maxPayload` bytes (at least one, so a big packet still goes alone and the
 * server can refuse it with a clear 413). No limit when `maxPayload` is 0.
 *
 * @example
 * writableCount([{ type: "message", data: "a".repeat(60) }, { type: "message", data: "b".repeat(60) }], 100) // 1
 */
export function writableCount(packets: Packet[], maxPayload: number): number {
  // each packet: its type, its data and a separator (the last one has none)
  let size = -1;
  let i = 0;
  for (; maxPayload && i < packets.length; i++) {
    const data = packets[i]!.data;
    // a Blob counts the UTF-8 bytes of a string, and the bytes of binary data
    // (a pong's undefined data counts as "undefined": a harmless overestimate)
    const bytes = new Blob([data as BlobPart]).size;
    // binary goes as "b" + base64
    size += 2 + (typeof data === "string" ? bytes : 1 + Math.ceil(bytes / 3) * 4);
    // the first packet always goes
    if (i && size > maxPayload) return i;
  }
  return packets.length;
}
