/**
 * The environment-neutral protocol layer: Socket.IO v5 packets, the ack
 * table, and the shared constants, errors and emitter.
 *
 * Who uses what: the client imports the modules it needs directly (so the
 * bundle holds only those), among them the lean `Decoder`; the server decodes
 * with `StrictDecoder` (the same parsing core plus the checks hostile peers
 * need). This barrel is for tests and tools.
 *
 * @example
 * import { encodePacket, StrictDecoder, PendingAcks, PacketType } from "./protocol/index.js";
 */
export * from "./constants.js";
export * from "./errors.js";
export { Emitter } from "./emitter.js";
export type * from "./typed-events.js";
export { type Packet, isReservedEvent, PACKET_TYPE_NAMES } from "./packet.js";
export { encodePacket } from "./encoder.js";
export { Decoder } from "./decoder.js";
export { StrictDecoder, type DecoderOptions } from "./strict-decoder.js";
export { isBinary, hasBinary, deconstructPacket, reconstructPacket, fillPlaceholders, type BinaryValue } from "./binary.js";
export { PendingAcks, ACK_TIMEOUT_CODE, onceAck, type AckTimers, type SettleAck } from "./acks.js";
export {
  withCatchAll,
  removeCatchAll,
  type CatchAllListener,
  type CatchAllInvoker,
  type CatchAllMethods,
} from "./catch-all.js";
