import { type BinaryValue } from "./binary.js";
import type { Packet } from "./packet.js";
/**
 * Encodes one packet. EVENT/ACK whose data holds binary become
 * BINARY_EVENT/BINARY_ACK automatically (and a BINARY_* packet without binary
 * is sent as plain EVENT/ACK). Returns the text packet first, then each binary
 * attachment in order, as given (Buffer, ArrayBuffer, typed array, Blob).
 * The packet is not modified.
 *
 * @example
 * encodePacket({ type: PacketType.EVENT, nsp: "/admin", id: 7, data: ["ask", 1] });
 * // ['2/admin,7["ask",1]']
 * encodePacket({ type: PacketType.EVENT, nsp: "/", data: ["file", bytes] });
 * // ['51-["file",{"_placeholder":true,"num":0}]', bytes]
 */
export declare function encodePacket(packet: Packet): Array<string | BinaryValue>;
