/**
 * The Express-native mounting form: `app.use(io.middleware())`.
 *
 * The middleware answers every request under the server's path (the
 * engine's polling requests and the client files) and calls `next()` for
 * everything else, so the app keeps its own "request" listener untouched.
 * WebSocket upgrades never pass through Express: `io.attach(server)` adds the
 * one "upgrade" listener for the path.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import { requestQuery } from "./engine/handshake.js";
import { applyCors } from "./engine/cors.js";
import { connectionError, writeHttpError } from "./engine/errors.js";
import type { Engine } from "./engine/server.js";
import { EngineErrorCode } from "./protocol/errors.js";
import { handleHttpRequest, type MountableServer } from "./http.js";

/**
 * An Express / Connect middleware. Declared with node:http types so it fits
 * `app.use()` of Express 4 and 5, Connect, and a bare `http.createServer`.
 */
export type RequestMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** What the middleware needs from the Socket.IO server. */
export interface MiddlewareHost extends MountableServer {
  readonly engine: Engine;
  /** Set once an "upgrade" listener for the path is attached (io.attach). */
  readonly httpServer: HttpServer | undefined;
}

/** The answer when a body parser ran first and left nothing to replay. */
export const BODY_CONSUMED_MESSAGE =
  "Bad request: the request body was already consumed by a body parser; mount io.middleware() before express.json()/express.text()";

/**
 * Serves one Server's requests from inside an Express app. One instance per
 * Server (it holds the "warned once" flag); `handle` is the middleware.
 *
 * @example
 * const mount = new MiddlewareMount(io);
 * app.use(mount.handle);
 */
export class MiddlewareMount {
  readonly #io: MiddlewareHost;
  readonly #warn: (message: string) => void;
  #warnedPollingOnly = false;

  constructor(io: MiddlewareHost, warn: (message: string) => void = console.warn) {
    this.#io = io;
    this.#warn = warn;
  }

  /**
   * The middleware: requests under the path are answered, others go to `next()`.
   *
   * @example
   * app.use(mount.handle);
   */
  readonly handle: RequestMiddleware = (req, res, next) => {
    if (!isUnderPath(req.url, this.#io.path())) {
      next();
      return;
    }
    if (req.method === "GET") this.#warnIfPollingOnly(req);
    const body = req.method === "POST" ? consumedBody(req) : NOT_CONSUMED;
    if (body === NOT_CONSUMED) {
      handleHttpRequest(this.#io, req, res);
      return;
    }
    if (body === UNREPLAYABLE) {
      void this.#refuseConsumedBody(req, res);
      return;
    }
    // Node emits the request's "close" one tick after its "end"; the engine
    // would take that late "close" for an aborted POST, so it goes first.
    if (req.closed) this.#replay(req, res, body);
    else req.once("close", () => this.#replay(req, res, body));
  };

  #replay(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    replayBody(req, body);
    handleHttpRequest(this.#io, req, res);
  }

  /** Once per Server: polling works, but without an upgrade listener it is all clients ever get. */
  #warnIfPollingOnly(req: IncomingMessage): void {
    if (this.#warnedPollingOnly || this.#io.httpServer !== undefined) return;
    const query = requestQuery(req);
    if (query.transport !== "polling" || query.sid !== undefined) return;
    const opts = this.#io.engine.opts;
    if (!opts.allowUpgrades || !opts.transports.includes("websocket")) return;
    this.#warnedPollingOnly = true;
    this.#warn(
      `volley: io.middleware() answers long-polling under ${this.#io.path()}/, but no "upgrade" listener is attached, ` +
        "so clients will stay on HTTP long-polling. Attach the HTTP server for WebSocket upgrades: " +
        "`const server = app.listen(port); io.attach(server);`",
    );
  }

  async #refuseConsumedBody(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const engine = this.#io.engine;
    try {
      // CORS headers first, so a browser can read the reason.
      const cors = engine.opts.cors;
      if (cors) await applyCors(cors, req, res);
    } catch {
      // A failing origin function: the answer below still goes out, without CORS.
    }
    const error = connectionError(req, EngineErrorCode.BAD_REQUEST, { name: "BODY_ALREADY_CONSUMED", message: BODY_CONSUMED_MESSAGE });
    engine.emit("connection_error", error);
    writeHttpError(res, EngineErrorCode.BAD_REQUEST, BODY_CONSUMED_MESSAGE);
  }
}

/** "/socket.io/…" for the path "/socket.io", without building a string per request. */
function isUnderPath(url: string | undefined, path: string): boolean {
  return url !== undefined && url.startsWith(path) && url.charCodeAt(path.length) === 47; // "/"
}

const NOT_CONSUMED = Symbol("not consumed");
const UNREPLAYABLE = Symbol("unreplayable");

/**
 * Whether something upstream (a body parser) already read the POST body:
 * NOT_CONSUMED when the engine can still read it, the raw bytes when the
 * parser kept them as text or a Buffer (express.text(), express.raw()),
 * UNREPLAYABLE when it turned them into an object (express.json(),
 * express.urlencoded()) or consumed them without a trace.
 */
function consumedBody(req: IncomingMessage): Buffer | typeof NOT_CONSUMED | typeof UNREPLAYABLE {
  if (!req.readableEnded) return NOT_CONSUMED;
  const body = (req as { body?: unknown }).body;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (Buffer.isBuffer(body)) return body;
  return UNREPLAYABLE;
}

/**
 * Makes an ended request deliver `body` once more to the next reader: when
 * the engine subscribes to "end" (it subscribes to "data" just before), the
 * bytes and the end are emitted, after the engine's synchronous setup.
 */
function replayBody(req: IncomingMessage, body: Buffer): void {
  const onNewListener = (event: string | symbol): void => {
    if (event !== "end") return;
    req.off("newListener", onNewListener);
    queueMicrotask(() => {
      req.emit("data", body);
      req.emit("end");
    });
  };
  req.on("newListener", onNewListener);
}
