/**
 * A pre-framer for one kind of WebSocket frame only: an unmasked, final, uncompressed text frame,
 * as a server sends it (RFC 6455 §5.2). Not a parser: ws stays the WebSocket implementation and
 * reads every frame. It exists so that a broadcast's frame is built once, header included, and the
 * same bytes are written to every recipient (ws would build a header per recipient).
 *
 * Layout: byte 0 is 0x81 (FIN + opcode 1, text); byte 1 is the payload length when under 126,
 * else 126 followed by a 16-bit length, or 127 followed by a 64-bit length (big-endian); then the
 * payload, unmasked. spec/engine/text-frame.spec.ts checks it byte for byte against ws's own
 * `Sender.frame` at each length boundary.
 *
 * @example
 * const frame = textFrame("4", "hello"); // <81 06 34 68 65 6c 6c 6f>
 * socket.write(frame);
 */

/** Header size for a payload of `length` bytes. */
function headerSize(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}

/** The payload part of a frame made by textFrame (a view, no copy). */
export function textFramePayload(frame: Buffer): Buffer {
  const marker = frame[1]!;
  return frame.subarray(marker < 126 ? 2 : marker === 126 ? 4 : 10);
}

/**
 * One text frame whose UTF-8 payload is `prefix + data` (prefix: one ASCII character, the
 * Engine.IO packet type), in one buffer; `textFramePayload(frame)` is its payload.
 */
export function textFrame(prefix: string, data: string): Buffer {
  const length = 1 + Buffer.byteLength(data, "utf8");
  const header = headerSize(length);
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 0x1_0000_0000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame[header] = prefix.charCodeAt(0);
  frame.write(data, header + 1, "utf8");
  return frame;
}
