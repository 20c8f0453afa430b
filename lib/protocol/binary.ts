/**
 * Binary values inside packet data: finding them, swapping them for numbered
 * placeholders on the way out, and putting them back on the way in.
 *
 * Environment-neutral: a Node Buffer is an ArrayBufferView, so no Buffer type
 * is needed here.
 */
import { decodeError } from "./decode.messages.js";
import type { Packet } from "./packet.js";

/** A binary value as the app may pass it: ArrayBuffer, any typed array / Buffer / DataView, or Blob. */
export type BinaryValue = ArrayBuffer | ArrayBufferView | Blob;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * True when `value` itself is binary.
 *
 * @example
 * isBinary(new Uint8Array(2)); // true
 */
export function isBinary(value: unknown): value is BinaryValue {
  return (
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value) ||
    (typeof Blob !== "undefined" && value instanceof Blob)
  );
}

/**
 * True when `value` holds a binary value anywhere, searched depth first.
 * Like socket.io-parser, an object's `toJSON()` result is searched instead of
 * the object (once per level), so the answer matches what JSON.stringify sees.
 *
 * @example
 * hasBinary(["file", { body: new ArrayBuffer(8) }]); // true
 */
export function hasBinary(value: unknown): boolean {
  const found: unknown[] = [];
  replaceBinary(value, found, false);
  return found.length > 0;
}

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
export function deconstructPacket(packet: Packet): { packet: Packet; buffers: unknown[] } {
  const buffers: unknown[] = [];
  const data = replaceBinary(packet.data, buffers, false);
  return { packet: { ...packet, data, attachments: buffers.length }, buffers };
}

/**
 * @internal Used by the encoder, which needs no packet copy. Mirrors
 * socket.io-parser's traversal exactly. Copy-on-write: a container is copied
 * only when something inside it was replaced, so data without binary comes
 * back as the same object (`buffers` stays empty) and the walk allocates nothing.
 */
export function replaceBinary(value: unknown, buffers: unknown[], isToJSONResult: boolean): unknown {
  if (!value || typeof value !== "object") return value;
  if (isBinary(value)) {
    buffers.push(value);
    return { _placeholder: true, num: buffers.length - 1 };
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const child = replaceBinary(value[i], buffers, false);
      if (child !== value[i]) (copy ??= value.slice())[i] = child;
    }
    return copy ?? value;
  }
  // A Date serializes through its own toJSON; copying it would lose that.
  if (value instanceof Date) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function" && !isToJSONResult) {
    const json: unknown = toJSON.call(value);
    const replaced = replaceBinary(json, buffers, true);
    return replaced === json ? value : replaced;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    const original = (value as Record<string, unknown>)[key];
    const child = replaceBinary(original, buffers, false);
    // the spread copies own data properties; defineOwn keeps a "__proto__" key data too
    if (child !== original) defineOwn((copy ??= { ...value }), key, child);
  }
  return copy ?? value;
}

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
export function reconstructPacket(packet: Packet, buffers: unknown[]): Packet {
  if (packet.attachments !== undefined && packet.attachments !== buffers.length) {
    throw decodeError(28, packet.attachments, buffers.length);
  }
  const data = fillPlaceholders(packet.data, buffers);
  const result: Packet = { type: packet.type, nsp: packet.nsp };
  if (packet.id !== undefined) result.id = packet.id;
  if (data !== undefined) result.data = data;
  return result;
}

/** Walks iteratively (an explicit stack) so hostile nesting cannot overflow the call stack. */
function fillPlaceholders(root: unknown, buffers: unknown[]): unknown {
  const used: boolean[] = [];
  let usedCount = 0;
  // The buffer for a placeholder, else the value itself.
  const resolve = (value: unknown): unknown => {
    if (!value || typeof value !== "object" || (value as { _placeholder?: unknown })._placeholder !== true) {
      return value;
    }
    const num = (value as { num?: unknown }).num;
    if (typeof num !== "number" || !Number.isInteger(num) || num < 0 || num >= buffers.length) {
      throw decodeError(29, num, buffers.length);
    }
    if (used[num]) throw decodeError(30, num);
    used[num] = true;
    usedCount++;
    return buffers[num];
  };

  const top = resolve(root);
  const stack: unknown[] = top === root && root && typeof root === "object" ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    for (const key in node) {
      if (!hasOwn.call(node, key)) continue;
      const child = node[key];
      const next = resolve(child);
      if (next !== child) defineOwn(node, key, next);
      else if (child && typeof child === "object") stack.push(child);
    }
  }
  if (usedCount < buffers.length) {
    let missing = 0;
    while (used[missing]) missing++;
    throw decodeError(31, missing);
  }
  return top;
}

/** Assignment that cannot touch a prototype, even for a JSON key named "__proto__". */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
