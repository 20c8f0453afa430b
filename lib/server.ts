/**
 * Server: options, namespaces, attach/listen/close; the main namespace's
 * shortcuts (io.emit, io.to, io.on("connection"), …) come from
 * lib/main-namespace-shortcuts.ts. Socket.IO 4's API.
 */
import { createServer, type Server as HttpServer } from "node:http";
import { createLog } from "./log.js";
import { Engine } from "./engine/index.js";
import type { DefaultEventsMap, EventsMap } from "./protocol/typed-events.js";
import { Adapter, type AdapterConstructor } from "./adapter.js";
import { SessionAwareAdapter } from "./recovery.js";
import { Connection } from "./connection.js";
import type { EngineConnection } from "./engine-connection.js";
import { Namespace } from "./namespace.js";
import { ParentNamespace, type ParentNspNameMatchFn } from "./parent-namespace.js";
import type { Socket } from "./socket.js";
import { MainNamespaceShortcuts } from "./main-namespace-shortcuts.js";
import { mountOnHttpServer, mountUpgradesOnHttpServer } from "./http.js";
import { MiddlewareMount, type RequestMiddleware } from "./express.js";
import { checkServerOptions, resolveServerOptions, type ResolvedServerOptions, type ServerOptions } from "./options.js";
import { ENGINE_ENCODER, type AdapterEncoder, type AdapterServerView } from "./adapter-contract.js";
import { computePath } from "./engine/attach.js";
import { drainServer, isDraining, type DrainOptions } from "./drain.js";
import { newPacketDecoder } from "./packet-decoder.js";
import type { StrictDecoder } from "./protocol/strict-decoder.js";

const log = createLog("volley:server");

/**
 * A Socket.IO server. An option that cannot work (a wrong type, a negative
 * or non-finite timing, a `cors.origin` no browser sends…) throws a
 * TypeError or RangeError naming it and what it accepts, here, in attach()
 * and listen(), and in the setters (lib/engine/validate-options.ts).
 *
 * @example
 * import { createServer } from "node:http";
 * import { Server } from "volley";
 * const httpServer = createServer();
 * const io = new Server(httpServer, { cors: { origin: "*" } });
 * io.on("connection", (socket) => socket.emit("hello", "world"));
 * httpServer.listen(3000);
 */
