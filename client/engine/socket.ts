/**
 * EngineClient: one Engine.IO v4 session seen from the client. It handshakes
 * over the first transport, answers the server's pings and watches for
 * their absence, buffers writes, upgrades polling to WebSocket, and reports
 * one close with a reason.
 *
 * The upgrade, client side: open a second transport (the probe) with the
 * session id, send "2probe", expect "3probe", let the current transport
 * pause (no request in flight), then switch to the probe, send "5" there and
 * flush the buffer.
 *
 * Transports report to the client by calling its TransportOwner methods
 * (`_onPacket`, `_onDrain`, `_onTransportEnd`), naming themselves: the one
 * in use or the probe. A transport the client closed reports nothing more.
 *
 * Environment-neutral: the platform parts live in globals(.node).ts.
 */
import { ENGINE_PROTOCOL } from "../../lib/protocol/constants.js";
import { Emitter } from "../../lib/protocol/emitter.js";
import { TransportError } from "./errors.js";
import { CAN_TERMINATE, defaultBinaryType, unrefTimer } from "./globals.node.js";
import type { CloseDetails, Transport, TransportOwner } from "./transport.js";
import { PollingTransport } from "./transports/polling.js";
import { WebSocketTransport } from "./transports/websocket.js";
import { offlineHandlers, withPageEvents } from "./page-events.js";
import type { BinaryType, EngineClientOptions, Packet, TransportName, TransportOptions } from "./types.js";
import { resolveOptions, writableCount, type ResolvedOptions } from "./options.js";

/** The client's life. */
export type EngineState = "opening" | "open" | "closing" | "closed";

/** Why the session ended. */
export type EngineCloseReason = "transport close" | "transport error" | "ping timeout" | "forced close" | "parse error";

/** The server's open packet. */
export interface HandshakeData {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  maxPayload: number;
}

/** What `send` accepts. */
export type EngineData = string | ArrayBuffer | ArrayBufferView | Blob;

/** Events of an {@link EngineClient}. */
export interface EngineClientEvents {
  open: () => void;
  handshake: (data: HandshakeData) => void;
  /** A message: a string, or binary as ArrayBuffer (browser) / Buffer (Node). */
  message: (data: string | ArrayBuffer | Uint8Array) => void;
  packet: (packet: Packet) => void;
  packetCreate: (packet: Packet) => void;
  ping: () => void;
  pong: () => void;
  drain: () => void;
  flush: () => void;
  upgrading: (transport: Transport) => void;
  upgrade: (transport: Transport) => void;
  upgradeError: (err: TransportError) => void;
  error: (err: TransportError) => void;
  close: (reason: EngineCloseReason, details?: CloseDetails | TransportError) => void;
}

/** A packet waiting in the write buffer, with the callback of its `send`. */
interface BufferedPacket extends Packet {
  _cb?: (() => void) | undefined;
}

const WEBSOCKET = "websocket";

/** Set when a WebSocket worked in this page/process; `rememberUpgrade` then starts with it. */
let priorWebsocketSuccess = false;

/**
 * An Engine.IO v4 client connection. Call `open()` to connect.
 *
 * @example
 * const engine = new EngineClient("http://localhost:3000", { transports: ["polling", "websocket"] });
 * engine.on("open", () => engine.send("hello"));
 * engine.on("message", (data) => console.log(data));
 * engine.on("close", (reason, details) => console.log(reason, details));
 * engine.open();
 */
export class EngineClient extends Emitter<EngineClientEvents> implements TransportOwner {
  /** The session id, after the handshake. */
  id: string | null = null;
  readyState: EngineState = "closed";
  /** The transport in use; set by `open()`. */
  declare transport: Transport;
  /** Whether the session moved to another transport by an upgrade. */
  upgraded = false;
  /** Whether an upgrade is between "3probe" and the switch (writes wait meanwhile). */
  upgrading = false;
  /** What binary messages arrive as: "nodebuffer" in Node, "arraybuffer" in browsers, or "blob". */
  binaryType: BinaryType = defaultBinaryType;

  private declare readonly _opts: ResolvedOptions;
  /** Transports still to try for the first connection, first is current. */
  private declare _candidates: TransportName[];
  /** The transport being probed for an upgrade. */
  private declare _probe: Transport | undefined;
  // Set by open() and the handshake.
  /** Packets waiting for the transport, with their send callbacks. */
  private declare _writeBuffer: BufferedPacket[];
  /** pingInterval + pingTimeout: how long the server may stay silent. */
  private declare _pingWait: number;
  private declare _maxPayload: number;
  private declare _pingTimer: ReturnType<typeof setTimeout> | undefined;
  private declare _pingDeadline: number;

  // Bound once per client, so they can be removed again.
  /** "beforeunload": close silently, so the page unload shows no "disconnect" (Firefox closes sockets itself, Chrome not). */
  private readonly _closeSilently = (): void => this.transport.close();
  private readonly _onOffline = (): void => this._onClose("transport close", { description: "network connection lost" });
  // Node: the transport then drops the connection instead of waiting for a close handshake the
  // silent server will not answer (an expression, so the browser build keeps the bare call)
  private readonly _onPingTimeout = (): void => (CAN_TERMINATE && (this._serverSilent = true), this._onClose("ping timeout"));
  /** @internal Node only: set on "ping timeout", read by the WebSocket transport as it closes. */
  declare _serverSilent?: boolean;

