/**
 * HTTP long-polling: a held GET carries packets to the client, a POST
 * carries packets to the server. At most one of each per session at a time.
 *
 * This file is the transport itself: the held GET, writing (and compressing)
 * payloads, the one-GET/one-POST rule and the orderly close. Reading a POST
 * body (limits, validation) is polling-body.ts's job.
 *
 * Response listeners are module-level functions that find their transport via
 * a symbol back-reference on the response object: no closure per request on
 * this hot path.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzip, deflate, type ZlibOptions } from "node:zlib";
import { encodePayload, type Packet } from "engine.io-parser";
import { createLog } from "../../log.js";
import { EngineErrorCode } from "../../protocol/errors.js";
import { writeHttpError } from "../errors.js";
import type { HttpCompressionOptions } from "../options.js";
import { PostBodyReader, type PostBodyLimits, type PostBodyReceiver } from "./polling-body.js";
import type { HeadersHook, ResponseHeaders, Transport, TransportOwner } from "./transport.js";

const log = createLog("volley:engine:polling");

/** What a polling transport needs from the engine's options. */
export interface PollingSettings extends PostBodyLimits {
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
const NO_PACKETS: Packet[] = [];
const TEXT_PLAIN = "text/plain; charset=UTF-8";
// What the session hears for an undecodable POST body, exactly as for an undecodable frame.
const PARSE_ERROR_PACKET: Packet = { type: "error", data: "parser error" };

// encodePayload calls back synchronously in Node; a module slot avoids a closure per response.
let encodedSlot = "";
function storeEncoded(payload: string): void {
  encodedSlot = payload;
}

/**
 * The long-polling transport of one session.
 *
 * @example
 * const polling = new Polling(settings, { wanted: () => false, emit: () => {} });
 * polling.owner = session;
 * polling.onRequest(req, res); // for every GET/POST of the session
 */
export class Polling implements Transport, PostBodyReceiver {
  readonly name = "polling" as const;
  owner: TransportOwner | null = null;
  #state: PollingState = "open";
  #writable = false;
  #pollReq: IncomingMessage | null = null;
  #pollRes: ServerResponse | null = null;
  readonly #body: PostBodyReader;
  #closeTimer: NodeJS.Timeout | null = null;
  /** What the session still had to send when it closed: written before the close packet. */
  #lastPackets: Packet[] = NO_PACKETS;
  /** Who waits for the close to complete (only ever the engine's close). */
  #closeWaiters: Array<() => void> | null = null;
  readonly #settings: PollingSettings;
  readonly #headersHook: HeadersHook;

