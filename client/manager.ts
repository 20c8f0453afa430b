/**
 * The Manager: one Engine.IO connection shared by the namespace sockets of
 * one server, packet decoding, and reconnection with backoff.
 *
 * Environment-neutral: no node:* imports.
 */
import { Emitter } from "../lib/protocol/emitter.js";
import { encodePacket } from "../lib/protocol/encoder.js";
import { Decoder } from "../lib/protocol/decoder.js";
import { PacketType, type Packet } from "../lib/protocol/packet.js";
import { DEFAULTS } from "../lib/protocol/constants.js";
import { EngineClient } from "./engine/index.js";
import type { EngineClientOptions } from "./engine/types.js";
import { Backoff } from "./backoff.js";
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
  engine!: EngineClient;
  /** The engine whose events count; undefined once it is dropped. */
  #live: EngineClient | undefined;
  readonly uri: string;
  readonly opts: ManagerOptions;
  /** Namespace sockets by name. */
  readonly nsps: Record<string, Socket<Listen, Emit>> = {};
  readonly backoff: Backoff;
  _readyState: ManagerState = "closed";
  /** True from a scheduled reconnection until its attempt ends. */
  _reconnecting = false;
  readonly _autoConnect: boolean;
  private _reconnection = true;
  private _reconnectionAttempts: number;
  private _timeout: number | false;
  #skipReconnect = false;
  #decoder = new Decoder();
  #timers: Timer[] = [];
  #openCallback: ((err?: Error) => void) | undefined;
  /** The scheduled reconnection attempt, while the loop waits for it. */
  #retryTimer: Timer | undefined;

  constructor(opts?: ManagerOptions);
  constructor(uri?: string, opts?: ManagerOptions);
  constructor(uri?: string | ManagerOptions, opts?: ManagerOptions) {
    super();
    if (typeof uri === "object") {
      opts = uri;
      uri = undefined;
    }
    this.uri = uri ?? "";
    this.opts = opts = { ...opts, path: opts?.path || "/socket.io/" };
    this.reconnection(opts.reconnection !== false);
    this._reconnectionAttempts = opts.reconnectionAttempts || Infinity;
    this.backoff = new Backoff(
      opts.reconnectionDelay || DEFAULTS.reconnectionDelay,
      opts.reconnectionDelayMax || DEFAULTS.reconnectionDelayMax,
      opts.randomizationFactor ?? DEFAULTS.randomizationFactor,
    );
    this._timeout = opts.timeout ?? DEFAULTS.clientTimeout;
    this._autoConnect = opts.autoConnect !== false;
    if (this._autoConnect) this.open();
  }

  /** Gets or sets whether to reconnect after an unexpected close. */
  reconnection(): boolean;
  reconnection(v: boolean): this;
  reconnection(v?: boolean): this | boolean {
    if (v === undefined) return this._reconnection;
    this._reconnection = v;
    if (!v) this.#skipReconnect = true;
    return this;
  }

  /** Gets or sets how many attempts are made before "reconnect_failed". */
  reconnectionAttempts(): number;
  reconnectionAttempts(v: number): this;
  reconnectionAttempts(v?: number): this | number {
    if (v === undefined) return this._reconnectionAttempts;
    this._reconnectionAttempts = v;
    return this;
  }

  /** Gets or sets the first reconnection delay (ms). */
  reconnectionDelay(): number;
  reconnectionDelay(v: number): this;
  reconnectionDelay(v?: number): this | number {
    if (v === undefined) return this.backoff.min;
    this.backoff.min = v;
    return this;
  }

  /** Gets or sets the largest reconnection delay (ms). */
  reconnectionDelayMax(): number;
  reconnectionDelayMax(v: number): this;
  reconnectionDelayMax(v?: number): this | number {
    if (v === undefined) return this.backoff.max;
    this.backoff.max = v;
    return this;
  }

  /** Gets or sets the random share of each delay (0..1). */
  randomizationFactor(): number;
  randomizationFactor(v: number): this;
  randomizationFactor(v?: number): this | number {
    if (v === undefined) return this.backoff.jitter;
    this.backoff.jitter = v;
    return this;
  }

  /** Gets or sets how long one connection attempt may take (ms, or false). */
  timeout(): number | false;
  timeout(v: number | false): this;
  timeout(v?: number | false): this | number | false {
    if (v === undefined) return this._timeout;
    this._timeout = v;
    return this;
  }

  /**
   * Opens the engine connection unless it is open or opening. `callback`
   * gets the error of a failed attempt; without a callback, a failed first
   * attempt starts the reconnection loop.
   */
  open(callback?: (err?: Error) => void): this {
    if (this._readyState !== "closed") return this;
    // the app asks now for what the reconnection loop was waiting to do: make
    // that attempt now, so the loop's state ends with it whatever the outcome
    if (this.#retryTimer !== undefined) {
      clearTimeout(this.#retryTimer);
      this.#attemptReconnect(callback);
      return this;
    }
    const engine = (this.engine = this.#live = new EngineClient(this.uri, this.opts));
    this.#setState("opening");
    this.#skipReconnect = false;
    this.#openCallback = callback;
    for (const event of ["open", "message", "ping", "error", "close"] as const) {
      engine.on(event, (...args: unknown[]) => this.#live === engine && this.#onEngine(event, args));
    }
    if (this._timeout !== false) {
      const ms = this._timeout;
      this.#schedule(() => this.#onOpenError(new Error(`timeout: no connection after ${ms} ms`)), ms);
    }
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
    let socket = this.nsps[nsp];
    if (!socket) socket = this.nsps[nsp] = new Socket<Listen, Emit>(this, nsp, opts);
    else if (this._autoConnect && !socket.active) socket.connect();
    return socket;
  }

  /** Closes the connection for good (no reconnection). */
  disconnect(): void {
    this._close();
  }

  /** Called by a socket that left: closes the connection when no socket is active. */
  _destroy(): void {
    for (const nsp in this.nsps) if (this.nsps[nsp]!.active) return;
    this._close();
  }

  /** Encodes and sends one packet. */
  _packet(packet: Packet, compress = true): void {
    const engine = this.#live;
    if (!engine) return;
    const chunks = encodePacket(packet);
    for (let i = 0; i < chunks.length; i++) engine.send(chunks[i]!, { compress });
  }

  _close(): void {
    this.#skipReconnect = true;
    this._reconnecting = false;
    this.#onClose("forced close");
  }

  #onEngine(event: EngineEvent, args: unknown[]): void {
    switch (event) {
      case "open":
        return this.#onOpen();
      case "message":
        return this.#onMessage(args[0] as string | ArrayBuffer);
      case "ping":
        this.emitReserved("ping");
        return;
      case "error":
        if (this._readyState === "opening") return this.#onOpenError(args[0] as Error);
        this.emitReserved("error", args[0]);
        return this.#eachActive((s) => s._onError(args[0] as Error));
      case "close":
        if (this._readyState === "opening") return this.#onOpenError(new Error(`connection closed: ${args[0]}`));
        return this.#onClose(args[0] as string, args[1] as CloseDetails);
    }
  }

  #onOpen(): void {
    this.#clearTimers();
    this.#setState("open");
    this.emitReserved("open");
    this.#eachActive((s) => s._onOpen());
    const callback = this.#openCallback;
    this.#openCallback = undefined;
    callback?.();
  }

  #onOpenError(err: Error): void {
    this.#clearTimers();
    this.#dropEngine();
    this.#setState("closed");
    this.emitReserved("error", err);
    this.#eachActive((s) => s._onError(err));
    const callback = this.#openCallback;
    this.#openCallback = undefined;
    if (callback) callback(err);
    // a failed first attempt starts the loop; later ones run inside it
    else if (!this._reconnecting && this._reconnection && this.backoff.attempts === 0) this.#reconnect();
  }

  #onMessage(data: string | ArrayBuffer): void {
    let packet: Packet | undefined;
    try {
      packet = this.#decoder.add(data);
    } catch (err) {
      return this.#onClose("parse error", err as Error);
    }
    if (!packet) return;
    try {
      this.emitReserved("packet", packet);
      const socket = this.nsps[packet.nsp];
      // a socket the app disconnected must not come back to life on a late reply
      if (socket?.active) socket._onPacket(packet);
      else if (packet.type === PacketType.CONNECT) this._packet({ type: PacketType.DISCONNECT, nsp: packet.nsp });
    } catch (err) {
      // a throwing app listener must not unwind the engine's receive loop
      setTimeout(() => {
        throw err;
      });
    }
  }

  #onClose(reason: string, details?: CloseDetails | Error): void {
    this.#clearTimers();
    this.#dropEngine();
    this.backoff.reset();
    this.#setState("closed");
    this.emitReserved("close", reason, details);
    this.#eachActive((s) => s._onClose(reason, details));
    if (this._reconnection && !this.#skipReconnect) this.#reconnect();
  }

  #reconnect(): void {
    if (this._reconnecting || this.#skipReconnect) return;
    if (this.backoff.attempts >= this._reconnectionAttempts) {
      this.backoff.reset();
      this._reconnecting = false;
      this.emitReserved("reconnect_failed");
      return;
    }
    this._reconnecting = true;
    this.#retryTimer = this.#schedule(() => this.#attemptReconnect(), this.backoff.duration());
  }

  /** One attempt of the reconnection loop; `callback` is an app's open() callback. */
  #attemptReconnect(callback?: (err?: Error) => void): void {
    this.#retryTimer = undefined;
    this.emitReserved("reconnect_attempt", this.backoff.attempts);
    // a listener may have closed the manager
    if (this.#skipReconnect) return;
    this.open((err) => {
      this._reconnecting = false;
      if (err) {
        this.#reconnect();
        this.emitReserved("reconnect_error", err);
      } else {
        const attempts = this.backoff.attempts;
        this.backoff.reset();
        this.emitReserved("reconnect", attempts);
      }
      callback?.(err);
    });
  }

  #eachActive(fn: (socket: Socket<Listen, Emit>) => void): void {
    for (const nsp in this.nsps) if (this.nsps[nsp]!.active) fn(this.nsps[nsp]!);
  }

  #dropEngine(): void {
    const engine = this.#live;
    this.#live = undefined;
    this.#decoder.reset();
    engine?.close();
  }

  #schedule(fn: () => void, ms: number): Timer {
    const timer = setTimeout(fn, ms);
    if (this.opts.autoUnref) (timer as { unref?: () => void }).unref?.();
    this.#timers.push(timer);
    return timer;
  }

  #clearTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.length = 0;
    this.#retryTimer = undefined;
  }

  #setState(state: ManagerState): void {
    this._readyState = state;
  }
}
