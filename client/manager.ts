/**
 * The Manager: one Engine.IO connection shared by the namespace sockets of
 * one server, packet decoding, and reconnection with backoff.
 *
 * Environment-neutral: no node:* imports.
 */
import { Emitter } from "../lib/protocol/emitter.js";
import { encodePacket } from "../lib/protocol/encoder.js";
import { Decoder } from "../lib/protocol/decoder.js";
import type { Packet } from "../lib/protocol/packet.js";
import { DEFAULTS } from "../lib/protocol/constants.js";
import { EngineClient, type EngineClientEvents } from "./engine/index.js";
import type { EngineClientOptions } from "./engine/types.js";
import { unrefTimer } from "./engine/globals.node.js";
import { reconnectDelay } from "./backoff.js";
import { callGuarded } from "./guarded.js";
import { checkOptions } from "./check-options.js";
import { closedWhileOpeningMessage, openTimeoutMessage } from "./manager.messages.js";
import { Socket, type SocketOptions } from "./socket.js";
import type { DefaultEventsMap, EventsMap } from "../lib/protocol/typed-events.js";

/** Options of a {@link Manager}; the engine's options pass through. */
export interface ManagerOptions extends EngineClientOptions {
  /** Reconnect after an unexpected close. Default true. */
  reconnection?: boolean;
  /** Attempts before "reconnect_failed". Default Infinity. */
  reconnectionAttempts?: number;
  /** First delay, ms. Default 1000. */
  reconnectionDelay?: number;
  /** Largest delay, ms. Default 5000. */
  reconnectionDelayMax?: number;
  /** 0..1: the share of each delay that is random. Default 0.5. */
  randomizationFactor?: number;
  /** How long one connection attempt may take, ms, or false for no limit. Default 20000. */
  timeout?: number | false;
  /** Connect when created (and when `socket()` hands out a socket). Default true. */
  autoConnect?: boolean;
}

/** Why and how the connection closed, as the engine reported it. */
export interface CloseDetails {
  description?: unknown;
  context?: unknown;
  /** WebSocket close code: 1006 when the network dropped, 1000 for a goodbye. */
  code?: number;
  wasClean?: boolean;
}

/** Events of a {@link Manager}. */
export interface ManagerEvents {
  open: () => void;
  error: (err: Error) => void;
  ping: () => void;
  packet: (packet: Packet) => void;
  close: (reason: string, details?: CloseDetails | Error) => void;
  reconnect_attempt: (attempt: number) => void;
  reconnect: (attempt: number) => void;
  reconnect_error: (err: Error) => void;
  reconnect_failed: () => void;
}

/** "opening" covers the wait for the engine's handshake. */
export type ManagerState = "closed" | "opening" | "open";

type Timer = ReturnType<typeof setTimeout>;
type EngineEvent = "open" | "message" | "ping" | "error" | "close";

/** The settings with a getter/setter method of the same name on a {@link Manager}; kept in its `opts`. */
const SETTINGS = "reconnection reconnectionAttempts reconnectionDelay reconnectionDelayMax randomizationFactor timeout".split(" ");

/**
 * The setting methods of a {@link Manager}, as socket.io-client types them:
 * each reads its setting without an argument and sets it (returning the
 * Manager, for chaining) with one. They are defined from `SETTINGS` below
 * the class; a new value applies from the next connection attempt on.
 *
 * @example
 * manager.reconnectionDelay(500).reconnectionDelayMax(2000);
 * manager.timeout(); // 20000
 */
// Merged into the class below, so it repeats the class's type parameters (Emit unused here).
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export interface Manager<Listen extends EventsMap = DefaultEventsMap, Emit extends EventsMap = Listen> {
  /** Gets or sets whether to reconnect after an unexpected close. */
  reconnection(): boolean;
  reconnection(v: boolean): this;
  /** Gets or sets how many attempts are made before "reconnect_failed". */
  reconnectionAttempts(): number;
  reconnectionAttempts(v: number): this;
  /** Gets or sets the first reconnection delay (ms). */
  reconnectionDelay(): number;
  reconnectionDelay(v: number): this;
  /** Gets or sets the largest reconnection delay (ms). */
  reconnectionDelayMax(): number;
  reconnectionDelayMax(v: number): this;
  /** Gets or sets the random share of each delay (0..1). */
  randomizationFactor(): number;
  randomizationFactor(v: number): this;
  /** Gets or sets how long one connection attempt may take (ms, or false). */
  timeout(): number | false;
  timeout(v: number | false): this;
}

