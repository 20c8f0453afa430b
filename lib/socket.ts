/**
 * The server Socket: one client in one namespace.
 *
 * Emits to its client, receives its events (through `socket.use` middlewares
 * and catch-all listeners), acks in both directions, rooms, disconnection.
 */
import { randomFillSync } from "node:crypto";
import type { IncomingMessage } from "node:http";
import debugModule from "debug";
import { PacketType } from "./protocol/constants.js";
import { VolleyError } from "./protocol/errors.js";
import { onceAck } from "./protocol/acks.js";
import { isReservedEvent, type Packet } from "./protocol/packet.js";
import type { DefaultEventsMap, EventsMap, EventNames, EventParams } from "./protocol/typed-events.js";
import type { AckResult, ArgsWithoutAck, DecorateAcknowledgements, DecorateAcknowledgementsWithMultipleResponses, EventNamesWithAck } from "./typed-events.js";
import { BroadcastOperator } from "./broadcast.js";
import { buildHandshake, type Handshake } from "./handshake-info.js";
import { SocketAcks } from "./broadcast-acks.js";
import { reportAdapterRejection, settleAdapterCall, type AdapterSocketView } from "./adapter-contract.js";
import { runSocketMiddlewares, type SocketMiddleware } from "./socket-middleware.js";
import { CatchAllEmitter } from "./catch-all-listeners.js";
import { RECOVERABLE_DISCONNECT_REASONS, type DisconnectReason } from "./disconnect-reason.js";
import type { Adapter, RestoredSession, Room } from "./adapter.js";
import type { Connection, EngineConnection } from "./connection.js";
import type { Namespace } from "./namespace.js";
import type { Server } from "./server.js";

const log = debugModule("volley:socket");

export { RECOVERABLE_DISCONNECT_REASONS, type DisconnectReason, type SocketMiddleware };

