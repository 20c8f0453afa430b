/**
 * Engine options: what an app may set, and the resolved form the engine uses.
 *
 * Every limit is an option; defaults come from DEFAULTS in lib/protocol/constants.ts.
 */
import type { IncomingMessage } from "node:http";
import type { PerMessageDeflateOptions, WsEngine } from "./ws-engine.js";
import { DEFAULTS } from "../protocol/constants.js";
import { checkOptions, ENGINE_OPTION_RULES } from "./validate-options.js";

/** The two transports volley's engine speaks. */
export type TransportName = "polling" | "websocket";

/** An origin the CORS option accepts: a fixed string, a pattern, or a list of both. */
export type StaticOrigin = boolean | string | RegExp | Array<string | RegExp>;

/** Decides the allowed origin per request; call `callback(null, allowed)`. */
export type CustomOrigin = (
  origin: string | undefined,
  callback: (err: Error | null, origin?: StaticOrigin) => void,
) => void;

/** CORS headers for polling responses and preflight requests (OPTIONS answered 204). */
export interface CorsOptions {
  /** Allowed origin(s). `true` reflects the request's Origin; default `"*"`. */
  origin?: StaticOrigin | CustomOrigin;
  /** Sends `Access-Control-Allow-Credentials: true`. */
  credentials?: boolean;
  /** Preflight `Access-Control-Allow-Methods`; default `GET,HEAD,PUT,PATCH,POST,DELETE`. */
  methods?: string | string[];
  /** Preflight `Access-Control-Allow-Headers`; default: reflects the request's `Access-Control-Request-Headers`. */
  allowedHeaders?: string | string[];
  /** `Access-Control-Expose-Headers`. */
  exposedHeaders?: string | string[];
  /** Preflight `Access-Control-Max-Age`, in seconds. */
  maxAge?: number;
}

/** The session cookie written on the handshake response. */
export interface CookieOptions {
  name?: string;
  path?: string | false;
  domain?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: boolean | "lax" | "strict" | "none";
  /** Seconds. */
  maxAge?: number;
  expires?: Date;
  partitioned?: boolean;
}

/** gzip/deflate of polling responses. */
export interface HttpCompressionOptions {
  /** Responses smaller than this many bytes are sent as is. Default 1024. */
  threshold?: number;
  /** zlib compression level. */
  level?: number;
}

/** `cb(null, true)` accepts; `cb(message, false)` refuses with code 4 (403). */
export type AllowRequest = (
  req: IncomingMessage,
  callback: (err: string | null | undefined, success: boolean) => void,
) => void;

/** Options of {@link Engine}. */
export interface EngineOptions {
  /** Milliseconds between two server pings. Default 25000. */
  pingInterval?: number;
  /** Milliseconds the client has to answer a ping. Default 20000. */
  pingTimeout?: number;
  /** Milliseconds the client has to complete an upgrade after the probe. Default 10000. */
  upgradeTimeout?: number;
  /** Largest POST body or WebSocket frame, in bytes. Default 1e6. */
  maxHttpBufferSize?: number;
  /**
   * Milliseconds a POST may take to deliver its whole body. A body that
   * trickles or never ends (a lying Content-Length, an endless chunked body)
   * is answered 408 and closes its session ("transport error"). Default: pingTimeout.
   */
  postBodyTimeout?: number;
  /**
   * Most bytes that may wait, per session, for a client that is not reading
   * (the WebSocket's send buffer, or the session's write buffer while the
   * transport cannot take packets). Above it the session closes with
   * "transport error" and a description naming both numbers, instead of the
   * server buffering without bound for a stalled or too slow client.
   *
   * Past a low watermark of `maxBufferedBytes / 16` a WebSocket transport
   * reports itself not writable: volatile packets are dropped, others wait in
   * order in the session and go out when the socket has drained.
   *
   * Default 16 MiB (low watermark 1 MiB): well above what a healthy client
   * has in flight (the kernel's socket buffers take the first few MB before
   * anything counts here) and 16 times the default largest message
   * (maxHttpBufferSize 1e6), yet it caps a stalled client's cost. Raise it
   * if the app sends single messages larger than that; `Infinity` disables it.
   */
  maxBufferedBytes?: number;
  /** Enabled transports. Default `["polling", "websocket"]`. */
  transports?: TransportName[];
  /** Whether polling sessions may upgrade to WebSocket. Default true. */
  allowUpgrades?: boolean;
  /** Accepts or refuses each handshake. */
  allowRequest?: AllowRequest;
  /** CORS headers; false (default) writes none. */
  cors?: CorsOptions | false;
  /** Session cookie on the handshake response; false by default. */
  cookie?: boolean | CookieOptions;
  /** WebSocket permessage-deflate, passed to ws. Default false. */
  perMessageDeflate?: boolean | PerMessageDeflateOptions;
  /** Compression of polling responses. Default on, threshold 1024 bytes. */
  httpCompression?: boolean | HttpCompressionOptions;
  /** Builds the session id; may return a promise. A failure refuses the handshake (code 3). */
  generateId?: (req: IncomingMessage) => string | Promise<string>;
  /** The WebSocketServer constructor. Default: ws's WebSocketServer. */
  wsEngine?: WsEngine;
  /**
   * Keeps each handshake's whole `IncomingMessage` as `socket.request` for
   * the life of the session, as socket.io does. Default false: the session
   * keeps its headers, url, method, HTTP version and connection (about 950
   * bytes less per connection), unless the engine has middlewares
   * (`io.engine.use()`), whose additions to the request (`req.session`) are
   * kept by keeping the request. Set it when the app reads anything else
   * from `socket.request`.
   */
  retainRequest?: boolean;
}

