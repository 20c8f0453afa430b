/**
 * The pending-acknowledgement table: ack ids, timeouts, and what happens on
 * disconnect. One implementation for the server Socket and the client Socket.
 */
import { VolleyError } from "./errors.js";
import { PacketType } from "./constants.js";
import type { Packet } from "./packet.js";

/** Timer functions, injectable for tests. They are called without a receiver. */
export interface AckTimers {
  setTimeout: typeof setTimeout;
  clearTimeout: typeof clearTimeout;
}

/** Options of one registration. */
export interface AckOptions {
  /** Milliseconds to wait for the answer; implies `withError`. */
  timeout?: number;
  /** The callback's first argument is the error or null (timeout()/emitWithAck style). */
  withError?: boolean;
}

/** Stable code of the error a timed-out ack callback receives. */
export const ACK_TIMEOUT_CODE = "VOLLEY_ACK_TIMEOUT";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- listeners receive untyped wire arguments
type AckCallback = (...args: any[]) => void;

interface PendingAck {
  callback: AckCallback;
  withError: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Ack ids and the callbacks waiting for them.
 *
 * @example
 * const acks = new PendingAcks();
 * const id = acks.register((err, answer) => console.log(err, answer), { timeout: 5000 });
 * send({ type: PacketType.EVENT, nsp: "/", id, data: ["ask"] });
 * // when an ACK arrives:
 * acks.settle(packet.id, packet.data); // callback(null, ...packet.data)
 * // when the socket disconnects:
 * acks.rejectAll(new Error("socket has been disconnected"));
 */
export class PendingAcks {
  readonly #table = new Map<number, PendingAck>();
  private nextId = 0;
  readonly #setTimer: typeof setTimeout;
  readonly #clearTimer: typeof clearTimeout;

  /**
   * @param timers injectable timer functions (default: the global ones)
   * @param onTimeout called with the id after a timed-out callback has run
   *   (the client uses it to drop the packet from its send buffer)
   */
  constructor(timers?: AckTimers, private readonly onTimeout?: (id: number) => void) {
    this.#setTimer = timers ? timers.setTimeout : setTimeout;
    this.#clearTimer = timers ? timers.clearTimeout : clearTimeout;
  }

  /** Number of callbacks still waiting. */
  get size(): number {
    return this.#table.size;
  }

  /** True while `id` waits for its answer. */
  has(id: number): boolean {
    return this.#table.has(id);
  }

  /**
   * Registers a callback; returns the ack id to put on the packet (ids count
   * up from 0). With `timeout`, the callback is called once with an error
   * "operation has timed out" (code ACK_TIMEOUT_CODE) when no answer arrives
   * in time, and a late answer is ignored; a timeout implies `withError`, as
   * in socket.io. With `withError` the callback gets (null, ...answer),
   * without it just (...answer).
   */
  register(callback: AckCallback, options?: AckOptions): number {
    const id = this.nextId;
    this.nextId = id === Number.MAX_SAFE_INTEGER ? 0 : id + 1;
    const timeout = options?.timeout;
    const entry: PendingAck = {
      callback,
      withError: timeout !== undefined || options?.withError === true,
      timer: undefined,
    };
    if (timeout !== undefined) {
      const setTimer = this.#setTimer;
      // Module-level handler with arguments: no closure per ack.
      entry.timer = setTimer(onAckTimeout, timeout, this, id);
    }
    this.#table.set(id, entry);
    return id;
  }

  /** Delivers an ACK's arguments; true if it matched a pending id (each id settles at most once). */
  settle(id: number, args: unknown[]): boolean {
    const entry = this.#take(id);
    if (!entry) return false;
    if (entry.withError) entry.callback(null, ...args);
    else entry.callback(...args);
    return true;
  }

  /**
   * On disconnect: callbacks registered withError (or with a timeout) get
   * (error); plain ones are dropped. Clears their timers. `keep` spares ids
   * that are still worth waiting for (the client keeps acks of packets still
   * in its send buffer across a reconnection). Every callback runs even if
   * one throws; the first exception is rethrown at the end.
   */
  rejectAll(error: Error, keep?: (id: number) => boolean): void {
    let thrown: { error: unknown } | undefined;
    for (const id of [...this.#table.keys()]) {
      if (keep && keep(id)) continue;
      const entry = this.#take(id)!;
      if (!entry.withError) continue;
      try {
        entry.callback(error);
      } catch (err) {
        thrown ??= { error: err };
      }
    }
    if (thrown) throw thrown.error;
  }

  /** Removes an id and stops its timer; the entry, if it was pending. */
  #take(id: number): PendingAck | undefined {
    const entry = this.#table.get(id);
    if (!entry) return undefined;
    this.#table.delete(id);
    if (entry.timer !== undefined) {
      const clearTimer = this.#clearTimer;
      clearTimer(entry.timer);
    }
    return entry;
  }

  /** @internal Called by the timer. */
  expire(id: number): void {
    const entry = this.#table.get(id);
    if (!entry) return;
    this.#table.delete(id);
    entry.callback(new VolleyError(ACK_TIMEOUT_CODE, "operation has timed out"));
    this.onTimeout?.(id);
  }
}

function onAckTimeout(acks: PendingAcks, id: number): void {
  acks.expire(id);
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
