/**
 * The pending-acknowledgement table: ack ids, timeouts, and what happens on
 * disconnect. One implementation for the server Socket and the client Socket.
 */
import { VolleyError } from "./errors.js";
import { PacketType } from "./constants.js";
import type { Packet } from "./packet.js";

/**
 * Timer functions, injectable for tests. They are called as methods of this
 * object (the default is `globalThis`, which browsers require as receiver).
 */
export interface AckTimers {
  setTimeout: typeof setTimeout;
  clearTimeout: typeof clearTimeout;
}

/** Stable code of the error a timed-out ack callback receives. */
export const ACK_TIMEOUT_CODE = "VOLLEY_ACK_TIMEOUT";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- listeners receive untyped wire arguments
type AckCallback = (...args: any[]) => void;

/**
 * Settles one pending ack, at most once: with an error (timeout, disconnect)
 * or with the answer's arguments (`err` null). Stops its timer. Returns true
 * when it settled (false: already settled).
 */
export type SettleAck = (err: Error | null, args?: unknown[]) => boolean;

/**
 * Ack ids and the callbacks waiting for them.
 *
 * @example
 * const acks = new PendingAcks();
 * const id = acks.register((err, answer) => console.log(err, answer), 5000);
 * send({ type: PacketType.EVENT, nsp: "/", id, data: ["ask"] });
 * // when an ACK arrives:
 * acks.settle(packet.id, packet.data); // callback(null, ...packet.data)
 * // when the socket disconnects:
 * acks.rejectAll(new Error("socket has been disconnected"));
 */
export class PendingAcks {
  /** The ids still waiting for their answer (read it, do not change it). */
  readonly pending = new Map<number, SettleAck>();
  private _nextId = 0;
  // `declare`: assigned in the constructor, no class field emitted for them
  private declare readonly _timers: AckTimers;
  private declare readonly _onTimeout: ((id: number) => void) | undefined;

  /**
   * @param timers injectable timer functions (default: the global ones)
   * @param onTimeout called with the id when its ack times out, before the
   *   callback runs (the client uses it to drop the packet from its send buffer)
   */
  constructor(timers: AckTimers = globalThis, onTimeout?: (id: number) => void) {
    this._timers = timers;
    this._onTimeout = onTimeout;
  }

  /**
   * Registers a callback; returns the ack id to put on the packet (ids count
   * up from 0). With `timeout` (ms), the callback is called once with an
   * error "operation has timed out" (code ACK_TIMEOUT_CODE) when no answer
   * arrives in time, and a late answer is ignored; a timeout implies
   * `withError`, as in socket.io. With `withError` the callback gets
   * (null, ...answer), without it just (...answer).
   */
  register(callback: AckCallback, timeout?: number, withError?: boolean): number {
    const id = this._nextId;
    // ids stay safe integers: MAX_SAFE_INTEGER (2 ** 53 - 1) is followed by 0
    this._nextId = (id + 1) % 2 ** 53;
    const pending = this.pending;
    const timers = this._timers;
    const settle: SettleAck = (err, args = []) => {
      if (!pending.delete(id)) return false;
      timers.clearTimeout(timer as ReturnType<typeof setTimeout>);
      // a timeout implies withError, as in socket.io (never reassign these parameters:
      // terser 5.51 dropped the withError test when withError itself was reassigned);
      // without withError, an error drops the callback (nobody asked to hear of it)
      if (withError || timeout !== undefined) callback(err, ...args);
      else if (!err) callback(...args);
      return true;
    };
    // (without a timeout, `timer` is false: clearTimeout ignores it)
    const timer =
      timeout !== undefined &&
      timers.setTimeout(() => {
        this._onTimeout?.(id);
        settle(new VolleyError(ACK_TIMEOUT_CODE, "operation has timed out"));
      }, timeout);
    pending.set(id, settle);
    return id;
  }

  /** Delivers an ACK's arguments; true if it matched a pending id (each id settles at most once). */
  settle(id: number, args: unknown[]): boolean {
    return !!this.pending.get(id)?.(null, args);
  }

  /**
   * On disconnect: callbacks registered withError (or with a timeout) get
   * (error); plain ones are dropped. Clears their timers. `keep` spares ids
   * that are still worth waiting for (the client keeps acks of packets still
   * in its send buffer across a reconnection). Every callback runs even if
   * one throws; the first exception is rethrown at the end.
   */
  rejectAll(error: Error, keep?: (id: number) => boolean): void {
    let thrown: [unknown] | undefined;
    // over a copy: a callback may register new acks, which this call leaves alone
    for (const [id, settle] of [...this.pending]) {
      if (!keep?.(id)) {
        try {
          settle(error);
        } catch (err) {
          thrown ??= [err];
        }
      }
    }
    if (thrown) throw thrown[0];
  }
}

/**
 * The callback an incoming event's listener calls to answer it: sends one ACK
 * packet with id `id` in namespace `nsp` through `send.call(owner, packet)`;
 * calls after the first are ignored (an id is answered at most once).
 * `send` is a method of `owner`, so no bound function is made per event.
 *
 * @example
 * if (packet.id !== undefined) args.push(onceAck(this, this.packet, nsp, packet.id));
 */
export function onceAck<T>(owner: T, send: (this: T, packet: Packet) => void, nsp: string, id: number): (...args: unknown[]) => void {
  let sent = false;
  return (...args) => {
    if (sent) return;
    sent = true;
    send.call(owner, { type: PacketType.ACK, nsp, id, data: args });
  };
}
