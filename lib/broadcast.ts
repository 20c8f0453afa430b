/**
 * BroadcastOperator: an immutable description of "who" (rooms, except) and
 * "how" (flags) for io.to(…), nsp.except(…), socket.broadcast, …; the adapter
 * does the actual fan-out, encoding the packet once.
 */
import { PacketType } from "./protocol/constants.js";
import { isReservedEvent, type Packet } from "./protocol/packet.js";
import type { DefaultEventsMap, EventsMap, EventNames, EventParams } from "./protocol/typed-events.js";
import type { AckResult, ArgsWithoutAck, DecorateAcknowledgements, EventNamesWithError, TypedEventBroadcaster } from "./typed-events.js";
import type { Adapter, BroadcastFlags, Room, SocketId } from "./adapter.js";
import { RemoteSocket } from "./remote-socket.js";
import { Socket } from "./socket.js";
import { reportAdapterRejection, settleAdapterCall, toError } from "./adapter-contract.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => void;

/** The error a broadcast ack receives on timeout; `responses` holds the answers that did arrive. */
export interface BroadcastTimeoutError extends Error {
  responses?: unknown[];
}

/**
 * Targets and flags of a broadcast.
 *
 * @example
 * io.to("room1").except("room2").volatile.emit("news", item);
 * const answers = await io.timeout(1000).emitWithAck("poll");
 */
export class BroadcastOperator<
  EmitEvents extends EventsMap = DefaultEventsMap,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  SocketData = any,
