/**
 * The DecodeError messages, by code. A peer that sends a malformed packet is
 * broken or hostile; the message says exactly what was wrong, for the server
 * log and for whoever debugs that peer.
 *
 * The minified browser bundles use the twin decode.messages.min.ts instead
 * (rollup.config.mjs swaps every "*.messages.js" import for its
 * "*.messages.min.js"), whose messages are just "volley decode error <code>":
 * these texts cost the page weight and only matter when the server is broken.
 * The non-minified socket.io.js, Node and the server keep the full texts.
 *
 * Who throws which: the client's lean Decoder (decoder.ts, also the parsing
 * core of the server's) throws 1, 3-7, 12, 14, 26, 29 and 32; only the
 * server's StrictDecoder (strict-decoder.ts) adds 2, 8-10, 13, 15-25, 27, 30
 * and 31, so only the codes of the first list reach the browser bundles;
 * 28 comes from reconstructPacket (binary.ts, for tests and tools).
 *
 * | code | message |
 * | ---- | ------- |
 * |  1 | got a text packet while waiting for N more binary attachment(s) |
 * |  2 | cannot decode a message of type T |
 * |  3 | got a binary attachment but no binary packet is waiting for one |
 * |  4 | empty packet |
 * |  5 | invalid packet type C |
 * |  6 | TYPE packet must have an attachment count |
 * |  7 | attachment count must be digits followed by "-" |
 * |  8 | attachment count must be at least 1 |
 * |  9 | too many attachments: N (max M) |
 * | 10 | namespace is longer than N characters |
 * | 11 | (retired: a namespace may end at the end of the packet, `0/admin`) |
 * | 12 | ack id N is not a safe integer |
 * | 13 | JSON payload is nested deeper than N levels |
 * | 14 | invalid JSON payload: REASON |
 * | 15 | attachment count on non-binary packet type C |
 * | 16 | ack id must be decimal digits, got "C" after "DIGITS" |
 * | 17 | namespace must start with "/", got "C" |
 * | 18 | unexpected character "C" at index I |
 * | 19 | CONNECT payload must be an object |
 * | 20 | DISCONNECT packet must not carry a payload |
 * | 21 | CONNECT_ERROR payload must be an object or a string |
 * | 22 | EVENT payload must be a non-empty array |
 * | 23 | event name must be a string |
 * | 24 | event name "NAME" is reserved |
 * | 25 | ACK packet must have an ack id |
 * | 26 | ACK payload must be an array |
 * | 27 | TYPE packet must not have an ack id |
 * | 28 | packet announces N attachments but M were given |
 * | 29 | placeholder num N is not an attachment index (0 to M) |
 * | 30 | attachment N is referenced by more than one placeholder |
 * | 31 | attachment N is never referenced by a placeholder |
 * | 32 | EVENT payload must be an array starting with the event name |
 *
 * Environment-neutral: no node:* imports.
 */
import { DecodeError } from "./errors.js";
import { PACKET_TYPE_NAMES } from "./packet.js";

/** Keeps hostile input out of error messages at a bounded size. */
function clip(text: unknown): string {
  const s = String(text);
  return s.length > 24 ? s.slice(0, 24) + "…" : s;
}

const q = (value: unknown): string => JSON.stringify(value);

/** Message builders by code; the arguments are the raw facts, formatted here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the facts differ per code; each builder formats its own
const MESSAGES: Readonly<Record<number, (a: any, b: any) => string>> = {
  1: (n) => `got a text packet while waiting for ${n} more binary attachment(s)`,
  2: (type) => `cannot decode a message of type ${type}`,
  3: () => "got a binary attachment but no binary packet is waiting for one",
  4: () => "empty packet",
  5: (c) => `invalid packet type ${c}`,
  6: (type) => `${PACKET_TYPE_NAMES[type]} packet must have an attachment count`,
  7: () => 'attachment count must be digits followed by "-"',
  8: () => "attachment count must be at least 1",
  9: (count, max) => `too many attachments: ${clip(count)} (max ${max})`,
  10: (max) => `namespace is longer than ${max} characters`,
  12: (digits) => `ack id ${clip(digits)} is not a safe integer`,
  13: (max) => `JSON payload is nested deeper than ${max} levels`,
  14: (err) => `invalid JSON payload: ${(err as Error).message}`,
  15: (c) => `attachment count on non-binary packet type ${c}`,
  16: (c, digits) => `ack id must be decimal digits, got ${q(c)} after "${clip(digits)}"`,
  17: (c) => `namespace must start with "/", got ${q(c)}`,
  18: (c, i) => `unexpected character ${q(c)} at index ${i}`,
  19: () => "CONNECT payload must be an object",
  20: () => "DISCONNECT packet must not carry a payload",
  21: () => "CONNECT_ERROR payload must be an object or a string",
  22: () => "EVENT payload must be a non-empty array",
  23: () => "event name must be a string",
  24: (name) => `event name "${name}" is reserved`,
  25: () => "ACK packet must have an ack id",
  26: () => "ACK payload must be an array",
  27: (type) => `${PACKET_TYPE_NAMES[type]} packet must not have an ack id`,
  28: (announced, given) => `packet announces ${announced} attachments but ${given} were given`,
  29: (num, count) => `placeholder num ${q(num)} is not an attachment index (0 to ${count - 1})`,
  30: (num) => `attachment ${num} is referenced by more than one placeholder`,
  31: (num) => `attachment ${num} is never referenced by a placeholder`,
  32: () => "EVENT payload must be an array starting with the event name",
};

/**
 * The DecodeError for `code` (see the table above), its message built from
 * the facts `a` and `b`.
 *
 * @example
 * throw decodeError(9, "12", 10); // "too many attachments: 12 (max 10)"
 */
export function decodeError(code: number, a?: unknown, b?: unknown, cause?: unknown): DecodeError {
  return new DecodeError(MESSAGES[code]!(a, b), cause === undefined ? undefined : { cause });
}
