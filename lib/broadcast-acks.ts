/**
 * Acks of broadcasts: one id and one callback shared by every recipient, so
 * a broadcast with ack encodes its packet once.
 */
import { PendingAcks } from "./protocol/acks.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => void;

/**
 * Broadcast ack ids come from a namespace-wide counter in a range disjoint from
 * the per-socket PendingAcks ids (which count up from 0), so that one encoded
 * packet serves every recipient and an incoming ACK is never ambiguous.
 */
export const BROADCAST_ACK_ID_BASE = 2 ** 40;

/**
 * The broadcast acks one socket still waits for, by id.
 *
 * @example
 * const acks = new BroadcastAcks();
 * acks.register(BROADCAST_ACK_ID_BASE, (answer) => answers.push(answer));
 * acks.settle(packet.id, socket, packet.data); // true: the callback ran once
 */
export class BroadcastAcks {
  readonly #byId = new Map<number, AnyFn>();

  register(id: number, ack: AnyFn): void {
    this.#byId.set(id, ack);
  }

  /** Forgets `id` (the broadcast timed out): a late answer matches nothing. */
  forget(id: number): void {
    this.#byId.delete(id);
  }

  /** Runs and forgets the callback of `id` with `args`; false when none waits. */
  settle(id: number, self: unknown, args: unknown[]): boolean {
    const ack = this.#byId.get(id);
    if (!ack) return false;
    this.#byId.delete(id);
    ack.apply(self, args);
    return true;
  }
}

/**
 * `socket.acks`: the socket's own pending acks ({@link PendingAcks}, ids from
 * 0) plus the broadcast acks it waits for (ids from BROADCAST_ACK_ID_BASE),
 * which socket.io's adapters register with the Map-like `set(id, ack)` (see
 * lib/adapter-contract.ts). The broadcast table is created on first use.
 *
 * @example
 * socket.acks.set(id, (answer) => answers.push(answer)); // what socket.io-adapter calls
 * socket.acks.settleBroadcast(id, socket, [42]);          // an ACK arrived
 */
export class SocketAcks extends PendingAcks {
  #broadcast: BroadcastAcks | undefined;

  /** Registers a broadcast ack (socket.io-adapter's `socket.acks.set`). */
  set(id: number, ack: AnyFn): this {
    (this.#broadcast ??= new BroadcastAcks()).register(id, ack);
    return this;
  }

  /** Forgets a broadcast ack (its broadcast timed out). */
  forgetBroadcast(id: number): void {
    this.#broadcast?.forget(id);
  }

  /** Runs the broadcast ack of `id`, if one waits; false otherwise. */
  settleBroadcast(id: number, self: unknown, args: unknown[]): boolean {
    return this.#broadcast?.settle(id, self, args) ?? false;
  }

  /** Drops every broadcast ack (the socket disconnected). */
  clearBroadcast(): void {
    this.#broadcast = undefined;
  }
}
