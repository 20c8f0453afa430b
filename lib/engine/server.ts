/**
 * The Engine.IO server: session registry, request routing, upgrades, close.
 */
import { ServerResponse, type IncomingMessage, type Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import createDebug from "debug";
import { NodeEmitter } from "../protocol/emitter.js";
import { EngineErrorCode } from "../protocol/errors.js";
import { attachTo, type AttachOptions, type Detach } from "./attach.js";
import { serializeCookie } from "./cookie.js";
import { applyCors, isOriginAccepted } from "./cors.js";
import { abortUpgrade, connectionError, writeHttpError, type EngineConnectionError } from "./errors.js";
import {
  askAllowRequest,
  availableUpgrades,
  checkRequest,
  createSessionId,
  requestQuery,
  runMiddlewares,
  type EngineMiddleware,
  type Refusal,
} from "./handshake.js";
import { resolveEngineOptions, type EngineOptions, type ResolvedEngineOptions } from "./options.js";
import { EngineSocket, type SessionContext } from "./socket.js";
import { checkOptions, ENGINE_OPTION_RULES } from "./validate-options.js";
import { Polling, type PollingSettings } from "./transports/polling.js";
import type { HeadersHook, ResponseHeaders, Transport } from "./transports/transport.js";
import { WebSocketTransport, type WebSocketSettings } from "./transports/websocket.js";
import { appendHeaderLines, standInHeaders } from "./upgrade-headers.js";

const log = createDebug("volley:engine");

/** Events of an {@link Engine}. */
export interface EngineEvents {
  connection: (socket: EngineSocket) => void;
  connection_error: (err: EngineConnectionError) => void;
  /** The headers of a handshake response; mutable. */
  initial_headers: (headers: ResponseHeaders, req: IncomingMessage) => void;
  /** The headers of every polling response and WebSocket upgrade response; mutable. */
  headers: (headers: ResponseHeaders, req: IncomingMessage) => void;
}

/** A handshake that reaches a closed engine. */
const SHUTTING_DOWN: Refusal = {
  code: EngineErrorCode.BAD_REQUEST,
  message: "Server is shutting down",
  context: { name: "SERVER_SHUTTING_DOWN" },
};

/**
 * How long close() waits for polling clients to collect their last packets:
 * a live client polls again within milliseconds; a gone one must not hold
 * the shutdown for its whole heartbeat.
 */
const LAST_POLL_WAIT_MS = 1000;

/** An unexpected failure while routing a request: a bare code 3 answer, never a throw. */
function failRequest(res: ServerResponse, err: unknown): void {
  if (log.enabled) log("request failed: %O", err);
  writeHttpError(res, EngineErrorCode.BAD_REQUEST);
}

/** The connection_error context of a request from an origin the cors option does not allow. */
function originNotAllowed(req: IncomingMessage): Record<string, unknown> {
  return { name: "ORIGIN_NOT_ALLOWED", origin: req.headers.origin };
}

function ignoreError(): void {
  // Errors of a request or socket are reported through the session or dropped:
  // an unhandled "error" event would crash the process.
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
  /** Open sessions by sid. */
  readonly clients = new Map<string, EngineSocket>();
  readonly #middlewares: EngineMiddleware[] = [];
  readonly #pollingSettings: PollingSettings;
  readonly #webSocketSettings: WebSocketSettings;
  readonly #handshakeIds = new WeakMap<IncomingMessage, string>();
  readonly #upgradeResponses = new WeakMap<IncomingMessage, ServerResponse>();
  /** The stream each upgrade came with, the one ws will write to: the transport corks it (websocket.ts). */
  readonly #upgradeStreams = new WeakMap<IncomingMessage, Duplex>();
  readonly #detachers: Detach[] = [];
  #wss: WebSocketServer | null = null;
  /** Polling transports of sessions close() ended, by sid, until their client's last GET collected what was left. */
  readonly #lastPolls = new Map<string, Polling>();
  /** Set by close(): handshakes that were still in their async steps must not open a session afterwards. */
  #closed = false;

  /**
   * @throws TypeError or RangeError when an option cannot work (a wrong
   * type, a negative or non-finite timing, an unknown transport, a
   * `cors.origin` no browser sends…), naming the option and what it accepts.
   */
  constructor(opts?: EngineOptions) {
    super();
    this.opts = resolveEngineOptions(opts);
    this.#pollingSettings = {
      maxHttpBufferSize: this.opts.maxHttpBufferSize,
      postBodyTimeout: this.opts.postBodyTimeout,
      httpCompression: this.opts.httpCompression,
      // By then the client has given up on a silent server anyway.
      closeTimeout: this.opts.pingInterval + this.opts.pingTimeout,
    };
    this.#webSocketSettings = { maxBufferedBytes: this.opts.maxBufferedBytes };
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
    // No CORS and no middleware: routed synchronously, no promise per poll.
    if (!this.opts.cors && this.#middlewares.length === 0) this.#routeRequestNow(req, res);
    else this.#prepareRequest(req, res).catch((err: unknown) => failRequest(res, err));
  }

  /**
   * Handles one WebSocket upgrade request; for custom mounting.
   *
   * @example
   * httpServer.on("upgrade", (req, socket, head) => engine.handleUpgrade(req, socket, head));
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", ignoreError);
    this.#routeUpgrade(req, socket, head).catch((err: unknown) => {
      if (log.enabled) log("upgrade failed: %O", err);
      abortUpgrade(socket, EngineErrorCode.BAD_REQUEST);
    });
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
    this.#closed = true;
    const lastPolls: Promise<void>[] = [];
    for (const socket of [...this.clients.values()]) {
      socket.terminate("server shutting down");
      const transport = socket.transport;
      if (transport instanceof Polling) {
        // the session is gone from `clients`, but its next GET must still find the transport
        this.#lastPolls.set(socket.id, transport);
        lastPolls.push(transport.whenClosed().then(() => void this.#lastPolls.delete(socket.id)));
      }
    }
    for (const detach of this.#detachers.splice(0)) detach();
    if (lastPolls.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.min(LAST_POLL_WAIT_MS, this.#pollingSettings.closeTimeout));
      void Promise.all(lastPolls).then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
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
    this.#closed = true;
  }

  /** Whether new sessions are refused (after stopAccepting() or close()). */
  get accepting(): boolean {
    return !this.#closed;
  }

  /** @internal the session closed: forget it. */
  sessionClosed(socket: EngineSocket): void {
    if (this.clients.get(socket.id) === socket) this.clients.delete(socket.id);
  }

  #refuseRequest(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
    this.emitReserved("connection_error", connectionError(req, refusal.code, refusal.context));
    writeHttpError(res, refusal.code, refusal.message);
  }

  #refuseUpgrade(req: IncomingMessage, socket: Duplex, refusal: Refusal): void {
    this.emitReserved("connection_error", connectionError(req, refusal.code, refusal.context));
    abortUpgrade(socket, refusal.code, refusal.message);
  }

  /** CORS, then the middlewares (the order engine.io 6 gives them), then the routing. */
  async #prepareRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.opts.cors) {
      const { answered, refused } = await applyCors(this.opts.cors, req, res);
      // A preflight is still answered (without Allow-Origin: the browser stops there); the app hears of both.
      if (refused && answered) this.emitReserved("connection_error", connectionError(req, EngineErrorCode.BAD_REQUEST, originNotAllowed(req)));
      else if (refused) return this.#refuseRequest(req, res, { code: EngineErrorCode.BAD_REQUEST, context: originNotAllowed(req) });
      if (answered) return;
    }
    if (this.#middlewares.length > 0) {
      const failure = await runMiddlewares(this.#middlewares, req, res);
      if (failure) return this.#refuseRequest(req, res, failure);
      if (res.writableEnded || res.destroyed) return; // a middleware answered, or the client left
    }
    this.#routeRequestNow(req, res);
  }

  #routeRequestNow(req: IncomingMessage, res: ServerResponse): void {
    try {
      this.#routeRequest(req, res);
    } catch (err) {
      failRequest(res, err);
    }
  }

  /** Synchronous for requests of an open session; the handshake goes on in #handshake. */
  #routeRequest(req: IncomingMessage, res: ServerResponse): void {
    const query = requestQuery(req);
    const refusal = checkRequest(this.opts, req, query);
    if (refusal) return this.#refuseRequest(req, res, refusal);
    const sid = query.sid;
    if (sid !== undefined) {
      const client = this.clients.get(sid);
      if (!client || !client.takesRequest()) {
        const lastPoll = req.method === "GET" ? this.#lastPolls.get(sid) : undefined;
        if (lastPoll) return lastPoll.onRequest(req, res);
        return this.#refuseRequest(req, res, { code: EngineErrorCode.UNKNOWN_SID, context: { sid } });
      }
      const current = client.transport;
      if (query.transport !== "polling" || !(current instanceof Polling)) {
        return this.#refuseRequest(req, res, {
          code: EngineErrorCode.BAD_REQUEST,
          context: { name: "TRANSPORT_MISMATCH", transport: query.transport, previousTransport: current.name },
        });
      }
      if (req.method !== "GET" && req.method !== "POST") {
        return this.#refuseRequest(req, res, { code: EngineErrorCode.BAD_REQUEST, context: { name: "BAD_METHOD", method: req.method } });
      }
      current.onRequest(req, res);
      return;
    }
    if (this.#closed) return this.#refuseRequest(req, res, SHUTTING_DOWN);
    if (req.method !== "GET") {
      return this.#refuseRequest(req, res, { code: EngineErrorCode.BAD_HANDSHAKE_METHOD, context: { method: req.method } });
    }
    if (query.transport !== "polling") {
      return this.#refuseRequest(req, res, { code: EngineErrorCode.BAD_REQUEST, context: { name: "TRANSPORT_HANDSHAKE_ERROR" } });
    }
    this.#handshake(req, res).catch((err: unknown) => failRequest(res, err));
  }

  async #handshake(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // No await unless a hook is configured: then this async function runs to its end synchronously.
    const pendingDenial = askAllowRequest(this.opts, req);
    const denied = pendingDenial && (await pendingDenial);
    if (denied) return this.#refuseRequest(req, res, denied);
    const pendingId = createSessionId(this.opts, req);
    const id = typeof pendingId === "string" && !pendingDenial ? pendingId : await pendingId;
    if (typeof id !== "string") return this.#refuseRequest(req, res, id);
    if (res.writableEnded || res.destroyed) return; // a middleware answered, or the client left
    if (this.#closed) return this.#refuseRequest(req, res, SHUTTING_DOWN);
    const polling = new Polling(this.#pollingSettings, this.#emitPollingHeaders);
    const socket = this.#createSession(id, req, polling);
    if (!socket) return this.#refuseRequest(req, res, { code: EngineErrorCode.BAD_REQUEST, context: { name: "ID_COLLISION", id } });
    polling.onRequest(req, res);
    this.#announce(socket);
  }

  async #routeUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Middlewares first, as engine.io 6 runs them, on a stand-in response: a
    // 101 answer cannot be written through a ServerResponse.
    let res: ServerResponse | undefined;
    if (this.#middlewares.length > 0) {
      res = new ServerResponse(req);
      this.#upgradeResponses.set(req, res);
      const failure = await runMiddlewares(this.#middlewares, req, res);
      if (failure) return this.#refuseUpgrade(req, socket, failure);
      if (res.writableEnded) {
        return this.#refuseUpgrade(req, socket, { code: EngineErrorCode.BAD_REQUEST, context: { name: "MIDDLEWARE_ENDED_RESPONSE" } });
      }
    }
    const query = requestQuery(req);
    const refusal = checkRequest(this.opts, req, query);
    if (refusal) return this.#refuseUpgrade(req, socket, refusal);
    const bad = (name: string, extra: Record<string, unknown> = {}): void =>
      this.#refuseUpgrade(req, socket, { code: EngineErrorCode.BAD_REQUEST, context: { name, ...extra } });
    if (query.transport !== "websocket") return bad("TRANSPORT_MISMATCH", { transport: query.transport });
    if (req.headers.upgrade?.toLowerCase() !== "websocket") return bad("MISSING_UPGRADE_HEADER");
    if (this.opts.cors && !(await isOriginAccepted(this.opts.cors, req))) {
      return this.#refuseUpgrade(req, socket, { code: EngineErrorCode.BAD_REQUEST, context: originNotAllowed(req) });
    }
    const sid = query.sid;
    if (sid !== undefined) {
      const client = this.clients.get(sid);
      if (!client) return this.#refuseUpgrade(req, socket, { code: EngineErrorCode.UNKNOWN_SID, context: { sid } });
      // A WebSocket for a session that is upgrading or has upgraded is accepted, then closed by
      // #onWebSocket, as engine.io does: the client sees a close rather than an error, and the
      // session goes on untouched. Other upgrades that cannot happen are refused.
      if (!this.#canUpgrade(client) && !client.upgrading && !client.upgraded) return bad("UPGRADE_NOT_POSSIBLE", { sid });
    } else {
      if (this.#closed) return this.#refuseUpgrade(req, socket, SHUTTING_DOWN);
      // No await unless a hook is configured (see #handshake).
      const pendingDenial = askAllowRequest(this.opts, req);
      const denied = pendingDenial && (await pendingDenial);
      if (denied) return this.#refuseUpgrade(req, socket, denied);
      const pendingId = createSessionId(this.opts, req);
      // After an asynchronous allowRequest, the id still comes a tick later, as it always did:
      // io.close() marks the engine closed only after its adapters closed, and a handshake
      // released meanwhile must find it closed (spec/regressions/engine-close-answers-held-get).
      const id = typeof pendingId === "string" && !pendingDenial ? pendingId : await pendingId;
      if (typeof id !== "string") return this.#refuseUpgrade(req, socket, id);
      if (this.#closed) return this.#refuseUpgrade(req, socket, SHUTTING_DOWN);
      // The id exists before the 101 answer: a failure after it could not be reported over HTTP.
      this.#handshakeIds.set(req, id);
    }
    if (socket.destroyed) return;
    // Middlewares such as express-session add their headers when the response head is written.
    if (res && !res.headersSent) res.writeHead(101);
    this.#upgradeStreams.set(req, socket);
    // Corked so that ws's 101 answer and the open packet (flushed at once in #onWebSocket) leave
    // in one write. ws completes the upgrade synchronously here (no verifyClient); should it not,
    // the uncork below just lets the 101 go alone. An aborted handshake ends the stream, which uncorks it.
    socket.cork();
    try {
      this.#webSocketServer().handleUpgrade(req, socket, head, this.#onWebSocket);
    } finally {
      socket.uncork();
    }
  }

  #canUpgrade(client: EngineSocket): boolean {
    return (
      this.opts.allowUpgrades &&
      client.readyState === "open" &&
      client.transport.name === "polling" &&
      !client.upgrading &&
      !client.upgraded
    );
  }

  #webSocketServer(): WebSocketServer {
    if (!this.#wss) {
      // A wsEngine is ws-compatible by contract (WsEngine's TSDoc): the engine uses ws's API on it.
      const Wss = (this.opts.wsEngine ?? WebSocketServer) as typeof WebSocketServer;
      this.#wss = new Wss({
        noServer: true,
        clientTracking: false,
        maxPayload: this.opts.maxHttpBufferSize,
        perMessageDeflate: this.opts.perMessageDeflate,
      });
      this.#wss.on("headers", this.#onUpgradeHeaders);
      this.#wss.on("error", ignoreError);
    }
    return this.#wss;
  }

  /** ws is about to answer 101: let the app add headers, as on polling responses. */
  readonly #onUpgradeHeaders = (lines: string[], req: IncomingMessage): void => {
    const headers = standInHeaders(this.#upgradeResponses.get(req));
    if (requestQuery(req).sid === undefined) this.emitReserved("initial_headers", headers, req);
    this.emitReserved("headers", headers, req);
    appendHeaderLines(lines, headers);
  };

  /** Bound once per engine (not per connection): ws calls it when a handshake completes. */
  readonly #onWebSocket = (ws: WebSocket, req: IncomingMessage): void => {
    ws.on("error", ignoreError);
    const query = requestQuery(req);
    const transport = new WebSocketTransport(ws, this.#webSocketSettings, this.#upgradeStreams.get(req) ?? null);
    if (query.sid !== undefined) {
      const client = this.clients.get(query.sid);
      // Upgrading or upgraded already (see #routeUpgrade), or it closed during the handshake.
      if (!client || !this.#canUpgrade(client)) {
        transport.close();
        return;
      }
      client.beginUpgrade(transport);
      return;
    }
    const id = this.#handshakeIds.get(req);
    const socket = id === undefined ? null : this.#createSession(id, req, transport);
    if (!socket) {
      transport.close();
      return;
    }
    this.#announce(socket);
    // The open packet now, not at the end of the turn: it joins the 101 in the corked stream.
    transport.flushFrames();
  };

  /** Every polling response passes here: cookie and "initial_headers" on the handshake, then "headers". */
  readonly #emitPollingHeaders: HeadersHook = (headers, req) => {
    if (requestQuery(req).sid === undefined) {
      const id = this.#handshakeIds.get(req);
      if (this.opts.cookie && id !== undefined) headers["Set-Cookie"] = [serializeCookie(this.opts.cookie.name, id, this.opts.cookie)];
      this.emitReserved("initial_headers", headers, req);
    }
    this.emitReserved("headers", headers, req);
  };

  #createSession(id: string, req: IncomingMessage, transport: Transport): EngineSocket | null {
    if (this.#closed || this.clients.has(id)) return null;
    this.#handshakeIds.set(req, id);
    const socket = new EngineSocket(id, req, transport, this);
    this.clients.set(id, socket);
    if (log.enabled) log("session %s opened over %s", id, transport.name);
    socket.open(availableUpgrades(this.opts, transport.name));
    return socket;
  }

  /**
   * The app's "headers", "initial_headers" and "connection_error" listeners run
   * inside request handlers and zlib callbacks: one that throws is logged and
   * the response still goes out, instead of an uncaught exception. "connection"
   * throws on to #announce, which ends that session.
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

  #announce(socket: EngineSocket): void {
    try {
      this.emitReserved("connection", socket);
    } catch (err) {
      // A throwing "connection" listener ends that session, not the process.
      if (log.enabled) log("connection listener threw: %O", err);
      socket.terminate("transport error");
    }
  }
}
