/**
 * HTTP long-polling: a held GET carries packets to the client, a POST
 * carries packets to the server. At most one of each per session at a time.
 *
 * Request listeners are module-level functions that find their transport via
 * a symbol back-reference on the request/response object: no closure per
 * request on this hot path.
 */
import { isUtf8 } from "node:buffer";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzip, deflate, type ZlibOptions } from "node:zlib";
import { decodePayload, encodePayload, type Packet } from "engine.io-parser";
import createDebug from "debug";
import { EngineErrorCode } from "../../protocol/errors.js";
import { writeHttpError } from "../errors.js";
import type { HttpCompressionOptions } from "../options.js";
import type { HeadersHook, ResponseHeaders, Transport, TransportOwner } from "./transport.js";

const log = createDebug("volley:engine:polling");

/** What a polling transport needs from the engine's options. */
export interface PollingSettings {
  maxHttpBufferSize: number;
  /** How long a POST may take to deliver its whole body. */
  postBodyTimeout: number;
  httpCompression: (HttpCompressionOptions & { threshold: number }) | false;
  /** How long an orderly close waits for the next GET to carry the close packet. */
  closeTimeout: number;
}

type PollingState = "open" | "closing" | "closed";

const kPolling = Symbol("volley.polling");
interface Tagged {
  [kPolling]?: Polling;
}

const CLOSE_PACKETS: Packet[] = [{ type: "close" }];
const NOOP_PACKETS: Packet[] = [{ type: "noop" }];

// encodePayload calls back synchronously in Node; a module slot avoids a closure per response.
let encodedSlot = "";
function storeEncoded(payload: string): void {
  encodedSlot = payload;
}

/**
 * The long-polling transport of one session.
 *
 * @example
 * const polling = new Polling(settings, emitHeaders);
 * polling.owner = session;
 * polling.onRequest(req, res); // for every GET/POST of the session
 */
export class Polling implements Transport {
  readonly name = "polling" as const;
  owner: TransportOwner | null = null;
  #state: PollingState = "open";
  #writable = false;
  #pollReq: IncomingMessage | null = null;
  #pollRes: ServerResponse | null = null;
  #dataReq: IncomingMessage | null = null;
  #dataRes: ServerResponse | null = null;
  #body: Buffer[] = [];
  #bodyLength = 0;
  #bodyTimer: NodeJS.Timeout | null = null;
  #closeTimer: NodeJS.Timeout | null = null;
  readonly #settings: PollingSettings;
  readonly #headersHook: HeadersHook;

  constructor(settings: PollingSettings, headersHook: HeadersHook) {
    this.#settings = settings;
    this.#headersHook = headersHook;
  }

  get writable(): boolean {
    return this.#writable;
  }

