/**
 * Reading the body of one polling POST: the size limit (413), the time limit
 * (408), and the checks that make a body a valid Engine.IO payload (UTF-8,
 * well-formed base64 records) before engine.io-parser splits it.
 *
 * The polling transport owns one reader and keeps the "one POST at a time"
 * rule; the reader only turns one request into packets or a failure, and
 * reports through a back-reference ({@link PostBodyReceiver}).
 *
 * Request listeners are module-level functions that find their reader via a
 * symbol back-reference on the request: no closure per POST on this hot path.
 * A body an Express body parser already consumed reaches us the same way:
 * lib/express.ts replays it as "data"/"end" events.
 */
import { isUtf8 } from "node:buffer";
import type { IncomingMessage, ServerResponse } from "node:http";
import { decodePayload, type Packet } from "engine.io-parser";
import { createLog } from "../../log.js";
import { RECORD_SEPARATOR } from "../../protocol/constants.js";
import { EngineErrorCode } from "../../protocol/errors.js";
import { writeHttpError } from "../errors.js";

const log = createLog("volley:engine:polling");

/** The limits a POST body is read under. */
export interface PostBodyLimits {
  /** Largest body, in bytes; a larger one is answered 413. */
  maxHttpBufferSize: number;
  /** Milliseconds the whole body may take to arrive; a slower one is answered 408. */
  postBodyTimeout: number;
}

/** Hears how a POST body ended. Every failure has already been answered over HTTP. */
export interface PostBodyReceiver {
  /** The body arrived whole and decoded to `packets`; `res` is still to be answered. */
  postBodyDecoded(req: IncomingMessage, res: ServerResponse, packets: Packet[]): void;
  /** The body arrived but is no Engine.IO payload (answered 400). */
  postBodyUndecodable(): void;
  /** The POST failed: too large, too slow, aborted, a binary content type (already answered). */
  postBodyFailed(reason: string): void;
}

const kReader = Symbol("volley.postBody");
interface Tagged {
  [kReader]?: PostBodyReader;
}

/**
 * Reads at most one POST body at a time for one polling transport.
 *
 * @example
 * const reader = new PostBodyReader(limits, transport);
 * if (!reader.busy) reader.read(req, res); // transport.postBodyDecoded(...) follows
 */
export class PostBodyReader {
  #req: IncomingMessage | null = null;
  #res: ServerResponse | null = null;
  #chunks: Buffer[] = [];
  #length = 0;
  #timer: NodeJS.Timeout | null = null;
  readonly #limits: PostBodyLimits;
  readonly #receiver: PostBodyReceiver;

  constructor(limits: PostBodyLimits, receiver: PostBodyReceiver) {
    this.#limits = limits;
    this.#receiver = receiver;
  }

  /** Whether a POST is being read now. */
  get busy(): boolean {
    return this.#req !== null;
  }

  /** Starts reading `req`; the receiver hears the outcome. Call only when not {@link busy}. */
  read(req: IncomingMessage, res: ServerResponse): void {
    // Engine.IO v4 POST bodies are text payloads; binary travels base64-encoded.
    if (req.headers["content-type"] === "application/octet-stream") {
      writeHttpError(res, EngineErrorCode.BAD_REQUEST);
      this.#receiver.postBodyFailed("binary POST body");
      return;
    }
    // A declared length over the limit is refused before a single byte is buffered.
    const declared = Number(req.headers["content-length"]);
    if (declared > this.#limits.maxHttpBufferSize) {
      this.#tooLarge(req, res);
      return;
    }
    this.#req = req;
    this.#res = res;
    this.#chunks = [];
    this.#length = 0;
    (req as Tagged)[kReader] = this;
    req.on("data", onBodyChunk);
    req.on("end", onBodyEnd);
    req.on("close", onBodyClose);
    this.#timer = setTimeout(onBodyTimeout, this.#limits.postBodyTimeout, this);
    this.#timer.unref();
  }

  /** Destroys the POST being read, if any; its "close" reports "data request aborted". */
  destroy(): void {
    this.#req?.destroy();
  }

