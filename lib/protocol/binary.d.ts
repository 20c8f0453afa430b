import type { Packet } from "./packet.js";
/** A binary value as the app may pass it: ArrayBuffer, any typed array / Buffer / DataView, or Blob. */
export type BinaryValue = ArrayBuffer | ArrayBufferView | Blob;
/**
 * True when `value` itself is binary.
 *
 * @example
 * isBinary(new Uint8Array(2)); // true
 */
export declare function isBinary(value: unknown): value is BinaryValue;
/**
 * True when `value` holds a binary value anywhere, searched depth first.
 * Like socket.io-parser, an object's `toJSON()` result is searched instead of
 * the object (once per level), so the answer matches what JSON.stringify sees.
 *
 * @example
 * hasBinary(["file", { body: new ArrayBuffer(8) }]); // true
 */
export declare function hasBinary(value: unknown): boolean;
/**
 * Copies the packet with every binary value replaced, depth first, by
 * `{"_placeholder":true,"num":i}`; `buffers[i]` is the value taken out.
 * The input packet is not modified; the type is left as given (the encoder
 * chooses BINARY_EVENT / BINARY_ACK).
 *
 * @example
 * const { packet, buffers } = deconstructPacket({ type: 2, nsp: "/", data: ["f", buf] });
 * // packet.data = ["f", {_placeholder: true, num: 0}], packet.attachments = 1, buffers = [buf]
 */
export declare function deconstructPacket(packet: Packet): {
    packet: Packet;
    buffers: unknown[];
};
/** @internal Used by the encoder, which needs no packet copy. Mirrors socket.io-parser's traversal exactly. */
export declare function replaceBinary(value: unknown, buffers: unknown[], isToJSONResult: boolean): unknown;
/**
 * Puts the binary values back where their placeholders are. Strict: every
 * placeholder's `num` must be an integer in range, and every buffer must be
 * referenced exactly once, else DecodeError. Reuses the packet's data
 * containers (they come fresh from JSON.parse); returns a packet without
 * `attachments`.
 *
 * @example
 * reconstructPacket({ type: 2, nsp: "/", data: ["f", { _placeholder: true, num: 0 }] }, [buf]).data; // ["f", buf]
 */
export declare function reconstructPacket(packet: Packet, buffers: unknown[]): Packet;
