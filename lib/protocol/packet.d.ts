/**
 * The Socket.IO v5 packet shape shared by the encoder, the decoder and both
 * Socket implementations. Environment-neutral.
 */
import { PacketType, type PacketTypeValue } from "./constants.js";
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
export declare const PACKET_TYPE_NAMES: readonly string[];
/**
 * True for the event names an app may not emit and that never arrive as
 * events (connect, connect_error, disconnect, disconnecting, newListener,
 * removeListener).
 *
 * @example
 * if (isReservedEvent(name)) throw new Error(`"${name}" is a reserved event name`);
 */
export declare function isReservedEvent(name: unknown): boolean;