  constructor(settings: PollingSettings, headersHook: HeadersHook) {
    this.#settings = settings;
    this.#headersHook = headersHook;
    this.#body = new PostBodyReader(settings, this);
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
    if (closing) {
      packets = packets.concat(this.#lastPackets, CLOSE_PACKETS);
      this.#lastPackets = NO_PACKETS;
    }
    encodePayload(packets, storeEncoded);
    const payload = encodedSlot;
    encodedSlot = "";
    if (log.enabled) log("writing %s", payload.length > 200 ? `${payload.slice(0, 200)}...` : payload);
    const compress = this.#settings.httpCompression !== false && packets.some(wantsCompression);
    this.#respond(req, res, payload, compress);
    if (closing) this.#finishClose();
  }

  close(lastPackets?: Packet[]): void {
    if (this.#state === "closed") return;
    // They ride with the close packet, on the held GET or the next one.
    if (lastPackets?.length) this.#lastPackets = this.#lastPackets.concat(lastPackets);
    if (this.#state === "open") {
      this.#state = "closing";
      this.#body.destroy();
    }
    if (this.#writable) {
      this.send([]);
      return;
    }
    // Nobody waits for the outcome (the session is already closed) and nothing is left to deliver: done now.
    if (!this.owner && this.#lastPackets.length === 0) {
      this.#finishClose();
      return;
    }
    // Wait for the client's next GET to carry the close packet, but not forever.
    if (!this.#closeTimer) {
      this.#closeTimer = setTimeout(onCloseTimeout, this.#settings.closeTimeout, this);
      this.#closeTimer.unref();
    }
  }

  /** The same as close(): a detached polling transport already closes at once, and holds no unsent bytes. */
  abort(): void {
    this.close();
  }

  discard(): void {
    this.owner = null;
    if (this.#state === "closed") return;
    // A GET still held is released with a noop: the session lives on elsewhere.
    if (this.#writable) this.send(NOOP_PACKETS);
    this.#finishClose();
  }

  /**
   * Resolves once the close is complete: the close packet (and the last
   * packets) went out on a GET, or closeTimeout passed. The engine's close
   * waits for it before the HTTP server stops taking the clients' next GET.
   */
  whenClosed(): Promise<void> {
    if (this.#state === "closed") return Promise.resolve();
    return new Promise((resolve) => (this.#closeWaiters ??= []).push(resolve));
  }

  #finishClose(): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    if (this.#closeTimer) clearTimeout(this.#closeTimer);
    this.#closeTimer = null;
    const waiters = this.#closeWaiters;
    this.#closeWaiters = null;
    if (waiters) for (const resolve of waiters) resolve();
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
    if (this.#body.busy) {
      log("overlapping POST");
      writeHttpError(res, EngineErrorCode.BAD_REQUEST);
      this.owner?.onTransportError(this, "data request overlap");
      return;
    }
    this.#body.read(req, res);
  }

  /** @internal a POST body decoded: acknowledge it, then deliver its packets in order. */
  postBodyDecoded(req: IncomingMessage, res: ServerResponse, packets: Packet[]): void {
    this.#writeHead(req, res, "text/html", "2");
    res.end("ok");
    // A packet may close the session (owner becomes null): the rest is dropped.
    for (let i = 0; i < packets.length && this.owner; i++) this.owner.onTransportPacket(this, packets[i]!);
  }

  /** @internal a POST body was no Engine.IO payload: the session closes with "parse error". */
  postBodyUndecodable(): void {
    this.owner?.onTransportPacket(this, PARSE_ERROR_PACKET);
  }

  /** @internal a POST failed (413, 408, aborted, binary): the session closes with "transport error". */
  postBodyFailed(reason: string): void {
    this.owner?.onTransportError(this, reason);
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

  #releasePoll(res: ServerResponse): void {
    res.off("close", onPollResponseClose);
    this.#pollReq = null;
    this.#pollRes = null;
    this.#writable = false;
  }

  /**
   * The 200 head of an uncompressed answer. When nobody looks at response headers (no
   * "headers"/"initial_headers" listener, no cookie), the same header lines in the same order
   * are written from an array: no headers object to build, hand to the hook and walk.
   */
  #writeHead(req: IncomingMessage, res: ServerResponse, contentType: string, contentLength: string): void {
    if (this.#headersHook.wanted()) res.writeHead(200, this.#headers(req, { "Content-Type": contentType, "Content-Length": contentLength }));
    else res.writeHead(200, ["Content-Type", contentType, "Content-Length", contentLength, "cache-control", "no-store"]);
  }

  #headers(req: IncomingMessage, headers: ResponseHeaders): ResponseHeaders {
    headers["cache-control"] = "no-store";
    this.#headersHook.emit(headers, req);
    return headers;
  }

  #respond(req: IncomingMessage, res: ServerResponse, payload: string, compress: boolean): void {
    const settings = this.#settings.httpCompression;
    // Measured, not converted: only a compressed response needs the bytes as a Buffer.
    const byteLength = Buffer.byteLength(payload, "utf8");
    const encoding = compress && settings && byteLength >= settings.threshold
      ? pickEncoding(req.headers["accept-encoding"])
      : undefined;
    if (!encoding || !settings) {
      this.#writeHead(req, res, TEXT_PLAIN, String(byteLength));
      res.end(payload, "utf8");
      this.#releasePoll(res);
      this.owner?.onTransportDrain(this);
      return;
    }
    const headers: ResponseHeaders = { "Content-Type": TEXT_PLAIN, "Content-Encoding": encoding };
    // The GET stays "taken" while zlib works, so a second GET is still an overlap.
    const zlibOptions: ZlibOptions = settings.level === undefined ? {} : { level: settings.level };
    const compressor = encoding === "gzip" ? gzip : deflate;
    const body = Buffer.from(payload, "utf8");
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

function onCloseTimeout(polling: Polling): void {
  polling.closeTimedOut();
}

function onPollResponseClose(this: ServerResponse): void {
  (this as Tagged)[kPolling]?.pollResponseClosed(this);
}
