/**
 * The small interface both transports share, so the EngineClient never asks
 * which one it has: open, send(packets), pause, close; events open, packet,
 * drain, error, close.
 *
 * Environment-neutral: no node:* imports.
 */
import { Emitter } from "../../lib/protocol/emitter.js";
import { TransportError, type TransportErrorDetails, type TransportPhase } from "./errors.js";
import type { Packet, TransportName, TransportOptions } from "./types.js";

/** A transport's life: "new" until open() is called. */
export type TransportState = "new" | "opening" | "open" | "pausing" | "paused" | "closed";

/** Details of a transport's close, passed on in the EngineClient's "close" event. */
export interface CloseDetails {
  description?: unknown;
  context?: unknown;
  /** WebSocket close code (1006 when the network dropped, 1000/1005 for a goodbye). */
  code?: number;
  wasClean?: boolean;
}

/** Events a transport emits to its EngineClient. */
export interface TransportEvents {
  open: () => void;
  packet: (packet: Packet) => void;
  drain: () => void;
  error: (err: TransportError) => void;
  close: (details?: CloseDetails) => void;
}

let requestCounter = 0;

/**
 * Base of the polling and WebSocket transports.
 *
 * @example
 * const t = new PollingTransport(opts);
 * t.on("packet", (p) => console.log(p.type));
 * t.open();
 */
export abstract class Transport extends Emitter<TransportEvents> {
  abstract readonly name: TransportName;
  readyState: TransportState = "new";
  /** False while a write is in flight; the client buffers until "drain". */
  writable = false;
  readonly opts: TransportOptions;
  /** Query of every request; the EngineClient adds `sid` after the handshake. */
  readonly query: Record<string, string>;

  constructor(opts: TransportOptions) {
    super();
    this.opts = opts;
    this.query = opts.query;
  }

  /** Starts connecting. */
  open(): void {
    this._setState("opening");
    this._doOpen();
  }

  /** Closes the transport; emits "close" once. */
  close(): void {
    if (this.readyState === "new" || this.readyState === "closed") return;
    this._doClose();
    this._onClose();
  }

  /** Writes packets; only an open transport writes. */
  send(packets: Packet[]): void {
    if (this.readyState === "open") this._write(packets);
  }

  /** Stops receiving and sending, then calls `onPause`; used before an upgrade. */
  pause(onPause: () => void): void {
    this._setState("paused");
    onPause();
  }

  /** Undoes a pause whose upgrade failed. */
  resume(): void {
    if (this.readyState === "pausing" || this.readyState === "paused") this._setState("open");
  }

  /** The one place the state changes. */
  protected _setState(state: TransportState): void {
    this.readyState = state;
  }

  protected _onOpen(): void {
    this._setState("open");
    this.writable = true;
    this.emitReserved("open");
  }

  protected _onPacket(packet: Packet): void {
    this.emitReserved("packet", packet);
  }

  protected _onError(phase: TransportPhase, details: TransportErrorDetails): void {
    this.emitReserved("error", new TransportError(this.name, phase, details));
  }

  protected _onClose(details?: CloseDetails): void {
    if (this.readyState === "closed") return;
    this._setState("closed");
    this.writable = false;
    this.emitReserved("close", details);
  }

  /** The request URL for `scheme`, with the query and, when asked, a cache buster. */
  protected _uri(scheme: string, timestamp: boolean): string {
    const { opts } = this;
    if (timestamp) this.query[opts.timestampParam] = Date.now().toString(36) + (requestCounter++).toString(36);
    const hostname = opts.hostname.indexOf(":") === -1 ? opts.hostname : "[" + opts.hostname + "]";
    const defaultPort = opts.secure ? "443" : "80";
    const port = opts.port && opts.port !== defaultPort ? ":" + opts.port : "";
    const query = new URLSearchParams(this.query).toString();
    return scheme + (opts.secure ? "s" : "") + "://" + hostname + port + opts.path + (query ? "?" + query : "");
  }

  /** Headers for a request: extraHeaders plus the cookie jar's cookies. */
  protected _headers(): Record<string, string> | undefined {
    const cookies = this.opts.cookieJar?.header();
    if (!cookies) return this.opts.extraHeaders;
    return { ...this.opts.extraHeaders, cookie: cookies };
  }

  protected abstract _doOpen(): void;
  protected abstract _doClose(): void;
  protected abstract _write(packets: Packet[]): void;
}
