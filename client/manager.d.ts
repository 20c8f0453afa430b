/**
 * The Manager: one Engine.IO connection shared by the namespace sockets of
 * one server, packet decoding, and reconnection with backoff.
 *
 * Environment-neutral: no node:* imports.
 */
import { Emitter } from "../lib/protocol/emitter.js";
import type { Packet } from "../lib/protocol/packet.js";
import { EngineClient } from "./engine/index.js";
import type { EngineClientOptions } from "./engine/types.js";
import { Backoff } from "./backoff.js";
import { Socket, type SocketOptions } from "./socket.js";
import type { DefaultEventsMap, EventsMap } from "../lib/protocol/typed-events.js";
/** Options of a {@link Manager}; the engine's options pass through. */
export interface ManagerOptions extends EngineClientOptions {
    /** Reconnect after an unexpected close. Default true. */
    reconnection?: boolean;
    /** Attempts before "reconnect_failed". Default Infinity. */
    reconnectionAttempts?: number;
    /** First delay, ms. Default 1000. */
    reconnectionDelay?: number;
    /** Largest delay, ms. Default 5000. */
    reconnectionDelayMax?: number;
    /** 0..1: the share of each delay that is random. Default 0.5. */
    randomizationFactor?: number;
    /** How long one connection attempt may take, ms, or false for no limit. Default 20000. */
    timeout?: number | false;
    /** Connect when created (and when `socket()` hands out a socket). Default true. */
    autoConnect?: boolean;
}
/** Why and how the connection closed, as the engine reported it. */
export interface CloseDetails {
    description?: unknown;
    context?: unknown;
    /** WebSocket close code: 1006 when the network dropped, 1000 for a goodbye. */
    code?: number;
    wasClean?: boolean;
}
/** Events of a {@link Manager}. */
export interface ManagerEvents {
    open: () => void;
    error: (err: Error) => void;
    ping: () => void;
    packet: (packet: Packet) => void;
    close: (reason: string, details?: CloseDetails | Error) => void;
    reconnect_attempt: (attempt: number) => void;
    reconnect: (attempt: number) => void;
    reconnect_error: (err: Error) => void;
    reconnect_failed: () => void;
}
/** "opening" covers the wait for the engine's handshake. */
export type ManagerState = "closed" | "opening" | "open";
/**
 * Owns the engine connection for every namespace socket of one server.
 * `io()` creates and caches Managers; create one yourself to share a
 * connection explicitly.
 *
 * @example
 * const manager = new Manager("https://example.com", { reconnectionDelayMax: 10000 });
 * const chat = manager.socket("/chat");
 * const admin = manager.socket("/admin", { auth: { token: "…" } });
 * manager.on("reconnect", (attempt) => console.log("back after", attempt, "attempts"));
 */
export declare class Manager<Listen extends EventsMap = DefaultEventsMap, Emit extends EventsMap = Listen> extends Emitter<Record<never, never>, ManagerEvents> {
    /** The current engine connection, while there is one. */
    engine: EngineClient | undefined;
    readonly uri: string;
    readonly opts: ManagerOptions;
    /** Namespace sockets by name. */
    readonly nsps: Record<string, Socket<Listen, Emit>>;
    readonly backoff: Backoff;
    _readyState: ManagerState;
    /** True from a scheduled reconnection until its attempt ends. */
    _reconnecting: boolean;
    readonly _autoConnect: boolean;
    private _reconnection;
    private _reconnectionAttempts;
    private _timeout;
    private skipReconnect;
    private decoder;
    private timers;
    private openCallback;
    constructor(opts?: ManagerOptions);
    constructor(uri?: string, opts?: ManagerOptions);
    /** Gets or sets whether to reconnect after an unexpected close. */
    reconnection(): boolean;
    reconnection(v: boolean): this;
    /** Gets or sets how many attempts are made before "reconnect_failed". */
    reconnectionAttempts(): number;
    reconnectionAttempts(v: number): this;
    /** Gets or sets the first reconnection delay (ms). */
    reconnectionDelay(): number;
    reconnectionDelay(v: number): this;
    /** Gets or sets the largest reconnection delay (ms). */
    reconnectionDelayMax(): number;
    reconnectionDelayMax(v: number): this;
    /** Gets or sets the random share of each delay (0..1). */
    randomizationFactor(): number;
    randomizationFactor(v: number): this;
    /** Gets or sets how long one connection attempt may take (ms, or false). */
    timeout(): number | false;
    timeout(v: number | false): this;
    /**
     * Opens the engine connection unless it is open or opening. `callback`
     * gets the error of a failed attempt; without a callback, a failed first
     * attempt starts the reconnection loop.
     */
    open(callback?: (err?: Error) => void): this;
    /** Alias of {@link Manager.open}. */
    connect(callback?: (err?: Error) => void): this;
    /**
     * The socket of namespace `nsp`, created on first use.
     *
     * @example
     * const admin = manager.socket("/admin", { auth: { token } });
     */
    socket(nsp: string, opts?: SocketOptions): Socket<Listen, Emit>;
    /** Closes the connection for good (no reconnection). */
    disconnect(): void;
    /** Called by a socket that left: closes the connection when no socket is active. */
    _destroy(): void;
    /** Encodes and sends one packet. */
    _packet(packet: Packet, compress?: boolean): void;
    _close(): void;
    private onEngine;
    private onOpen;
    private onOpenError;
    private onMessage;
    private onClose;
    private reconnect;
    private eachActive;
    private dropEngine;
    private schedule;
    private clearTimers;
    private setState;
}
