/**
 * The session registry of one engine: its open sessions by sid, whether it
 * still accepts new ones, and how a session opens, is announced to the app
 * and how all of them end when the engine closes.
 */
import type { IncomingMessage } from "node:http";
import { createLog } from "../log.js";
import { availableUpgrades } from "./handshake.js";
import { LastPolls } from "./last-polls.js";
import type { EngineEvents } from "./server.js";
import { EngineSocket } from "./socket.js";
import type { SessionContext } from "./socket-types.js";
import { Polling } from "./transports/polling.js";
import type { Transport } from "./transports/transport.js";

const log = createLog("volley:engine");

const kHandshakeId = Symbol("volley.handshakeId");
interface Tagged {
  [kHandshakeId]?: string;
}

/** Emits one of the engine's events through its emitReserved (and so its guard against throwing listeners). */
export type EmitEngineEvent = <E extends keyof EngineEvents>(event: E, ...args: Parameters<EngineEvents[E]>) => boolean;

/**
 * The sessions of one engine; one per engine, shared by its request and
 * upgrade routes.
 *
 * @example
 * const socket = sessions.create(id, req, transport);
 * if (socket) sessions.announce(socket);
 */
export class EngineSessions {
  /** Open sessions by sid. */
  readonly clients = new Map<string, EngineSocket>();
  /** Polling transports of sessions close() ended, by sid, until their client's last GET collected what was left. */
  readonly lastPolls = new LastPolls();
  /** Set by close(): handshakes that were still in their async steps must not open a session afterwards. */
  closed = false;
  readonly #ctx: SessionContext;
  readonly #emit: EmitEngineEvent;

  /** `ctx` is the engine: the sessions' options, and told when one closes. */
  constructor(ctx: SessionContext, emit: EmitEngineEvent) {
    this.#ctx = ctx;
    this.#emit = emit;
  }

  /** Opens the session `id` over `transport`; null when the engine is closed or `id` is taken. */
  create(id: string, req: IncomingMessage, transport: Transport): EngineSocket | null {
    if (this.closed || this.clients.has(id)) return null;
    this.setHandshakeId(req, id);
    const socket = new EngineSocket(id, req, transport, this.#ctx);
    this.clients.set(id, socket);
    if (log.enabled) log("session %s opened over %s", id, transport.name);
    socket.open(availableUpgrades(this.#ctx.opts, transport.name));
    return socket;
  }

  /**
   * The session id of a handshake request, once it has one (the cookie and "initial_headers"
   * need it). Kept on the request (a request reaches one engine), not in a WeakMap (see kQuery in handshake.ts).
   */
  handshakeId(req: IncomingMessage): string | undefined {
    return (req as Tagged)[kHandshakeId];
  }

  /** Gives the handshake request `req` its session id (see {@link EngineSessions.handshakeId}). */
  setHandshakeId(req: IncomingMessage, id: string): void {
    (req as Tagged)[kHandshakeId] = id;
  }

  /** The engine's "connection" event for a new session. */
  announce(socket: EngineSocket): void {
    try {
      this.#emit("connection", socket);
    } catch (err) {
      // A throwing "connection" listener ends that session, not the process.
      if (log.enabled) log("connection listener threw: %O", err);
      socket.terminate("transport error");
    }
  }

  /**
   * Refuses new sessions and closes every open one ("server shutting down");
   * returns, for each polling session, the wait for its client's last GET.
   */
  closeAll(): Promise<void>[] {
    this.closed = true;
    const lastPolls: Promise<void>[] = [];
    for (const socket of [...this.clients.values()]) {
      socket.terminate("server shutting down");
      const transport = socket.transport;
      if (transport instanceof Polling) {
        // the session is gone from `clients`, but its next GET must still find the transport
        lastPolls.push(this.lastPolls.keep(socket.id, transport));
      }
    }
    return lastPolls;
  }
}
