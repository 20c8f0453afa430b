/**
 * The server Socket: one client in one namespace.
 *
 * Emits to its client, receives its events (through `socket.use` middlewares
 * and catch-all listeners), acks in both directions, rooms, disconnection.
 * Its parts live beside it: socket-emit-modifiers.ts (flags of the next emit,
 * broadcasts from the socket), socket-emit.ts (sending, acks), socket-middleware.ts,
 * catch-all-listeners.ts, handshake-info.ts, socket-recovery.ts, socket-id.ts.
 */
import type { IncomingMessage } from "node:http";
import { createLog } from "./log.js";
import { PacketType } from "./protocol/constants.js";
import { onceAck } from "./protocol/acks.js";
import { isReservedEvent, type Packet } from "./protocol/packet.js";
import type { DefaultEventsMap, EventsMap, EventNames, EventParams } from "./protocol/typed-events.js";
import type { AckResult, ArgsWithoutAck, EventNamesWithAck } from "./typed-events.js";
import { buildHandshake, type Handshake } from "./handshake-info.js";
import { SocketAcks } from "./broadcast-acks.js";
import { reportAdapterRejection, type AdapterSocketView } from "./adapter-contract.js";
import { runSocketMiddlewares, type SocketMiddleware } from "./socket-middleware.js";
import { SocketEmitModifiers } from "./socket-emit-modifiers.js";
import { failAcksOnDisconnect, pendingAckCount, sendEvent, settleIncomingAck, tooManyPendingAcks, TOO_MANY_PENDING_ACKS_CODE } from "./socket-emit.js";
import { persistSessionOnClose, replayMissedPackets } from "./socket-recovery.js";
import { generateSocketId } from "./socket-id.js";
import { RECOVERABLE_DISCONNECT_REASONS, type DisconnectReason } from "./disconnect-reason.js";
import type { Adapter, RestoredSession, Room } from "./adapter.js";
import type { Connection } from "./connection.js";
import type { EngineConnection } from "./engine-connection.js";
import type { Namespace } from "./namespace.js";
import type { Server } from "./server.js";

const log = createLog("volley:socket");

export { RECOVERABLE_DISCONNECT_REASONS, TOO_MANY_PENDING_ACKS_CODE, type DisconnectReason, type SocketMiddleware };

/** Events a Socket emits itself. */
export interface SocketReservedEvents {
  disconnect: (reason: DisconnectReason, description?: unknown) => void;
  disconnecting: (reason: DisconnectReason, description?: unknown) => void;
  error: (err: Error) => void;
}

/** A socket's connection state recovery: its private session id, and the session it restored. */
interface SocketRecovery {
  readonly pid: string;
  /** Whether the socket restored a session (its id, rooms and data are the old socket's). */
  readonly recovered: boolean;
  /** Until connect: the restored session whose missed events go out with the CONNECT reply. */
  restored: RestoredSession | undefined;
}

/** See Socket's #issuedSinceEpoch (ms; sockets of the first ~24 days of the process fit a small integer). */
const ISSUED_EPOCH = Date.now();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => void;

/**
 * A client connected to a namespace.
 *
 * @example
 * io.on("connection", (socket) => {
 *   socket.join("room1");
 *   socket.on("ask", (question, ack) => ack(42));
 *   socket.timeout(1000).emit("ping", (err, answer) => {});
 * });
 */
