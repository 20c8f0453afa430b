/**
 * The server's decoder: the one parsing core of decoder.ts plus every check a
 * broken or hostile peer needs, each with its own clear message (the codes of
 * decode.messages.ts).
 *
 * Who uses what, and why: lib/connection.ts decodes what clients send with
 * {@link StrictDecoder}; the client bundle never imports this file (it trusts
 * its own server and keeps only the checks listed in decoder.ts). The checks
 * added here: 2 a message neither text nor binary, 8/9 an attachment count
 * of 0 or over the limit, 10 a namespace over the limit, 13 JSON nested too
 * deep, 15-18 what stands where a namespace, an ack id or JSON should be,
 * 19/20/21 CONNECT / DISCONNECT / CONNECT_ERROR payloads, 22/23 which part of
 * an EVENT payload is wrong (before the core's coarser 32; the core then
 * refuses reserved event names, 24, for both sides), 25 ACK without id, 27 ack id on other types, 30/31 an attachment
 * referenced twice or never. They run through the core's hooks at the points
 * of the parse where the server has always made them, so a message with
 * several faults still gets the same (first) error as before the split.
 *
 * Environment-neutral: no node:* imports.
 */
import { DEFAULTS } from "./constants.js";
import { decodeError } from "./decode.messages.js";
import { Decoder } from "./decoder.js";
import type { DecodeError } from "./errors.js";
import type { Packet } from "./packet.js";

/** Limits on what the strict decoder accepts. */
export interface DecoderOptions {
  /** Most binary attachments one packet may announce. Default DEFAULTS.maxAttachments (10). */
  maxAttachments?: number;
  /** Longest namespace name accepted, "/" included. Default DEFAULTS.maxNamespaceLength. */
  maxNamespaceLength?: number;
  /** Deepest nesting of arrays and objects in the JSON payload. Default DEFAULTS.maxNestingDepth (1000). */
  maxNestingDepth?: number;
}

/** Shared until the first binary packet: no array per decoder (one per connection). */
const EMPTY_USED: boolean[] = [];
const CH_DASH = 45;
const CH_COMMA = 44;
const CH_QUOTE = 34;
const CH_BRACKET = 91;
const CH_BRACE = 123;
const CH_BRACKET_CLOSE = 93;
const CH_BRACE_CLOSE = 125;
const CH_BACKSLASH = 92;

/**
 * Decodes one client connection's incoming messages, strictly: anything
 * malformed, over a limit, or not a packet a client may send throws a
 * DecodeError saying exactly what was wrong. One instance per connection.
 *
 * @example
 * const decoder = new StrictDecoder({ maxAttachments: 4 });
 * decoder.add('2/admin,7["ask",1]'); // { type: 2, nsp: "/admin", id: 7, data: ["ask", 1] }
 * decoder.add('2["connect"]'); // throws DecodeError: event name "connect" is reserved
 */
export class StrictDecoder extends Decoder {
  readonly #maxAttachments: number;
  readonly #maxNamespaceLength: number;
  readonly #maxNestingDepth: number;
  /** Attachments announced by the binary packet being reassembled. */
  #announced = 0;
  /** Which attachments the pending binary packet's placeholders used (set per binary packet). */
  #used: boolean[] = EMPTY_USED;

  constructor(opts: DecoderOptions = {}) {
    super();
    this.#maxAttachments = opts.maxAttachments ?? DEFAULTS.maxAttachments;
    this.#maxNamespaceLength = opts.maxNamespaceLength ?? DEFAULTS.maxNamespaceLength;
    this.#maxNestingDepth = opts.maxNestingDepth ?? DEFAULTS.maxNestingDepth;
  }

