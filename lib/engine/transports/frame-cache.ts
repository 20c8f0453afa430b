/**
 * The broadcast fast path of the WebSocket transport. The Socket.IO layer
 * sends the same encoded string to N sockets in a row; remembering the last
 * text message as a whole text frame (header + "4" + data, see text-frame.ts)
 * builds it once instead of N times, and the same bytes are written to every
 * recipient. One entry is enough because a broadcast is a run of identical
 * sends. Connections that cannot take a pre-framed write (permessage-deflate
 * negotiated) send the payload part through ws.
 */
import { EnginePacketType } from "../../protocol/constants.js";
import { textFrame, textFramePayload } from "./text-frame.js";

let lastText: string | undefined;
let lastFrame: Buffer | undefined;
/** The payload view of lastFrame, made when a connection without pre-framing needs it (undefined: not yet). */
let lastPayload: Buffer | undefined;

function cacheMessage(data: string): void {
  if (data === lastText) return;
  lastFrame = textFrame(EnginePacketType.MESSAGE, data);
  lastPayload = undefined;
  lastText = data;
}

/**
 * The whole text frame of the Engine.IO message `data`, built once for a run of identical sends.
 *
 * @example
 * stream.write(cachedMessageFrame(encoded)); // the same Buffer for every recipient of a broadcast
 */
export function cachedMessageFrame(data: string): Buffer {
  cacheMessage(data);
  return lastFrame!;
}

/**
 * The payload part of {@link cachedMessageFrame}'s frame (a view, no copy), for ws to frame itself.
 *
 * @example
 * ws.send(cachedMessagePayload(encoded), { binary: false });
 */
export function cachedMessagePayload(data: string): Buffer {
  cacheMessage(data);
  return (lastPayload ??= textFramePayload(lastFrame!));
}
