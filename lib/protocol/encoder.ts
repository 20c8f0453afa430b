/**
 * Socket.IO v5 packet → wire messages. On the broadcast hot path: one walk
 * for binary (copying only what holds binary), one JSON.stringify, string
 * concatenation. Output is byte for byte what socket.io-parser 4 produces.
 */
import { PacketType } from "./constants.js";
import { replaceBinary, type BinaryValue } from "./binary.js";
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
export function encodePacket(packet: Packet): Array<string | BinaryValue> {
  const type = packet.type;
  const isEvent = type === PacketType.EVENT || type === PacketType.BINARY_EVENT;
  if (isEvent || type === PacketType.ACK || type === PacketType.BINARY_ACK) {
    // one walk: the data comes back unchanged (and `out` empty) when it holds no binary
    const out: Array<string | BinaryValue> = [];
    const data = replaceBinary(packet.data, out, false);
    if (out.length > 0) {
      out.unshift(header(isEvent ? PacketType.BINARY_EVENT : PacketType.BINARY_ACK, out.length, packet.nsp, packet.id) + JSON.stringify(data));
      return out;
    }
    return [header(isEvent ? PacketType.EVENT : PacketType.ACK, 0, packet.nsp, packet.id) + stringifyData(data)];
  }
  return [header(type, 0, packet.nsp, packet.id) + stringifyData(packet.data)];
}

/** `<type>[<attachments>-][<nsp>,][<id>]`; socket.io-parser's exact rules for omitting parts. */
function header(type: number, attachments: number, nsp: string, id: number | undefined): string {
  let str = "" + type;
  if (attachments > 0) str += attachments + "-";
  if (nsp && nsp !== "/") str += nsp + ",";
  if (id != null) str += id;
  return str;
}

function stringifyData(data: unknown): string {
  // socket.io-parser writes nothing for null as well as undefined.
  return data != null ? JSON.stringify(data) : "";
}
