/**
 * The handshake details a Socket exposes: what the client's first HTTP request
 * looked like, plus the auth payload of its CONNECT packet.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { eachQueryParameter } from "./engine/query-string.js";

/** socket.handshake, as in socket.io 4. */
export interface Handshake {
  /** Headers of the first request. */
  headers: IncomingHttpHeaders;
  /** Creation date, as a string. */
  time: string;
  /** Remote address of the client. */
  address: string;
  /** Whether the request was cross-domain (had an Origin header). */
  xdomain: boolean;
  /** Whether the connection is over TLS. */
  secure: boolean;
  /** Creation date, in ms since the epoch. */
  issued: number;
  /** URL of the first request. */
  url: string;
  /** Query parameters of the first request. */
  query: Record<string, string | string[]>;
  /** The auth object of the CONNECT packet. */
  auth: Record<string, unknown>;
}

/**
 * The query as an object without prototype (any parameter name is just a key). It is filled
 * as an ordinary object and loses its prototype at the end: V8 keeps such an object compact,
 * while one made by Object.create(null) is always a dictionary (~130 bytes more, kept as long
 * as the socket).
 */
function parseQuery(url: string | undefined): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  const mark = url ? url.indexOf("?") : -1;
  if (mark !== -1) eachQueryParameter(url!.slice(mark + 1), addParameter, query);
  return Object.setPrototypeOf(query, null) as Record<string, string | string[]>;
}

/** A repeated name collects its values in an array, in order. */
function addParameter(key: string, value: string, query: Record<string, string | string[]>): void {
  const previous = Object.hasOwn(query, key) ? query[key] : undefined;
  if (previous === undefined) setOwn(query, key, value);
  else if (Array.isArray(previous)) previous.push(value);
  else setOwn(query, key, [previous, value]);
}

/** `object[key] = value`, also for "__proto__" (an assignment would call the prototype setter). */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

// Date#toString has a resolution of one second: the sockets made in the same second share one
// string (about 80 bytes per connection otherwise).
let lastSecond = NaN;
let lastTimeString = "";

/** `new Date(ms).toString()`, the same string instance for every `ms` of one second. */
function timeString(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastTimeString = new Date(ms).toString();
  }
  return lastTimeString;
}

/**
 * Builds a socket's handshake from the engine session's request.
 *
 * @example
 * const handshake = buildHandshake(conn.request, conn.remoteAddress, { token: "x" });
 * handshake.query.EIO; // "4"
 */
export function buildHandshake(
  request: IncomingMessage | undefined,
  remoteAddress: string | undefined,
  auth: Record<string, unknown>,
  issued = Date.now(),
): Handshake {
  return {
    headers: request?.headers ?? {},
    time: timeString(issued),
    address: remoteAddress ?? request?.socket?.remoteAddress ?? "",
    xdomain: !!request?.headers.origin,
    secure: !request || !!(request.socket as TLSSocket | undefined)?.encrypted,
    issued,
    url: request?.url ?? "",
    query: parseQuery(request?.url),
    auth,
  };
}
