/**
 * The Socket.IO v5 packet shape shared by the encoder, the decoders and both
 * Socket implementations. Environment-neutral.
 *
 * Who uses what: both sides use {@link Packet} and {@link isReservedEvent}
 * (the client refuses to emit a reserved name; the server also refuses to
 * receive one); {@link PACKET_TYPE_NAMES} only serves the full decode error
 * messages, so the minified client bundle leaves it out.
 */
import { PacketType, RESERVED_EVENTS, type PacketTypeValue } from "./constants.js";

export { PacketType, type PacketTypeValue };

/**
 * One Socket.IO packet.
 *
 * `attachments` is only meaningful on the wire (BINARY_EVENT / BINARY_ACK);
 * decoded packets never carry it, and the encoder computes it itself.
 *
 * @example
 * const packet: Packet = { type: PacketType.EVENT, nsp: "/admin", data: ["ask", 1], id: 7 };
 */
export interface Packet {
  type: PacketTypeValue;
  nsp: string;
  data?: unknown;
  id?: number;
  attachments?: number;
}

/** Packet type names for error messages, indexed by type number. */
export const PACKET_TYPE_NAMES: readonly string[] = [
  "CONNECT",
  "DISCONNECT",
  "EVENT",
  "ACK",
  "CONNECT_ERROR",
  "BINARY_EVENT",
  "BINARY_ACK",
];

/**
 * True for the event names an app may not emit and that never arrive as
 * events (connect, connect_error, disconnect, disconnecting, newListener,
 * removeListener).
 *
 * @example
 * if (isReservedEvent(name)) throw new Error(`"${name}" is a reserved event name`);
 */
export function isReservedEvent(name: unknown): boolean {
  return (RESERVED_EVENTS as readonly unknown[]).includes(name);
}