export class Server<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  SocketData = any,
>
  extends MainNamespaceShortcuts<ListenEvents, EmitEvents, ServerSideEvents, SocketData>
  implements AdapterServerView
{
  /** The resolved options (defaults applied). */
  readonly opts: ResolvedServerOptions;
  /**
   * How broadcasts are encoded, once each: socket.io's adapters call
   * `nsp.server.encoder.encode(packet)` (see lib/adapter-contract.ts).
   */
  readonly encoder: AdapterEncoder = ENGINE_ENCODER;
  /** The main namespace "/". */
  override readonly sockets: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
  /** The engine under this server, once attached or bound. */
  engine!: Engine;
  /** The HTTP server this server is attached to, if any. */
  httpServer: HttpServer | undefined;
  /**
   * @internal The decoder of every connection's text packets: a text packet decodes without state,
   * so connections share it, and only a binary packet in reassembly has a decoder of its own
   * (lib/connection.ts): 72 bytes less per connection.
   */
  readonly _textDecoder: StrictDecoder;
  /** @internal Namespaces by name. */
  readonly _nsps = new Map<string, Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>();
  readonly #parentNsps = new Map<ParentNspNameMatchFn, ParentNamespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>();
  readonly #parentNspsFromRegExp = new Map<RegExp, ParentNamespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>();
  #path: string;
  #adapter: AdapterConstructor;
  /** Whether the app chose the adapter class; otherwise it follows connectionStateRecovery. */
  #adapterChosen: boolean;
  #ownHttpServer = false;
  /** Set by middleware(): the app answers requests, attach() adds upgrades only. */
  #middlewareMount: MiddlewareMount | undefined;

  constructor(opts?: Partial<ServerOptions>);
  constructor(srv: HttpServer | number | string | undefined, opts?: Partial<ServerOptions>);
  constructor(srv?: HttpServer | number | string | Partial<ServerOptions>, opts: Partial<ServerOptions> = {}) {
    super();
    if (srv !== undefined && typeof srv === "object" && !("listen" in srv)) {
      opts = srv;
      srv = undefined;
    }
    this.opts = resolveServerOptions(opts);
    this._textDecoder = newPacketDecoder(this.opts);
    this.#path = normalizePath(this.opts.path);
    this.opts.path = this.#path + "/";
    this.#adapterChosen = opts.adapter !== undefined;
    this.#adapter = opts.adapter ?? defaultAdapter(this.opts);
    this.sockets = this.of("/") as Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
    if (srv !== undefined) this.attach(srv as HttpServer | number | string);
  }

  /** socket.io's alias of {@link Server.opts}, which some adapters read. */
  get _opts(): ResolvedServerOptions {
    return this.opts;
  }

  /** The path without trailing slash ("/socket.io"), or sets it (before attach; "rt" is "/rt"). */
  path(): string;
  path(v: string): this;
  path(v?: string): string | this {
    if (v === undefined) return this.#path;
    this.#path = normalizePath(checkServerOptions({ path: v }).path);
    this.opts.path = this.#path + "/";
    return this;
  }

  /** The connect timeout in ms, or sets it. */
  connectTimeout(): number;
  connectTimeout(v: number): this;
  connectTimeout(v?: number): number | this {
    if (v === undefined) return this.opts.connectTimeout;
    this.opts.connectTimeout = checkServerOptions({ connectTimeout: v }).connectTimeout;
    return this;
  }

  /** Whether the client bundle is served, or sets it (before attach). */
  serveClient(): boolean;
  serveClient(v: boolean): this;
  serveClient(v?: boolean): boolean | this {
    if (v === undefined) return this.opts.serveClient;
    this.opts.serveClient = checkServerOptions({ serveClient: v }).serveClient;
    return this;
  }

  /** The adapter class, or sets it (existing namespaces get a new adapter). */
  adapter(): AdapterConstructor;
  adapter(v: AdapterConstructor): this;
  adapter(v?: AdapterConstructor): AdapterConstructor | this {
    if (v === undefined) return this.#adapter;
    this.#adapterChosen = true;
    this.#adapter = v;
    for (const nsp of this._nsps.values()) nsp._initAdapter();
    return this;
  }

  /** Alias of {@link Server.attach}. */
  listen(srv: HttpServer | number | string, opts: Partial<ServerOptions> = {}): this {
    return this.attach(srv, opts);
  }

  /**
   * Attaches to an HTTP server, or creates one listening on `port` (answering
   * 404 outside the path).
   *
   * Once {@link Server.middleware} has been called, attaching to an
   * `http.Server` adds only the "upgrade" listener for the path (and a
   * "close" listener): the middleware answers the requests, and the server's
   * "request" listeners (the Express app) are left alone. The engine the
   * middleware created is reused, so engine options belong in `new Server(opts)`.
   *
   * @example
   * // socket.io style: takes the requests under the path, hands the rest to the app
   * const io = new Server(http.createServer(app));
   * @example
   * // Express-native: the middleware answers polling and client files, attach adds upgrades
   * const io = new Server({ cors: { origin: "https://example.com" } });
   * app.use(io.middleware());
   * io.attach(app.listen(3000));
   */
  attach(srv: HttpServer | number | string, opts: Partial<ServerOptions> = {}): this {
    if (typeof srv === "function") {
      throw new Error("You are trying to attach socket.io to an express request handler function. Please pass a http.Server instance.");
    }
    if (this.#middlewareMount && typeof srv === "object") return this.#attachUpgrades(srv, opts);
    let httpServer: HttpServer;
    if (typeof srv === "number" || (typeof srv === "string" && String(Number(srv)) === srv)) {
      httpServer = createServer((_req, res) => {
        res.writeHead(404);
        res.end();
      });
      httpServer.listen(Number(srv));
      this.#ownHttpServer = true;
    } else httpServer = srv as HttpServer;
    this.#applyOptions(opts);
    this.httpServer = httpServer;
    // A port with middleware() in use: that own server has no app, it takes everything.
    if (!this.#middlewareMount) this.bind(new Engine({ ...this.opts }));
    mountOnHttpServer(this, httpServer, this.#path + "/");
    return this;
  }

  /**
   * Options given to attach()/listen() go through the same resolution as the
   * constructor's (defaults, recovery settings), and turning recovery on or
   * changing it there gives the namespaces the matching default adapter.
   */
  #applyOptions(opts: Partial<ServerOptions>): void {
    if (Object.keys(opts).length === 0) return;
    Object.assign(this.opts, resolveServerOptions({ ...this.opts, ...opts }));
    if (opts.path !== undefined) this.path(opts.path);
    if (opts.adapter) this.adapter(opts.adapter);
    else if (!this.#adapterChosen && "connectionStateRecovery" in opts) {
      this.#adapter = defaultAdapter(this.opts);
      for (const nsp of this._nsps.values()) nsp._initAdapter();
    }
  }

  #attachUpgrades(httpServer: HttpServer, opts: Partial<ServerOptions>): this {
    if (Object.keys(opts).length > 0) {
      throw new Error(
        "io.attach(server, opts): io.middleware() already created the engine from the constructor's options; pass options to new Server(opts) instead",
      );
    }
    this.httpServer = httpServer;
    mountUpgradesOnHttpServer(this, httpServer, this.#path + "/");
    return this;
  }

  /**
   * The Express / Connect middleware form of mounting: answers the engine's
   * requests and the client files under the path and calls `next()` for
   * everything else. Creates the engine (from the constructor's options) on
   * the first call, so `io.engine.use(…)` works right after it. WebSocket
   * upgrades do not pass through Express: call `io.attach(server)` as well,
   * which then adds only the upgrade listener (without it, clients stay on
   * long-polling and a warning is logged once at the first handshake).
   * Mount it before body parsers: a POST body already parsed into an object
   * is answered with 400 and a message saying so.
   *
   * @example
   * const app = express();
   * const io = new Server({ cors: { origin: "https://example.com" } });
   * app.use(io.middleware());
   * app.use(express.json());
   * const server = app.listen(3000);
   * io.attach(server);
   */
  middleware(): RequestMiddleware {
    if (!this.#middlewareMount) {
      // The first request may arrive before attach(): the engine must exist now.
      if (!this.engine) this.bind(new Engine({ ...this.opts }));
      this.#middlewareMount = new MiddlewareMount(this);
    }
    return this.#middlewareMount.handle;
  }

  /** Uses an engine created elsewhere (e.g. mounted by the app itself). */
  bind(engine: Engine): this {
    this.engine = engine;
    engine.on("connection", (conn: EngineConnection) => this.#onConnection(conn));
    return this;
  }

  #onConnection(conn: EngineConnection): void {
    if (log.enabled) log("engine connection %s", conn.id);
    new Connection(this, conn);
  }

  /**
   * The namespace `name`, created on first use; with a RegExp or a function,
   * a parent namespace whose children are created on demand.
   */
  of(
    name: string | RegExp | ParentNspNameMatchFn,
    fn?: (socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) => void,
  ): Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
    if (typeof name === "function" || name instanceof RegExp) {
      const parent = new ParentNamespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>(this);
      if (typeof name === "function") this.#parentNsps.set(name, parent);
      else {
        if (name.global || name.sticky) throw new Error("stateful regular expressions are not supported");
        const regexp = name;
        this.#parentNsps.set((nsp, _auth, next) => next(null, regexp.test(nsp)), parent);
        this.#parentNspsFromRegExp.set(regexp, parent);
      }
      if (fn) parent.on("connect", fn as never);
      return parent;
    }
    if (!name.startsWith("/")) name = "/" + name;
    let nsp = this._nsps.get(name);
    if (!nsp) {
      for (const [regexp, parent] of this.#parentNspsFromRegExp) {
        if (regexp.test(name)) {
          const child = parent.createChild(name);
          if (fn) child.on("connect", fn as never);
          return child;
        }
      }
      nsp = new Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>(this, name);
      this._nsps.set(name, nsp);
      if (name !== "/") this.sockets.emitNewNamespace(nsp);
    }
    if (fn) nsp.on("connect", fn as never);
    return nsp;
  }

  /** @internal Asks each dynamic-namespace matcher in turn whether `name` exists. */
  _checkNamespace(name: string, auth: Record<string, unknown>, fn: (nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData> | false) => void): void {
    const matchers = [...this.#parentNsps.keys()];
    const next = (i: number): void => {
      const matcher = matchers[i];
      if (!matcher) return fn(false);
      let called = false;
      matcher(name, auth, (err, allow) => {
        if (called) return;
        called = true;
        if (err || !allow) return next(i + 1);
        const existing = this._nsps.get(name);
        if (existing) return fn(existing);
        fn((this.#parentNsps.get(matcher) as ParentNamespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>).createChild(name));
      });
    };
    next(0);
  }

  /**
   * Drains the server for a rolling deploy (lib/drain.ts): refuses new
   * connections, closes every connection so its client reconnects at once
   * (to another server, through the load balancer), and closes the server
   * once they left or after `graceMs` (default 10000). Resolves when closed.
   *
   * @example
   * process.on("SIGTERM", () => io.drain({ graceMs: 15000 }).then(() => process.exit(0)));
   */
  drain(opts?: DrainOptions): Promise<void> {
    return drainServer(this, opts);
  }

  /** Whether drain() was called: a load balancer's health check can report it. */
  get draining(): boolean {
    return isDraining(this);
  }

  /**
   * Disconnects every socket ("server shutting down"), closes the adapters,
   * the engine and the HTTP server (as socket.io 4 does).
   */
  async close(fn?: (err?: Error) => void): Promise<void> {
    await Promise.allSettled(
      [...this._nsps.values()].map(async (nsp) => {
        for (const socket of [...nsp.sockets.values()]) socket._onclose("server shutting down");
        await nsp.adapter.close();
      }),
    );
    // (polling clients collect their last packets before the HTTP server stops listening)
    await this.engine?.close();
    const httpServer = this.httpServer;
    if (!httpServer) {
      fn?.();
      return;
    }
    await new Promise<void>((resolve) => {
      httpServer.close((err) => {
        if (err) log("http server was not running");
        fn?.(err);
        resolve();
      });
      if (this.#ownHttpServer) httpServer.closeAllConnections?.();
    });
  }
}

/** The adapter a server uses when the app chose none: recovery needs one that stores sessions and events. */
function defaultAdapter(opts: ResolvedServerOptions): AdapterConstructor {
  return opts.connectionStateRecovery ? SessionAwareAdapter : Adapter;
}

/** "/socket.io/" and "socket.io" are "/socket.io": a path without its leading slash gets one. */
function normalizePath(path: string): string {
  return computePath({ path, addTrailingSlash: false });
}