  /** @internal called by the module-level "data" listener. */
  chunk(req: IncomingMessage, chunk: Buffer): void {
    if (req !== this.#req) return;
    this.#length += chunk.length;
    // Counted as it arrives: a chunked body has no Content-Length to trust.
    if (this.#length > this.#limits.maxHttpBufferSize) {
      const res = this.#res!;
      this.#release(req);
      this.#tooLarge(req, res);
      return;
    }
    this.#chunks.push(chunk);
  }

  /** @internal called by the module-level "end" listener. */
  end(req: IncomingMessage): void {
    if (req !== this.#req) return;
    const res = this.#res!;
    const body = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#length);
    this.#release(req);
    const problem = payloadProblem(body);
    const packets = problem === null ? decodePayload(body.toString("utf8")) : [];
    const last = packets[packets.length - 1];
    // engine.io-parser reports a bad record as a trailing error packet.
    if (problem !== null || !last || last.type === "error") {
      if (log.enabled) log("undecodable POST body: %s", problem ?? "engine.io-parser gave an error packet");
      writeHttpError(res, EngineErrorCode.BAD_REQUEST);
      this.#receiver.postBodyUndecodable();
      return;
    }
    this.#receiver.postBodyDecoded(req, res, packets);
  }

  /** @internal the POST ended before its body did. */
  aborted(req: IncomingMessage): void {
    if (req !== this.#req) return;
    this.#release(req);
    this.#receiver.postBodyFailed("data request aborted");
  }

  /** @internal the body did not arrive within postBodyTimeout. */
  timedOut(): void {
    this.#timer = null;
    const req = this.#req;
    const res = this.#res;
    if (!req || !res) return;
    log("POST body not received within postBodyTimeout");
    this.#release(req);
    if (!res.headersSent) res.writeHead(408, { Connection: "close" }).end();
    // The rest of the body is not worth reading: free the connection now.
    req.destroy();
    this.#receiver.postBodyFailed("POST body timeout");
  }

  #tooLarge(req: IncomingMessage, res: ServerResponse): void {
    log("POST body over maxHttpBufferSize");
    if (!res.headersSent) res.writeHead(413, { Connection: "close" }).end();
    // Drain the rest without buffering it, so the 413 can be read by the client.
    req.resume();
    this.#receiver.postBodyFailed("payload too large");
  }

  #release(req: IncomingMessage): void {
    req.off("data", onBodyChunk);
    req.off("end", onBodyEnd);
    req.off("close", onBodyClose);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#req = null;
    this.#res = null;
    this.#chunks = [];
    this.#length = 0;
  }
}

const CH_B = 0x62;
const RECORD_SEPARATOR_BYTE = RECORD_SEPARATOR.charCodeAt(0);
// Standard base64 as engine.io-parser writes it; Buffer.from(…, "base64") would silently drop anything else.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Why a POST body is not a valid Engine.IO payload before it is even split:
 * invalid UTF-8 (a WebSocket closes with 1007 for the same bytes), an empty
 * body, or a `b` record whose base64 is malformed. null when it is fine.
 *
 * @example
 * payloadProblem(Buffer.from("4hello")) // null
 * payloadProblem(Buffer.from([0xff]))   // "invalid UTF-8"
 */
export function payloadProblem(body: Buffer): string | null {
  if (body.length === 0) return "empty body";
  if (!isUtf8(body)) return "invalid UTF-8";
  // Only payloads with a binary record pay for the base64 check.
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(RECORD_SEPARATOR_BYTE, start);
    if (end === -1) end = body.length;
    if (body[start] === CH_B && !BASE64.test(body.toString("latin1", start + 1, end))) return "malformed base64 record";
    start = end + 1;
  }
  return null;
}

function onBodyTimeout(reader: PostBodyReader): void {
  reader.timedOut();
}

function onBodyChunk(this: IncomingMessage, chunk: Buffer): void {
  (this as Tagged)[kReader]?.chunk(this, chunk);
}

function onBodyEnd(this: IncomingMessage): void {
  (this as Tagged)[kReader]?.end(this);
}

function onBodyClose(this: IncomingMessage): void {
  (this as Tagged)[kReader]?.aborted(this);
}
