/**
 * Protocol numbers and defaults for both layers, in one place.
 *
 * This module is environment-neutral: it is used by the server and by the
 * client bundle alike, so it imports nothing. The client bundle keeps only
 * what it reads (protocol revisions, RECORD_SEPARATOR, RESERVED_EVENTS and
 * the client's DEFAULTS, which terser inlines); the decoder limits in
 * DEFAULTS are the server's (StrictDecoder).
 */

/** Engine.IO protocol revision volley speaks. */
export const ENGINE_PROTOCOL = 4;
/** Socket.IO protocol revision volley speaks. */
export const SOCKET_PROTOCOL = 5;

/** Engine.IO packet types, as the first character of a text packet. */
export const EnginePacketType = {
  OPEN: "0",
  CLOSE: "1",
  PING: "2",
  PONG: "3",
  MESSAGE: "4",
  UPGRADE: "5",
  NOOP: "6",
} as const;

/** Separates packets inside one long-polling payload. */
export const RECORD_SEPARATOR = "\x1e";

/** Socket.IO packet types. */
export const PacketType = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
} as const;
export type PacketTypeValue = (typeof PacketType)[keyof typeof PacketType];

/**
 * Event names an app may not emit and that never arrive as events (an array:
 * smaller than a Set in the client bundle; split from one string: smaller still).
 */
export const RESERVED_EVENTS: readonly string[] = "connect connect_error disconnect disconnecting newListener removeListener".split(" ");

/** Milliseconds an upgrade for another path waits for an answer before the engine closes it (engine.io's default). Server only. */
export const DEFAULT_DESTROY_UPGRADE_TIMEOUT = 1000;

/** Default timings and limits (milliseconds and bytes). Every one is an option. */
export const DEFAULTS = {
  pingInterval: 25000,
  pingTimeout: 20000,
  upgradeTimeout: 10000,
  maxHttpBufferSize: 1e6,
  /** Bytes that may wait for a client that does not read before its session closes (16 MiB). */
  maxBufferedBytes: 16 * 1024 * 1024,
  connectTimeout: 45000,
  maxDisconnectionDuration: 120000,
  /** Binary attachments one Socket.IO packet may announce. */
  maxAttachments: 10,
  /** Longest namespace name the decoder accepts. */
  maxNamespaceLength: 256,
  /** Deepest nesting of arrays/objects an incoming payload may have (deeper data overflows recursive walkers). */
  maxNestingDepth: 1000,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  randomizationFactor: 0.5,
  clientTimeout: 20000,
} as const;

