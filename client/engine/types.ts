/**
 * Types shared by the Engine.IO client's files: options, the small WebSocket
 * surface the client uses, and the cookie jar contract.
 *
 * Environment-neutral: no node:* imports.
 */
import type { Packet, BinaryType } from "engine.io-parser";

export type { Packet, BinaryType };

/** The transports the client knows, by wire name. */
export type TransportName = "polling" | "websocket";

/** Any WebSocket constructor: the browser's, `ws`'s, or a test double. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WebSocketConstructor = new (url: string, ...rest: any[]) => object;

/** The part of the WebSocket API the client uses; the browser's and `ws`'s both have it. */
export interface WebSocketLike {
  binaryType: string;
  send(data: unknown): void;
  close(code?: number, reason?: string): void;
  /** `ws` (Node) only: drops the connection without the closing handshake. */
  terminate?(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/**
 * A deliberately tiny cookie jar (Node only: browsers keep cookies themselves).
 * It remembers `name=value` of each `Set-Cookie` and sends them back.
 */
export interface CookieJar {
  /** Stores the cookies of a response. */
  store(res: Response): void;
  /** The `Cookie` header value, or "" when the jar is empty. */
  header(): string;
}

/** Options of {@link EngineClient}; every one has a sane default. */
export interface EngineClientOptions {
  /** Path the server is mounted on. Default "/engine.io/" (the Socket.IO Manager passes "/socket.io/"). */
  path?: string;
  /** Extra query parameters, as an object or a query string. */
  query?: Record<string, string> | string;
  /** Transports in the order to try. Default ["polling", "websocket"]; ["websocket", "polling"] is websocket-first with fallback. */
  transports?: TransportName[];
  /** Whether to upgrade polling to WebSocket when the server offers it. Default true. */
  upgrade?: boolean;
  /** After a WebSocket once worked in this page/process, start with it directly. Default false. */
  rememberUpgrade?: boolean;
  /** When the first transport fails to open, try the next one (always on for a failed websocket-first). Default false. */
  tryAllTransports?: boolean;
  /** Add a cache-busting parameter to each request (default: true for polling, false for WebSocket). */
  timestampRequests?: boolean;
  /** Name of the cache-busting parameter. Default "t". */
  timestampParam?: string;
  /** Send cookies cross-origin (browser: credentials "include"; Node: a small cookie jar). Default false. */
  withCredentials?: boolean;
  /** Headers added to every polling request, and (Node only) to the WebSocket handshake. */
  extraHeaders?: Record<string, string>;
  /** Close silently on the page's "beforeunload" event (browser). Default false. */
  closeOnBeforeunload?: boolean;
  /** Per-transport overrides of these options, e.g. `{ polling: { extraHeaders: {...} } }`. */
  transportOptions?: Partial<Record<TransportName, Partial<EngineClientOptions>>>;
  /** Node: do not keep the process alive for this connection (timers and the WebSocket are unref'ed). Default false. */
  autoUnref?: boolean;
  /** Whether the path ends with "/". Default true. */
  addTrailingSlash?: boolean;
  /** Use https/wss. Default: from the URI, else from the page's location. */
  secure?: boolean;
  /** Default: from the URI, else the page's hostname, else "localhost". An IPv6 address may come with or without brackets. */
  hostname?: string;
  /** Default: from the URI, else the page's port, else 443/80. */
  port?: string | number;
  /** The WebSocket constructor (default: the browser's, or `ws` in Node). */
  WebSocket?: WebSocketConstructor;
  /** The fetch function (default: the global one). */
  fetch?: typeof globalThis.fetch;
}

/**
 * Options after defaults, as transports see them: the client's options with
 * the transport's own `transportOptions` entry merged over them.
 */
export interface TransportOptions extends EngineClientOptions {
  secure: boolean;
  hostname: string;
  /** "" for the scheme's default port. */
  port: string;
  path: string;
  query: Record<string, string>;
  /** Node with withCredentials only. */
  cookieJar?: CookieJar;
}
