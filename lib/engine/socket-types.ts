/**
 * The types of an Engine.IO session (socket.ts): its states, close reasons,
 * events, and what it needs from its engine.
 */
import type { Packet } from "engine.io-parser";
import type { LanePair } from "./heartbeat.js";
import type { ResolvedEngineOptions } from "./options.js";
import type { EngineSocket } from "./socket.js";
import type { Transport } from "./transports/transport.js";

/** A session's life: opening → open → closing → closed (or open → closed directly). */
export type EngineSocketState = "opening" | "open" | "closing" | "closed";

/** Why a session closed. */
export type EngineCloseReason =
  | "transport error"
  | "transport close"
  | "forced close"
  | "ping timeout"
  | "parse error"
  | "server shutting down";

/** Events of an {@link EngineSocket}. */
export interface EngineSocketEvents {
  open: () => void;
  message: (data: string | Buffer) => void;
  packet: (packet: Packet) => void;
  packetCreate: (packet: Packet) => void;
  drain: () => void;
  flush: (packets: Packet[]) => void;
  heartbeat: () => void;
  upgrading: (transport: Transport) => void;
  upgrade: (transport: Transport) => void;
  close: (reason: EngineCloseReason, description?: unknown) => void;
  error: (err: Error) => void;
}

/**
 * What a session calls directly, before the listeners of its "message" and "close" events:
 * the Socket.IO connection on it (one object per session instead of two listeners, and no
 * listener Map, ~180 bytes, on most sessions).
 */
export interface SessionConsumer {
  onMessage(data: string | Buffer): void;
  onEngineClose(reason: EngineCloseReason, description?: unknown): void;
}

/** What the session needs from its engine. */
export interface SessionContext {
  readonly opts: ResolvedEngineOptions;
  /** The heartbeat lanes of the engine's pingInterval and pingTimeout (heartbeat.ts). */
  readonly heartbeatLanes: LanePair;
  /** Whether sessions keep their handshake's whole IncomingMessage (lib/engine/handshake-request.ts). */
  readonly retainsRequests: boolean;
  /** The session closed; called before its "close" event, so the registry is current for listeners. */
  sessionClosed(socket: EngineSocket): void;
}
