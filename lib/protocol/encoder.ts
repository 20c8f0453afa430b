/**
 * Socket.IO v5 packet → wire messages, for both sides: the server
 * (lib/connection.ts, on the broadcast hot path) and the client
 * (client/manager.ts) send through the same {@link encodePacket}. One
 * JSON.stringify whose replacer takes the binary values out (no walk, no
 * copy), then string concatenation. Output is byte for byte what
 * socket.io-parser 4 produces.
 *
 * Environment-neutral: no node:* imports.
 */
import { PacketType } from "./constants.js";
import { binaryReplacer, type BinaryValue } from "./binary.js";
// Node: binary.ts's exact hasBinary walk; browser builds: a smaller conservative twin (see that file)
import { mayHoldBinary } from "./may-hold-binary.node.js";
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
  const { type, nsp, id, data } = packet;
  const out: Array<string | BinaryValue> = [];
  // only EVENT/ACK (or BINARY_*) carry binary; CONNECT data is plain JSON, as in socket.io-parser
  const eventOrAck = type > PacketType.DISCONNECT && type !== PacketType.CONNECT_ERROR;
  // null data is written as nothing, like undefined
  const json = data != null ? JSON.stringify(data, eventOrAck && mayHoldBinary(data) ? binaryReplacer(out) : undefined) : "";
  const attachments = out.length;
  // the type: EVENT/ACK, + 3 for BINARY_EVENT/BINARY_ACK when binary was found (other types: unchanged)
  const sentType = (type > PacketType.CONNECT_ERROR ? type - 3 : type) + (attachments && 3);
  // `<type>[<attachments>-][<nsp>,][<id>][<json>]`; socket.io-parser's exact rules for omitting parts
  const head = sentType + (attachments ? attachments + "-" : "") + (nsp && nsp !== "/" ? nsp + "," : "") + (id ?? "") + json;
  // The usual packet holds no binary: a one-string array, not an unshift into the empty one.
  if (!attachments) return [head];
  out.unshift(head);
  return out;
}
