/**
 * The client Socket: one namespace over its Manager's connection. Emits
 * buffered while offline, acks through the shared PendingAcks, retries,
 * catch-all listeners and connection state recovery.
 *
 * Environment-neutral: no node:* imports.
 */
import { Emitter } from "../lib/protocol/emitter.js";
import { onceAck, PendingAcks } from "../lib/protocol/acks.js";
import { withCatchAll, type CatchAllMethods } from "../lib/protocol/catch-all.js";
import { PacketType, type Packet } from "../lib/protocol/packet.js";
import { isReservedEvent } from "../lib/protocol/packet.js";
import type {
  AckResult,
  DecorateAcknowledgements,
  DefaultEventsMap,
  EventNames,
  EventsMap,
  ParamsWithoutAck,
} from "../lib/protocol/typed-events.js";
import type { CloseDetails, Manager } from "./manager.js";
import { isRecoveryOffset } from "./offset.js";
import { callGuarded } from "./guarded.js";

/** Options of one namespace socket. */
export interface SocketOptions {
  /** Sent with every CONNECT; a function is called on each (re)connection: `(cb) => cb({ token })`. */
  auth?: Record<string, unknown> | ((cb: (data: Record<string, unknown>) => void) => void);
  /** Retry each emit up to this many times, one packet in flight at a time (at-least-once). */
  retries?: number;
  /** Default ack timeout (ms) for emits with an ack; with `retries`, the wait before a retry. */
  ackTimeout?: number;
}

/** Events the socket itself emits. */
export interface SocketReservedEvents {
  connect: () => void;
  connect_error: (err: ConnectError) => void;
  disconnect: (reason: DisconnectReason, details?: CloseDetails | Error) => void;
}

export type DisconnectReason =
  | "io server disconnect"
  | "io client disconnect"
  | "ping timeout"
  | "transport close"
  | "transport error"
  | "parse error";

/** A refused connection: `message` from the server, `data` as its middleware passed it. */
export interface ConnectError extends Error {
  data?: unknown;
}

interface Flags {
  compress?: boolean;
  volatile?: boolean;
  timeout?: number;
  fromQueue?: boolean;
}

/** An emit waiting in the retry queue. */
interface QueuedEmit {
  args: unknown[];
  flags: Flags;
  tries: number;
  pending: boolean;
}

type UntypedEmit = (event: string, ...args: unknown[]) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- listeners receive untyped wire arguments
type AckCallback = ((...args: any[]) => void) & { withError?: boolean };
/** An event packet with its per-emit compress flag. */
type OutgoingPacket = Packet & { compress?: boolean };

/**
 * The shared catch-all family (lib/protocol/catch-all.ts) on the Emitter; its
 * listeners are called plainly, as in socket.io-client. The base class's
 * `emit` dispatches locally and returns a boolean; this Socket's `emit` sends
 * over the network and returns the socket. The cast hides the base signature
 * from the checker and restores the type parameters the mixin cannot carry.
 */
const EmitterBase = withCatchAll(Emitter) as unknown as new <L extends EventsMap, R extends EventsMap>() => Omit<
  Emitter<L, R>,
  "emit"
> & { emitReserved(event: string, ...args: unknown[]): boolean } & CatchAllMethods;

/**
 * A namespace socket. Get one from `io()` or `manager.socket(nsp)`.
 *
 * @example
 * const socket = io("https://example.com/chat", { auth: { token } });
 * socket.on("connect", () => console.log("connected as", socket.id));
 * socket.emit("message", "hi", (answer) => console.log(answer));
 * const reply = await socket.timeout(5000).emitWithAck("ask", 42);
 */
export class Socket<Listen extends EventsMap = DefaultEventsMap, Emit extends EventsMap = Listen> extends EmitterBase<
  Listen,
  SocketReservedEvents