  /** Takes one GET or POST of this session. */
  onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === "GET") this.#onPoll(req, res);
    else this.#onData(req, res);
  }

  send(packets: Packet[]): void {
    const res = this.#pollRes;
    const req = this.#pollReq;
    if (!res || !req) return;
    this.#writable = false;
    const closing = this.#state === "closing";
    if (closing) packets = packets.concat(CLOSE_PACKETS);
    encodePayload(packets, storeEncoded);
    const payload = encodedSlot;
    encodedSlot = "";
    if (log.enabled) log("writing %s", payload.length > 200 ? `${payload.slice(0, 200)}...` : payload);
    const compress = this.#settings.httpCompression !== false && packets.some(wantsCompression);
    this.#respond(req, res, payload, compress);
    if (closing) this.#finishClose();
  }

  close(): void {
    if (this.#state === "closed") return;
    if (this.#state === "open") {
      this.#state = "closing";
      if (this.#dataReq) this.#dataReq.destroy();
    }
    if (this.#writable) {
      this.send([]);
      return;
    }
    // Nobody waits for the outcome (the session is already closed): done now.
    if (!this.owner) {
      this.#finishClose();
      return;
    }
    // Wait for the client's next GET to carry the close packet, but not forever.
    if (!this.#closeTimer) {
      this.#closeTimer = setTimeout(onCloseTimeout, this.#settings.closeTimeout, this);
      this.#closeTimer.unref();
    }
  }

  discard(): void {
    this.owner = null;
    if (this.#state === "closed") return;
    // A GET still held is released with a noop: the session lives on elsewhere.
    if (this.#writable) this.send(NOOP_PACKETS);
    this.#finishClose();
  }

  #finishClose(): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    if (this.#closeTimer) clearTimeout(this.#closeTimer);
    this.#closeTimer = null;
    this.owner?.onTransportClose(this);
  }

  #onPoll(req: IncomingMessage, res: ServerResponse): void {
    if (this.#pollRes) {
      log("overlapping GET");
      writeHttpError(res, EngineErrorCode.BAD_REQUEST);
      this.owner?.onTransportError(this, "poll request overlap");
      return;
    }
    if (this.#state === "closed") {
      writeHttpError(res, EngineErrorCode.BAD_REQUEST);
      return;
    }
    this.#pollReq = req;
    this.#pollRes = res;
    (res as Tagged)[kPolling] = this;
    res.on("close", onPollResponseClose);
    this.#writable = true;
    if (this.#state === "closing") {
      this.send([]);
      return;
    }
    this.owner?.onTransportReady(this);
  }

  #onData(req: IncomingMessage, res: ServerResponse): void {
    if (this.#dataReq) {
      log("overlapping POST");
      writeHttpError(res, EngineErrorCode.BAD_REQUEST);
      this.owner?.onTransportError(this, "data request overlap");
      return;
    }
    // Engine.IO v4 POST bodies are text payloads; binary travels base64-encoded.
    if (req.headers["content-type"] === "application/octet-stream") {
      writeHttpError(res, EngineErrorCode.BAD_REQUEST);
      this.owner?.onTransportError(this, "binary POST body");
      return;
    }
    const declared = Number(req.headers["content-length"]);
    if (declared > this.#settings.maxHttpBufferSize) {
      this.#tooLarge(req, res);
      return;
    }
    this.#dataReq = req;
    this.#dataRes = res;
    this.#body = [];
    this.#bodyLength = 0;
    (req as Tagged)[kPolling] = this;
    req.on("data", onDataChunk);
    req.on("end", onDataEnd);
    req.on("close", onDataClose);
    this.#bodyTimer = setTimeout(onBodyTimeout, this.#settings.postBodyTimeout, this);
    this.#bodyTimer.unref();
  }

  /** @internal called by the module-level "data" listener. */
  chunk(req: IncomingMessage, chunk: Buffer): void {
    if (req !== this.#dataReq) return;
    this.#bodyLength += chunk.length;
    if (this.#bodyLength > this.#settings.maxHttpBufferSize) {
      const res = this.#dataRes!;
      this.#releaseData(req);
      this.#tooLarge(req, res);
      return;
    }
    this.#body.push(chunk);
  }

  /** @internal called by the module-level "end" listener. */
  end(req: IncomingMessage): void {
    if (req !== this.#dataReq) return;
    const res = this.#dataRes!;
    const body = this.#body.length === 1 ? this.#body[0]! : Buffer.concat(this.#body, this.#bodyLength);
    this.#releaseData(req);
    const problem = payloadProblem(body);
    const packets = problem === null ? decodePayload(body.toString("utf8")) : [];
    const last = packets[packets.length - 1];
    if (problem !== null || !last || last.type === "error") {
      if (log.enabled) log("undecodable POST body: %s", problem ?? "engine.io-parser gave an error packet");
      writeHttpError(res, EngineErrorCode.BAD_REQUEST);
      this.owner?.onTransportPacket(this, PARSE_ERROR_PACKET);
      return;
    }
    const headers: ResponseHeaders = { "Content-Type": "text/html", "Content-Length": "2" };
    res.writeHead(200, this.#headers(req, headers));
    res.end("ok");
    for (let i = 0; i < packets.length && this.owner; i++) this.owner.onTransportPacket(this, packets[i]!);
  }

  /** @internal the POST ended before its body did. */
  abortData(req: IncomingMessage): void {
    if (req !== this.#dataReq) return;
    this.#releaseData(req);
    this.owner?.onTransportError(this, "data request aborted");
  }

  /** @internal the POST body did not arrive within postBodyTimeout. */
  bodyTimedOut(): void {
    this.#bodyTimer = null;
    const req = this.#dataReq;
    const res = this.#dataRes;
    if (!req || !res) return;
    log("POST body not received within postBodyTimeout");
    this.#releaseData(req);
    if (!res.headersSent) res.writeHead(408, { Connection: "close" }).end();
    // The rest of the body is not worth reading: free the connection now.
    req.destroy();
    this.owner?.onTransportError(this, "POST body timeout");
  }

  /** @internal the orderly close waited too long for a GET. */
  closeTimedOut(): void {
    this.#closeTimer = null;
    this.#finishClose();
  }

  /** @internal the held GET's response closed. */
  pollResponseClosed(res: ServerResponse): void {
    if (res !== this.#pollRes) return;
    this.#releasePoll(res);
    if (!res.writableFinished) this.owner?.onTransportError(this, "poll request aborted");
  }

  #tooLarge(req: IncomingMessage, res: ServerResponse): void {
    log("POST body over maxHttpBufferSize");
    if (!res.headersSent) res.writeHead(413, { Connection: "close" }).end();
    req.resume();
    this.owner?.onTransportError(this, "payload too large");
  }

  #releaseData(req: IncomingMessage): void {
    req.off("data", onDataChunk);
    req.off("end", onDataEnd);
    req.off("close", onDataClose);
    if (this.#bodyTimer) clearTimeout(this.#bodyTimer);
    this.#bodyTimer = null;
    this.#dataReq = null;
    this.#dataRes = null;
    this.#body = [];
    this.#bodyLength = 0;
  }

  #releasePoll(res: ServerResponse): void {
    res.off("close", onPollResponseClose);
    this.#pollReq = null;
    this.#pollRes = null;
    this.#writable = false;
  }

  #headers(req: IncomingMessage, headers: ResponseHeaders): ResponseHeaders {
    headers["cache-control"] = "no-store";
    this.#headersHook(headers, req);
    return headers;
  }

  #respond(req: IncomingMessage, res: ServerResponse, payload: string, compress: boolean): void {
    const headers: ResponseHeaders = { "Content-Type": "text/plain; charset=UTF-8" };
    const settings = this.#settings.httpCompression;
    const body = Buffer.from(payload, "utf8");
    const encoding = compress && settings && body.length >= settings.threshold
      ? pickEncoding(req.headers["accept-encoding"])
      : undefined;
    if (!encoding || !settings) {
      headers["Content-Length"] = String(body.length);
      res.writeHead(200, this.#headers(req, headers));
      res.end(body);
      this.#releasePoll(res);
      this.owner?.onTransportDrain(this);
      return;
    }
    headers["Content-Encoding"] = encoding;
    // The GET stays "taken" while zlib works, so a second GET is still an overlap.
    const zlibOptions: ZlibOptions = settings.level === undefined ? {} : { level: settings.level };
    const compressor = encoding === "gzip" ? gzip : deflate;
    compressor(body, zlibOptions, (err, compressed) => {
      if (res.destroyed) return;
      if (err) {
        delete headers["Content-Encoding"];
        compressed = body;
      }
      headers["Content-Length"] = String(compressed.length);
      res.writeHead(200, this.#headers(req, headers));
      res.end(compressed);
      this.#releasePoll(res);
      this.owner?.onTransportDrain(this);
    });
  }
}

function wantsCompression(packet: Packet): boolean {
  return packet.options?.compress !== false;
}

/** Picks gzip or deflate from an Accept-Encoding header, honouring `q=0`. */
function pickEncoding(header: string | string[] | undefined): "gzip" | "deflate" | undefined {
  if (!header) return undefined;
  const value = Array.isArray(header) ? header.join(",") : header;
  let best: "gzip" | "deflate" | undefined;
  let bestQ = 0;
  for (const part of value.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    let q = 1;
    for (const param of params) {
      const [key, val] = param.trim().split("=");
      if (key === "q") q = Number(val);
    }
    if (!(q > 0)) continue;
    const candidate = name === "gzip" || name === "*" ? "gzip" : name === "deflate" ? "deflate" : undefined;
    if (candidate && (q > bestQ || (q === bestQ && candidate === "gzip"))) {
      best = candidate;
      bestQ = q;
    }
  }
  return best;
}

const PARSE_ERROR_PACKET: Packet = { type: "error", data: "parser error" };
const CH_B = 0x62;
const RECORD_SEPARATOR_BYTE = 0x1e;
// Standard base64 as engine.io-parser writes it; Buffer.from(…, "base64") would silently drop anything else.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Why a POST body is not a valid Engine.IO payload before it is even split:
 * invalid UTF-8 (a WebSocket closes with 1007 for the same bytes), an empty
 * body, or a `b` record whose base64 is malformed. null when it is fine.
 */
function payloadProblem(body: Buffer): string | null {
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

function onBodyTimeout(polling: Polling): void {
  polling.bodyTimedOut();
}

function onCloseTimeout(polling: Polling): void {
  polling.closeTimedOut();
}

function onPollResponseClose(this: ServerResponse): void {
  (this as Tagged)[kPolling]?.pollResponseClosed(this);
}

function onDataChunk(this: IncomingMessage, chunk: Buffer): void {
  (this as Tagged)[kPolling]?.chunk(this, chunk);
}

function onDataEnd(this: IncomingMessage): void {
  (this as Tagged)[kPolling]?.end(this);
}

function onDataClose(this: IncomingMessage): void {
  (this as Tagged)[kPolling]?.abortData(this);
}
