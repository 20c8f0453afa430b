/**
 * Wire messages → Socket.IO v5 packets, strictly validated, with binary
 * attachment reassembly. Index scanning with charCodeAt: no regex, no split;
 * JSON is parsed once, and walked only when the packet has attachments.
 */
import { DEFAULTS, PacketType } from "./constants.js";
import { decodeError } from "./decode.messages.js";
import type { DecodeError } from "./errors.js";
import { reconstructPacket } from "./binary.js";
import { isReservedEvent, type Packet, type PacketTypeValue } from "./packet.js";

/** Limits on what the decoder accepts. */
export interface DecoderOptions {
  /** Most binary attachments one packet may announce. Default DEFAULTS.maxAttachments (10). */
  maxAttachments?: number;
  /** Longest namespace name accepted, "/" included. Default DEFAULTS.maxNamespaceLength. */
  maxNamespaceLength?: number;
  /** Deepest nesting of arrays and objects in the JSON payload. Default DEFAULTS.maxNestingDepth (1000). */
  maxNestingDepth?: number;
}

const CH_0 = 48;
const CH_9 = 57;
const CH_DASH = 45;
const CH_SLASH = 47;
const CH_COMMA = 44;
const CH_QUOTE = 34;
const CH_BRACKET = 91;
const CH_BRACE = 123;
const CH_BRACKET_CLOSE = 93;
const CH_BRACE_CLOSE = 125;
const CH_BACKSLASH = 92;

/**
 * Decodes one connection's incoming messages. One instance per connection:
 * it keeps the state of a binary packet whose attachments are still arriving.
 *
 * @example
 * const decoder = new Decoder({ maxAttachments: 4 });
 * decoder.add('2/admin,7["ask",1]'); // { type: 2, nsp: "/admin", id: 7, data: ["ask", 1] }
 * decoder.add('51-["file",{"_placeholder":true,"num":0}]'); // undefined: waiting
 * decoder.add(bytes); // { type: 2, nsp: "/", data: ["file", bytes] }
 */
export class Decoder {
  readonly #maxAttachments: number;
  readonly #maxNamespaceLength: number;
  readonly #maxNestingDepth: number;
  /** The binary packet waiting for its attachments (type already EVENT/ACK). */
  #pending: Packet | undefined = undefined;
  #buffers: Array<ArrayBuffer | ArrayBufferView> = [];

  constructor(opts: DecoderOptions = {}) {
    this.#maxAttachments = opts.maxAttachments ?? DEFAULTS.maxAttachments;
    this.#maxNamespaceLength = opts.maxNamespaceLength ?? DEFAULTS.maxNamespaceLength;
    this.#maxNestingDepth = opts.maxNestingDepth ?? DEFAULTS.maxNestingDepth;
  }

