import { Emitter } from "../../lib/protocol/emitter.js";
import { TransportError } from "./errors.js";
import type { CloseDetails, Transport } from "./transport.js";
import { type UpgradeHost } from "./upgrade.js";
import type { BinaryType, EngineClientOptions, Packet } from "./types.js";
/** The client's life. */
export type EngineState = "opening" | "open" | "closing" | "closed";
/** Why the session ended. */
export type EngineCloseReason = "transport close" | "transport error" | "ping timeout" | "forced close" | "parse error";
/** The server's open packet. */
export interface HandshakeData {
    sid: string;
    upgrades: string[];
    pingInterval: number;
    pingTimeout: number;
    maxPayload: number;
}
/** What `send` accepts. */
export type EngineData = string | ArrayBuffer | ArrayBufferView | Blob;
/** Events of an {@link EngineClient}. */
export interface EngineClientEvents {
    open: () => void;
    handshake: (data: HandshakeData) => void;
    /** A message: a string, or binary as ArrayBuffer (browser) / Buffer (Node). */
    message: (data: string | ArrayBuffer | Uint8Array) => void;
    packet: (packet: Packet) => void;
    packetCreate: (packet: Packet) => void;
    ping: () => void;
    pong: () => void;
    drain: () => void;
    flush: () => void;
    upgrading: (transport: Transport) => void;
    upgrade: (transport: Transport) => void;
    upgradeError: (err: TransportError) => void;
    error: (err: TransportError) => void;
    close: (reason: EngineCloseReason, details?: CloseDetails | TransportError) => void;
}
/**
 * An Engine.IO v4 client connection. Call `open()` to connect.
 *
 * @example
 * const engine = new EngineClient("http://localhost:3000", { transports: ["polling", "websocket"] });
 * engine.on("open", () => engine.send("hello"));
 * engine.on("message", (data) => console.log(data));
 * engine.on("close", (reason, details) => console.log(reason, details));
 * engine.open();
 */
export declare class EngineClient extends Emitter<EngineClientEvents> implements UpgradeHost {
    #private;
    /** The session id, after the handshake. */
    id: string | null;
    readyState: EngineState;
    /** The transport in use; set by `open()`. */
    transport: Transport;
    /** Whether the session moved to another transport by an upgrade. */
    upgraded: boolean;
    /** Whether an upgrade is between "3probe" and the switch (writes wait meanwhile). */
    upgrading: boolean;
    /** What binary messages arrive as: "nodebuffer" in Node, "arraybuffer" in browsers, or "blob". */
    binaryType: BinaryType;
    /**
     * @param uri - e.g. "https://example.com:8080"; host, port and query come from it (explicit options win)
     * @param opts - see {@link EngineClientOptions}
     */
    constructor(uri?: string, opts?: EngineClientOptions);
    /** Connects over the first transport. Does nothing unless closed. */
    open(): void;
    /**
     * Sends a message. Buffered until the transport can write.
     * @param cb - called once the message is handed to the transport
     */
    send(data: EngineData, opts?: {
        compress?: boolean;
    } | (() => void), cb?: () => void): void;
    /** Alias of {@link EngineClient.send}. */
    write(data: EngineData, opts?: {
        compress?: boolean;
    } | (() => void), cb?: () => void): void;
    /** Flushes buffered messages, waits for an upgrade in progress, then closes with "forced close". */
    close(): void;
    /**
     * Whether the heartbeat deadline has passed even though the timer has not
     * fired yet (timers are throttled in suspended tabs and laptops); when it
     * has, the client closes with "ping timeout" on the next tick.
     */
    hasPingExpired(): boolean;
    /** @internal */
    onUpgrading(probe: Transport): void;
    /** @internal */
    onUpgraded(probe: Transport): boolean;
    /** @internal */
    onUpgradeFailed(err: TransportError): void;
}