/** The options after defaults are applied. */
export interface ResolvedEngineOptions {
  pingInterval: number;
  pingTimeout: number;
  upgradeTimeout: number;
  maxHttpBufferSize: number;
  postBodyTimeout: number;
  maxBufferedBytes: number;
  transports: TransportName[];
  allowUpgrades: boolean;
  allowRequest: AllowRequest | undefined;
  cors: CorsOptions | false;
  cookie: (CookieOptions & { name: string }) | false;
  perMessageDeflate: PerMessageDeflateOptions | false;
  httpCompression: Required<Pick<HttpCompressionOptions, "threshold">> & HttpCompressionOptions | false;
  generateId: ((req: IncomingMessage) => string | Promise<string>) | undefined;
  wsEngine: WsEngine | undefined;
  retainRequest: boolean;
}

const DEFAULT_COOKIE = { name: "io", path: "/", httpOnly: true, sameSite: "lax" } as const;
const DEFAULT_COMPRESSION_THRESHOLD = 1024;

/**
 * Checks the user options (a value that cannot work throws a TypeError or
 * RangeError naming it: lib/engine/validate-options.ts), then applies the defaults.
 *
 * @example
 * resolveEngineOptions({ pingInterval: 100 }).pingTimeout // 20000
 */
export function resolveEngineOptions(opts: EngineOptions = {}): ResolvedEngineOptions {
  checkOptions(opts, ENGINE_OPTION_RULES);
  const cookie = opts.cookie
    ? { ...DEFAULT_COOKIE, ...(opts.cookie === true ? {} : opts.cookie) }
    : false;
  const httpCompression =
    opts.httpCompression === false
      ? false
      : {
          threshold: DEFAULT_COMPRESSION_THRESHOLD,
          ...(opts.httpCompression === true || opts.httpCompression === undefined ? {} : opts.httpCompression),
        };
  // ws only compresses messages above its threshold; 1024 bytes mirrors the polling default.
  const perMessageDeflate =
    opts.perMessageDeflate === true
      ? { threshold: DEFAULT_COMPRESSION_THRESHOLD }
      : opts.perMessageDeflate
        ? { threshold: DEFAULT_COMPRESSION_THRESHOLD, ...opts.perMessageDeflate }
        : false;
  return {
    pingInterval: opts.pingInterval ?? DEFAULTS.pingInterval,
    pingTimeout: opts.pingTimeout ?? DEFAULTS.pingTimeout,
    upgradeTimeout: opts.upgradeTimeout ?? DEFAULTS.upgradeTimeout,
    maxHttpBufferSize: opts.maxHttpBufferSize ?? DEFAULTS.maxHttpBufferSize,
    // A client that cannot send its body within one pong window could not answer a ping either.
    postBodyTimeout: opts.postBodyTimeout ?? opts.pingTimeout ?? DEFAULTS.pingTimeout,
    maxBufferedBytes: opts.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
    transports: opts.transports ? [...opts.transports] : ["polling", "websocket"],
    allowUpgrades: opts.allowUpgrades ?? true,
    allowRequest: opts.allowRequest,
    cors: opts.cors ?? false,
    cookie,
    perMessageDeflate,
    httpCompression,
    generateId: opts.generateId,
    wsEngine: opts.wsEngine,
    retainRequest: opts.retainRequest ?? false,
  };
}
