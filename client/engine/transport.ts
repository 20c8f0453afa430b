/**
 * The small interface both transports share, so the EngineClient never asks
 * which one it has: open, send(packets), pause, resume, close. A transport
 * reports to its owner (the EngineClient) by direct calls, not events: one
 * owner, and a transport the owner closed never reports again.
 *
 * Environment-neutral: no node:* imports.
 */
import { decodePacket } from "./parser.node.js";
import { TransportError, type TransportErrorDetails, type TransportPhase } from "./errors.js";
import type { BinaryType, Packet, TransportName, TransportOptions } from "./types.js";

/** A transport's life. */
export type TransportState = "opening" | "open" | "closed";

/** Details of a transport's close, passed on in the EngineClient's "close" event. */
export interface CloseDetails {
  description?: unknown;
  context?: unknown;
  /** WebSocket close code (1006 when the network dropped, 1000/1005 for a goodbye). */
  code?: number;
  wasClean?: boolean;
}

/**
 * What a transport tells its EngineClient, each call naming the transport
 * (the one in use, or the upgrade's probe).
 */
export interface TransportOwner {
  /** What binary messages arrive as. */
  readonly binaryType: BinaryType;
  /** Node only: the server stopped answering (ping timeout), so a close handshake would never complete. */
  readonly _serverSilent?: boolean;
  /** A packet arrived. */
  _onPacket(transport: Transport, packet: Packet): void;
  /** The write in flight is done: the transport can take more. */
  _onDrain(transport: Transport): void;
  /**
   * The transport failed (a TransportError; it may still be open: the owner
   * closes it) or the server or the network closed it (CloseDetails).
   */
  _onTransportEnd(transport: Transport, end: TransportError | CloseDetails): void;
}

/**
 * Makes two cache busters of the same millisecond differ. It follows the
 * time in base 36 without a separator: that has 8 digits until 2059.
 */
let requestCounter = 0;

/**
 * Base of the polling and WebSocket transports. Created by the EngineClient,
 * which calls `open()` at once.
 *
 * @example
 * const t = new PollingTransport(owner, opts);
 * t.open(); // owner._onPacket(t, packet) for each packet
 */
export abstract class Transport {
  abstract readonly name: TransportName;
  readyState: TransportState = "opening";
  /** False while a write is in flight; the client buffers until the drain. */
  writable = false;
  /** Query of every request; the EngineClient adds `sid` after the handshake (a probe has it from the start). */
  declare readonly query: Record<string, string>;
  declare readonly opts: TransportOptions;
  /** The EngineClient it reports to. */
  protected declare readonly _owner: TransportOwner;

  constructor(owner: TransportOwner, opts: TransportOptions) {
    this._owner = owner;
    this.opts = opts;
    this.query = opts.query;
  }

  /** Starts connecting. */
  abstract open(): void;

  /**
   * decodePacket (parser.node.ts: engine.io-parser in Node, parser.ts in the
   * browser bundles), never throwing: browser builds decode a "b" + base64
   * record with atob, which throws on invalid input. That becomes
   * engine.io-parser's own verdict, an "error" packet, on which the client
   * closes with "parse error".
   */
  protected _decode(data: string | ArrayBuffer): Packet {
    try {
      return decodePacket(data, this._owner.binaryType);
    } catch {
      return { type: "error", data: "parser error" };
    }
  }

  /**
   * Closes the transport. Called without `details`, the owner decided it:
   * the connection stops and the owner hears nothing more from it. The
   * transport itself passes `details` when the server or the network closed
   * it: then the owner is told. Not writable any more either way (the owner
   * writes only to a writable transport).
   */
  close(details?: CloseDetails): void {
    if (this.readyState !== "closed") {
      if (!details) this._doClose();
      this.readyState = "closed";
      this.writable = false;
      if (details) this._owner._onTransportEnd(this, details);
    }
  }

  /** Writes packets; called only while writable (the write makes it unwritable until the drain). */
  abstract send(packets: Packet[]): void;

  /** Calls `onPause` once nothing is in flight (at once here); used before the upgrade switches away from this transport. */
  pause(onPause: () => void): void {
    onPause();
  }

  /** Undoes a pause whose upgrade failed. */
  resume(): void {}

  protected _onOpen(): void {
    this.readyState = "open";
    this.writable = true;
    // a probe (it joins a session, so it has a sid from the start) says "2probe" at once
    if (this.query.sid) this.send([{ type: "ping", data: "probe" }]);
  }

  /** The write is done: writable again, and the owner flushes more. */
  protected _onDrain(): void {
    this.writable = true;
    this._owner._onDrain(this);
  }

  /**
   * Reports a failure. Before the transport opened, the phase is the
   * handshake, or the upgrade when a session exists; after, `phase` says
   * what failed ("poll", "post" or "connection").
   */
  protected _onError(phase: TransportPhase, details: TransportErrorDetails): void {
    if (this.readyState === "opening") phase = this.query.sid ? "upgrade" : "handshake";
    this._owner._onTransportEnd(this, new TransportError(this.name, phase, details));
  }

  /**
   * The request URL for `scheme` ("http" or "ws"), with the query and a
   * cache buster (by default for polling only: `timestampRequests`).
   */
  protected _uri(scheme: "http" | "ws"): string {
    const o = this.opts;
    const query = this.query;
    if (o.timestampRequests ?? scheme === "http") query[o.timestampParam || "t"] = Date.now().toString(36) + requestCounter++;
    return (
      scheme +
      (o.secure ? "s://" : "://") +
      // an IPv6 address goes in brackets: one with a ":" and no "[" before it
      // (a URL's hostname has them already, the hostname option may not)
      o.hostname.replace(/^[^[]*:.*/, "[$&]") +
      // no port: the scheme's default
      (o.port && ":" + o.port) +
      o.path +
      // never empty: it has EIO and transport at least
      "?" +
      new URLSearchParams(query)
    );
  }

  /** Stops the connection (the state is still the one before the close). */
  protected abstract _doClose(): void;
}