> {
  /** The Manager whose connection this socket uses. */
  readonly io: Manager<Listen, Emit>;
  readonly nsp: string;
  /** The server-assigned socket id, while connected. */
  id: string | undefined;
  connected = false;
  /** True when the last connection restored the previous session (connection state recovery). */
  recovered = false;
  auth: SocketOptions["auth"];
  /** Events received before "connect" (recovery replays them first). */
  receiveBuffer: unknown[][] = [];
  /** Packets emitted while offline, sent in order on "connect". */
  sendBuffer: OutgoingPacket[] = [];
  /** True between connect() and disconnect(): the socket wants to be connected. */
  active = false;
  readonly #opts: SocketOptions;
  #flags: Flags = {};
  readonly #acks = new PendingAcks(undefined, (id) => this.#unbuffer(id));
  readonly #queue: QueuedEmit[] = [];
  /** Recovery session id and the offset of the last event received. */
  #pid: string | undefined;
  #lastOffset: string | undefined;

  constructor(io: Manager<Listen, Emit>, nsp: string, opts: SocketOptions = {}) {
    super();
    this.io = io;
    this.nsp = nsp;
    this.#opts = opts;
    this.auth = opts.auth;
    if (io._autoConnect) this.connect();
  }

  get disconnected(): boolean {
    return !this.connected;
  }

  /** Connects (opening the Manager's connection if needed). */
  connect(): this {
    if (this.connected) return this;
    this.active = true;
    if (!this.io._reconnecting) this.io.open();
    if (this.io._readyState === "open") this._onOpen();
    return this;
  }

  /** Alias of {@link Socket.connect}. */
  open(): this {
    return this.connect();
  }

  /** Leaves the namespace; the connection closes when no other socket uses it. No reconnection. */
  disconnect(): this {
    const wasConnected = this.connected;
    if (wasConnected) this.#packet({ type: PacketType.DISCONNECT, nsp: this.nsp });
    this.#destroy();
    if (wasConnected) this._onClose("io client disconnect");
    return this;
  }

  /** Alias of {@link Socket.disconnect}. */
  close(): this {
    return this.disconnect();
  }

  /** Emits a "message" event. */
  send(...args: unknown[]): this {
    return this.emit("message" as EventNames<Emit>, ...(args as never));
  }

  /**
   * Sends an event; a function as last argument gets the server's answer.
   * While offline the event waits in the send buffer (unless volatile).
   * @throws Error for reserved names (connect, disconnect, …)
   */
  emit<Ev extends EventNames<Emit>>(event: Ev, ...args: Parameters<Emit[Ev]>): this;
  emit(event: string, ...args: unknown[]): this {
    if (isReservedEvent(event)) throw new Error(`"${event}" is a reserved event name`);
    const flags = this.#flags;
    this.#flags = {};
    args.unshift(event);
    if (this.#opts.retries && !flags.fromQueue && !flags.volatile) {
      this.#enqueue(args, flags);
      return this;
    }
    const engine = this.io.engine;
    // a volatile event is worth sending now or never; dropped, its ack must never fire
    if (flags.volatile && !engine?.transport?.writable) return this;
    const packet: OutgoingPacket = { type: PacketType.EVENT, nsp: this.nsp, data: args };
    packet.compress = flags.compress !== false;
    if (typeof args[args.length - 1] === "function") {
      const ack = args.pop() as AckCallback;
      const timeout = flags.timeout ?? this.#opts.ackTimeout;
      packet.id = this.#acks.register(ack, { timeout, withError: ack.withError });
    }
    // a missed heartbeat means the connection is gone even if no timer said so yet
    if (this.connected && !engine?.hasPingExpired()) this.#sendEvent(packet);
    else this.sendBuffer.push(packet);
    return this;
  }

  /**
   * Emits and resolves with the answer; rejects on timeout or disconnect.
   *
   * @example
   * const answer = await socket.timeout(1000).emitWithAck("ask", 1);
   */
  emitWithAck<Ev extends EventNames<Emit>>(
    event: Ev,
    ...args: ParamsWithoutAck<Emit[Ev]>
  ): Promise<AckResult<Emit[Ev]>> {
    return new Promise((resolve, reject) => {
      const ack: AckCallback = (err: Error | null, answer: AckResult<Emit[Ev]>) => (err ? reject(err) : resolve(answer));
      ack.withError = true;
      (this.emit as UntypedEmit)(event as string, ...args, ack);
    });
  }

  /** The next emit may be compressed (default true). */
  compress(compress: boolean): this {
    this.#flags.compress = compress;
    return this;
  }

  /** The next emit is dropped rather than buffered when offline. */
  get volatile(): this {
    this.#flags.volatile = true;
    return this;
  }

  /**
   * The next emit's ack gets `(err, ...answer)`, err when no answer came within
   * `ms`; typed as in socket.io-client (the same socket, its acks with an Error first).
   *
   * @example
   * socket.timeout(1000).emit("ask", 1, (err, answer) => (err ? retry() : use(answer)));
   */
  timeout(ms: number): Socket<Listen, DecorateAcknowledgements<Emit>> {
    this.#flags.timeout = ms;
    return this as unknown as Socket<Listen, DecorateAcknowledgements<Emit>>;
  }

  /** @internal The Manager's connection opened: ask to join the namespace. */
  _onOpen(): void {
    const auth = this.auth;
    if (typeof auth === "function") auth((data) => this.#sendConnect(data));
    else this.#sendConnect(auth);
  }

  /** @internal The Manager's connection failed. */
  _onError(err: Error): void {
    if (!this.connected) this.emitReserved("connect_error", err);
  }

  /** @internal The Manager's connection closed, or the socket left. */
  _onClose(reason: string, details?: CloseDetails | Error): void {
    const wasConnected = this.connected;
    this.connected = false;
    this.id = undefined;
    // acks of packets still in the send buffer stay: those packets go out on reconnection
    if (wasConnected) this.emitReserved("disconnect", reason, details);
    this.#acks.rejectAll(new Error("socket has been disconnected"), (id) => this.#isBuffered(id));
  }

  /** @internal A packet for this namespace. */
  _onPacket(packet: Packet): void {
    const data = packet.data as Record<string, unknown> | unknown[] | undefined;
    switch (packet.type) {
      case PacketType.CONNECT: {
        const payload = data as { sid?: unknown; pid?: unknown } | undefined;
        if (payload && typeof payload.sid === "string") this.#onConnect(payload.sid, payload.pid as string | undefined);
        else this.emitReserved("connect_error", new Error("invalid CONNECT reply: no sid (is the server Socket.IO v3+?)"));
        return;
      }
      case PacketType.EVENT:
      case PacketType.BINARY_EVENT:
        return this.#onEvent(packet, data as unknown[]);
      case PacketType.ACK:
      case PacketType.BINARY_ACK:
        this.#acks.settle(packet.id!, data as unknown[]);
        return;
      case PacketType.DISCONNECT:
        this.#destroy();
        return this._onClose("io server disconnect");
      case PacketType.CONNECT_ERROR: {
        this.#destroy();
        const payload = (data ?? {}) as { message?: string; data?: unknown };
        const err: ConnectError = new Error(payload.message);
        err.data = payload.data;
        this.emitReserved("connect_error", err);
      }
    }
  }

  #sendConnect(auth: Record<string, unknown> | undefined): void {
    const data = this.#pid ? { pid: this.#pid, offset: this.#lastOffset, ...auth } : auth;
    this.#packet({ type: PacketType.CONNECT, nsp: this.nsp, data });
  }

  #onConnect(id: string, pid: string | undefined): void {
    this.id = id;
    this.recovered = !!pid && pid === this.#pid;
    this.#pid = pid;
    this.connected = true;
    const received = this.receiveBuffer;
    const buffered = this.sendBuffer;
    this.receiveBuffer = [];
    this.sendBuffer = [];
    // one throwing listener must not lose the rest of either buffer, nor "connect"
    for (const args of received) callGuarded(this, this.#dispatch, args);
    for (const packet of buffered) {
      callGuarded(this, this._notifyAnyOutgoing, packet.data as unknown[]);
      this.#packet(packet, packet.compress);
    }
    this.#drainQueue(true);
    this.emitReserved("connect");
  }

  #onEvent(packet: Packet, args: unknown[]): void {
    // With recovery on, the server appends an offset to the events it stores
    // (not to acked or volatile ones): strip only what has an offset's exact
    // shape, so an app's own trailing string is never lost (client/offset.ts).
    if (this.#pid && packet.id === undefined && isRecoveryOffset(args[args.length - 1])) {
      this.#lastOffset = args.pop() as string;
    }
    if (packet.id !== undefined) args.push(onceAck(this, this.#packet, this.nsp, packet.id));
    if (this.connected) this.#dispatch(args);
    else this.receiveBuffer.push(args);
  }

  #dispatch(args: unknown[]): void {
    // catch-all listeners first, as in socket.io-client
    this._notifyAny(args);
    (this.emitReserved as (...eventAndArgs: unknown[]) => boolean).apply(this, args);
  }

  #sendEvent(packet: OutgoingPacket): void {
    this._notifyAnyOutgoing(packet.data as unknown[]);
    this.#packet(packet, packet.compress);
  }

  #packet(packet: Packet, compress?: boolean): void {
    this.io._packet(packet, compress);
  }

  #destroy(): void {
    this.active = false;
    this.io._destroy();
  }

  #isBuffered(id: number): boolean {
    return this.sendBuffer.some((p) => p.id === id);
  }

  #unbuffer(id: number): void {
    const i = this.sendBuffer.findIndex((p) => p.id === id);
    if (i !== -1) this.sendBuffer.splice(i, 1);
  }

  /**
   * With `retries`: every emit waits in a queue and only the head is in
   * flight, so events arrive in order; the head is re-sent after each
   * timeout or disconnect until the server answers or `retries` is spent.
   * The app's ack always gets `(err, ...answer)`, as in socket.io-client.
   */
  #enqueue(args: unknown[], flags: Flags): void {
    const ack = typeof args[args.length - 1] === "function" ? (args.pop() as AckCallback) : undefined;
    const entry: QueuedEmit = { args, flags: { ...flags, fromQueue: true }, tries: 0, pending: false };
    const onAnswer: AckCallback = (err: Error | null, ...answer: unknown[]) => {
      if (entry !== this.#queue[0]) return;
      if (!err) {
        this.#queue.shift();
        ack?.(null, ...answer);
      } else if (entry.tries > this.#opts.retries!) {
        this.#queue.shift();
        ack?.(err);
      }
      entry.pending = false;
      this.#drainQueue();
    };
    onAnswer.withError = true;
    args.push(onAnswer);
    this.#queue.push(entry);
    this.#drainQueue();
  }

  #drainQueue(force = false): void {
    const head = this.#queue[0];
    if (!this.connected || !head || (head.pending && !force)) return;
    head.pending = true;
    head.tries++;
    this.#flags = head.flags;
    (this.emit as UntypedEmit).apply(this, head.args as [string]);
  }
}
