/**
 * One Engine.IO session: its state, write buffer, current transport,
 * upgrade, and the reason it closed (the heartbeat timers live in heartbeat.ts).
 *
 * The session never asks which transport it has: both report through the
 * TransportOwner back-reference and take packets through `send`.
 */
import type { IncomingMessage } from "node:http";
import type { Packet } from "engine.io-parser";
import createDebug from "debug";
import { ENGINE_PROTOCOL } from "../protocol/constants.js";
import { NodeEmitter } from "../protocol/emitter.js";
import { clientNotReading } from "./errors.js";
import { Heartbeat, type HeartbeatOwner } from "./heartbeat.js";
import { SendCallbacks, type EngineData, type SendCallback, type SendOptions } from "./send-callbacks.js";
import type { Transport, TransportOwner } from "./transports/transport.js";
import { UpgradeProbe, type UpgradableSession } from "./upgrade.js";
import type { EngineCloseReason, EngineSocketEvents, EngineSocketState, SessionConsumer, SessionContext } from "./socket-types.js";

const log = createDebug("volley:engine:socket");

export type { EngineData, SendOptions } from "./send-callbacks.js";

export type { EngineSocketState, EngineCloseReason, EngineSocketEvents, SessionConsumer, SessionContext } from "./socket-types.js";

const COMPRESS = { compress: true };
const NO_COMPRESS = { compress: false };
const NOOP_PACKETS: Packet[] = [{ type: "noop" }];
/** How long a session whose client sent CLOSE over polling waits for a GET already on its way. */
const CLIENT_CLOSE_GRACE_MS = 1000;

/**
 * The server side of one Engine.IO connection.
 *
 * @example
 * engine.on("connection", (socket) => {
 *   socket.on("message", (data) => socket.send(data)); // echo
 *   socket.on("close", (reason) => console.log(socket.id, reason));
 * });
 */
export class EngineSocket extends NodeEmitter<EngineSocketEvents> implements TransportOwner, UpgradableSession, HeartbeatOwner {
  /** The session id (sid). Private to the transport layer: never reuse it as a public id. */
  readonly id: string;
  /** The handshake request. */
  readonly request: IncomingMessage;
  /** Engine.IO protocol revision. */
  readonly protocol = ENGINE_PROTOCOL;
  /** The peer's address, as seen on the handshake. */
  readonly remoteAddress: string;

  /**
   * Called with each message and at close, before the listeners of "message" and "close"
   * (lib/connection.ts sets itself; apps use the events). A consumer that throws is treated
   * as such a listener: the session ends.
   */
  consumer: SessionConsumer | null = null;

  #readyState: EngineSocketState = "opening";
  #transport: Transport;
  /** Packets waiting for the next flush; null when none (an idle session keeps no empty array). */
  #writeBuffer: Packet[] | null = null;
  /** About how many bytes the write buffer holds while the transport cannot take them (maxBufferedBytes). */
  #waitingBytes = 0;
  readonly #callbacks = new SendCallbacks();
  readonly #heartbeat: Heartbeat;
  #probe: UpgradeProbe | null = null;
  #probed = false;
  #upgraded = false;
  #closeAfterFlush = false;
  #closeReason: EngineCloseReason | null = null;
  readonly #ctx: SessionContext;

  constructor(id: string, request: IncomingMessage, transport: Transport, ctx: SessionContext) {
    super();
    this.id = id;
    this.request = request;
    this.remoteAddress = request.socket?.remoteAddress ?? "";
    this.#ctx = ctx;
    this.#heartbeat = new Heartbeat(this, ctx.opts.pingInterval, ctx.opts.pingTimeout);
    this.#transport = transport;
    transport.owner = this;
  }

  /** The current state. */
  get readyState(): EngineSocketState {
    return this.#readyState;
  }

  /** The transport in use: `transport.name` is "polling" or "websocket". */
  get transport(): Transport {
    return this.#transport;
  }

  /** Whether an upgrade is under way. */
  get upgrading(): boolean {
    return this.#probe !== null;
  }

  /** Whether the session has moved to WebSocket. */
  get upgraded(): boolean {
    return this.#upgraded;
  }

  /**
   * Listeners are app code: one that throws ends this session (reason
   * "transport error"), never the process, since the call may come from a
   * ws or http event handler.
   */
  protected override emitReserved(event: string | symbol, ...args: unknown[]): boolean {
    // Most session events have no listener: skip the guard (and the argument spread) for them.
    if (!this.hasListeners(event as never)) return false;
    try {
      return super.emitReserved(event, ...args);
    } catch (err) {
      if (log.enabled) log("session %s: %s listener threw %O", this.id, String(event), err);
      if (event !== "close") this.#onClose("transport error", err);
      return true;
    }
  }

