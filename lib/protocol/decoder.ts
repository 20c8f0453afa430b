/**
 * Wire messages → Socket.IO v5 packets: the one parsing core, with binary
 * attachment reassembly. One left-to-right scan (no split); JSON is parsed
 * once, and walked only when the packet has attachments.
 *
 * Who uses what, and why:
 * - The client (client/manager.ts) uses this {@link Decoder} as is. It talks
 *   to its own server, so it checks only what keeps it safe: malformed input
 *   throws a DecodeError and nothing else (the Manager then closes with
 *   "parse error"), and no packet reaches a Socket in a shape the client code
 *   would crash on. Its checks (codes of decode.messages.ts):
 *   1 text while attachments are due, 3 attachment with none due,
 *   4/5 packet type, 6/7 attachment count syntax,
 *   12 ack id a safe integer, 14 JSON, 32 EVENT data an array whose first
 *   element is a string (the server tells the two apart with 22/23),
 *   24 that name not a reserved one ("connect", "disconnect", ...: it would
 *   pass for the client's own events), 26 ACK data an array, and in
 *   fillPlaceholders (binary.ts) 29 placeholder num an attachment index.
 * - The server (lib/connection.ts) uses StrictDecoder (strict-decoder.ts):
 *   this class plus the checks hostile peers need (limits,
 *   payload shape per type, exact error messages), filled into the optional
 *   hooks declared below. The hooks are called where the strict checks must
 *   run so the server reports the same first error whatever else is wrong.
 *   Browser builds carry no hook call at all: they alias
 *   decoder-hooks.node.ts to its twin, whose DECODER_HOOKS is false, so
 *   terser drops every `if (DECODER_HOOKS)` (see decoder-hooks.node.ts).
 *
 * Environment-neutral: no node:* imports.
 */
import { decodeError } from "./decode.messages.js";
import { fillPlaceholders } from "./binary.js";
// Node: true; browser builds: false, which drops the strict hooks' calls from the bundle
import { DECODER_HOOKS } from "./decoder-hooks.node.js";
import { isReservedEvent, type Packet, type PacketTypeValue } from "./packet.js";

const CH_0 = 48;
const EVENT = 2;
const ACK = 3;

/**
 * Decodes one connection's incoming messages. One instance per connection:
 * it keeps the state of a binary packet whose attachments are still arriving.
 * This is the client's lean decoder; the server uses StrictDecoder.
 *
 * @example
 * const decoder = new Decoder();
 * decoder.add('2/admin,7["ask",1]'); // { type: 2, nsp: "/admin", id: 7, data: ["ask", 1] }
 * decoder.add('51-["file",{"_placeholder":true,"num":0}]'); // undefined: waiting
 * decoder.add(bytes); // { type: 2, nsp: "/", data: ["file", bytes] }
 */
export class Decoder {
  /**
   * The binary packet waiting for its attachments (type already EVENT/ACK),
   * how many it announced, and those received so far.
   */
  #pending: [packet: Packet, count: number, buffers: unknown[]] | undefined;

  /** Strict hook: the attachment count of a binary packet was read (digits as sent). */
  protected _attachments?(count: number, digits: string): void;
  /** Strict hook: a namespace starts at index `i` of `str`; `end` is the index of its "," (-1: none, it runs to the end). */
  protected _namespace?(str: string, i: number, end: number): void;
  /** Strict hook: JSON data starts at index `i` of `str`; the ack id (if any) at `idStart`. */
  protected _json?(str: string, i: number, idStart: number): void;
  /** Strict hook: the parsed packet (type as delivered: EVENT/ACK for binary ones), before the client's checks. */
  protected _payload?(packet: Packet): void;
  /** Strict hook: fillPlaceholders's `onPlaceholder` (not `_placeholder`: terser must mangle it, not that wire name). */
  // (the hooks are optional methods, not fields: a subclass defines them once on its prototype, no closures per decoder)
  protected _onPlaceholder?(num: number): void;

