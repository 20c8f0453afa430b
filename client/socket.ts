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
import { checkOptions } from "./check-options.js";
import { NO_SID_MESSAGE } from "./manager.messages.js";

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

/** Flags of the next emit (compress(), volatile, timeout()). */
interface Flags {
  compress?: boolean;
  volatile?: boolean;
  timeout?: number;
  /** The ack wants `(err, ...answer)` (emitWithAck, retries), as with timeout(). */
  _withError?: boolean;
}

type UntypedEmit = (event: string, ...args: unknown[]) => unknown;
type AnyData = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire payloads
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- listeners receive untyped wire arguments
type AckCallback = (...args: any[]) => void;
/** An event packet with its emit's flags; the Manager reads `compress` (false: not compressed). */
type OutgoingPacket = Packet & Flags;

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
  // `declare`: set in the constructor or later, no class field emitted for them
  /** The Manager whose connection this socket uses. */
  declare readonly io: Manager<Listen, Emit>;
  declare readonly nsp: string;
  /** The server-assigned socket id, while connected. */
  declare id: string | undefined;
  connected = false;
  /** True when the last connection restored the previous session (connection state recovery). */
  recovered = false;
  declare auth: SocketOptions["auth"];
  /** Events received before "connect" (recovery replays them first). */
  receiveBuffer: unknown[][] = [];
  /** Packets emitted while offline, sent in order on "connect". */
  sendBuffer: OutgoingPacket[] = [];
  /** True between connect() and disconnect(): the socket wants to be connected. */
  active = false;
  private declare readonly _opts: SocketOptions;
  private _flags: Flags = {};
  /** A timed-out emit still in the send buffer is never sent. */
  private readonly _acks = new PendingAcks(undefined, (id) => (this.sendBuffer = this.sendBuffer.filter((p) => p.id !== id)));
  /** The retry queue (with `retries`): each entry sends its emit once more; the head is in flight. */
  private readonly _queue: (() => void)[] = [];
  /** Recovery session id and the offset of the last event received. */
  private declare _pid: string | undefined;
  private declare _lastOffset: string | undefined;

  constructor(io: Manager<Listen, Emit>, nsp: string, opts: SocketOptions = {}) {
    super();
    checkOptions(opts);
    this.io = io;
    this.nsp = nsp;
    this._opts = opts;
    this.auth = opts.auth;
    // The socket follows its Manager's connection through the Manager's own
    // events, as in socket.io-client, while active (connect() to disconnect()).
    // Guarded: one socket's throwing app listener must not keep the Manager's
    // other sockets from hearing the event, nor stop the Manager's own work.
    io.on("open", () => this.active && callGuarded(() => this._onOpen()));
    io.on("error", (err) => this.active && !this.connected && callGuarded(() => this.emitReserved("connect_error", err)));
    io.on("close", (reason, details) => this.active && callGuarded(() => this._onClose(reason, details, true)));
    io.on("packet", (packet) => packet.nsp === nsp && this._onPacket(packet));
    if (io._autoConnect) this.connect();
  }

  get disconnected(): boolean {
    return !this.connected;
  }

  /** Connects (opening the Manager's connection if needed). */
  connect(): this {
    const io = this.io;
    if (!this.connected) {
      this.active = true;
      if (!io._reconnecting) io.open();
      if (io._readyState === "open") this._onOpen();
    }
    return this;
  }

  /** Alias of {@link Socket.connect}. */
  open(): this {
    return this.connect();
  }

  /** Leaves the namespace; the connection closes when no other socket uses it. No reconnection. */
  disconnect(): this {
    if (this.connected) this.io._packet({ type: PacketType.DISCONNECT, nsp: this.nsp });
    // not connected, _onClose only drops what no reconnection will answer
    this._leave("io client disconnect");
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
  emit(...args: unknown[]): this {
    // args: [event, ...args]; the flags are this emit's even when it throws: they must not reach the next one
    const flags = this._flags;
    this._flags = {};
    if (isReservedEvent(args[0])) throw new Error(`"${args[0]}" is a reserved event name`);
    const ack = typeof args.at(-1) === "function" && (args.pop() as AckCallback);
    // with `retries`: the retries left, counted down by each failed attempt
    let retries = this._opts.retries;
    if (!retries || flags.volatile) {
      this._emit(args, flags, ack);
      return this;
    }
    // With `retries`: every emit waits in the queue and only the head is in
    // flight, so events arrive in order; the head is re-sent after each
    // timeout or disconnect until the server answers or `retries` is spent.
    // The app's ack always gets `(err, ...answer)`, as in socket.io-client.
    // A queued emit is its send function, called when it becomes the head
    // while connected, after each failed attempt, and on every "connect".
    const queue = this._queue;
    // a copy: an outgoing catch-all listener must not change the next attempt
    const send = (): void => this._emit(args.slice(), flags, onAnswer);
    const onAnswer: AckCallback = (err: Error | null, ...answer: unknown[]) => {
      // an earlier attempt's late answer, after the emit was settled
      if (send !== queue[0]) return;
      const done = !err || !retries!--;
      if (done) queue.shift();
      if (this.connected) queue[0]?.();
      // last: an emit from the app's ack queues behind the head just sent
      if (done && ack) ack(err, ...answer);
    };
    flags._withError = true;
    if (queue.push(send) === 1 && this.connected) send();
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
    this._flags._withError = true;
    return new Promise((resolve, reject) =>
      (this.emit as UntypedEmit)(event as string, ...args, (err: Error | null, answer: AckResult<Emit[Ev]>) => (err ? reject(err) : resolve(answer))),
    );
  }

  /** The next emit may be compressed (default true). */
  compress(compress: boolean): this {
    this._flags.compress = compress;
    return this;
  }

  /** The next emit is dropped rather than buffered when offline. */
  get volatile(): this {
    this._flags.volatile = true;
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
    this._flags.timeout = ms;
    return this as unknown as Socket<Listen, DecorateAcknowledgements<Emit>>;
  }

  /** @internal The Manager's connection opened: ask to join the namespace (auth, and the session to recover). */
  _onOpen(): void {
    // (the session is read when the CONNECT goes out, after an async auth too)
    const sendConnect = (auth?: Record<string, unknown>): void =>
      this.io._packet({ type: PacketType.CONNECT, nsp: this.nsp, data: this._pid ? { pid: this._pid, offset: this._lastOffset, ...auth } : auth });
    const auth = this.auth;
    if (typeof auth === "function") auth(sendConnect);
    else sendConnect(auth);
  }

  /** The Manager's connection closed, or the socket left. */
  /**
   * The connection's close tells an active socket even before its CONNECT reply came
   * (`tell`), as socket.io-client does: else an app without reconnection would wait
   * forever for "connect" or "connect_error". Leaving tells only a connected one.
   */
  private _onClose(reason: string, details?: CloseDetails | Error, tell = this.connected): void {
    if (tell) {
      this.connected = false;
      this.id = undefined;
      this.emitReserved("disconnect", reason, details);
    }
    // acks of packets still in the send buffer stay: those packets go out on reconnection
    this._acks.rejectAll(new Error("socket has been disconnected"), (id) => this.sendBuffer.some((p) => p.id === id));
  }

  /** @internal A packet for this namespace. */
  _onPacket(packet: Packet): void {
    const { type, id, data } = packet as Packet & { data: AnyData };
    // a socket the app disconnected must not come back to life on a late reply
    if (!this.active) {
      if (type === PacketType.CONNECT) this.io._packet({ type: PacketType.DISCONNECT, nsp: this.nsp });
    } else if (type === PacketType.EVENT) {
      // data: [event, ...args] (the decoder delivers binary events and acks as EVENT and ACK)
      // With recovery on, the server appends an offset to the events it stores
      // (not to acked or volatile ones): strip only what has an offset's exact
      // shape, so an app's own trailing string is never lost (client/offset.ts).
      if (id !== undefined) data.push(onceAck(this.io, this.io._packet, this.nsp, id));
      else if (this._pid && isRecoveryOffset(data.at(-1))) this._lastOffset = data.pop();
      if (this.connected) this._dispatch(data as unknown[]);
      else this.receiveBuffer.push(data as unknown[]);
    } else if (type === PacketType.ACK) {
      this._acks.settle(id!, data as unknown[]);
    } else if (type === PacketType.DISCONNECT) {
      this._leave("io server disconnect");
    } else if (type === PacketType.CONNECT_ERROR) {
      this._leave();
      // (a non-compliant server may send no payload at all)
      this.emitReserved("connect_error", Object.assign(new Error(data?.message), { data: data?.data }) satisfies ConnectError);
    } else if (!data?.sid) {
      // what remains is CONNECT (the decoder passes types 0-4 only): the server's reply
      this.emitReserved("connect_error", new Error(NO_SID_MESSAGE));
    } else {
      const pid = data.pid as string | undefined;
      this.id = data.sid;
      this.recovered = !!pid && pid === this._pid;
      this._pid = pid;
      this.connected = true;
      // both buffers are emptied first (splice); one throwing listener must
      // not lose the rest of either buffer, nor "connect"
      for (const args of this.receiveBuffer.splice(0)) callGuarded(() => this._dispatch(args));
      for (const buffered of this.sendBuffer.splice(0)) {
        callGuarded(() => this._notifyAnyOutgoing(buffered.data as unknown[]));
        callGuarded(() => this.io._packet(buffered));
      }
      this._queue[0]?.();
      this.emitReserved("connect");
    }
  }

  /** Stops wanting the connection, which closes when no socket of the Manager does; with a reason, closes this socket. */
  private _leave(reason?: string): void {
    const io = this.io;
    this.active = false;
    if (!Object.values(io.nsps).some((s) => s.active)) io.disconnect();
    if (reason) this._onClose(reason);
  }

  private _dispatch(args: unknown[]): void {
    // catch-all listeners first, as in socket.io-client
    this._notifyAny(args);
    (this.emitReserved as (...eventAndArgs: unknown[]) => boolean)(...args);
  }

  /** Sends `[event, ...args]` now, or buffers it while offline; registers its ack. */
  private _emit(args: unknown[], flags: Flags, ack: AckCallback | false): void {
    const engine = this.io.engine;
    // a volatile event is worth sending now or never; dropped, its ack must never fire
    if (flags.volatile && !engine?.transport?.writable) return;
    // the flags ride along: the Manager reads `compress` from the packet (Manager._packet)
    const packet: OutgoingPacket = { ...flags, type: PacketType.EVENT, nsp: this.nsp, data: args };
    if (ack) packet.id = this._acks.register(ack, flags.timeout ?? this._opts.ackTimeout, flags._withError);
    // a missed heartbeat means the connection is gone even if no timer said so yet
    // (connected: the engine exists)
    if (this.connected && !engine.hasPingExpired()) {
      // the outgoing catch-all listeners first, as in socket.io-client (they may still change the arguments)
      this._notifyAnyOutgoing(args);
      this.io._packet(packet);
    } else this.sendBuffer.push(packet);
  }
}
