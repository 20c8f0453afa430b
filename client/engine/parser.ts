/**
 * Engine.IO packets, one at a time, in the browser bundles: the twin of
 * parser.node.ts (engine.io-parser, which Node keeps), chosen by
 * rollup.config.mjs `browserTwins`. engine.io-parser's browser build also
 * carries fallbacks for browsers without Blob, ArrayBuffer.isView or atob,
 * which every browser this client supports has; these few lines do the same
 * work for a fraction of the bundle's bytes.
 *
 * Environment: a browser (Blob, FileReader, atob).
 */
import type { BinaryType, Packet } from "./types.js";

/** Packet types by their wire digit: "0" open … "6" noop. */
const TYPES = "open close ping pong message upgrade noop".split(" ") as Packet["type"][];

/** What `encodePacket` hands its callback: text, or binary data as it was given. */
type Encoded = string | Blob | ArrayBuffer | ArrayBufferView;

/**
 * Encodes one packet: its type digit followed by its text; a binary message
 * as the data itself when the transport carries binary (WebSocket), else as
 * "b" + base64 (polling), which FileReader makes asynchronously.
 *
 * @example
 * encodePacket({ type: "message", data: "hi" }, true, (encoded) => ws.send(encoded)); // "4hi"
 */
export function encodePacket({ type, data }: Packet, supportsBinary: boolean, callback: (encoded: Encoded) => void): void {
  if (!(data instanceof Blob || data instanceof ArrayBuffer || ArrayBuffer.isView(data))) {
    return callback(TYPES.indexOf(type) + ((data as string | undefined) || ""));
  }
  if (supportsBinary) return callback(data);
  const reader = new FileReader();
  // a data: URL, "data:<type>;base64,<base64>"
  reader.onload = () => callback("b" + (reader.result as string).split(",")[1]);
  reader.readAsDataURL(new Blob([data as BlobPart]));
}

/**
 * Decodes one packet: binary data (a WebSocket's binary message), "b" +
 * base64 (a binary message in a polling payload) or a type digit and its
 * text. Binary data comes out as `binaryType` asks ("arraybuffer" or "blob").
 * An unknown type is engine.io-parser's "error" packet; invalid base64 throws
 * (atob), which the transport turns into that error packet too.
 *
 * @example
 * decodePacket("4hi", "arraybuffer"); // { type: "message", data: "hi" }
 */
export function decodePacket(data: string | ArrayBuffer | Blob, binaryType: BinaryType): Packet {
  if (typeof data == "string" && data[0] == "b") data = Uint8Array.from(atob(data.slice(1)), (c) => c.charCodeAt(0)).buffer;
  if (typeof data != "string") return { type: "message", data: binaryType == "blob" && !(data instanceof Blob) ? new Blob([data]) : data };
  const type = TYPES[data[0] as never];
  return type ? (data[1] ? { type, data: data.slice(1) } : { type }) : { type: "error", data: "parser error" };
}