  /**
   * Feeds one engine message (a string, or a binary attachment). Returns the
   * complete packet, or undefined while waiting for attachments. Throws
   * DecodeError on anything malformed; after a throw the decoder is reset.
   */
  add(chunk: string | ArrayBuffer | ArrayBufferView): Packet | undefined {
    const pending = this.#pending;
    if (typeof chunk !== "string") {
      if (!pending) throw decodeError(3);
      const [packet, count, buffers] = pending;
      if (buffers.push(chunk) < count) return;
      this.reset();
      fillPlaceholders(packet, buffers, DECODER_HOOKS && this._onPlaceholder ? (num) => this._onPlaceholder!(num) : undefined);
      return packet;
    }
    if (pending) {
      this.reset();
      throw decodeError(1, pending[1] - pending[2].length);
    }

    // One text packet: `<type>[<attachments>-][<nsp>,][<id>][<json>]` or `<type>[<attachments>-]<nsp>`.
    // `^ CH_0` maps "0"-"9" to 0-9, any other character to 10 or more, and the NaN of an empty string to 48
    let type = (chunk.charCodeAt(0) ^ CH_0) as PacketTypeValue;
    if (type > 6) throw decodeError(chunk ? 5 : 4, chunk[0]);
    const packet: Packet = { type, nsp: "/" };
    let count = 0;
    let i = 1;
    if (type > 4) {
      // BINARY_EVENT / BINARY_ACK: delivered as EVENT / ACK once the attachments are back, like socket.io-parser
      const digits = digitsAt(chunk, 1);
      if (!digits) throw decodeError(6, type);
      i += digits.length;
      if (chunk[i++] !== "-") throw decodeError(7);
      // (a count of 0 makes a plain packet here; only the server refuses it)
      count = +digits;
      if (DECODER_HOOKS) this._attachments?.(count, digits);
      packet.type = type = (type - 3) as PacketTypeValue;
    }

    if (chunk[i] === "/") {
      let end = chunk.indexOf(",", i);
      if (DECODER_HOOKS) this._namespace?.(chunk, i, end);
      // the namespace ends at a "," or at the end of the packet: `0/admin` is valid (socket.io-client always
      // writes the comma, other clients and the public conformance suite do not); nothing can follow then
      if (end < 0) end = chunk.length;
      packet.nsp = chunk.slice(i, end);
      i = end + 1;
    }

    const idStart = i;
    // The ack id's value, read with its digits: `+slice` would make a string, then hash it to see
    // whether it is an array index. Exact below 2 ** 53, and 2 ** 53 or more for any larger
    // number (each step rounds monotonically), so the safe-integer check answers as with `+slice`.
    let id = 0;
    for (let digit; (digit = chunk.charCodeAt(i) ^ CH_0) < 10; i++) id = id * 10 + digit;
    // (digits only: a safe integer is one below 2 ** 53)
    if (i > idStart && !((packet.id = id) < 2 ** 53)) throw decodeError(12, chunk.slice(idStart, i));

    // (JSON follows when anything is left)
    if (chunk[i]) {
      if (DECODER_HOOKS) this._json?.(chunk, i, idStart);
      try {
        packet.data = JSON.parse(chunk.slice(i));
      } catch (err) {
        throw decodeError(14, err, undefined, err);
      }
    }

    if (DECODER_HOOKS) this._payload?.(packet);
    const data = packet.data;
    // the Socket spreads an EVENT's array into an emit whose first argument is the event name
    if (type === EVENT) {
      if (!(Array.isArray(data) && typeof data[0] === "string")) throw decodeError(32);
      // "connect", "disconnect", ... from the peer would pass for the library's own events
      if (isReservedEvent(data[0])) throw decodeError(24, data[0]);
    }
    if (type === ACK && !Array.isArray(data)) throw decodeError(26);

    if (!count) return packet;
    this.#pending = [packet, count, []];
  }

  /** Drops a half-received binary packet (on disconnect). */
  reset(): void {
    this.#pending = undefined;
  }
}

/** The run of decimal digits at index `i` of `str` ("" when none). */
function digitsAt(str: string, i: number): string {
  let end = i;
  // (as for the packet type: `^ CH_0` is below 10 for "0"-"9" only, NaN past the end included)
  while ((str.charCodeAt(end) ^ CH_0) < 10) end++;
  return str.slice(i, end);
}