> implements TypedEventBroadcaster<EmitEvents> {
  constructor(
    private readonly adapter: Adapter,
    private readonly rooms: Set<Room> = new Set(),
    private readonly exceptRooms: Set<Room> = new Set(),
    private readonly flags: BroadcastFlags = {},
  ) {}

  /** Adds target rooms (the union of all `to` calls is reached). */
  to(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    const rooms = new Set(this.rooms);
    if (Array.isArray(room)) for (const r of room) rooms.add(r);
    else rooms.add(room);
    return new BroadcastOperator(this.adapter, rooms, this.exceptRooms, this.flags);
  }

  /** Alias of {@link BroadcastOperator.to}. */
  in(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return this.to(room);
  }

  /** Excludes the sockets of these rooms. */
  except(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    const except = new Set(this.exceptRooms);
    if (Array.isArray(room)) for (const r of room) except.add(r);
    else except.add(room);
    return new BroadcastOperator(this.adapter, this.rooms, except, this.flags);
  }

  /** Whether the packet is compressed. */
  compress(compress: boolean): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator(this.adapter, this.rooms, this.exceptRooms, { ...this.flags, compress });
  }

  /** The packet may be dropped for clients whose transport cannot write right now. */
  get volatile(): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator(this.adapter, this.rooms, this.exceptRooms, { ...this.flags, volatile: true });
  }

  /** Only the sockets of this server (not the rest of a cluster). */
  get local(): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator(this.adapter, this.rooms, this.exceptRooms, { ...this.flags, local: true });
  }

  /** The ack receives an Error (and the answers so far) when not every client answered within `timeout` ms. */
  timeout(timeout: number): BroadcastOperator<DecorateAcknowledgements<EmitEvents>, SocketData> {
    return new BroadcastOperator(this.adapter, this.rooms, this.exceptRooms, { ...this.flags, timeout });
  }

  /**
   * Emits to every matching client. With an ack callback as last argument it
   * is called once with `(err, answers[])` when every client answered (or on
   * timeout, or when the adapter fails). Throws on reserved names. Without an
   * ack, an adapter's rejected broadcast is emitted as "error" on the namespace.
   */
  emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean {
    if (isReservedEvent(ev)) throw new Error(`"${String(ev)}" is a reserved event name`);
    const data: unknown[] = [ev, ...args];
    const packet: Packet = { type: PacketType.EVENT, nsp: this.adapter.nsp.name, data };
    const opts = { rooms: this.rooms, except: this.exceptRooms, flags: this.flags };
    if (typeof data[data.length - 1] !== "function") {
      reportAdapterRejection(this.adapter.broadcast(packet, opts), this.adapter.nsp, "broadcast");
      return true;
    }
    const ack = data.pop() as AnyFn;
    this.#emitWithAckCallback(packet, opts, ack);
    return true;
  }

  #emitWithAckCallback(packet: Packet, opts: { rooms: Set<Room>; except: Set<Room>; flags: BroadcastFlags }, ack: AnyFn): void {
    const single = !!this.flags.expectSingleResponse;
    const responses: unknown[] = [];
    let done = false;
    let expectedServers = -1;
    let actualServers = 0;
    let expectedClients = 0;
    // Local recipients, once the adapter reported them; until then (or when an adapter does
    // not report them, or threw) a timeout scans the whole namespace.
    let recipients: Iterable<Socket> | void = undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (err: Error | null): void => {
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      if (err) ack(err, single ? null : responses);
      else ack(null, single ? responses[0] : responses);
    };
    const forgetAcks = (): void => {
      const id = packet.id;
      if (id !== undefined) for (const socket of recipients ?? this.adapter.nsp.sockets.values()) socket.forgetBroadcastAck(id);
    };
    // An adapter that throws or rejects: the ack gets the error (once), no ack stays registered.
    const fail = (err: unknown): void => {
      if (done) return;
      forgetAcks();
      finish(toError(err));
    };
    // Without timeout(), socket.io waits forever: the timer is only set when asked for.
    if (this.flags.timeout !== undefined) {
      timer = setTimeout(() => {
        if (done) return;
        forgetAcks();
        finish(new Error("operation has timed out"));
      }, this.flags.timeout);
    }
    const check = (): void => {
      if (!done && expectedServers === actualServers && responses.length === expectedClients) finish(null);
    };
    try {
      const result: unknown = this.adapter.broadcastWithAck(
        packet,
        opts,
        (clientCount) => {
          expectedClients += clientCount;
          actualServers++;
          check();
        },
        (response) => {
          if (done) return;
          responses.push(response);
          check();
        },
      );
      if (Array.isArray(result)) recipients = result as Socket[];
      else settleAdapterCall(result, fail);
    } catch (err) {
      fail(err);
      return;
    }
    Promise.resolve()
      .then(() => this.adapter.serverCount())
      .then(
        (count) => {
          expectedServers = count;
          check();
        },
        fail,
      );
  }

  /**
   * Emits and resolves with every client's answer; rejects on timeout with
   * an Error whose `responses` holds the answers that did arrive.
   */
  emitWithAck<Ev extends EventNamesWithError<EmitEvents>>(
    ev: Ev,
    ...args: ArgsWithoutAck<EmitEvents, Ev>
  ): Promise<AckResult<EmitEvents, Ev>> {
    return new Promise((resolve, reject) => {
      const ack = (err: BroadcastTimeoutError | null, responses: never) => {
        if (err) {
          err.responses = responses;
          reject(err);
        } else resolve(responses);
      };
      (this.emit as AnyFn)(ev, ...args, ack);
    });
  }

  /** Ids of the matching sockets (rooms only; prefer fetchSockets). */
  allSockets(): Promise<Set<SocketId>> {
    return Promise.resolve().then(() => this.adapter.sockets(this.rooms));
  }

  /** The matching sockets: local Socket instances, or RemoteSocket for other servers. */
  async fetchSockets(): Promise<RemoteSocket<EmitEvents, SocketData>[]> {
    const found = await this.adapter.fetchSockets({ rooms: this.rooms, except: this.exceptRooms, flags: this.flags });
    return found.map((socket) =>
      socket instanceof Socket ? (socket as unknown as RemoteSocket<EmitEvents, SocketData>) : new RemoteSocket<EmitEvents, SocketData>(this.adapter, socket),
    );
  }

  /** Makes the matching sockets join `room` (an adapter's failure: "error" on the namespace). */
  socketsJoin(room: Room | Room[]): void {
    const result = this.adapter.addSockets({ rooms: this.rooms, except: this.exceptRooms, flags: this.flags }, Array.isArray(room) ? room : [room]);
    reportAdapterRejection(result, this.adapter.nsp, "addSockets");
  }

  /** Makes the matching sockets leave `room` (an adapter's failure: "error" on the namespace). */
  socketsLeave(room: Room | Room[]): void {
    const result = this.adapter.delSockets({ rooms: this.rooms, except: this.exceptRooms, flags: this.flags }, Array.isArray(room) ? room : [room]);
    reportAdapterRejection(result, this.adapter.nsp, "delSockets");
  }

  /** Disconnects the matching sockets, their whole connection when `close` (an adapter's failure: "error" on the namespace). */
  disconnectSockets(close = false): void {
    const result = this.adapter.disconnectSockets({ rooms: this.rooms, except: this.exceptRooms, flags: this.flags }, close);
    reportAdapterRejection(result, this.adapter.nsp, "disconnectSockets");
  }
}
