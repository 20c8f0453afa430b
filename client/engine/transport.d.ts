/**
 * The small interface both transports share, so the EngineClient never asks
 * which one it has: open, send(packets), pause, close; events open, packet,
 * drain, error, close.
 *
 * Environment-neutral: no node:* imports.
 */
import { Emitter } from "../../lib/protocol/emitter.js";
import { TransportError, type TransportErrorDetails, type TransportPhase } from "./errors.js";
import type { Packet, TransportName, TransportOptions } from "./types.js";
/** A transport's life: "new" until open() is called. */
export type TransportState = "new" | "opening" | "open" | "pausing" | "paused" | "closed";
/** Details of a transport's close, passed on in the EngineClient's "close" event. */
export interface CloseDetails {
    description?: unknown;
    context?: unknown;
    /** WebSocket close code (1006 when the network dropped, 1000/1005 for a goodbye). */
    code?: number;
    wasClean?: boolean;
}
/** Events a transport emits to its EngineClient. */
export interface TransportEvents {
    open: () => void;
    packet: (packet: Packet) => void;
    drain: () => void;
    error: (err: TransportError) => void;
    close: (details?: CloseDetails) => void;
}
/**
 * Base of the polling and WebSocket transports.
 *
 * @example
 * const t = new PollingTransport(opts);
 * t.on("packet", (p) => console.log(p.type));
 * t.open();
 */
export declare abstract class Transport extends Emitter<TransportEvents> {
    abstract readonly name: TransportName;
    readyState: TransportState;
    /** False while a write is in flight; the client buffers until "drain". */
    writable: boolean;
    readonly opts: TransportOptions;
    /** Query of every request; the EngineClient adds `sid` after the handshake. */
    readonly query: Record<string, string>;
    constructor(opts: TransportOptions);
    /** Starts connecting. */
    open(): void;
    /** Closes the transport; emits "close" once. */
    close(): void;
    /** Writes packets; only an open transport writes. */
    send(packets: Packet[]): void;
    /** Stops receiving and sending, then calls `onPause`; used before an upgrade. */
    pause(onPause: () => void): void;
    /** Undoes a pause whose upgrade failed. */
    resume(): void;
    /** The one place the state changes. */
    protected setState(state: TransportState): void;
    protected onOpen(): void;
    protected onPacket(packet: Packet): void;
    protected onError(phase: TransportPhase, details: TransportErrorDetails): void;
    protected onClose(details?: CloseDetails): void;
    /** The request URL for `scheme`, with the query and, when asked, a cache buster. */
    protected uri(scheme: string, timestamp: boolean): string;
    /** Headers for a request: extraHeaders plus the cookie jar's cookies. */
    protected headers(): Record<string, string> | undefined;
    protected abstract doOpen(): void;
    protected abstract doClose(): void;
    protected abstract write(packets: Packet[]): void;
}
