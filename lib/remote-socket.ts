/**
 * RemoteSocket: what fetchSockets() returns for a socket that may live on
 * another server. Every action goes through the adapter, addressed by id.
 */
import type { DefaultEventsMap, EventsMap, EventNames, EventParams } from "./protocol/typed-events.js";
import type { DecorateAcknowledgements, TypedEventBroadcaster } from "./typed-events.js";
import type { Adapter, Room, SocketDetails } from "./adapter.js";
import type { Handshake } from "./handshake-info.js";
import { BroadcastOperator } from "./broadcast.js";

/**
 * A socket seen through the adapter.
 *
 * @example
 * const [socket] = await io.in(userId).fetchSockets();
 * socket.emit("hello"); socket.join("vip"); socket.disconnect();
 */
export class RemoteSocket<
  EmitEvents extends EventsMap = DefaultEventsMap,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  SocketData = any,
> implements TypedEventBroadcaster<EmitEvents> {
  readonly id: string;
  readonly handshake: Handshake;
  readonly rooms: Set<Room>;
  readonly data: SocketData;
  readonly #operator: BroadcastOperator<EmitEvents, SocketData>;

  constructor(adapter: Adapter, details: SocketDetails) {
    this.id = details.id;
    this.handshake = details.handshake as Handshake;
    this.rooms = new Set(details.rooms);
    this.data = details.data as SocketData;
    // A single answer, like socket.emit() with an ack, not an array.
    this.#operator = new BroadcastOperator(adapter, new Set([this.id]), new Set(), { expectSingleResponse: true });
  }

  /** The next emit's ack gets an Error after `timeout` ms without answer. */
  timeout(timeout: number): BroadcastOperator<DecorateAcknowledgements<EmitEvents>, SocketData> {
    return this.#operator.timeout(timeout);
  }

  /** Emits to this socket. */
  emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean {
    return this.#operator.emit(ev, ...args);
  }

  /** Joins a room (or several). */
  join(room: Room | Room[]): void {
    this.#operator.socketsJoin(room);
  }

  /** Leaves a room (or several). */
  leave(room: Room | Room[]): void {
    this.#operator.socketsLeave(room);
  }

  /** Disconnects this socket (its whole connection when `close`). */
  disconnect(close = false): this {
    this.#operator.disconnectSockets(close);
    return this;
  }
}