  /**
   * @param uri - e.g. "https://example.com:8080"; host, port and query come from it (explicit options win)
   * @param opts - see {@link EngineClientOptions}
   */
  constructor(uri?: string, opts: EngineClientOptions = {}) {
    super();
    this._opts = resolveOptions(uri, opts);
  }

  /** Connects over the first transport. Does nothing unless closed. */
  open(): void {
    if (this.readyState !== "closed") return;
    if (CAN_TERMINATE) this._serverSilent = false;
    const o = this._opts;
    const candidates = (this._candidates = o.transports.slice());
    // after a WebSocket worked, "websocket" goes first (it sorts after "polling")
    if (o.rememberUpgrade && priorWebsocketSuccess) candidates.sort().reverse();
    this.readyState = "opening";
    this._writeBuffer = [];
    if (!candidates[0]) {
      return queueMicrotask(() => this._onTransportEnd(this.transport, new TransportError("none", "handshake", { cause: "no known transport" })));
    }
    if (withPageEvents && o.closeOnBeforeunload) addEventListener("beforeunload", this._closeSilently);
    if (o.hostname !== "localhost") offlineHandlers.add(this._onOffline);
    this._openTransport(candidates[0]);
  }

  /**
   * Sends a message. Buffered until the transport can write.
   * @param cb - called once the message is handed to the transport
   */
  send(data: EngineData, opts?: { compress?: boolean } | (() => void), cb?: () => void): void {
    // a function has no "compress": the default, true
    this._sendPacket("message", data, (opts as { compress?: boolean })?.compress !== false, typeof opts === "function" ? opts : cb);
  }

  /** Alias of {@link EngineClient.send}. */
  write = this.send;

  /**
   * Closes with "forced close": at once during the handshake, else once the
   * buffered messages are flushed and an upgrade in progress has ended.
   */
  close(): void {
    if (this.readyState === "opening") this._onClose("forced close");
    else if (this.readyState === "open") {
      this.readyState = "closing";
      this._flush();
    }
  }

  /**
   * Whether the heartbeat deadline has passed even though the timer has not
   * fired yet (timers are throttled in suspended tabs and laptops); when it
   * has, the client closes with "ping timeout" on the next tick.
   */
  hasPingExpired(): boolean {
    if (this.readyState !== "open" || Date.now() <= this._pingDeadline) return false;
    this._pingDeadline = Infinity;
    setTimeout(this._onPingTimeout, 0);
    return true;
  }

  // ---- what the transports report (TransportOwner) -----------------------------------------
  // Only two transports report: the one in use and the upgrade's probe (any
  // other one was closed, which silences it, or paused with nothing in flight).

  /**
   * @internal A packet from a transport. The probe's answer: on "3probe",
   * pause the current transport (no request in flight), then switch to the
   * probe and send "5" there.
   */
  _onPacket(transport: Transport, packet: Packet): void {
    if (transport !== this.transport) {
      // "3probe" is a pong with the data "probe" (a compliant server sends
      // nothing more on the probe before the "5")
      if (packet.type + packet.data !== "pongprobe") {
        return this._upgradeFailed("no 3probe answer");
      }
      this.upgrading = true;
      this.emitReserved("upgrading", transport);
      return this.transport.pause(() => {
        // an "upgrading" listener or anything later may have closed the client
        if (this._probe !== transport) return;
        this._probe = undefined;
        // the paused transport has no request in flight; the server drops it
        this.transport = transport;
        priorWebsocketSuccess = true;
        transport.send([{ type: "upgrade" }]);
        this.upgrading = false;
        this.upgraded = true;
        this.emitReserved("upgrade", transport);
        this._flush();
      });
    }
    this.emitReserved("packet", packet);
    switch (packet.type) {
      case "open": {
        // the handshake
        let data: HandshakeData | undefined;
        try {
          data = JSON.parse(packet.data as string) as HandshakeData;
        } catch {
          // reported just below
        }
        if (typeof data?.sid !== "string") {
          return this._onClose("parse error", { description: "bad open packet", context: packet.data });
        }
        this.emitReserved("handshake", data);
        this.id = transport.query.sid = data.sid;
        this._pingWait = data.pingInterval + data.pingTimeout;
        this._maxPayload = data.maxPayload;
        this.readyState = "open";
        // before "open": its listeners may ask hasPingExpired()
        this._resetPingTimeout();
        priorWebsocketSuccess = transport.name === WEBSOCKET;
        this.emitReserved("open");
        // what "open" listeners sent (the namespaces' CONNECTs) goes before the
        // probe starts, so it is not left waiting behind the upgrade
        this._flush();
        // the server offers only what the current transport can upgrade to
        // (unless an "open" listener closed the client: then no probe)
        if (this.readyState === "open" && this._opts.upgrade !== false && this._opts.transports.includes(WEBSOCKET) && Array.isArray(data.upgrades) && data.upgrades.includes(WEBSOCKET)) {
          this._openTransport(WEBSOCKET);
        }
        return;
      }
      case "ping":
        this._resetPingTimeout();
        this._sendPacket("pong");
        this.emitReserved("ping");
        this.emitReserved("pong");
        break;
      case "message":
        this.emitReserved("message", packet.data);
        break;
      // (a "close" packet: polling reports it as the transport's close; over
      // WebSocket the server closes the socket)
      case "error":
        // engine.io-parser's verdict on a packet it could not decode
        this._onClose("parse error", { description: packet.data });
    }
  }