  #onMessage(data: string | Buffer): void {
    const consumer = this.consumer;
    if (consumer !== null) {
      try {
        consumer.onMessage(data);
      } catch (err) {
        // as a "message" listener that throws (emitReserved): the session ends
        if (log.enabled) log("session %s: message consumer threw %O", this.id, err);
        this.#onClose("transport error", err);
        return;
      }
    }
    this.emitReserved("message", data);
  }

  #setState(state: EngineSocketState): void {
    if (log.enabled) log("session %s: %s -> %s", this.id, this.#readyState, state);
    this.#readyState = state;
  }

  /**
   * @internal Sends the open packet and starts the heartbeat. The engine
   * calls it once, right after creating the session.
   */
  open(upgrades: string[]): void {
    const { pingInterval, pingTimeout, maxHttpBufferSize } = this.#ctx.opts;
    this.#setState("open");
    this.#sendPacket("open", JSON.stringify({ sid: this.id, upgrades, pingInterval, pingTimeout, maxPayload: maxHttpBufferSize }));
    this.emitReserved("open");
    this.#heartbeat.start();
  }

  /**
   * Sends a message: a string as text, bytes as a binary message.
   * `callback` runs once the packet was handed to the network.
   *
   * @example
   * socket.send("hello").send(Buffer.from([1, 2, 3]), { compress: false }, () => console.log("sent"));
   */
  send(data: EngineData, options?: SendOptions | SendCallback, callback?: SendCallback): this {
    if (typeof options === "function") {
      callback = options;
      options = undefined;
    }
    this.#sendPacket("message", data, options, callback);
    return this;
  }

  /** Alias of {@link EngineSocket.send}. */
  write(data: EngineData, options?: SendOptions | SendCallback, callback?: SendCallback): this {
    return this.send(data, options, callback);
  }

  /**
   * Writes what was sent so far now, rather than with the rest of this event-loop turn's
   * packets, and keeps what is sent next apart: over WebSocket it leaves in a later write,
   * a few milliseconds behind, so that a client reading one message per read of its socket
   * sees the two apart. The Socket.IO layer calls it after a CONNECT reply, ahead of what the
   * app emits in its connection handler. Over polling every response is one write already.
   *
   * @example
   * socket.send("welcome").flush();
   * socket.send("news"); // a write of its own, a few milliseconds later
   */
  flush(): this {
    this.#flush();
    this.#transport.flush?.();
    return this;
  }

  /**
   * Closes the session after the write buffer is flushed; reason "forced close".
   *
   * @example
   * socket.send("bye").close();
   */
  close(): void {
    if (this.#readyState !== "open") return;
    this.#setState("closing");
    this.#closeReason = "forced close";
    if (this.#writeBuffer !== null) {
      this.#closeAfterFlush = true;
      return;
    }
    this.#closeTransport();
  }

  /**
   * @internal Closes at once with `reason` (engine shutdown). What the write
   * buffer still holds (e.g. acks of messages the app already handled) goes
   * out before the close, on a polling session with its close packet.
   */
  terminate(reason: EngineCloseReason): void {
    this.#onClose(reason, undefined, false, true);
  }

  /** @internal Starts an upgrade on `transport` (a fresh WebSocket for this sid). */
  beginUpgrade(transport: Transport): void {
    this.#probe = new UpgradeProbe(this, transport, this.#ctx.opts.upgradeTimeout);
  }

  /** @internal */
  upgradeProbed(transport: Transport): void {
    this.#probed = true;
    this.emitReserved("upgrading", transport);
    this.#releaseHeldPoll();
  }

  /** @internal */
  upgradeCompleted(transport: Transport): void {
    this.#probe = null;
    this.#probed = false;
    const previous = this.#transport;
    previous.discard();
    this.#upgraded = true;
    this.#transport = transport;
    transport.owner = this;
    if (log.enabled) log("session %s upgraded to %s", this.id, transport.name);
    this.emitReserved("upgrade", transport);
    this.#flush();
    if (this.#readyState === "closing" && this.#writeBuffer === null) this.#closeTransport();
  }

  /** @internal */
  upgradeFailed(): void {
    this.#probe = null;
    this.#probed = false;
    // A close deferred for the upgrade (see #closeTransport) goes on over the old transport.
    if (this.#readyState === "closing" && this.#writeBuffer === null) this.#closeTransport();
  }

  onTransportPacket(transport: Transport, packet: Packet): void {
    if (transport !== this.#transport || this.#readyState !== "open") return;
    this.#onPacket(packet);
  }

  #onPacket(packet: Packet): void {
    this.emitReserved("packet", packet);
    if (packet.type !== "pong") this.#heartbeat.onTraffic();
    switch (packet.type) {
      case "message":
        this.#onMessage(packet.data as string | Buffer);
        break;
      case "pong":
        this.#heartbeat.onPong();
        this.emitReserved("heartbeat");
        break;
      case "ping":
        // Only the server pings in Engine.IO v4. "transport error" as engine.io 6 says it
        // (with its message), which also keeps the session recoverable.
        this.#onClose("transport error", new Error("invalid heartbeat direction"));
        break;
      case "close":
        this.#onClientClose();
        break;
      case "error":
        this.#onClose("parse error", new Error("the client sent a packet that could not be decoded"));
        break;
      default: // noop (and a stray upgrade) carry nothing.
        break;
    }
  }

  onTransportReady(transport: Transport): void {
    if (transport !== this.#transport) return;
    if (this.#closingForClient()) {
      // the GET that the client's CLOSE overtook: a noop for it, and the session is over
      this.#writeBuffer = null;
      this.#releaseHeldPoll();
      this.#onClose("transport close");
      return;
    }
    this.#flush();
    if (this.#probed) this.#releaseHeldPoll();
  }

  onTransportDrain(transport: Transport): void {
    if (transport !== this.#transport) return;
    this.#callbacks.drained(this.id);
  }

  onTransportError(transport: Transport, reason: string, cause?: unknown): void {
    if (transport !== this.#transport) return;
    if (log.enabled) log("session %s: transport error: %s", this.id, reason);
    this.#onClose("transport error", cause ?? new Error(reason));
  }

  onTransportClose(transport: Transport): void {
    if (transport !== this.#transport) return;
    this.#onClose(this.#closeReason ?? "transport close");
  }

  /**
   * The client sent CLOSE: it is leaving. A GET it holds is released with a noop, as engine.io
   * does (a close packet would only echo what it said), and the session closes; the sid is then
   * unknown. Over polling a client may send its GET and the POST carrying the CLOSE at once, and
   * the POST may arrive first: the session then waits up to CLIENT_CLOSE_GRACE_MS for that GET,
   * so it too gets the noop rather than a 400 (the public Engine.IO suite sends them so).
   */
  #onClientClose(): void {
    const transport = this.#transport;
    if (transport.name !== "polling" || transport.writable) {
      this.#releaseHeldPoll();
      this.#onClose("transport close");
      return;
    }
    this.#setState("closing");
    this.#closeReason = "transport close";
    this.#heartbeat.stop();
    // (no field for it: the state says it, and a session closed meanwhile ignores the timer)
    setTimeout(EngineSocket.#onClientCloseGraceEnd, CLIENT_CLOSE_GRACE_MS, this).unref();
  }

  /** Waiting for the GET that a client's CLOSE overtook (see #onClientClose). */
  #closingForClient(): boolean {
    return this.#readyState === "closing" && this.#closeReason === "transport close";
  }

  static #onClientCloseGraceEnd(socket: EngineSocket): void {
    if (socket.#closingForClient()) socket.#onClose("transport close");
  }

  /** While an upgrade is pending, a held GET is answered with a noop so the client pauses polling. */
  #releaseHeldPoll(): void {
    const transport = this.#transport;
    if (transport.name === "polling" && transport.writable) transport.send(NOOP_PACKETS.slice());
  }

  #sendPacket(type: Packet["type"], data?: EngineData, options?: SendOptions, callback?: SendCallback): void {
    if (this.#readyState === "closing" || this.#readyState === "closed") return;
    const packet: Packet = { type, options: options?.compress === false ? NO_COMPRESS : COMPRESS };
    if (data !== undefined) packet.data = data;
    this.emitReserved("packetCreate", packet);
    (this.#writeBuffer ??= []).push(packet);
    if (callback) this.#callbacks.add(callback);
    // Counted only while the transport cannot write, so the usual path pays nothing.
    if (!this.#transport.writable && this.#countWaiting(data)) return;
    this.#flush();
  }

  /**
   * Adds a packet waiting in the write buffer to the count; past
   * maxBufferedBytes the client is not reading (a stalled WebSocket, a
   * poller that stopped polling) and the session closes. True if it does.
   */
  #countWaiting(data: EngineData | undefined): boolean {
    // A string's length stands for its UTF-8 size: exact enough for a limit, and free.
    this.#waitingBytes += data === undefined ? 1 : typeof data === "string" ? data.length : data.byteLength;
    const limit = this.#ctx.opts.maxBufferedBytes;
    if (this.#waitingBytes <= limit) return false;
    if (log.enabled) log("session %s: client not reading, %d bytes waiting", this.id, this.#waitingBytes);
    const description = clientNotReading(this.#waitingBytes, limit);
    // "closing" refuses further sends; the buffer is freed now. The close itself waits a
    // turn: this runs inside the app's send, where its disconnect listeners must not.
    this.#setState("closing");
    this.#closeReason = "transport error";
    this.#writeBuffer = null;
    this.#callbacks.dropPending();
    setImmediate(EngineSocket.#onNotReading, this, description);
    return true;
  }

  #flush(): void {
    const packets = this.#writeBuffer;
    if (this.#readyState === "closed" || packets === null || !this.#transport.writable) return;
    this.#writeBuffer = null;
    this.#waitingBytes = 0;
    this.emitReserved("flush", packets);
    this.#callbacks.flushed();
    this.#transport.send(packets);
    this.emitReserved("drain");
    if (this.#closeAfterFlush && this.#writeBuffer === null) {
      this.#closeAfterFlush = false;
      this.#closeTransport();
    }
  }

  #closeTransport(): void {
    const probe = this.#probe;
    if (probe) {
      // A client that answered the probe has paused polling and listens only on the
      // new WebSocket: neither a close packet on a GET nor closing the probe would
      // reach it. Let it send its `5` (upgradeTimeout bounds the wait); upgradeCompleted
      // then closes the WebSocket. Before that point, the probe is simply dropped and
      // upgradeFailed closes the polling transport.
      if (!probe.probed) probe.abort();
      return;
    }
    this.#transport.close();
  }

  /**
   * `abort`: the client is not reading or not answering, so the transport is dropped rather than closed in order.
   * `flush`: the write buffer is handed to the transport's close instead of dropped.
   */
  #onClose(reason: EngineCloseReason, description?: unknown, abort = false, flush = false): void {
    if (this.#readyState === "closed") return;
    this.#setState("closed");
    this.#heartbeat.stop();
    if (this.#probe) this.#probe.abort();
    const unsent = flush && !abort && this.#writeBuffer !== null ? this.#writeBuffer : undefined;
    this.#writeBuffer = null;
    this.#waitingBytes = 0;
    this.#callbacks.clear();
    const transport = this.#transport;
    // Detach first: the transport's own close must not report back here.
    transport.owner = null;
    if (abort) transport.abort();
    else transport.close(unsent);
    if (log.enabled) log("session %s closed: %s", this.id, reason);
    this.#ctx.sessionClosed(this);
    const consumer = this.consumer;
    if (consumer !== null) {
      try {
        consumer.onEngineClose(reason, description);
      } catch (err) {
        // as a "close" listener that throws (emitReserved): logged
        if (log.enabled) log("session %s: close consumer threw %O", this.id, err);
        return;
      }
    }
    this.emitReserved("close", reason, description);
  }

  /**
   * @internal a polling request of this session arrived: false when its pong was due by the
   * schedule (a heartbeat timer running late under load), the session then closing now with
   * "ping timeout", so the request is answered as for an unknown sid.
   */
  takesRequest(): boolean {
    if (!this.#heartbeat.expired()) return true;
    this.heartbeatTimedOut();
    return false;
  }

  /** @internal the heartbeat's turn to ping. */
  heartbeatPing(): void {
    this.#sendPacket("ping");
  }

  /**
   * @internal no pong in time. While closing, the heartbeat only bounds how long the client
   * may take to collect its close: the session still ends because the app closed it.
   * The transport is aborted, not closed: a peer that stopped answering pings will not answer
   * a WebSocket close frame either, and waiting for it would hold the TCP connection and its
   * buffers for ws's whole closing timeout (30 s) per dead client.
   */
  heartbeatTimedOut(): void {
    this.#onClose(this.#closeReason ?? "ping timeout", undefined, true);
  }

  static #onNotReading(socket: EngineSocket, description: Error): void {
    socket.#onClose("transport error", description, true);
  }
}