export class Socket<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  SocketData = any,
>
  extends SocketEmitModifiers<ListenEvents, EmitEvents, ServerSideEvents, SocketData>
  implements AdapterSocketView
{
  /** Public id, unique per connection to a namespace (kept across a recovery). */
  override readonly id: string;
  /** With connection state recovery: this socket's recovery state (null when recovery is off: one field, not three). */
  #recovery: SocketRecovery | null = null;
  // What an idle connection does not need is made on first use (handshake, data, acks, flags,
  // middlewares): a few hundred bytes per connection at tens of thousands of connections
  // (benchmarks/heap.ts lists what is left).
  /** The CONNECT packet's auth, until the handshake is built from it. */
  #auth: Record<string, unknown> | undefined;
  /**
   * When the socket was created, in ms since ISSUED_EPOCH (the handshake's time is
   * ISSUED_EPOCH + this): a small integer V8 keeps in the field, where a whole Date.now()
   * would take a 16-byte number box per socket.
   */
  readonly #issuedSinceEpoch: number;
  #handshake: Handshake | undefined;
  #data: SocketData | undefined;
  connected = false;
  readonly nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
  readonly client: Connection;
  /** Acks this server waits for from its client (its own, and broadcasts' shared ones). */
  #acks: SocketAcks | undefined;
  #fns: SocketMiddleware[] | undefined;
  #closed = false;

  constructor(
    nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    client: Connection,
    auth: Record<string, unknown>,
    previousSession?: RestoredSession,
  ) {
    super();
    this.nsp = nsp;
    this.client = client;
    if (previousSession) {
      this.id = previousSession.sid;
      // Missed events are collected at connect (not now): the middlewares may refuse the
      // socket, and whatever is broadcast while they run must be replayed too.
      this.#recovery = { pid: previousSession.pid, recovered: true, restored: previousSession };
      reportAdapterRejection(this.adapter.addAll(this.id, previousSession.rooms), this, "addAll");
      this.#data = previousSession.data as SocketData;
    } else {
      this.id = generateSocketId();
      if (this.server.opts.connectionStateRecovery) this.#recovery = { pid: generateSocketId(), recovered: false, restored: undefined };
    }
    this.#auth = auth;
    this.#issuedSinceEpoch = Date.now() - ISSUED_EPOCH;
  }

  /** Private session id for recovery (undefined when recovery is off); only sent to this client. */
  get pid(): string | undefined {
    return this.#recovery?.pid;
  }

  /** Whether this socket was restored by connection state recovery. */
  get recovered(): boolean {
    return this.#recovery?.recovered === true;
  }

  // server and adapter are read through the namespace (getters, not fields: 16 bytes per socket).
  /** The Server this socket's namespace belongs to. */
  get server(): Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
    return this.nsp.server;
  }

  /** The namespace's adapter (rooms, broadcasts). */
  override get adapter(): Adapter {
    return this.nsp.adapter;
  }

  /** What the client's first request looked like, and the auth of its CONNECT (built on first read, then the same object). */
  get handshake(): Handshake {
    if (this.#handshake === undefined) {
      // the request and the remote address are kept by the engine session: the same values as at connect
      this.#handshake = buildHandshake(this.client.request, this.client.conn.remoteAddress, this.#auth!, ISSUED_EPOCH + this.#issuedSinceEpoch);
      this.#auth = undefined;
    }
    return this.#handshake;
  }

  /** Free storage for the app; included in fetchSockets() results. */
  get data(): SocketData {
    return (this.#data ??= {} as SocketData);
  }

  set data(data: SocketData) {
    this.#data = data;
  }

  /** Acks this server waits for from its client (its own, and broadcasts' shared ones). */
  get acks(): SocketAcks {
    return (this.#acks ??= new SocketAcks());
  }

  /**
   * @internal Listeners are guarded (see lib/listener-guard.ts): one that
   * throws or rejects (an app bug, not the client's fault) neither closes the
   * connection nor crashes the process; the error is logged and emitted as
   * "error" on this socket.
   */
  onListenerError(event: string | symbol, err: unknown): void {
    log("socket %s: a listener of %s failed: %O", this.id, String(event), err);
    // An "error" listener that fails is only logged: emitting again could loop.
    if (event === "error") return;
    this.emitReserved("error", err instanceof Error ? err : new Error(String(err)));
  }

  /** The engine session under this socket. */
  get conn(): EngineConnection {
    return this.client.conn;
  }

  /**
   * The HTTP request that opened the engine session: its headers, url, method, HTTP version and
   * connection, or the whole IncomingMessage when the engine has middlewares or `retainRequest`
   * is set (lib/engine/handshake-request.ts).
   */
  get request(): IncomingMessage {
    return this.client.request;
  }

  get disconnected(): boolean {
    return !this.connected;
  }

  /** The rooms this socket is in (its own id included). */
  get rooms(): Set<Room> {
    return this.adapter.socketRooms(this.id) ?? new Set();
  }

  /**
   * Sends an event to this client. A function as last argument is an ack
   * callback. Throws on reserved names (connect, disconnect, …).
   */
  override emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean {
    if (isReservedEvent(ev)) throw new Error(`"${String(ev)}" is a reserved event name`);
    return sendEvent(this, [ev, ...args], this.takeEmitFlags(), this.#acks);
  }

  /**
   * Emits and resolves with the client's answer; with `timeout(ms)` rejects
   * when it does not come in time.
   *
   * @example
   * const answer = await socket.timeout(1000).emitWithAck("ask", 1);
   */
  emitWithAck<Ev extends EventNamesWithAck<EmitEvents>>(
    ev: Ev,
    ...args: ArgsWithoutAck<EmitEvents, Ev>
  ): Promise<AckResult<EmitEvents, Ev>> {
    const withError = this.nextEmitHasTimeout();
    if (pendingAckCount(this.#acks) >= this.server.opts.maxPendingAcks) {
      this.takeEmitFlags(); // dropped with the refused emit
      return Promise.reject(tooManyPendingAcks(this));
    }
    return new Promise((resolve, reject) => {
      const ack = withError ? (err: Error | null, value: never) => (err ? reject(err) : resolve(value)) : (value: never) => resolve(value);
      (this.emit as AnyFn)(ev, ...args, ack);
    });
  }

  /** socket.io's `send`: emits a "message" event. */
  send(...args: unknown[]): this {
    (this.emit as AnyFn)("message", ...args);
    return this;
  }

  /** Alias of {@link Socket.send}. */
  write(...args: unknown[]): this {
    return this.send(...args);
  }

  /** @internal Writes a packet of this namespace to the client. */
  packet(packet: Packet, volatile = false, compress?: boolean): void {
    packet.nsp = this.nsp.name;
    this.client.writePacket(packet, volatile, compress !== false);
  }

  /** Joins one room or several. */
  join(rooms: Room | Room[]): Promise<void> | void {
    if (this.#closed) return;
    return this.adapter.addAll(this.id, Array.isArray(rooms) ? rooms : [rooms]);
  }

  /** Leaves one room. */
  leave(room: Room): Promise<void> | void {
    return this.adapter.del(this.id, room);
  }

  /** Leaves every room. */
  leaveAll(): void {
    this.adapter.delAll(this.id);
  }

  /**
   * Leaves the namespace (the client gets a DISCONNECT), or with `close`
   * closes the whole connection (every namespace of this client).
   */
  disconnect(close = false): this {
    if (!this.connected) return this;
    if (close) this.client._disconnect();
    else {
      this.packet({ type: PacketType.DISCONNECT, nsp: this.nsp.name });
      this._onclose("server namespace disconnect");
    }
    return this;
  }

  /** Adds a middleware that sees every incoming event; `next(err)` emits "error" on the socket instead. */
  use(fn: SocketMiddleware): this {
    (this.#fns ??= []).push(fn);
    return this;
  }

  /** @internal The adapter registers a broadcast ack shared by every recipient. */
  registerBroadcastAck(id: number, ack: AnyFn): void {
    this.acks.set(id, ack);
  }

  /** @internal Forgets a broadcast ack (it timed out). */
  forgetBroadcastAck(id: number): void {
    this.#acks?.forgetBroadcast(id);
  }

  /** @internal socket.io's name for the outgoing catch-all call, used by socket.io-adapter's broadcasts. */
  notifyOutgoingListeners(packet: Packet): void {
    this._notifyAnyOutgoing(packet.data as unknown[]);
  }

  /** @internal An adapter call made on this socket's behalf failed: logged, and "error" on the socket. */
  _onAdapterError(operation: string, err: Error): void {
    log("socket %s: adapter %s failed: %s", this.id, operation, err.message);
    this.emitReserved("error", err);
  }

  /** @internal The namespace accepted the socket: reply CONNECT. */
  _onconnect(): void {
    const restored = this.#recovery?.restored;
    if (restored) {
      this.#recovery!.restored = undefined;
      replayMissedPackets(this, restored);
    }
    this.connected = true;
    reportAdapterRejection(this.join(this.id), this, "addAll");
    this.packet({ type: PacketType.CONNECT, nsp: this.nsp.name, data: this.pid ? { sid: this.id, pid: this.pid } : { sid: this.id } });
    // The reply leaves now, on its own: what the connection handler emits next goes in a later
    // write. WebSocket writes are otherwise batched per turn, and a client that handles one
    // message per read of its socket (the public conformance suite does) would miss the second.
    // (Broadcasts and later emits keep the per-turn batching.)
    this.client.flush();
  }

  /** @internal A packet of this namespace from the client. */
  onPacket(packet: Packet): void {
    switch (packet.type) {
      case PacketType.EVENT:
      case PacketType.BINARY_EVENT:
        this.#onEvent(packet);
        return;
      case PacketType.ACK:
      case PacketType.BINARY_ACK:
        settleIncomingAck(this, this.#acks, packet);
        return;
      case PacketType.DISCONNECT:
        this._onclose("client namespace disconnect");
        return;
    }
  }

  #onEvent(packet: Packet): void {
    const args = packet.data as unknown[];
    if (packet.id !== undefined) args.push(onceAck(this, this.packet, this.nsp.name, packet.id));
    if (log.enabled) log("socket %s received %s", this.id, String(args[0]));
    this._notifyAny(args);
    if (this.#fns === undefined) {
      this.emitData(args);
      return;
    }
    runSocketMiddlewares(this, this.#fns, args as [string, ...unknown[]], 0, (err) => {
      if (err) this.emitReserved("error", err);
      // A middleware may have disconnected the socket: its listeners no longer run.
      else if (this.connected) this.emitData(args);
    });
  }

  /** @internal Leaves the namespace with `reason`. */
  _onclose(reason: DisconnectReason, description?: unknown): void {
    if (!this.connected) return;
    if (log.enabled) log("socket %s disconnecting: %s", this.id, reason);
    this.emitReserved("disconnecting", reason, description);
    persistSessionOnClose(this, reason);
    this._cleanup();
    this.client._remove(this);
    this.connected = false;
    if (this.#acks !== undefined) failAcksOnDisconnect(this.#acks);
    this.emitReserved("disconnect", reason, description);
  }

  /** @internal Removes the socket from its rooms and namespace; later joins are ignored. */
  _cleanup(): void {
    this.leaveAll();
    this.nsp._remove(this);
    this.#closed = true;
  }

  /** @internal Refuses the connection with a CONNECT_ERROR. */
  _error(data: { message: string; data?: unknown }): void {
    this.packet({ type: PacketType.CONNECT_ERROR, nsp: this.nsp.name, data });
  }
}