  /** @internal The transport can take more: "drain" when nothing waits, else flush. */
  _onDrain(transport: Transport): void {
    if (transport !== this.transport) return;
    if (!this._writeBuffer[0]) this.emitReserved("drain");
    this._flush();
  }

  /** @internal A transport failed or closed: the probe's end ends the upgrade, the current one's the session (or falls back). */
  _onTransportEnd(transport: Transport | undefined, end: TransportError | CloseDetails): void {
    const failed = end instanceof TransportError;
    if (transport !== this.transport) return this._upgradeFailed(failed ? end : "the probe closed", end);
    if (!failed) return this._onClose("transport close", end);
    priorWebsocketSuccess = false;
    const candidates = this._candidates;
    if (this.readyState === "opening" && candidates[1] && (this._opts.tryAllTransports || candidates[0] === WEBSOCKET)) {
      // websocket-first (or tryAllTransports): fall back to the next transport
      candidates.shift();
      transport!.close();
      return this._openTransport(candidates[0]!);
    }
    this.emitReserved("error", end);
    this._onClose("transport error", end);
  }

  // ---- internals --------------------------------------------------------------------------

  /**
   * Opens a transport for `name` with the session's query: before the
   * handshake as the transport in use, after it as the upgrade's probe,
   * which joins the session.
   */
  private _openTransport(name: TransportName): void {
    const sid = this.id;
    const o = this._opts;
    // like socket.io-client: the transport's own options win over the client's
    const options = {
      ...o,
      ...o.transportOptions?.[name],
      query: { ...o.query, EIO: String(ENGINE_PROTOCOL), transport: name },
    } as TransportOptions;
    if (sid) options.query.sid = sid;
    const transport = new (name === WEBSOCKET ? WebSocketTransport : PollingTransport)(this, options);
    if (sid) this._probe = transport;
    else this.transport = transport;
    transport.open();
  }

  /** The probe failed (or the client closed meanwhile): the current transport goes on. */
  private _upgradeFailed(reason: string | TransportError, context?: unknown): void {
    const probe = this._probe;
    if (!probe) return;
    this._probe = undefined;
    probe.close();
    this.upgrading = false;
    this.transport.resume();
    this.emitReserved(
      "upgradeError",
      typeof reason === "string" ? new TransportError(probe.name, "upgrade", { cause: reason, context }) : reason,
    );
    this._flush();
  }

  private _resetPingTimeout(): void {
    clearTimeout(this._pingTimer);
    this._pingDeadline = Date.now() + this._pingWait;
    // Node: with autoUnref, the timer does not hold the process open
    unrefTimer((this._pingTimer = setTimeout(this._onPingTimeout, this._pingWait)), this._opts);
  }

  private _sendPacket(type: Packet["type"], data?: EngineData, compress = true, cb?: () => void): void {
    // nothing once closing or closed (the only states that start with "c")
    if (this.readyState[0] === "c") return;
    // the callback rides along with the packet until the transport took it
    const packet: BufferedPacket = { type, data, options: { compress }, _cb: cb };
    this.emitReserved("packetCreate", packet);
    this._writeBuffer.push(packet);
    this._flush();
  }

  /**
   * Writes the buffer when the transport can take it. After close(), closes
   * once nothing is buffered, in flight or upgrading; the transport's
   * drain and the upgrade's end call again.
   */
  private _flush(): void {
    const transport = this.transport;
    const buffer = this._writeBuffer;
    // (a closed transport is not writable: nothing is written after the client closed;
    // none at all when open() found no known transport)
    if (this.upgrading || !transport?.writable) return;
    if (buffer[0]) {
      // polling: what passes maxPayload goes in the next POST
      const packets = buffer.splice(0, writableCount(buffer, transport.name === WEBSOCKET ? 0 : this._maxPayload));
      transport.send(packets);
      this.emitReserved("flush");
      for (const packet of packets) packet._cb?.();
    } else if (this.readyState === "closing") this._onClose("forced close");
  }

  private _onClose(reason: EngineCloseReason, details?: CloseDetails | TransportError): void {
    if (this.readyState === "closed") return;
    clearTimeout(this._pingTimer);
    // silently: a closed transport reports nothing more
    this.transport?.close();
    if (withPageEvents) removeEventListener("beforeunload", this._closeSilently);
    offlineHandlers.delete(this._onOffline);
    this.readyState = "closed";
    this.id = null;
    this._upgradeFailed("the client closed");
    this.emitReserved("close", reason, details);
  }
}
