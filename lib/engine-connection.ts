/**
 * The seam between the Socket.IO layer and an engine session: what a
 * Connection needs from the session (lib/engine's EngineSocket satisfies it),
 * and how packets are encoded into the chunks the session sends.
 */
import type { IncomingMessage } from "node:http";
import { encodePacket } from "./protocol/encoder.js";
import type { Packet } from "./protocol/packet.js";
import type { SessionConsumer } from "./engine/socket-types.js";

/** What the Socket.IO layer needs from an engine session (lib/engine's socket satisfies it). */
export interface EngineConnection {
  readonly id: string;
  readonly readyState: string;
  readonly request: IncomingMessage;
  readonly transport: { readonly name: string; readonly writable?: boolean };
  readonly remoteAddress?: string;
  send(data: string | Buffer, opts?: { compress?: boolean }, cb?: (err?: Error) => void): unknown;
  close(): unknown;
  /** Writes what was sent so far now, apart from what is sent next (optional: see EngineSocket.flush). */
  flush?(): unknown;
  /** lib/engine's sessions call the connection directly (see EngineSocket.consumer); other engines get listeners. */
  consumer?: SessionConsumer | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, listener: (...args: any[]) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  off(event: string, listener: (...args: any[]) => void): unknown;
}

/** A chunk as the engine sends it: text or bytes. */
export type EngineChunk = string | Buffer;

/**
 * Encodes a packet for the engine: the text packet, then each attachment as a
 * Buffer view (no copy). Broadcasts call this ONCE and hand the same chunks,
 * the same string instance included, to every recipient.
 *
 * @example
 * const chunks = encodeForEngine({ type: PacketType.EVENT, nsp: "/", data: ["hi"] }); // ['2["hi"]']
 */
export function encodeForEngine(packet: Packet): EngineChunk[] {
  const encoded = encodePacket(packet);
  // The usual packet is one string (or strings and Buffers): the encoder's array is the answer.
  let ready = true;
  for (let i = 0; i < encoded.length && ready; i++) ready = typeof encoded[i] === "string" || Buffer.isBuffer(encoded[i]);
  if (ready) return encoded as EngineChunk[];
  const chunks: EngineChunk[] = new Array(encoded.length);
  for (let i = 0; i < encoded.length; i++) {
    const part = encoded[i];
    if (typeof part === "string" || Buffer.isBuffer(part)) chunks[i] = part;
    else if (part instanceof ArrayBuffer) chunks[i] = Buffer.from(part);
    else if (ArrayBuffer.isView(part)) chunks[i] = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    else throw new TypeError("a Blob cannot be sent from the server: pass a Buffer or an ArrayBuffer");
  }
  return chunks;
}
