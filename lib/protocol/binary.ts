/**
 * Binary values inside packet data: finding them, swapping them for numbered
 * placeholders on the way out, and putting them back on the way in.
 *
 * Who uses what:
 * - both sides encode through {@link binaryReplacer} (lib/protocol/encoder.ts);
 * - both sides decode through {@link fillPlaceholders} (lib/protocol/decoder.ts),
 *   which checks what neither side can survive without (a placeholder's `num`
 *   must be an attachment index). The server's StrictDecoder
 *   (strict-decoder.ts) passes `onPlaceholder` to also refuse an attachment
 *   referenced twice or never: the client trusts its own server for that;
 * - both sides check the data before encoding: most packets hold no binary
 *   and are then stringified without the (slow) replacer. Node (the server,
 *   and the client run in Node) checks with {@link hasBinary}, through
 *   may-hold-binary.node.ts; the browser builds use its smaller conservative
 *   twin, may-hold-binary.ts;
 * - {@link deconstructPacket} and {@link reconstructPacket} are for tests and
 *   tools; the client bundle tree-shakes them away.
 *
 * Environment-neutral: a Node Buffer is an ArrayBufferView, so no Buffer type
 * is needed here.
 */
import { decodeError } from "./decode.messages.js";
import type { Packet } from "./packet.js";

/** A binary value as the app may pass it: ArrayBuffer, any typed array / Buffer / DataView, or Blob. */
export type BinaryValue = ArrayBuffer | ArrayBufferView | Blob;

/**
 * True when `value` itself is binary.
 *
 * @example
 * isBinary(new Uint8Array(2)); // true
 */
export function isBinary(value: unknown): value is BinaryValue {
  // Blob is a global in every runtime volley supports (Node >= 20, browsers, workers)
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value) || value instanceof Blob;
}

/**
 * True when `value` holds a binary value anywhere: the encoder's fast check,
 * so the common packet without binary is stringified without a replacer
 * (V8's JSON.stringify is several times slower with one). Like
 * JSON.stringify, an object's `toJSON()` result is searched instead of the
 * object (once per level), and only own keys count.
 *
 * @example
 * hasBinary(["file", { body: new ArrayBuffer(8) }]); // true
 */
export function hasBinary(value: unknown, isToJSONResult?: boolean): boolean {
  if (!value || typeof value !== "object") return false;
  if (isBinary(value)) return true;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (!isToJSONResult && typeof toJSON === "function") return hasBinary(toJSON.call(value), true);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasBinary(value[i])) return true;
    return false;
  }
  for (const key in value) if (Object.hasOwn(value, key) && hasBinary((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * Copies the packet with every binary value replaced, depth first, by
 * `{"_placeholder":true,"num":i}`; `buffers[i]` is the value taken out. The
 * copy's data is what the wire carries (JSON round trip: a Date becomes its
 * string). The input packet is not modified; the type is left as given (the
 * encoder chooses BINARY_EVENT / BINARY_ACK).
 *
 * @example
 * const { packet, buffers } = deconstructPacket({ type: 2, nsp: "/", data: ["f", buf] });
 * // packet.data = ["f", {_placeholder: true, num: 0}], packet.attachments = 1, buffers = [buf]
 */
export function deconstructPacket(packet: Packet): { packet: Packet; buffers: unknown[] } {
  const buffers: unknown[] = [];
  const json = JSON.stringify(packet.data, binaryReplacer(buffers));
  return { packet: { ...packet, data: json && JSON.parse(json), attachments: buffers.length }, buffers };
}

/**
 * @internal The JSON.stringify replacer the encoder uses: every binary value
 * is pushed to `buffers` and written as `{"_placeholder":true,"num":i}`,
 * numbered depth first in the order JSON.stringify visits values (arrays by
 * index, objects by own enumerable key), which is socket.io-parser's order.
 * JSON.stringify has already replaced the value by its `toJSON()` result when
 * the replacer sees it; the holder still has the original, so a Node Buffer
 * (whose toJSON makes an object) is sent as binary, and so is a binary value
 * that a `toJSON()` returns. One pass, no copy of the data.
 *
 * @example
 * const buffers: unknown[] = [];
 * JSON.stringify(["f", buf], binaryReplacer(buffers)); // '["f",{"_placeholder":true,"num":0}]', buffers = [buf]
 */
export function binaryReplacer(buffers: unknown[]): (this: Record<string, unknown>, key: string, value: unknown) => unknown {
  return function (key, value) {
    let binary;
    return value && typeof value === "object" && (isBinary((binary = this[key])) || isBinary((binary = value)))
      ? { _placeholder: true, num: buffers.push(binary) - 1 }
      : value;
  };
}

/**
 * Copy of the packet, minus `attachments`, with the binary values put back
 * where their placeholders are (see {@link fillPlaceholders}); the buffer
 * count must match the announced attachments, else DecodeError. For tests
 * and tools: the decoders fill their fresh packets in place.
 *
 * @example
 * reconstructPacket({ type: 2, nsp: "/", data: ["f", { _placeholder: true, num: 0 }] }, [buf]).data; // ["f", buf]
 */
export function reconstructPacket(packet: Packet, buffers: unknown[]): Packet {
  const { attachments, ...result } = packet;
  if (attachments !== undefined && attachments !== buffers.length) throw decodeError(28, attachments, buffers.length);
  fillPlaceholders(result, buffers);
  return result;
}

/**
 * Replaces, in place, every placeholder found in the values of `root` (an
 * object or array, e.g. a decoded packet: its type, nsp and id are no
 * objects) by `buffers[num]`. Every placeholder's `num` must be an integer
 * index into `buffers`, else DecodeError. `onPlaceholder` sees each num in
 * walk order (the server's StrictDecoder refuses duplicates and unreferenced
 * buffers through it). Walks iteratively (an explicit stack) so hostile
 * nesting cannot overflow the call stack.
 *
 * @example
 * const packet = { type: 2, nsp: "/", data: ["f", { _placeholder: true, num: 0 }] };
 * fillPlaceholders(packet, [buf]); // packet.data is ["f", buf]
 */
export function fillPlaceholders(root: object, buffers: unknown[], onPlaceholder?: (num: number) => void): void {
  const stack = [root];
  for (let node; (node = stack.pop() as Record<string, unknown>); ) {
    for (const key of Object.keys(node)) {
      const child = node[key] as { _placeholder?: unknown; num?: unknown } | null;
      if (child?._placeholder === true) {
        const num = child.num as number;
        // an index: a number that `>>> 0` keeps (an integer from 0 to 2 ** 32 - 1), below the count
        if (!(num >>> 0 === num && num < buffers.length)) throw decodeError(29, num, buffers.length);
        onPlaceholder?.(num);
        // defineProperty replaces the value of this existing own data property; a plain
        // assignment to a JSON key "__proto__" would call the inherited setter instead
        Object.defineProperty(node, key, { value: buffers[num] });
      } else if (child && typeof child === "object") stack.push(child);
    }
  }
}
