/**
 * Acks of broadcasts: one id and one callback shared by every recipient, so
 * a broadcast with ack encodes its packet once.
 */

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