  /**
   * Feeds one engine message (a string, or a binary attachment). Returns the
   * complete packet, or undefined while waiting for attachments. Throws
   * DecodeError on anything malformed; after a throw the decoder is reset.
   */
  add(chunk: string | ArrayBuffer | ArrayBufferView): Packet | undefined {
    if (typeof chunk === "string") {
      if (this.#pending) {
        const expected = this.#pending.attachments! - this.#buffers.length;
        this.reset();
        throw decodeError(1, expected);
      }
      const packet = decodeText(chunk, this.#maxAttachments, this.#maxNamespaceLength, this.#maxNestingDepth);
      if (packet.attachments === undefined) return packet;
      this.#pending = packet;
      return undefined;
    }
    if (!(chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk))) {
      this.reset();
      throw decodeError(2, typeof chunk);
    }
    const pending = this.#pending;
    if (!pending) throw decodeError(3);
    this.#buffers.push(chunk);
    if (this.#buffers.length < pending.attachments!) return undefined;
    const buffers = this.#buffers;
    this.reset();
    return reconstructPacket(pending, buffers);
  }

  /** Drops a half-received binary packet (on disconnect). */
  reset(): void {
    this.#pending = undefined;
    this.#buffers = [];
  }
}

/** Parses one text packet; a binary one comes back with `attachments` set, waiting for them. */
function decodeText(str: string, maxAttachments: number, maxNamespaceLength: number, maxNestingDepth: number): Packet {
  const len = str.length;
  if (len === 0) throw decodeError(4);
  const typeCode = str.charCodeAt(0) - CH_0;
  if (!(typeCode >= 0 && typeCode <= 6)) throw decodeError(5, str.charAt(0));
  const type = typeCode as PacketTypeValue;
  const isBinaryType = type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK;
  let i = 1;

  let attachments: number | undefined;
  if (isBinaryType) {
    const start = i;
    i = skipDigits(str, i);
    if (i === start) throw decodeError(6, type);
    if (i === len || str.charCodeAt(i) !== CH_DASH) throw decodeError(7);
    attachments = Number(str.slice(start, i));
    if (attachments < 1) throw decodeError(8);
    if (attachments > maxAttachments) throw decodeError(9, str.slice(start, i), maxAttachments);
    i++;
  }

  let nsp = "/";
  if (i < len && str.charCodeAt(i) === CH_SLASH) {
    const start = i;
    // Scan at most one char past the limit so a huge namespace costs no more than the limit.
    const end = Math.min(len, start + maxNamespaceLength + 1);
    while (i < end && str.charCodeAt(i) !== CH_COMMA) i++;
    if (i === end) {
      if (end - start > maxNamespaceLength) throw decodeError(10, maxNamespaceLength);
      throw decodeError(11, str.slice(start, end));
    }
    nsp = str.slice(start, i);
    i++;
  }

  let id: number | undefined;
  const idStart = i;
  i = skipDigits(str, i);
  if (i > idStart) {
    const digits = str.slice(idStart, i);
    id = Number(digits);
    if (!Number.isSafeInteger(id)) throw decodeError(12, digits);
  }

  let data: unknown;
  if (i < len) {
    const c = str.charCodeAt(i);
    if (c !== CH_BRACKET && c !== CH_BRACE && c !== CH_QUOTE) throw unexpected(str, i, idStart, isBinaryType);
    // JSON.parse copes with any depth, but the app's and our own recursive walkers
    // (JSON.stringify, binary detection) would overflow the stack. Only payloads
    // longer than the limit can exceed it, so short ones skip the scan.
    if (len - i > maxNestingDepth && exceedsNestingDepth(str, i, maxNestingDepth)) {
      throw decodeError(13, maxNestingDepth);
    }
    try {
      data = JSON.parse(str.slice(i));
    } catch (err) {
      throw decodeError(14, err, undefined, err);
    }
  }
  checkPayload(type, id, data);

  const packet: Packet = { type, nsp };
  if (attachments !== undefined) {
    // Delivered as EVENT/ACK once the attachments are back, like socket.io-parser.
    packet.type = type === PacketType.BINARY_EVENT ? PacketType.EVENT : PacketType.ACK;
    packet.attachments = attachments;
  }
  if (id !== undefined) packet.id = id;
  if (data !== undefined) packet.data = data;
  return packet;
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

function skipDigits(str: string, i: number): number {
  let c: number;
  while (i < str.length && (c = str.charCodeAt(i)) >= CH_0 && c <= CH_9) i++;
  return i;
}

/** Names what went wrong at index i, where a namespace, an ack id or JSON data should be. */
function unexpected(str: string, i: number, idStart: number, isBinaryType: boolean): DecodeError {
  const ch = str.charAt(i);
  if (i > idStart) {
    if (!isBinaryType && idStart === 1 && str.charCodeAt(i) === CH_DASH) return decodeError(15, str.charAt(0));
    return decodeError(16, ch, str.slice(idStart, i));
  }
  // No namespace was read (else a "," would precede i), yet a "," follows: a namespace lacking its "/".
  if (str.charCodeAt(i - 1) !== CH_COMMA && str.indexOf(",", i) !== -1) return decodeError(17, ch);
  return decodeError(18, ch, i);
}

function checkPayload(type: PacketTypeValue, id: number | undefined, data: unknown): void {
  switch (type) {
    case PacketType.CONNECT:
      if (data !== undefined && !isPlainObject(data)) throw decodeError(19);
      break;
    case PacketType.DISCONNECT:
      if (data !== undefined) throw decodeError(20);
      break;
    case PacketType.CONNECT_ERROR:
      if (typeof data !== "string" && !isPlainObject(data)) throw decodeError(21);
      break;
    case PacketType.EVENT:
    case PacketType.BINARY_EVENT: {
      if (!Array.isArray(data) || data.length === 0) throw decodeError(22);
      const name = data[0];
      if (typeof name !== "string") throw decodeError(23);
      if (isReservedEvent(name)) throw decodeError(24, name);
      return;
    }
    case PacketType.ACK:
    case PacketType.BINARY_ACK:
      if (id === undefined) throw decodeError(25);
      if (!Array.isArray(data)) throw decodeError(26);
      return;
  }
  if (id !== undefined) throw decodeError(27, type);
}

function isPlainObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
