/**
 * EngineClient: one Engine.IO v4 session seen from the client. It handshakes
 * over the first transport, answers the server's pings and watches for
 * their absence, buffers writes, upgrades polling to WebSocket, and reports
 * one close with a reason.
 *
 * Environment-neutral: the platform parts live in globals(.node).ts.
 */
import { ENGINE_PROTOCOL } from "../../lib/protocol/constants.js";
import { Emitter } from "../../lib/protocol/emitter.js";
import { TransportError } from "./errors.js";
import { createCookieJar, defaultBinaryType } from "./globals.node.js";
import type { CloseDetails, Transport } from "./transport.js";
import { PollingTransport } from "./transports/polling.js";
import { WebSocketTransport } from "./transports/websocket.js";
import { UpgradeProbe, type UpgradeHost } from "./upgrade.js";
import { offOffline, onOffline, withPageEvents } from "./page-events.js";
import type { BinaryType, CookieJar, EngineClientOptions, Packet, TransportName, TransportOptions } from "./types.js";
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
export class EngineClient extends Emitter<EngineClientEvents> implements UpgradeHost {
  /** The session id, after the handshake. */
  id: string | null = null;
  readyState: EngineState = "closed";
  /** The transport in use; set by `open()`. */
  transport!: Transport;
  /** Whether the session moved to another transport by an upgrade. */
  upgraded = false;
  /** Whether an upgrade is between "3probe" and the switch (writes wait meanwhile). */
  upgrading = false;
  /** What binary messages arrive as: "nodebuffer" in Node, "arraybuffer" in browsers, or "blob". */
  binaryType: BinaryType = defaultBinaryType;

  readonly #opts: ResolvedOptions;
  readonly #cookieJar: CookieJar | undefined;
  /** Transports still to try for the first connection, first is current. */
  #candidates: TransportName[] = [];
  #upgrades: TransportName[] = [];
  #probe: UpgradeProbe | null = null;
  #writeBuffer: Packet[] = [];
  #writeCallbacks: ((() => void) | undefined)[] = [];
  #pingInterval = 0;
  #pingTimeout = 0;
  #maxPayload = 0;
  #pingTimer: ReturnType<typeof setTimeout> | undefined;
  #pingDeadline = Infinity;
  #beforeunload: (() => void) | null = null;
  #offline: (() => void) | null = null;

  // Transport listeners, bound once per client.
  readonly #onTransportPacket = (packet: Packet): void => this.#onPacket(packet);
  readonly #onTransportDrain = (): void => this.#onDrain();
  readonly #onTransportError = (err: TransportError): void => this.#onError(err);
  readonly #onTransportClose = (details?: CloseDetails): void => this.#onClose("transport close", details);
  readonly #onPingTimeout = (): void => this.#onClose("ping timeout");

  /**
   * @param uri - e.g. "https://example.com:8080"; host, port and query come from it (explicit options win)
   * @param opts - see {@link EngineClientOptions}
   */
  constructor(uri?: string, opts: EngineClientOptions = {}) {
    super();
    this.#opts = resolveOptions(uri, opts);
    if (opts.withCredentials) this.#cookieJar = createCookieJar();
  }

