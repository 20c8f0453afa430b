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
export declare const ACK_TIMEOUT_CODE = "VOLLEY_ACK_TIMEOUT";
type AckCallback = (...args: any[]) => void;
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
export declare class PendingAcks {
    private readonly onTimeout?;
    private readonly table;
    private nextId;
    private readonly setTimer;
    private readonly clearTimer;
    /**
     * @param timers injectable timer functions (default: the global ones)
     * @param onTimeout called with the id after a timed-out callback has run
     *   (the client uses it to drop the packet from its send buffer)
     */
    constructor(timers?: AckTimers, onTimeout?: ((id: number) => void) | undefined);
    /** Number of callbacks still waiting. */
    get size(): number;
    /** True while `id` waits for its answer. */
    has(id: number): boolean;
    /**
     * Registers a callback; returns the ack id to put on the packet (ids count
     * up from 0). With `timeout`, the callback is called once with an error
     * "operation has timed out" (code ACK_TIMEOUT_CODE) when no answer arrives
     * in time, and a late answer is ignored; a timeout implies `withError`, as
     * in socket.io. With `withError` the callback gets (null, ...answer),
     * without it just (...answer).
     */
    register(callback: AckCallback, options?: AckOptions): number;
    /** Delivers an ACK's arguments; true if it matched a pending id (each id settles at most once). */
    settle(id: number, args: unknown[]): boolean;
    /**
     * On disconnect: callbacks registered withError (or with a timeout) get
     * (error); plain ones are dropped. Clears their timers. `keep` spares ids
     * that are still worth waiting for (the client keeps acks of packets still
     * in its send buffer across a reconnection). Every callback runs even if
     * one throws; the first exception is rethrown at the end.
     */
    rejectAll(error: Error, keep?: (id: number) => boolean): void;
    /** Removes an id and stops its timer; the entry, if it was pending. */
    private take;
    /** @internal Called by the timer. */
    expire(id: number): void;
}
export {};
