/**
 * The handshake details a Socket exposes: what the client's first HTTP request
 * looked like, plus the auth payload of its CONNECT packet.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

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

function parseQuery(url: string | undefined): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  if (!url) return query;
  const mark = url.indexOf("?");
  if (mark === -1) return query;
  for (const [key, value] of new URLSearchParams(url.slice(mark + 1))) {
    const previous = query[key];
    if (previous === undefined) query[key] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else query[key] = [previous, value];
  }
  return query;
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
