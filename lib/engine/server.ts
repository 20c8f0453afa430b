/**
 * The Engine.IO server: its public API. The work is done beside it: the
 * session registry (sessions.ts), polling requests and handshakes
 * (request-route.ts), WebSocket upgrades (upgrade-route.ts), the last polls
 * close() waits for (last-polls.ts).
 */
import type { IncomingMessage, ServerResponse, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { createLog } from "../log.js";
import { NodeEmitter } from "../protocol/emitter.js";
import { attachTo, type AttachOptions, type Detach } from "./attach.js";
import { ignoreError, type EngineConnectionError } from "./errors.js";
import type { EngineMiddleware } from "./handshake.js";
import { heartbeatLanes, type LanePair } from "./heartbeat.js";
import { waitForLastPolls } from "./last-polls.js";
import { resolveEngineOptions, type EngineOptions, type ResolvedEngineOptions } from "./options.js";
import { RequestRoute } from "./request-route.js";
import { EngineSessions, type EmitEngineEvent } from "./sessions.js";
import type { EngineSocket } from "./socket.js";
import type { SessionContext } from "./socket-types.js";
import { checkOptions, ENGINE_OPTION_RULES } from "./validate-options.js";
import type { PollingSettings } from "./transports/polling.js";
import type { ResponseHeaders } from "./transports/transport.js";
import { UpgradeRoute } from "./upgrade-route.js";

const log = createLog("volley:engine");

/** Events of an {@link Engine}. */
export interface EngineEvents {
  connection: (socket: EngineSocket) => void;
  connection_error: (err: EngineConnectionError) => void;
  /** The headers of a handshake response; mutable. */
  initial_headers: (headers: ResponseHeaders, req: IncomingMessage) => void;
  /** The headers of every polling response and WebSocket upgrade response; mutable. */
  headers: (headers: ResponseHeaders, req: IncomingMessage) => void;
}


/**
 * A standalone Engine.IO v4 server.
 *
 * @example
 * const engine = new Engine({ pingInterval: 10000 });
 * engine.attach(httpServer);
 * engine.on("connection", (socket) => socket.send("welcome"));
 */
export class Engine extends NodeEmitter<EngineEvents> implements SessionContext {
  /** The options after defaults. */
  readonly opts: ResolvedEngineOptions;
  /** @internal the heartbeat lanes its sessions use (heartbeat.ts) */
  readonly heartbeatLanes: LanePair;
  /** Open sessions by sid. */
  readonly clients: Map<string, EngineSocket>;
  readonly #middlewares: EngineMiddleware[] = [];
  readonly #pollingSettings: PollingSettings;
  readonly #detachers: Detach[] = [];
  readonly #sessions: EngineSessions;
  readonly #requests: RequestRoute;
  readonly #upgrades: UpgradeRoute;

  /**
   * @throws TypeError or RangeError when an option cannot work (a wrong
   * type, a negative or non-finite timing, an unknown transport, a
   * `cors.origin` no browser sends…), naming the option and what it accepts.
   */
  constructor(opts?: EngineOptions) {
    super();
    this.opts = resolveEngineOptions(opts);
    this.heartbeatLanes = heartbeatLanes(this.opts.pingInterval, this.opts.pingTimeout);
    this.#pollingSettings = {
      maxHttpBufferSize: this.opts.maxHttpBufferSize,
      postBodyTimeout: this.opts.postBodyTimeout,
      httpCompression: this.opts.httpCompression,
      // By then the client has given up on a silent server anyway.
      closeTimeout: this.opts.pingInterval + this.opts.pingTimeout,
    };
    // One per engine, not per connection: how the routes and the registry emit this engine's events.
    const emit: EmitEngineEvent = (event, ...args) => this.emitReserved(event, ...args);
    this.#sessions = new EngineSessions(this, emit);
    this.clients = this.#sessions.clients;
    // Whether the app looks at response headers: without it, both routes write heads as they are.
    const watchesHeaders = (): boolean => this.hasListeners("headers") || this.hasListeners("initial_headers");
    this.#requests = new RequestRoute(this.opts, this.#sessions, this.#middlewares, this.#pollingSettings, emit, watchesHeaders);
    this.#upgrades = new UpgradeRoute(this.opts, this.#sessions, this.#middlewares, emit, watchesHeaders);
  }

  /**
   * Whether sessions keep their handshake's whole IncomingMessage: with
   * `retainRequest`, or once the engine has a middleware (what it puts on the
   * request is what apps read). Otherwise `socket.request` is a
   * {@link HandshakeRequest}.
   */
  get retainsRequests(): boolean {
    return this.opts.retainRequest || this.#middlewares.length > 0;
  }

  /** How many sessions are open. */
  get clientsCount(): number {
    return this.clients.size;
  }

  /**
   * Adds an Express-style middleware, run as engine.io 6 runs them: on every
   * request under the path (handshake, polling GET/POST of a session, every
   * WebSocket upgrade), after CORS and before the other checks. An upgrade's
   * stand-in response sends its headers (e.g. a Set-Cookie) with the 101. An
   * error answers that request with code 3 ("connection_error" MIDDLEWARE_FAILURE)
   * and, as in engine.io, leaves an open session alone (it ends on its ping timeout).
   *
   * @example
   * engine.use((req, res, next) => (req.headers["x-token"] ? next() : next(new Error("no token"))));
   */
  use(middleware: EngineMiddleware): this {
    this.#middlewares.push(middleware);
    return this;
  }

  /**
   * Answers Engine.IO requests of `server` at `options.path` (default
   * "/engine.io/"; "live" means "/live/"). An upgrade request for another
   * path that no other "upgrade" listener received is answered 404 and
   * closed after `destroyUpgradeTimeout` (see {@link AttachOptions}).
   * Options that cannot work throw, as the constructor's do.
   *
   * @example
   * engine.attach(httpServer, { path: "/live" });
   */
  attach(server: HttpServer, options: AttachOptions = {}): this {
    this.#detachers.push(attachTo(this, server, checkOptions(options, ENGINE_OPTION_RULES)));
    return this;
  }

  /**
   * Handles one polling request (GET or POST) or CORS preflight; for custom mounting.
   *
   * @example
   * http.createServer((req, res) => req.url?.startsWith("/engine.io/") && engine.handleRequest(req, res));
   */
  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    req.on("error", ignoreError);
    res.on("error", ignoreError);
    this.#requests.handle(req, res);
  }

  /**
   * Handles one WebSocket upgrade request; for custom mounting.
   *
   * @example
   * httpServer.on("upgrade", (req, socket, head) => engine.handleUpgrade(req, socket, head));
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", ignoreError);
    this.#upgrades.handle(req, socket, head);
  }

  /**
   * Closes every session ("server shutting down") and removes the listeners
   * that attach() added. A closed engine refuses new sessions (a handshake
   * that was still in allowRequest or a middleware included), so nothing it
   * accepted can keep the HTTP server's close() waiting.
   *
   * What a session still had to send goes out before its close. A polling
   * client only gets it with its next GET: the returned promise resolves once
   * every polling session had that GET (or after LAST_POLL_WAIT_MS), so close
   * the HTTP server after it, or that GET finds nobody listening.
   *
   * @example
   * await engine.close(); httpServer.close();
   */
  close(): Promise<void> {
    const lastPolls = this.#sessions.closeAll();
    for (const detach of this.#detachers.splice(0)) detach();
    return waitForLastPolls(lastPolls, this.#pollingSettings.closeTimeout);
  }

  /**
   * Refuses new sessions from now on (handshakes and WebSocket connections
   * without a sid get 400, code 3, "Server is shutting down") while the open
   * ones go on: the first step of draining a server (see lib/drain.ts).
   *
   * @example
   * engine.stopAccepting(); // then close the sessions one way or another
   */
  stopAccepting(): void {
    // (the flag close() sets: it gates exactly the creation of new sessions)
    this.#sessions.closed = true;
  }

  /** Whether new sessions are refused (after stopAccepting() or close()). */
  get accepting(): boolean {
    return !this.#sessions.closed;
  }

  /** @internal the session closed: forget it. */
  sessionClosed(socket: EngineSocket): void {
    if (this.clients.get(socket.id) === socket) this.clients.delete(socket.id);
  }

  /**
   * The app's "headers", "initial_headers" and "connection_error" listeners run
   * inside request handlers and zlib callbacks: one that throws is logged and
   * the response still goes out, instead of an uncaught exception. "connection"
   * throws on to EngineSessions.announce (sessions.ts), which ends that session.
   */
  protected override emitReserved(event: string | symbol, ...args: unknown[]): boolean {
    if (event === "connection") return super.emitReserved(event, ...args);
    if (!this.hasListeners(event as keyof EngineEvents)) return false;
    try {
      return super.emitReserved(event, ...args);
    } catch (err) {
      log("%s listener threw: %O", String(event), err);
      return true;
    }
  }
}
