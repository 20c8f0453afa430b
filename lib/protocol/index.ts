/**
 * The environment-neutral protocol layer: Socket.IO v5 packets, the ack
 * table, and the shared constants, errors and emitter.
 *
 * @example
 * import { encodePacket, Decoder, PendingAcks, PacketType } from "./protocol/index.js";
 */
export * from "./constants.js";
export * from "./errors.js";
export { Emitter } from "./emitter.js";
export type * from "./typed-events.js";
export { type Packet, isReservedEvent, PACKET_TYPE_NAMES } from "./packet.js";
export { encodePacket } from "./encoder.js";
export { Decoder, type DecoderOptions } from "./decoder.js";
export { isBinary, hasBinary, deconstructPacket, reconstructPacket, type BinaryValue } from "./binary.js";
export { PendingAcks, ACK_TIMEOUT_CODE, onceAck, type AckOptions, type AckTimers } from "./acks.js";
export {
  withCatchAll,
  removeCatchAll,
  notifyCatchAll,
  invokeCatchAll,
  type CatchAllListener,
  type CatchAllInvoker,
  type CatchAllMethods,
} from "./catch-all.js";