/** Events a Socket emits itself. */
export interface SocketReservedEvents {
  disconnect: (reason: DisconnectReason, description?: unknown) => void;
  disconnecting: (reason: DisconnectReason, description?: unknown) => void;
  error: (err: Error) => void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => void;

interface EmitFlags {
  volatile?: boolean;
  compress?: boolean;
  timeout?: number;
}

/** The flags of an emit without any (shared: never changed). */
const NO_FLAGS: Readonly<EmitFlags> = Object.freeze({});

// Socket ids come from a pool of random bytes refilled every 64 ids: one
// randomFillSync (one trip to the CSPRNG) instead of a randomBytes call per socket.
const ID_BYTES = 15;
const ID_POOL = Buffer.alloc(ID_BYTES * 64);
let idPoolOffset = ID_POOL.length;

/** Random public id (20 base64url chars); never the engine sid. */
function generateSocketId(): string {
  if (idPoolOffset === ID_POOL.length) {
    randomFillSync(ID_POOL);
    idPoolOffset = 0;
  }
  const id = ID_POOL.toString("base64url", idPoolOffset, idPoolOffset + ID_BYTES);
  idPoolOffset += ID_BYTES;
  return id;
}

const DISCONNECTED_ERROR_MESSAGE = "socket has been disconnected";

/** Stable code of the error an emit past the maxPendingAcks cap gets. */
export const TOO_MANY_PENDING_ACKS_CODE = "VOLLEY_TOO_MANY_PENDING_ACKS";

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
  extends CatchAllEmitter<ListenEvents, SocketReservedEvents, EmitEvents>
  implements AdapterSocketView
{
  /** Public id, unique per connection to a namespace (kept across a recovery). */
  readonly id: string;
  /** Private session id for recovery; only sent to this client. */
  readonly pid: string | undefined;
  // What an idle connection does not need is made on first use (handshake, data, acks, flags,
  // middlewares): a few hundred bytes per connection at tens of thousands of connections
  // (benchmarks/heap.ts lists what is left).
  /** The CONNECT packet's auth, until the handshake is built from it. */
  #auth: Record<string, unknown> | undefined;
  /** When the socket was created (ms since the epoch): the handshake's time. */
  readonly #issued: number;
  #handshake: Handshake | undefined;
  #data: SocketData | undefined;
  /** Whether this socket was restored by connection state recovery. */
  readonly recovered: boolean = false;
  connected = false;
  readonly nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
  readonly server: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
  readonly adapter: Adapter;
  readonly client: Connection;
  /** Acks this server waits for from its client (its own, and broadcasts' shared ones). */
  #acks: SocketAcks | undefined;
  /** Flags for the next emit (volatile, compress, timeout); none: undefined. */
  #flags: EmitFlags | undefined;
  #fns: SocketMiddleware[] | undefined;
  #closed = false;
  /** Set until connect: the restored session whose missed events go out with the CONNECT reply. */
  #restored: RestoredSession | undefined;

  constructor(
    nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    client: Connection,
    auth: Record<string, unknown>,
    previousSession?: RestoredSession,
  ) {
    super();
    this.nsp = nsp;
    this.server = nsp.server;
    this.adapter = nsp.adapter;
    this.client = client;
    if (previousSession) {
      this.id = previousSession.sid;
      this.pid = previousSession.pid;
      reportAdapterRejection(this.adapter.addAll(this.id, previousSession.rooms), this, "addAll");
      this.#data = previousSession.data as SocketData;
      // Missed events are collected at connect (not now): the middlewares may refuse the
      // socket, and whatever is broadcast while they run must be replayed too.
      this.#restored = previousSession;
      this.recovered = true;
    } else {
      this.id = generateSocketId();
      this.pid = this.server.opts.connectionStateRecovery ? generateSocketId() : undefined;
    }
    this.#auth = auth;
    this.#issued = Date.now();
  }

  /** What the client's first request looked like, and the auth of its CONNECT (built on first read, then the same object). */
  get handshake(): Handshake {
    if (this.#handshake === undefined) {
      // the request and the remote address are kept by the engine session: the same values as at connect
      this.#handshake = buildHandshake(this.client.request, this.client.conn.remoteAddress, this.#auth!, this.#issued);
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

  /** How many of this socket's own emits wait for their ack. */
  #pendingAcks(): number {
    return this.#acks === undefined ? 0 : this.#acks.pending.size;
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

  /** The HTTP request that opened the engine session. */
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
    const data: unknown[] = [ev, ...args];
    const packet: Packet = { type: PacketType.EVENT, nsp: this.nsp.name, data };
    const flags = this.#flags ?? NO_FLAGS;
    this.#flags = undefined;
    const last = data[data.length - 1];
    if (typeof last === "function") {
      data.pop();
      if (this.#pendingAcks() >= this.server.opts.maxPendingAcks) {
        // Not sent: an answer could not be matched, and a retry by the app must not duplicate it.
        queueMicrotask(() => (last as AnyFn)(this.#tooManyPendingAcks()));
        return false;
      }
      packet.id = this.acks.register(last as AnyFn, flags.timeout);
    }
    if (this.server.opts.connectionStateRecovery && packet.id === undefined && !flags.volatile) {
      // Through the adapter so the event is stored (with its offset) for recovery.
      reportAdapterRejection(this.adapter.broadcast(packet, { rooms: new Set([this.id]), except: new Set(), flags: { ...flags } }), this, "broadcast");
    } else {
      this._notifyAnyOutgoing(data);
      this.packet(packet, flags.volatile, flags.compress);
    }
    return true;
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
    const withError = this.#flags?.timeout !== undefined;
    if (this.#pendingAcks() >= this.server.opts.maxPendingAcks) {
      this.#flags = undefined;
      return Promise.reject(this.#tooManyPendingAcks());
    }
    return new Promise((resolve, reject) => {
      const ack = withError ? (err: Error | null, value: never) => (err ? reject(err) : resolve(value)) : (value: never) => resolve(value);
      (this.emit as AnyFn)(ev, ...args, ack);
    });
  }

  /** The error of an emit refused by the maxPendingAcks cap. */
  #tooManyPendingAcks(): VolleyError {
    const max = this.server.opts.maxPendingAcks;
    if (log.enabled) log("socket %s: ack refused, %d acks already pending", this.id, max);
    return new VolleyError(TOO_MANY_PENDING_ACKS_CODE, `too many pending acks: ${max} emits of this socket still wait for their answer (maxPendingAcks)`);
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

  /** Targets a room (or several) for a broadcast that excludes this socket. */
  to(room: Room | Room[]): BroadcastOperator<DecorateAcknowledgementsWithMultipleResponses<EmitEvents>, SocketData> {
    return this.#newBroadcastOperator().to(room);
  }

  /** Alias of {@link Socket.to}. */
  in(room: Room | Room[]): BroadcastOperator<DecorateAcknowledgementsWithMultipleResponses<EmitEvents>, SocketData> {
    return this.#newBroadcastOperator().in(room);
  }

  /** A broadcast to everyone but this socket and the given rooms. */
  except(room: Room | Room[]): BroadcastOperator<DecorateAcknowledgementsWithMultipleResponses<EmitEvents>, SocketData> {
    return this.#newBroadcastOperator().except(room);
  }

  /** A broadcast to every socket of the namespace but this one. */
  get broadcast(): BroadcastOperator<DecorateAcknowledgementsWithMultipleResponses<EmitEvents>, SocketData> {
    return this.#newBroadcastOperator();
  }

  /** A broadcast to the sockets of this server only (no other server of a cluster). */
  get local(): BroadcastOperator<DecorateAcknowledgementsWithMultipleResponses<EmitEvents>, SocketData> {
    return this.#newBroadcastOperator().local;
  }

  /** The next emit may be dropped when the transport cannot write right now. */
  get volatile(): this {
    (this.#flags ??= {}).volatile = true;
    return this;
  }

  /** Whether the next emit is compressed. */
  compress(compress: boolean): this {
    (this.#flags ??= {}).compress = compress;
    return this;
  }

  /** The next emit's ack callback gets an Error first, and an Error after `timeout` ms without answer. */
  timeout(timeout: number): Socket<ListenEvents, DecorateAcknowledgements<EmitEvents>, ServerSideEvents, SocketData> {
    (this.#flags ??= {}).timeout = timeout;
    return this as unknown as Socket<ListenEvents, DecorateAcknowledgements<EmitEvents>, ServerSideEvents, SocketData>;
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
    const restored = this.#restored;
    if (restored) {
      this.#restored = undefined;
      // Called in the same step that adds the socket to nsp.sockets: every event is either
      // in this list or delivered live afterwards. Before the CONNECT reply, in order.
      const missed = restored.collectMissedPackets ? restored.collectMissedPackets() : restored.missedPackets;
      for (const data of missed) this.packet({ type: PacketType.EVENT, nsp: this.nsp.name, data });
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
        this.#onAck(packet);
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
      this.emitReserved(...(args as [string, ...unknown[]]));
      return;
    }
    runSocketMiddlewares(this, this.#fns, args as [string, ...unknown[]], 0, (err) => {
      if (err) this.emitReserved("error", err);
      // A middleware may have disconnected the socket: its listeners no longer run.
      else if (this.connected) this.emitReserved(...(args as [string, ...unknown[]]));
    });
  }

  #onAck(packet: Packet): void {
    const id = packet.id as number;
    const args = (packet.data ?? []) as unknown[];
    const acks = this.#acks;
    if (acks !== undefined && (acks.settle(id, args) || acks.settleBroadcast(id, this, args))) return;
    if (log.enabled) log("socket %s: ack %d matches nothing", this.id, id);
  }

  /** @internal Leaves the namespace with `reason`. */
  _onclose(reason: DisconnectReason, description?: unknown): void {
    if (!this.connected) return;
    if (log.enabled) log("socket %s disconnecting: %s", this.id, reason);
    this.emitReserved("disconnecting", reason, description);
    if (this.pid && this.server.opts.connectionStateRecovery && RECOVERABLE_DISCONNECT_REASONS.has(reason)) {
      try {
        const persisted = this.adapter.persistSession({ sid: this.id, pid: this.pid, rooms: [...this.rooms], data: this.data });
        settleAdapterCall(persisted, (err) => log("socket %s: persisting its session failed: %s", this.id, err.message));
      } catch (err) {
        log("socket %s: persisting its session failed: %s", this.id, err);
      }
    }
    this._cleanup();
    this.client._remove(this);
    this.connected = false;
    const acks = this.#acks;
    if (acks !== undefined) {
      acks.clearBroadcast();
      try {
        acks.rejectAll(new Error(DISCONNECTED_ERROR_MESSAGE));
      } catch (err) {
        log("an ack callback threw on disconnect: %s", err);
      }
    }
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

  #newBroadcastOperator(): BroadcastOperator<DecorateAcknowledgementsWithMultipleResponses<EmitEvents>, SocketData> {
    const flags = { ...this.#flags };
    this.#flags = undefined;
    return new BroadcastOperator(this.adapter, new Set(), new Set([this.id]), flags);
  }
}
