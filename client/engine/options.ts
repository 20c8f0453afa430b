/**
 * Option defaults and the polling payload size rule, kept out of socket.ts.
 *
 * Environment-neutral: no node:* imports.
 */
import type { EngineClientOptions, Packet, TransportName } from "./types.js";

/**
 * Options after defaults, as the EngineClient keeps them: the caller's
 * options with the connection target and the transport list worked out.
 * Flags that default to false stay as given (undefined reads as false).
 */
export interface ResolvedOptions extends EngineClientOptions {
  secure: boolean;
  hostname: string;
  port: string;
  path: string;
  query: Record<string, string>;
  transports: TransportName[];
  timestampParam: string;
  fetch: typeof globalThis.fetch;
}

const KNOWN_TRANSPORTS: readonly string[] = ["polling", "websocket"];

/**
 * Fills in defaults. Host, port, scheme and query come from `uri` when given,
 * else from the page's location; explicit options win over both.
 *
 * @example
 * resolveOptions("https://example.com", { path: "/socket.io/" }).port // "443"
 */
export function resolveOptions(uri: string | undefined, opts: EngineClientOptions): ResolvedOptions {
  const loc = typeof location !== "undefined" ? location : undefined;
  let secure: boolean | undefined;
  let hostname: string | undefined;
  let port: string | undefined;
  const query: Record<string, string> = {};
  if (uri) {
    const url = new URL(uri, loc?.href ?? "http://localhost");
    secure = url.protocol === "https:" || url.protocol === "wss:";
    hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
    port = url.port;
    url.searchParams.forEach((value, key) => (query[key] = value));
  }
  secure = opts.secure ?? secure ?? loc?.protocol === "https:";
  const fromPage = !uri && opts.hostname === undefined;
  hostname = opts.hostname ?? hostname ?? loc?.hostname ?? "localhost";
  if (opts.port !== undefined) port = String(opts.port);
  else if (!port && fromPage && loc?.port) port = loc.port;
  if (!port) port = secure ? "443" : "80";
  if (typeof opts.query === "string") new URLSearchParams(opts.query).forEach((value, key) => (query[key] = value));
  else if (opts.query) Object.assign(query, opts.query);
  return {
    ...opts,
    secure,
    hostname,
    port,
    path: (opts.path ?? "/engine.io").replace(/\/$/, "") + (opts.addTrailingSlash === false ? "" : "/"),
    query,
    transports: (opts.transports ?? ["polling", "websocket"]).filter((name) => KNOWN_TRANSPORTS.includes(name)),
    timestampParam: opts.timestampParam ?? "t",
    fetch: opts.fetch ?? (typeof fetch === "function" ? fetch.bind(globalThis) : missingFetch),
  };
}

function missingFetch(): Promise<Response> {
  return Promise.reject(new Error("this environment has no fetch; pass the fetch option"));
}

/**
 * How many buffered packets fit in one polling payload of at most
 * `maxPayload` bytes (at least one, so a big packet still goes alone and the
 * server can refuse it with a clear 413).
 *
 * @example
 * writableCount([{ type: "message", data: "a".repeat(60) }, { type: "message", data: "b".repeat(60) }], 100) // 1
 */
export function writableCount(packets: Packet[], maxPayload: number): number {
  if (!maxPayload || packets.length < 2) return packets.length;
  let size = 1; // first packet type
  for (let i = 0; i < packets.length; i++) {
    size += encodedLength((packets[i] as Packet).data);
    if (i > 0 && size > maxPayload) return i;
    size += 2; // separator + packet type
  }
  return packets.length;
}

/** Bytes a packet's data takes in a polling payload (binary is "b" + base64). */
function encodedLength(data: unknown): number {
  if (data === undefined || data === null) return 0;
  if (typeof data === "string") return utf8Length(data);
  const bytes = ArrayBuffer.isView(data)
    ? data.byteLength
    : data instanceof ArrayBuffer
      ? data.byteLength
      : ((data as { size?: number }).size ?? 0);
  return 1 + Math.ceil(bytes / 3) * 4;
}

function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) length += 1;
    else if (c < 0x800) length += 2;
    else if (c < 0xd800 || c >= 0xe000) length += 3;
    else {
      i++; // a surrogate pair is one 4-byte character
      length += 4;
    }
  }
  return length;
}
