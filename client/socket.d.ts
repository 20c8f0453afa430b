/**
 * The client Socket: one namespace over its Manager's connection. Emits
 * buffered while offline, acks through the shared PendingAcks, retries,
 * catch-all listeners and connection state recovery.
 *
 * Environment-neutral: no node:* imports.
 */
import { Emitter } from "../lib/protocol/emitter.js";
import { type Packet } from "../lib/protocol/packet.js";
import type { AckResult, DefaultEventsMap, EventNames, EventsMap, ParamsWithoutAck } from "../lib/protocol/typed-events.js";
import type { CloseDetails, Manager } from "./manager.js";
/** Options of one namespace socket. */
export interface SocketOptions {
    /** Sent with every CONNECT; a function is called on each (re)connection: `(cb) => cb({ token })`. */
    auth?: Record<string, unknown> | ((cb: (data: Record<string, unknown>) => void) => void);
    /** Retry each emit up to this many times, one packet in flight at a time (at-least-once). */
    retries?: number;
    /** Default ack timeout (ms) for emits with an ack; with `retries`, the wait before a retry. */
    ackTimeout?: number;
}
/** Events the socket itself emits. */
export interface SocketReservedEvents {
    connect: () => void;
    connect_error: (err: ConnectError) => void;
    disconnect: (reason: DisconnectReason, details?: CloseDetails | Error) => void;
}
export type DisconnectReason = "io server disconnect" | "io client disconnect" | "ping timeout" | "transport close" | "transport error" | "parse error";
/** A refused connection: `message` from the server, `data` as its middleware passed it. */
export interface ConnectError extends Error {
    data?: unknown;
}
type AnyListener = (...args: any[]) => void;
/**
 * The base class's `emit` dispatches locally and returns a boolean; this
 * Socket's `emit` sends over the network and returns the socket, as in
 * socket.io-client. The cast only hides the base signature from the checker.
 */
declare const EmitterBase: new <L extends EventsMap, R extends EventsMap>() => Omit<Emitter<L, R>, "emit"> & {
    emitReserved(event: string, ...args: unknown[]): boolean;
};
/**
 * A namespace socket. Get one from `io()` or `manager.socket(nsp)`.
 *
 * @example
 * const socket = io("https://example.com/chat", { auth: { token } });
 * socket.on("connect", () => console.log("connected as", socket.id));
 * socket.emit("message", "hi", (answer) => console.log(answer));
 * const reply = await socket.timeout(5000).emitWithAck("ask", 42);
 */
export declare class Socket<Listen extends EventsMap = DefaultEventsMap, Emit extends EventsMap = Listen> extends EmitterBase<Listen, SocketReservedEvents> {
    /** The Manager whose connection this socket uses. */
    readonly io: Manager<Listen, Emit>;
    readonly nsp: string;
    /** The server-assigned socket id, while connected. */
    id: string | undefined;
    connected: boolean;
    /** True when the last connection restored the previous session (connection state recovery). */
    recovered: boolean;
    auth: SocketOptions["auth"];
    /** Events received before "connect" (recovery replays them first). */
    receiveBuffer: unknown[][];
    /** Packets emitted while offline, sent in order on "connect". */
    sendBuffer: Packet[];
    /** True between connect() and disconnect(): the socket wants to be connected. */
    active: boolean;
    private readonly opts;
    private flags;
    private readonly acks;
    private readonly queue;
    private anyListeners;
    private anyOutgoingListeners;
    /** Recovery session id and the offset of the last event received. */
    private pid;
    private lastOffset;
    constructor(io: Manager<Listen, Emit>, nsp: string, opts?: SocketOptions);
    get disconnected(): boolean;
    /** Connects (opening the Manager's connection if needed). */
    connect(): this;
    /** Alias of {@link Socket.connect}. */
    open(): this;
    /** Leaves the namespace; the connection closes when no other socket uses it. No reconnection. */
    disconnect(): this;
    /** Alias of {@link Socket.disconnect}. */
    close(): this;
    /** Emits a "message" event. */
    send(...args: unknown[]): this;
    /**
     * Sends an event; a function as last argument gets the server's answer.
     * While offline the event waits in the send buffer (unless volatile).
     * @throws Error for reserved names (connect, disconnect, …)
     */
    emit<Ev extends EventNames<Emit>>(event: Ev, ...args: Parameters<Emit[Ev]>): this;
    /**
     * Emits and resolves with the answer; rejects on timeout or disconnect.
     *
     * @example
     * const answer = await socket.timeout(1000).emitWithAck("ask", 1);
     */
    emitWithAck<Ev extends EventNames<Emit>>(event: Ev, ...args: ParamsWithoutAck<Emit[Ev]>): Promise<AckResult<Emit[Ev]>>;
    /** The next emit may be compressed (default true). */
    compress(compress: boolean): this;
    /** The next emit is dropped rather than buffered when offline. */
    get volatile(): this;
    /** The next emit's ack gets `(err, ...answer)`, err when no answer came within `ms`. */
    timeout(ms: number): this;
    /** Adds a listener called with `(event, ...args)` for every incoming event. */
    onAny(listener: AnyListener): this;
    prependAny(listener: AnyListener): this;
    /** Removes one catch-all listener, or all of them. */
    offAny(listener?: AnyListener): this;
    listenersAny(): AnyListener[];
    /** Adds a listener called with `(event, ...args)` for every event sent. */
    onAnyOutgoing(listener: AnyListener): this;
    prependAnyOutgoing(listener: AnyListener): this;
    offAnyOutgoing(listener?: AnyListener): this;
    listenersAnyOutgoing(): AnyListener[];
    /** @internal The Manager's connection opened: ask to join the namespace. */
    _onOpen(): void;
    /** @internal The Manager's connection failed. */
    _onError(err: Error): void;
    /** @internal The Manager's connection closed, or the socket left. */
    _onClose(reason: string, details?: CloseDetails | Error): void;
    /** @internal A packet for this namespace. */
    _onPacket(packet: Packet): void;
    private sendConnect;
    private onConnect;
    private onEvent;
    private dispatch;
    /** The callback an incoming event's listener calls to answer it (once). */
    private ackSender;
    private sendEvent;
    private packet;
    private destroy;
    private isBuffered;
    private unbuffer;
    /**
     * With `retries`: every emit waits in a queue and only the head is in
     * flight, so events arrive in order; the head is re-sent after each
     * timeout or disconnect until the server answers or `retries` is spent.
     * The app's ack always gets `(err, ...answer)`, as in socket.io-client.
     */
    private enqueue;
    private drainQueue;
}
export {};