/**
 * Owns the engine connection for every namespace socket of one server.
 * `io()` creates and caches Managers; create one yourself to share a
 * connection explicitly.
 *
 * @example
 * const manager = new Manager("https://example.com", { reconnectionDelayMax: 10000 });
 * const chat = manager.socket("/chat");
 * const admin = manager.socket("/admin", { auth: { token: "…" } });
 * manager.on("reconnect", (attempt) => console.log("back after", attempt, "attempts"));
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the setting methods are defined below the class
export class Manager<Listen extends EventsMap = DefaultEventsMap, Emit extends EventsMap = Listen> extends Emitter<
  Record<never, never>,
  ManagerEvents
> {
  /**
   * The latest engine connection, kept after it closes (as socket.io-client
   * does) so a "disconnect" listener can still read `socket.io.engine.transport`.
   * Typed as always present, as socket.io-client types it; at runtime it is
   * undefined only before the first open().
   */
  declare engine: EngineClient;
  /** The engine whose events count; undefined once it is dropped. */
  private declare _live: EngineClient | undefined;
  /** The URI the Manager was made with (undefined without one, as in socket.io-client). */
  declare readonly uri: string;
  /** The options; the settings (`SETTINGS`) are normalized here, and their methods read and write them here. */
  declare readonly opts: ManagerOptions;
  /** Namespace sockets by name. */
  readonly nsps: Record<string, Socket<Listen, Emit>> = {};
  _readyState: ManagerState = "closed";
  /** True while a reconnection attempt is scheduled (undefined until the first one). */
  declare _reconnecting: boolean | undefined;
  declare readonly _autoConnect: boolean;
  /** Set by disconnect(): no reconnection until the next open(). */
  private declare _skipReconnect: boolean | undefined;
  /** The attempt count: reconnection delays handed out since the connection last closed (or "reconnect_failed"). */
  private _attempts = 0;
  /** The one pending timer: the attempt's timeout while opening, the next reconnection attempt while closed. */
  private declare _timer: Timer | undefined;

  constructor(opts?: ManagerOptions);
  constructor(uri?: string, opts?: ManagerOptions);
  constructor(uri?: string | ManagerOptions, opts?: ManagerOptions) {
    super();
    if (typeof uri === "object") {
      opts = uri;
      uri = undefined;
    }
    // without a URI, the engine connects to the page's origin
    this.uri = uri as string;
    this.opts = opts = { ...opts, path: opts?.path || "/socket.io/" };
    checkOptions(opts);
    opts.reconnection = opts.reconnection !== false;
    opts.reconnectionAttempts ||= Infinity;
    opts.reconnectionDelay ||= DEFAULTS.reconnectionDelay;
    opts.reconnectionDelayMax ||= DEFAULTS.reconnectionDelayMax;
    opts.randomizationFactor ??= DEFAULTS.randomizationFactor;
    opts.timeout ??= DEFAULTS.clientTimeout;
    this._autoConnect = opts.autoConnect !== false;
    if (this._autoConnect) this.open();
  }

  /**
   * Opens the engine connection unless it is open or opening. `callback`
   * gets the error of a failed attempt; without a callback, a failed first
   * attempt starts the reconnection loop.
   */
  open(callback?: (err?: Error) => void): this {
    const opts = this.opts;
    // Closed with a retry scheduled (a scheduled retry implies "closed"): the
    // attempt is due (the timer fired and runs open()) or the app asks for it
    // early. Make it now, so the loop's state ends with it whatever the outcome.
    const attempt = this._reconnecting;
    if (attempt) {
      this._reconnecting = false;
      clearTimeout(this._timer);
      this._tell("reconnect_attempt", this._attempts);
      // a listener may have closed the manager or turned reconnection off
      if (this._skipReconnect || !opts.reconnection) return this;
    }
    // (a "reconnect_attempt" listener may also have opened it already)
    if (this._readyState !== "closed") return this;
    const engine = (this.engine = this._live = new EngineClient(this.uri, opts));
    // one decoder per engine: a dropped engine's half-received packet dies with it
    const decoder = new Decoder();
    this._readyState = "opening";
    this._skipReconnect = false;
    /** The attempt failed (engine error or close, or timeout). */
    const fail = (err: Error): void => {
      this._down();
      this._tell("error", err);
      if (attempt) {
        this._reconnect();
        this._tell("reconnect_error", err);
      }
      // without a callback, a failed first attempt starts the loop
      else if (!callback && !this._attempts) this._reconnect();
      callback?.(err);
    };
    // events of an engine that was dropped no longer count
    const on = <Ev extends EngineEvent>(event: Ev, handler: (a: never, b: never) => void): unknown =>
      engine.on(event, ((a: never, b: never) => this._live === engine && handler(a, b)) as EngineClientEvents[Ev]);
    // the namespace sockets follow the Manager's events emitted here (Socket's constructor)
    on("open", () => {
      clearTimeout(this._timer);
      this._readyState = "open";
      this._tell("open");
      // (nothing reads the attempt count while open; it restarts from 0 when this connection closes)
      if (attempt) this._tell("reconnect", this._attempts);
      callback?.();
    });
    on("message", (data: string | ArrayBuffer) => {
      let packet: Packet | undefined;
      try {
        packet = decoder.add(data);
      } catch (err) {
        return this._onClose("parse error", err as Error);
      }
      if (packet) this._tell("packet", packet);
    });
    on("ping", () => this._tell("ping"));
    on("error", (err: Error) => (this._readyState === "opening" ? fail(err) : this._tell("error", err)));
    on("close", (reason: string, details?: CloseDetails) =>
      this._readyState === "opening" ? fail(new Error(closedWhileOpeningMessage(reason))) : this._onClose(reason, details),
    );
    const ms = opts.timeout!;
    if (ms !== false) unrefTimer((this._timer = setTimeout(() => fail(new Error(openTimeoutMessage(ms))), ms)), opts);
    engine.open();
    return this;
  }

  /** Alias of {@link Manager.open}. */
  connect(callback?: (err?: Error) => void): this {
    return this.open(callback);
  }

  /**
   * The socket of namespace `nsp`, created on first use.
   *
   * @example
   * const admin = manager.socket("/admin", { auth: { token } });
   */
  socket(nsp: string, opts?: SocketOptions): Socket<Listen, Emit> {
    // a new socket connects itself (autoConnect); one that left connects again
    const socket = (this.nsps[nsp] ||= new Socket<Listen, Emit>(this, nsp, opts));
    if (this._autoConnect && !socket.active) socket.connect();
    return socket;
  }

  /** Closes the connection for good (no reconnection until the next open()). */
  disconnect(): void {
    this._skipReconnect = true;
    this._reconnecting = false;
    this._onClose("forced close");
  }

  /**
   * Encodes and sends one packet. Its `compress` flag (an event's, false
   * for no compression) is all the engine's send options read, so the
   * packet itself is passed as those options.
   */
  _packet(packet: Packet & { compress?: boolean }): void {
    const engine = this._live;
    if (engine) for (const chunk of encodePacket(packet)) engine.send(chunk, packet);
  }

  private _onClose(reason: string, details?: CloseDetails | Error): void {
    this._down();
    this._attempts = 0;
    this._tell("close", reason, details);
    this._reconnect();
  }

  /** Schedules the next reconnection attempt, or gives up after the last one. */
  private _reconnect(): void {
    const opts = this.opts;
    // not after disconnect(), nor with reconnection(false), nor when a listener
    // of the failure or close (e.g. `socket.connect()` in "disconnect") already
    // opened again: its attempt owns the one timer (its open timeout)
    if (this._skipReconnect || !opts.reconnection || this._readyState !== "closed") return;
    if (this._attempts >= opts.reconnectionAttempts!) {
      this._attempts = 0;
      this._tell("reconnect_failed");
    } else {
      this._reconnecting = true;
      unrefTimer((this._timer = setTimeout(() => this.open(), reconnectDelay(this._attempts++, opts))), opts);
    }
  }

  /**
   * Emits one of the Manager's events with the listeners' exceptions isolated
   * (rethrown on their own stack, as uncaught errors): an app listener that
   * throws must not unwind the engine's receive loop, nor stop the
   * reconnection or the rest of the Manager's work.
   */
  private _tell(...eventAndArgs: Parameters<Manager["emitReserved"]>): void {
    callGuarded(() => this.emitReserved(...eventAndArgs));
  }

  /** Ends the connection or the attempt: no timer, no engine, "closed". */
  private _down(): void {
    const engine = this._live;
    clearTimeout(this._timer);
    this._live = undefined;
    engine?.close();
    this._readyState = "closed";
  }
}

for (const name of SETTINGS) {
  (Manager.prototype as unknown as Record<string, unknown>)[name] = function (this: Manager, value?: unknown) {
    const opts = this.opts as Record<string, unknown>;
    if (value === undefined) return opts[name];
    opts[name] = value;
    return this;
  };
}