  /** {@inheritDoc Decoder.add} */
  override add(chunk: string | ArrayBuffer | ArrayBufferView): Packet | undefined {
    const isText = typeof chunk === "string";
    if (!isText && !(chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk))) {
      this.reset();
      throw decodeError(2, typeof chunk);
    }
    const packet = super.add(chunk);
    if (packet && !isText) {
      // every placeholder was in range and unique: one short means a buffer nobody references
      let missing = 0;
      while (this.#used[missing]) missing++;
      if (missing < this.#announced) throw decodeError(31, missing);
    }
    return packet;
  }

  protected override _attachments(count: number, digits: string): void {
    if (count < 1) throw decodeError(8);
    if (count > this.#maxAttachments) throw decodeError(9, digits, this.#maxAttachments);
    this.#announced = count;
    this.#used = [];
  }

  protected override _namespace(str: string, i: number, end: number): void {
    if ((end < 0 ? str.length : end) - i > this.#maxNamespaceLength) throw decodeError(10, this.#maxNamespaceLength);
  }

  protected override _json(str: string, i: number, idStart: number): void {
    const c = str.charCodeAt(i);
    if (c !== CH_BRACKET && c !== CH_BRACE && c !== CH_QUOTE) throw unexpected(str, i, idStart);
    // JSON.parse copes with any depth, but the app's and our own recursive walkers
    // (JSON.stringify, binary detection) would overflow the stack. Only payloads
    // longer than the limit can exceed it, so short ones skip the scan.
    const max = this.#maxNestingDepth;
    if (str.length - i > max && exceedsNestingDepth(str, i, max)) throw decodeError(13, max);
  }

  protected override _payload({ type, id, data }: Packet): void {
    switch (type) {
      case 0: // CONNECT
        if (data !== undefined && !isPlainObject(data)) throw decodeError(19);
        break;
      case 1: // DISCONNECT
        if (data !== undefined) throw decodeError(20);
        break;
      case 4: // CONNECT_ERROR
        if (typeof data !== "string" && !isPlainObject(data)) throw decodeError(21);
        break;
      case 2: {
        // EVENT (the core's own check, 32, then never fails; its reserved-name check, 24, follows)
        if (!Array.isArray(data) || !data.length) throw decodeError(22);
        if (typeof data[0] !== "string") throw decodeError(23);
        return;
      }
      case 3: // ACK (the core then requires an array)
        if (id === undefined) throw decodeError(25);
        return;
    }
    if (id !== undefined) throw decodeError(27, type);
  }

  protected override _onPlaceholder(num: number): void {
    if (this.#used[num]) throw decodeError(30, num);
    this.#used[num] = true;
  }
}

/** Whether the JSON text from index `from` opens more than `max` arrays/objects at once (strings skipped). */
function exceedsNestingDepth(str: string, from: number, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = from; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (inString) {
      if (c === CH_BACKSLASH) i++;
      else if (c === CH_QUOTE) inString = false;
    } else if (c === CH_QUOTE) inString = true;
    else if (c === CH_BRACKET || c === CH_BRACE) {
      if (++depth > max) return true;
    } else if (c === CH_BRACKET_CLOSE || c === CH_BRACE_CLOSE) depth--;
  }
  return false;
}

/**
 * Names what went wrong at index i, where a namespace, an ack id or JSON data
 * should be. A binary packet's ack id never starts at index 1 (its "N-" comes
 * first), so `idStart === 1` means a non-binary type with nothing after it.
 */
function unexpected(str: string, i: number, idStart: number): DecodeError {
  const ch = str.charAt(i);
  if (i > idStart) {
    if (idStart === 1 && str.charCodeAt(i) === CH_DASH) return decodeError(15, str.charAt(0));
    return decodeError(16, ch, str.slice(idStart, i));
  }
  // No namespace was read (else a "," would precede i), yet a "," follows: a namespace lacking its "/".
  if (str.charCodeAt(i - 1) !== CH_COMMA && str.indexOf(",", i) !== -1) return decodeError(17, ch);
  return decodeError(18, ch, i);
}

function isPlainObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
