/**
 * The Socket's emit modifiers: the flags of its next emit (`volatile`,
 * `compress`, `timeout`) and the broadcasts that start from it (`to`, `in`,
 * `except`, `broadcast`, `local`), which leave the socket itself out.
 */
import type { EventsMap } from "./protocol/typed-events.js";
import type { DecorateAcknowledgements, DecorateAcknowledgementsWithMultipleResponses } from "./typed-events.js";
import { BroadcastOperator } from "./broadcast.js";
import { CatchAllEmitter } from "./catch-all-listeners.js";
import type { Adapter, Room } from "./adapter.js";
import type { Socket, SocketReservedEvents } from "./socket.js";

/** The flags of one emit. */
export interface EmitFlags {
  volatile?: boolean;
  compress?: boolean;
  timeout?: number;
}

/** The flags of an emit without any (shared: never changed). */
const NO_FLAGS: Readonly<EmitFlags> = Object.freeze({});

/**
 * The Socket's part that sets up its next emit: its flags, or a broadcast
 * that excludes this socket.
 *
 * @example
 * socket.volatile.emit("tick");
 * socket.timeout(1000).emit("ask", (err, answer) => {});
 * socket.to("room1").emit("joined", socket.id);
 */
export abstract class SocketEmitModifiers<
  ListenEvents extends EventsMap,
  EmitEvents extends EventsMap,
  ServerSideEvents extends EventsMap,
  SocketData,
> extends CatchAllEmitter<ListenEvents, SocketReservedEvents, EmitEvents> {
  // The Socket's own (see there): a broadcast from it goes through its adapter and leaves it out.
  abstract readonly id: string;
  abstract readonly adapter: Adapter;
  /** Flags for the next emit (volatile, compress, timeout); none: undefined. */
  #flags: EmitFlags | undefined;

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

  /** The next emit's flags, now used up (none: a shared frozen object, nothing allocated). */
  protected takeEmitFlags(): Readonly<EmitFlags> {
    const flags = this.#flags ?? NO_FLAGS;
    this.#flags = undefined;
    return flags;
  }

  /** Whether the next emit has a timeout (its ack callback then gets an Error first). */
  protected nextEmitHasTimeout(): boolean {
    return this.#flags?.timeout !== undefined;
  }

  #newBroadcastOperator(): BroadcastOperator<DecorateAcknowledgementsWithMultipleResponses<EmitEvents>, SocketData> {
    const flags = { ...this.#flags };
    this.#flags = undefined;
    return new BroadcastOperator(this.adapter, new Set(), new Set([this.id]), flags);
  }
}