  /** Connects over the first transport. Does nothing unless closed. */
  open(): void {
    if (this.readyState !== "closed") return;
    const list = this.#opts.transports;
    this.#candidates =
      this.#opts.rememberUpgrade && priorWebsocketSuccess && list.includes("websocket")
        ? ["websocket", ...list.filter((name) => name !== "websocket")]
        : list.slice();
    this.#setState("opening");
    if (this.#candidates.length === 0) {
      const err = new TransportError("none", "handshake", { cause: "the transports option lists no known transport" });
      queueMicrotask(() => this.#onError(err));
      return;
    }
    this.#addWindowListeners();
    this.#openTransport();
  }

  /**
   * Sends a message. Buffered until the transport can write.
   * @param cb - called once the message is handed to the transport
   */
  send(data: EngineData, opts?: { compress?: boolean } | (() => void), cb?: () => void): void {
    if (typeof opts === "function") {
      cb = opts;
      opts = undefined;
    }
    this.#sendPacket("message", data, opts?.compress !== false, cb);
  }

  /** Alias of {@link EngineClient.send}. */
  write(data: EngineData, opts?: { compress?: boolean } | (() => void), cb?: () => void): void {
    this.send(data, opts, cb);
  }

  /** Flushes buffered messages, waits for an upgrade in progress, then closes with "forced close". */
  close(): void {
    if (this.readyState !== "opening" && this.readyState !== "open") return;
    this.#setState("closing");
    this.#closeWhenIdle();
  }

  /**
   * Whether the heartbeat deadline has passed even though the timer has not
   * fired yet (timers are throttled in suspended tabs and laptops); when it
   * has, the client closes with "ping timeout" on the next tick.
   */
  hasPingExpired(): boolean {
    if (this.readyState !== "open" || Date.now() <= this.#pingDeadline) return false;
    this.#pingDeadline = Infinity;
    setTimeout(this.#onPingTimeout, 0);
    return true;
  }

  // ---- UpgradeHost: called by the probe -------------------------------------------------

  /** @internal */
  _onUpgrading(probe: Transport): void {
    this.upgrading = true;
    this.emitReserved("upgrading", probe);
  }

  /** @internal */
  _onUpgraded(probe: Transport): boolean {
    this.#probe = null;
    if (this.readyState === "closed") return false;
    priorWebsocketSuccess = probe.name === "websocket";
    // the paused transport has no request in flight; the server drops it
    this.#setTransport(probe);
    probe.send([{ type: "upgrade" }]);
    this.upgrading = false;
    this.upgraded = true;
    this.emitReserved("upgrade", probe);
    this.#flush();
    if (this.readyState === "closing") this.#closeWhenIdle();
    return true;
  }

  /** @internal */
  _onUpgradeFailed(err: TransportError): void {
    this.#probe = null;
    this.upgrading = false;
    this.transport.resume();
    this.emitReserved("upgradeError", err);
    if (this.readyState === "closing") this.#closeWhenIdle();
    else this.#flush();
  }

  // ---- internals --------------------------------------------------------------------------

  #setState(state: EngineState): void {
    this.readyState = state;
  }

  #createTransport(name: TransportName): Transport {
    const o = this.#opts;
    const own = o.transportOptions?.[name];
    const query: Record<string, string> = { ...o.query, EIO: String(ENGINE_PROTOCOL), transport: name };
    if (this.id) query.sid = this.id;
    // like socket.io-client: the transport's own options win over the client's
    const options = { ...o, ...own, query, binaryType: this.binaryType, cookieJar: this.#cookieJar } as TransportOptions;
    return name === "websocket" ? new WebSocketTransport(options) : new PollingTransport(options);
  }

  #openTransport(): void {
    const transport = this.#createTransport(this.#candidates[0] as TransportName);
    this.#setTransport(transport);
    transport.open();
  }

  #setTransport(transport: Transport): void {
    this.transport?.off();
    this.transport = transport;
    transport.on("packet", this.#onTransportPacket);
    transport.on("drain", this.#onTransportDrain);
    transport.on("error", this.#onTransportError);
    transport.on("close", this.#onTransportClose);
  }

  #onPacket(packet: Packet): void {
    if (this.readyState === "closed") return;
    this.emitReserved("packet", packet);
    switch (packet.type) {
      case "open":
        this.#onHandshake(packet.data);
        break;
      case "ping":
        this.#resetPingTimeout();
        this.#sendPacket("pong");
        this.emitReserved("ping");
        this.emitReserved("pong");
        break;
      case "message":
        this.emitReserved("message", packet.data);
        break;
      case "close":
        this.#onClose("transport close", { description: "transport closed by the server" });
        break;
      case "error":
        // engine.io-parser's verdict on a packet it could not decode
        this.#onClose("parse error", { description: packet.data });
        break;
    }
  }

  #onHandshake(json: unknown): void {
    let data: HandshakeData;
    try {
      data = JSON.parse(json as string) as HandshakeData;
    } catch {
      data = {} as HandshakeData;
    }
    if (typeof data?.sid !== "string") return this.#onClose("parse error", { description: "bad open packet", context: json });
    this.emitReserved("handshake", data);
    this.id = data.sid;
    this.transport.query.sid = data.sid;
    const current = this.transport.name;
    const upgrades = Array.isArray(data.upgrades) ? data.upgrades : [];
    this.#upgrades = this.#opts.transports.filter((name) => name !== current && upgrades.includes(name));
    this.#pingInterval = data.pingInterval;
    this.#pingTimeout = data.pingTimeout;
    this.#maxPayload = data.maxPayload;
    this.#setState("open");
    priorWebsocketSuccess = current === "websocket";
    this.emitReserved("open");
    if (this.readyState !== "open") return; // an "open" listener closed us
    this.#resetPingTimeout();
    this.#flush();
    if (this.#opts.upgrade !== false && this.#upgrades.length > 0 && this.readyState === "open") {
      this.#probe = new UpgradeProbe(this, this.#createTransport(this.#upgrades[0] as TransportName));
      this.#probe.start();
    }
  }

  #resetPingTimeout(): void {
    clearTimeout(this.#pingTimer);
    const delay = this.#pingInterval + this.#pingTimeout;
    this.#pingDeadline = Date.now() + delay;
    this.#pingTimer = setTimeout(this.#onPingTimeout, delay);
    // browsers return a number; Node a Timeout that can stop holding the process open
    if (this.#opts.autoUnref && typeof this.#pingTimer === "object") this.#pingTimer.unref?.();
  }

  #sendPacket(type: Packet["type"], data?: EngineData, compress = true, cb?: () => void): void {
    if (this.readyState === "closing" || this.readyState === "closed") return;
    const packet: Packet = { type, data, options: { compress } };
    this.emitReserved("packetCreate", packet);
    this.#writeBuffer.push(packet);
    this.#writeCallbacks.push(cb);
    this.#flush();
  }

  #flush(): void {
    const buffer = this.#writeBuffer;
    if (this.readyState === "closed" || this.upgrading || buffer.length === 0 || !this.transport.writable) return;
    const split = this.transport.name === "polling" ? writableCount(buffer, this.#maxPayload) : buffer.length;
    let packets = buffer;
    let callbacks = this.#writeCallbacks;
    if (split === buffer.length) {
      this.#writeBuffer = [];
      this.#writeCallbacks = [];
    } else {
      // maxPayload: the rest goes in the next POST
      packets = buffer.splice(0, split);
      callbacks = callbacks.splice(0, split);
    }
    this.transport.send(packets);
    this.emitReserved("flush");
    for (let i = 0; i < split; i++) callbacks[i]?.();
  }

  #onDrain(): void {
    if (this.#writeBuffer.length > 0) return this.#flush();
    this.emitReserved("drain");
    if (this.readyState === "closing") this.#closeWhenIdle();
  }

  /** Closes once nothing is buffered, in flight, or upgrading. */
  #closeWhenIdle(): void {
    const transport = this.transport;
    const busy = this.#writeBuffer.length > 0 || (transport.readyState === "open" && !transport.writable);
    if (busy || this.upgrading) return; // #onDrain / onUpgraded / onUpgradeFailed call again
    this.#probe?.abort("the connection was closed by the client");
    this.#onClose("forced close");
  }

  #onError(err: TransportError): void {
    priorWebsocketSuccess = false;
    const failed = this.#candidates[0];
    if (
      this.readyState === "opening" &&
      this.#candidates.length > 1 &&
      (this.#opts.tryAllTransports || failed === "websocket")
    ) {
      // websocket-first (or tryAllTransports): fall back to the next transport
      this.#candidates.shift();
      this.transport.off();
      this.transport.close();
      return this.#openTransport();
    }
    this.emitReserved("error", err);
    this.#onClose("transport error", err);
  }

  #onClose(reason: EngineCloseReason, details?: CloseDetails | TransportError): void {
    if (this.readyState === "closed") return;
    clearTimeout(this.#pingTimer);
    const transport = this.transport;
    if (transport) {
      // its own "close" must not come back here
      transport.off();
      transport.close();
    }
    this.#removeWindowListeners();
    this.#setState("closed");
    this.id = null;
    this.#probe?.abort("the connection closed during the upgrade");
    this.emitReserved("close", reason, details);
    // cleared after the event, so listeners can still look at what was unsent
    this.#writeBuffer = [];
    this.#writeCallbacks = [];
  }

  #addWindowListeners(): void {
    if (!withPageEvents) return;
    if (this.#opts.closeOnBeforeunload) {
      // close silently, so the page unload shows no "disconnect" (Firefox closes sockets itself, Chrome not)
      this.#beforeunload = () => {
        this.transport.off();
        this.transport.close();
      };
      addEventListener("beforeunload", this.#beforeunload);
    }
    if (this.#opts.hostname !== "localhost") {
      this.#offline = () => this.#onClose("transport close", { description: "network connection lost" });
      onOffline(this.#offline);
    }
  }

  #removeWindowListeners(): void {
    if (this.#beforeunload) removeEventListener("beforeunload", this.#beforeunload);
    this.#beforeunload = null;
    if (this.#offline) offOffline(this.#offline);
    this.#offline = null;
  }
}
