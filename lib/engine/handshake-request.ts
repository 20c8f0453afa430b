/**
 * What a session keeps of the HTTP request that opened it (`socket.request`).
 *
 * socket.io keeps the whole `IncomingMessage` for the life of the connection.
 * Most apps read only its headers (cookies, tokens), its url and the peer's
 * address; the rest (the request object, its stream state, the raw header
 * list) was about 950 bytes per connection, a sixth of volley's whole cost
 * per idle WebSocket. So a session keeps a {@link HandshakeRequest} with what
 * apps read, unless the request carries more than that:
 * - the engine has middlewares (`io.engine.use()`): what they put on the
 *   request (express-session's `req.session`, passport's `req.user`) is what
 *   apps read from `socket.request`, so the real request is kept;
 * - the app asks for it with the engine option `retainRequest: true`.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { Socket as NetSocket } from "node:net";

/**
 * The handshake request's headers, url, method, HTTP version and connection,
 * without the request object. Typed as the `IncomingMessage` it stands for
 * (apps move from socket.io with their types unchanged); its stream methods
 * and raw headers are not there.
 *
 * @example
 * io.on("connection", (socket) => {
 *   const cookie = socket.request.headers.cookie;
 *   const ip = socket.request.socket.remoteAddress;
 * });
 */
export class HandshakeRequest {
  readonly headers: IncomingHttpHeaders;
  readonly url: string | undefined;
  readonly httpVersion: string;
  /** The connection the handshake came on (a WebSocket session's stays open with it). */
  readonly socket: NetSocket;

  constructor(req: IncomingMessage) {
    this.headers = req.headers;
    this.url = req.url;
    // Node builds this string per request; the usual value is shared instead (24 bytes per connection)
    this.httpVersion = req.httpVersion === "1.1" ? "1.1" : req.httpVersion;
    this.socket = req.socket;
  }

  /** Always "GET": a handshake with any other method is refused (polling and WebSocket alike). */
  get method(): string {
    return "GET";
  }

  /** Node's older name for `socket`, which socket.io apps still read (`request.connection.remoteAddress`). */
  get connection(): NetSocket {
    return this.socket;
  }
}

/**
 * The request a session keeps: `req` itself when `retain`, else its {@link HandshakeRequest}.
 *
 * @example
 * const kept = keptRequest(req, engine.retainsRequests);
 */
export function keptRequest(req: IncomingMessage, retain: boolean): IncomingMessage {
  return retain ? req : (new HandshakeRequest(req) as unknown as IncomingMessage);
}
