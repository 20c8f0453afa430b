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

/** Makes two cache busters of the same millisecond differ. */
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
  declare readonly opts: TransportOptions;
  /** Query of every request; the EngineClient adds `sid` after the handshake. */
  declare readonly query: Record<string, string>;

  constructor(opts: TransportOptions) {
    super();
    this.opts = opts;
    this.query = opts.query;
  }

  /** Starts connecting. */
  open(): void {
    this.readyState = "opening";
    this._doOpen();
  }

  /** Closes the transport; emits "close" once. */
  close(): void {
    if (this.readyState !== "new" && this.readyState !== "closed") {
      this._doClose();
      this._onClose();
    }
  }

  /** Writes packets; only an open transport writes. */
  send(packets: Packet[]): void {
    if (this.readyState === "open") this._write(packets);
  }

  /** Stops receiving and sending, then calls `onPause`; used before an upgrade. */
  pause(onPause: () => void): void {
    this.readyState = "paused";
    onPause();
  }

  /**
   * Undoes a pause whose upgrade failed. Called on an open, pausing or paused
   * transport, or on one the client already closed, which stays closed.
   */
  resume(): void {
    if (this.readyState !== "closed") this.readyState = "open";
  }

  protected _onOpen(): void {
    this.readyState = "open";
    this.writable = true;
    this.emitReserved("open");
  }

  /**
   * Reports a failure. Before the transport opened, the phase is the
   * handshake, or the upgrade when a session exists; after, `phase` says
   * what failed ("poll", "post" or "connection").
   */
  protected _onError(phase: TransportPhase, details: TransportErrorDetails): void {
    if (this.readyState === "opening") phase = this.query.sid ? "upgrade" : "handshake";
    this.emitReserved("error", new TransportError(this.name, phase, details));
  }

  protected _onClose(details?: CloseDetails): void {
    if (this.readyState !== "closed") {
      this.readyState = "closed";
      this.emitReserved("close", details);
    }
  }

  /** The request URL for `scheme` ("http" or "ws"), with the query and, when asked, a cache buster. */
  protected _uri(scheme: string, timestamp: boolean): string {
    const o = this.opts;
    const query = this.query;
    if (timestamp) query[o.timestampParam] = Date.now().toString(36) + "." + requestCounter++;
    return (
      scheme +
      (o.secure ? "s://" : "://") +
      // an IPv6 address goes in brackets
      (o.hostname.includes(":") ? "[" + o.hostname + "]" : o.hostname) +
      // always with the port: URL parsing (fetch's, WebSocket's) drops the scheme's default one
      ":" +
      o.port +
      o.path +
      // never empty: it has EIO and transport at least
      "?" +
      new URLSearchParams(query)
    );
  }

  protected abstract _doOpen(): void;
  protected abstract _doClose(): void;
  protected abstract _write(packets: Packet[]): void;
}
