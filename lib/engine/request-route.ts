/**
 * The route of an engine's HTTP requests: CORS and the middlewares, then a
 * GET or POST of an open session goes to its polling transport, and a
 * handshake opens a polling session.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createLog } from "../log.js";
import { EngineErrorCode } from "../protocol/errors.js";
import { serializeCookie } from "./cookie.js";
import { applyCors } from "./cors.js";
import { connectionError, originNotAllowed, SHUTTING_DOWN, writeHttpError } from "./errors.js";
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
import { Polling, type PollingSettings } from "./transports/polling.js";
import type { HeadersHook } from "./transports/transport.js";

const log = createLog("volley:engine");

/** An unexpected failure while routing a request: a bare code 3 answer, never a throw. */
function failRequest(res: ServerResponse, err: unknown): void {
  if (log.enabled) log("request failed: %O", err);
  writeHttpError(res, EngineErrorCode.BAD_REQUEST);
}

/**
 * The polling requests and CORS preflights of one engine (Engine.handleRequest).
 *
 * @example
 * const requests = new RequestRoute(opts, sessions, middlewares, pollingSettings, emit, () => engine.hasListeners("headers") || engine.hasListeners("initial_headers"));
 * requests.handle(req, res);
 */
export class RequestRoute {
  readonly #opts: ResolvedEngineOptions;
  readonly #sessions: EngineSessions;
  /** The engine's middlewares: the engine's own array, which use() adds to. */
  readonly #middlewares: readonly EngineMiddleware[];
  readonly #pollingSettings: PollingSettings;
  readonly #emit: EmitEngineEvent;
  /** Whether the engine has listeners for "headers" or "initial_headers". */
  readonly #watchesHeaders: () => boolean;

  constructor(
    opts: ResolvedEngineOptions,
    sessions: EngineSessions,
    middlewares: readonly EngineMiddleware[],
    pollingSettings: PollingSettings,
    emit: EmitEngineEvent,
    watchesHeaders: () => boolean,
  ) {
    this.#opts = opts;
    this.#sessions = sessions;
    this.#middlewares = middlewares;
    this.#pollingSettings = pollingSettings;
    this.#emit = emit;
    this.#watchesHeaders = watchesHeaders;
  }

  /** Routes one request; failures are answered, never thrown. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    // No CORS and no middleware: routed synchronously, no promise per poll.
    if (!this.#opts.cors && this.#middlewares.length === 0) this.#routeRequestNow(req, res);
    else this.#prepareRequest(req, res).catch((err: unknown) => failRequest(res, err));
  }

  #refuseRequest(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
    this.#emit("connection_error", connectionError(req, refusal.code, refusal.context));
    writeHttpError(res, refusal.code, refusal.message);
  }

  /** CORS, then the middlewares (the order engine.io 6 gives them), then the routing. */
  async #prepareRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.#opts.cors) {
      const { answered, refused } = await applyCors(this.#opts.cors, req, res);
      // A preflight is still answered (without Allow-Origin: the browser stops there); the app hears of both.
      if (refused && answered) this.#emit("connection_error", connectionError(req, EngineErrorCode.BAD_REQUEST, originNotAllowed(req)));
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
    const refusal = checkRequest(this.#opts, req, query);
    if (refusal) return this.#refuseRequest(req, res, refusal);
    const sid = query.sid;
    if (sid !== undefined) {
      const client = this.#sessions.clients.get(sid);
      if (!client || !client.takesRequest()) {
        const lastPoll = req.method === "GET" ? this.#sessions.lastPolls.get(sid) : undefined;
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
    if (this.#sessions.closed) return this.#refuseRequest(req, res, SHUTTING_DOWN);
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
    const pendingDenial = askAllowRequest(this.#opts, req);
    const denied = pendingDenial && (await pendingDenial);
    if (denied) return this.#refuseRequest(req, res, denied);
    const pendingId = createSessionId(this.#opts, req);
    const id = typeof pendingId === "string" && !pendingDenial ? pendingId : await pendingId;
    if (typeof id !== "string") return this.#refuseRequest(req, res, id);
    if (res.writableEnded || res.destroyed) return; // a middleware answered, or the client left
    if (this.#sessions.closed) return this.#refuseRequest(req, res, SHUTTING_DOWN);
    const polling = new Polling(this.#pollingSettings, this.#pollingHeaders);
    const socket = this.#sessions.create(id, req, polling);
    if (!socket) return this.#refuseRequest(req, res, { code: EngineErrorCode.BAD_REQUEST, context: { name: "ID_COLLISION", id } });
    polling.onRequest(req, res);
    this.#sessions.announce(socket);
  }

  /** Every polling response passes here: cookie and "initial_headers" on the handshake, then "headers". */
  readonly #pollingHeaders: HeadersHook = {
    wanted: () => this.#opts.cookie !== false || this.#watchesHeaders(),
    emit: (headers, req) => {
      if (requestQuery(req).sid === undefined) {
        const id = this.#sessions.handshakeId(req);
        if (this.#opts.cookie && id !== undefined) headers["Set-Cookie"] = [serializeCookie(this.#opts.cookie.name, id, this.#opts.cookie)];
        this.#emit("initial_headers", headers, req);
      }
      this.#emit("headers", headers, req);
    },
  };
}
