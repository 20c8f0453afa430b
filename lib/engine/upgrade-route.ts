/**
 * The route of an engine's WebSocket upgrade requests: the middlewares on a
 * stand-in response, the checks, then either a WebSocket that opens a
 * session or one that probes the upgrade of a polling session (upgrade.ts).
 */
import { ServerResponse, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { createLog } from "../log.js";
import { EngineErrorCode } from "../protocol/errors.js";
import { isOriginAccepted } from "./cors.js";
import { abortUpgrade, connectionError, ignoreError, originNotAllowed, SHUTTING_DOWN } from "./errors.js";
import {
  askAllowRequest,
  checkRequest,
  createSessionId,
  requestQuery,
  runMiddlewares,
  type EngineMiddleware,
  type Refusal,
} from "./handshake.js";
import type { ResolvedEngineOptions } from "./options.js";
import type { EmitEngineEvent, EngineSessions } from "./sessions.js";
import type { EngineSocket } from "./socket.js";
import { WebSocketTransport, type WebSocketSettings } from "./transports/websocket.js";
import { appendHeaderLines, standInHeaders } from "./upgrade-headers.js";

const log = createLog("volley:engine");

/**
 * The stream an upgrade came with, the one ws will write to: the transport corks it (websocket.ts).
 * A property of the request until ws hands the WebSocket over, not a WeakMap entry (see kQuery in handshake.ts).
 */
const kUpgradeStream = Symbol("volley.upgradeStream");
interface Tagged {
  [kUpgradeStream]?: Duplex;
}

/**
 * The WebSocket upgrade requests of one engine (Engine.handleUpgrade).
 *
 * @example
 * const upgrades = new UpgradeRoute(opts, sessions, middlewares, emit, () => engine.hasListeners("headers") || engine.hasListeners("initial_headers"));
 * upgrades.handle(req, socket, head);
 */
export class UpgradeRoute {
  readonly #opts: ResolvedEngineOptions;
  readonly #sessions: EngineSessions;
  /** The engine's middlewares: the engine's own array, which use() adds to. */
  readonly #middlewares: readonly EngineMiddleware[];
  readonly #emit: EmitEngineEvent;
  /** Whether the engine has listeners for "headers" or "initial_headers". */
  readonly #watchesHeaders: () => boolean;
  readonly #webSocketSettings: WebSocketSettings;
  readonly #upgradeResponses = new WeakMap<IncomingMessage, ServerResponse>();
  #wss: WebSocketServer | null = null;

  constructor(
    opts: ResolvedEngineOptions,
    sessions: EngineSessions,
    middlewares: readonly EngineMiddleware[],
    emit: EmitEngineEvent,
    watchesHeaders: () => boolean,
  ) {
    this.#opts = opts;
    this.#sessions = sessions;
    this.#middlewares = middlewares;
    this.#emit = emit;
    this.#watchesHeaders = watchesHeaders;
    this.#webSocketSettings = { maxBufferedBytes: opts.maxBufferedBytes };
  }

  /** Routes one upgrade request; failures abort it, never throw. */
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#routeUpgrade(req, socket, head).catch((err: unknown) => {
      if (log.enabled) log("upgrade failed: %O", err);
      abortUpgrade(socket, EngineErrorCode.BAD_REQUEST);
    });
  }

  #refuseUpgrade(req: IncomingMessage, socket: Duplex, refusal: Refusal): void {
    this.#emit("connection_error", connectionError(req, refusal.code, refusal.context));
    abortUpgrade(socket, refusal.code, refusal.message);
  }

  /** A code 3 refusal; `context` names what was wrong (a method, not a closure made per upgrade). */
  #refuseBadUpgrade(req: IncomingMessage, socket: Duplex, context: Record<string, unknown>): void {
    this.#refuseUpgrade(req, socket, { code: EngineErrorCode.BAD_REQUEST, context });
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
    const refusal = checkRequest(this.#opts, req, query);
    if (refusal) return this.#refuseUpgrade(req, socket, refusal);
    if (query.transport !== "websocket") return this.#refuseBadUpgrade(req, socket, { name: "TRANSPORT_MISMATCH", transport: query.transport });
    if (req.headers.upgrade?.toLowerCase() !== "websocket") return this.#refuseBadUpgrade(req, socket, { name: "MISSING_UPGRADE_HEADER" });
    if (this.#opts.cors && !(await isOriginAccepted(this.#opts.cors, req))) {
      return this.#refuseUpgrade(req, socket, { code: EngineErrorCode.BAD_REQUEST, context: originNotAllowed(req) });
    }
    const sid = query.sid;
    if (sid !== undefined) {
      const client = this.#sessions.clients.get(sid);
      if (!client) return this.#refuseUpgrade(req, socket, { code: EngineErrorCode.UNKNOWN_SID, context: { sid } });
      // A WebSocket for a session that is upgrading or has upgraded is accepted, then closed by
      // #onWebSocket, as engine.io does: the client sees a close rather than an error, and the
      // session goes on untouched. Other upgrades that cannot happen are refused.
      if (!this.#canUpgrade(client) && !client.upgrading && !client.upgraded) return this.#refuseBadUpgrade(req, socket, { name: "UPGRADE_NOT_POSSIBLE", sid });
    } else {
      if (this.#sessions.closed) return this.#refuseUpgrade(req, socket, SHUTTING_DOWN);
      // No await unless a hook is configured (see #handshake in request-route.ts).
      const pendingDenial = askAllowRequest(this.#opts, req);
      const denied = pendingDenial && (await pendingDenial);
      if (denied) return this.#refuseUpgrade(req, socket, denied);
      const pendingId = createSessionId(this.#opts, req);
      // After an asynchronous allowRequest, the id still comes a tick later, as it always did:
      // io.close() marks the engine closed only after its adapters closed, and a handshake
      // released meanwhile must find it closed (spec/regressions/engine-close-answers-held-get).
      const id = typeof pendingId === "string" && !pendingDenial ? pendingId : await pendingId;
      if (typeof id !== "string") return this.#refuseUpgrade(req, socket, id);
      if (this.#sessions.closed) return this.#refuseUpgrade(req, socket, SHUTTING_DOWN);
      // The id exists before the 101 answer: a failure after it could not be reported over HTTP.
      this.#sessions.setHandshakeId(req, id);
    }
    if (socket.destroyed) return;
    // Middlewares such as express-session add their headers when the response head is written.
    if (res && !res.headersSent) res.writeHead(101);
    (req as Tagged)[kUpgradeStream] = socket;
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
      this.#opts.allowUpgrades &&
      client.readyState === "open" &&
      client.transport.name === "polling" &&
      !client.upgrading &&
      !client.upgraded
    );
  }

  #webSocketServer(): WebSocketServer {
    if (!this.#wss) {
      // A wsEngine is ws-compatible by contract (WsEngine's TSDoc): the engine uses ws's API on it.
      const Wss = (this.#opts.wsEngine ?? WebSocketServer) as typeof WebSocketServer;
      this.#wss = new Wss({
        noServer: true,
        clientTracking: false,
        maxPayload: this.#opts.maxHttpBufferSize,
        perMessageDeflate: this.#opts.perMessageDeflate,
      });
      this.#wss.on("headers", this.#onUpgradeHeaders);
      this.#wss.on("error", ignoreError);
    }
    return this.#wss;
  }

  /** ws is about to answer 101: let the app add headers, as on polling responses. */
  readonly #onUpgradeHeaders = (lines: string[], req: IncomingMessage): void => {
    const standIn = this.#upgradeResponses.get(req);
    // Nothing to add (no middleware ran, nobody listens): ws's own lines as they are.
    if (!standIn && !this.#watchesHeaders()) return;
    const headers = standInHeaders(standIn);
    if (requestQuery(req).sid === undefined) this.#emit("initial_headers", headers, req);
    this.#emit("headers", headers, req);
    appendHeaderLines(lines, headers);
  };

  /** Bound once per engine (not per connection): ws calls it when a handshake completes. */
  readonly #onWebSocket = (ws: WebSocket, req: IncomingMessage): void => {
    const query = requestQuery(req);
    const stream = (req as Tagged)[kUpgradeStream] ?? null;
    (req as Tagged)[kUpgradeStream] = undefined;
    // ws listens for the stream's errors from now on (and keeps a listener after it closes):
    // handleUpgrade's guard would only turn its listener into an array (32 bytes per connection).
    // The WebSocket's own errors go to the transport's listener, which it never removes.
    stream?.removeListener("error", ignoreError);
    const transport = new WebSocketTransport(ws, this.#webSocketSettings, stream);
    if (query.sid !== undefined) {
      const client = this.#sessions.clients.get(query.sid);
      // Upgrading or upgraded already (see #routeUpgrade), or it closed during the handshake.
      if (!client || !this.#canUpgrade(client)) {
        transport.close();
        return;
      }
      client.beginUpgrade(transport);
      return;
    }
    const id = this.#sessions.handshakeId(req);
    const socket = id === undefined ? null : this.#sessions.create(id, req, transport);
    if (!socket) {
      transport.close();
      return;
    }
    this.#sessions.announce(socket);
    // The open packet now, not at the end of the turn: it joins the 101 in the corked stream.
    transport.flushFrames();
  };
}
