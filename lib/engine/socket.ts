/**
 * One Engine.IO session: its state, API, current transport and upgrade. What it
 * does with each packet received lives in session-packets.ts, its write buffer
 * in write-buffer.ts, how it closes in session-close.ts, its heartbeat timers in
 * heartbeat.ts: module-level functions given the session, which
 * therefore keeps the state they share in `@internal` fields, not `#private` ones.
 *
 * The session never asks which transport it has: both report through the
 * TransportOwner back-reference and take packets through `send`.
 */
import type { IncomingMessage } from "node:http";
import type { Packet } from "engine.io-parser";
import { createLog } from "../log.js";
import { ENGINE_PROTOCOL } from "../protocol/constants.js";
import { NodeEmitter } from "../protocol/emitter.js";
import { keptRequest } from "./handshake-request.js";
import { HeartbeatPhase, heartbeatExpired, startHeartbeat, type HeartbeatNode, type Lane, type LanePair } from "./heartbeat.js";
import { writeDrained, type EngineData, type SendCallback, type SendCallbacks, type SendOptions } from "./send-callbacks.js";
import { closeSession, closeTransport, closingForClient, releaseHeldPoll, setState } from "./session-close.js";
import { receivePacket } from "./session-packets.js";
import type { Transport, TransportOwner } from "./transports/transport.js";
import { UpgradeProbe, type UpgradableSession } from "./upgrade.js";
import { flushWriteBuffer, sendMessage, sendPacket } from "./write-buffer.js";
import type { EngineCloseReason, EngineSocketEvents, EngineSocketState, SessionConsumer, SessionContext } from "./socket-types.js";

const log = createLog("volley:engine:socket");

export type { EngineData, SendOptions } from "./send-callbacks.js";

export type { EngineSocketState, EngineCloseReason, EngineSocketEvents, SessionConsumer, SessionContext } from "./socket-types.js";

/**
 * The server side of one Engine.IO connection.
 *
 * @example
 * engine.on("connection", (socket) => {
 *   socket.on("message", (data) => socket.send(data)); // echo
 *   socket.on("close", (reason) => console.log(socket.id, reason));
 * });
 */
export class EngineSocket extends NodeEmitter<EngineSocketEvents> implements TransportOwner, UpgradableSession, HeartbeatNode {
  /** The session id (sid). Private to the transport layer: never reuse it as a public id. */
  readonly id: string;
  /**
   * The handshake request: the real IncomingMessage when the engine has
   * middlewares or `retainRequest` is set, else its headers, url, method,
   * HTTP version and connection (lib/engine/handshake-request.ts).
   */
  readonly request: IncomingMessage;
  /** The peer's address, as seen on the handshake. */
  readonly remoteAddress: string;

  /**
   * Called with each message and at close, before the listeners of "message" and "close"
   * (lib/connection.ts sets itself; apps use the events). A consumer that throws is treated
   * as such a listener: the session ends.
   */
  consumer: SessionConsumer | null = null;

  // The `_` fields are shared with the session's modules (see the top of this file): not API.
  /** @internal see {@link EngineSocket.readyState}; changed through setState. */
  _readyState: EngineSocketState = "opening";
  /** @internal see {@link EngineSocket.transport}. */
  _transport: Transport;
  /** @internal Packets waiting for the next flush; null when none (an idle session keeps no empty array). */
  _writeBuffer: Packet[] | null = null;
  /** @internal About how many bytes the write buffer holds while the transport cannot take them (maxBufferedBytes). */
  _waitingBytes = 0;
  /** @internal see SendCallbackHolder (send-callbacks.ts) */
  _callbacks: SendCallbacks | null = null;
  /** @internal see SendCallbackHolder */
  _bareWrites = 0;
  /** @internal */
  // The heartbeat's state, on the session itself (heartbeat.ts: no object per session).
  /** @internal */
  _hbPhase = HeartbeatPhase.PING_DUE;
  /** @internal */
  _hbPongDue = 0;
  /** @internal */
  _hbLane: Lane | null = null;
  /** @internal */
  _hbPrev: HeartbeatNode | null = null;
  /** @internal */
  _hbNext: HeartbeatNode | null = null;
  /** @internal */
  _hbDeadline = 0;
  /** @internal the upgrade under way, if any. */
  _probe: UpgradeProbe | null = null;
  #upgraded = false;
  /** @internal close() waits for the write buffer to be flushed. */
  _closeAfterFlush = false;
  /** @internal */
  _closeReason: EngineCloseReason | null = null;
  /** @internal */
  readonly _ctx: SessionContext;

  constructor(id: string, request: IncomingMessage, transport: Transport, ctx: SessionContext) {
    super();
    this.id = id;
    this.request = keptRequest(request, ctx.retainsRequests);
    this.remoteAddress = request.socket?.remoteAddress ?? "";
    this._ctx = ctx;
    this._transport = transport;
    transport.owner = this;
  }

  /** @internal the heartbeat lanes of the engine's pingInterval and pingTimeout */
  get _hbLanes(): LanePair {
    return this._ctx.heartbeatLanes;
  }

  /** Engine.IO protocol revision (a getter: the same for every session). */
  get protocol(): typeof ENGINE_PROTOCOL {
    return ENGINE_PROTOCOL;
  }

  /** The current state. */
  get readyState(): EngineSocketState {
    return this._readyState;
  }

  /** The transport in use: `transport.name` is "polling" or "websocket". */
  get transport(): Transport {
    return this._transport;
  }

  /** Whether an upgrade is under way. */
  get upgrading(): boolean {
    return this._probe !== null;
  }

  /** Whether the session has moved to WebSocket. */
  get upgraded(): boolean {
    return this.#upgraded;
  }

  /**
   * Listeners are app code: one that throws ends this session (reason
   * "transport error"), never the process, since the call may come from a
   * ws or http event handler.
   *
   * @internal public (unlike Emitter's) for the session's modules; `emit` does the same.
   */
  override emitReserved(event: string | symbol, ...args: unknown[]): boolean {
    // Most session events have no listener: skip the guard (and the argument spread) for them.
    if (!this.hasListeners(event as never)) return false;
    try {
      return super.emitReserved(event, ...args);
    } catch (err) {
      if (log.enabled) log("session %s: %s listener threw %O", this.id, String(event), err);
      if (event !== "close") closeSession(this, "transport error", err);
      return true;
    }
  }

  /** @internal Whether anyone listens to the events of each write: "packetCreate", "flush", "drain". */
  _watchesWrites(): boolean {
    const listeners = this._listeners;
    return listeners.size !== 0 && (listeners.has("packetCreate") || listeners.has("flush") || listeners.has("drain"));
  }

  /**
   * @internal Sends the open packet and starts the heartbeat. The engine
   * calls it once, right after creating the session.
   */
  open(upgrades: string[]): void {
    const { pingInterval, pingTimeout, maxHttpBufferSize } = this._ctx.opts;
    setState(this, "open");
    sendPacket(this, "open", JSON.stringify({ sid: this.id, upgrades, pingInterval, pingTimeout, maxPayload: maxHttpBufferSize }));
    this.emitReserved("open");
    startHeartbeat(this);
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
    sendMessage(this, data, options, callback);
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
    flushWriteBuffer(this);
    this._transport.flush?.();
    return this;
  }

  /**
   * Closes the session after the write buffer is flushed; reason "forced close".
   *
   * @example
   * socket.send("bye").close();
   */
  close(): void {
    if (this._readyState !== "open") return;
    setState(this, "closing");
    this._closeReason = "forced close";
    if (this._writeBuffer !== null) {
      this._closeAfterFlush = true;
      return;
    }
    closeTransport(this);
  }

  /**
   * @internal Closes at once with `reason` (engine shutdown). What the write
   * buffer still holds (e.g. acks of messages the app already handled) goes
   * out before the close, on a polling session with its close packet.
   */
  terminate(reason: EngineCloseReason): void {
    closeSession(this, reason, undefined, false, true);
  }

  /** @internal Starts an upgrade on `transport` (a fresh WebSocket for this sid). */
  beginUpgrade(transport: Transport): void {
    this._probe = new UpgradeProbe(this, transport, this._ctx.opts.upgradeTimeout);
  }

  /** @internal */
  upgradeProbed(transport: Transport): void {
    this.emitReserved("upgrading", transport);
    releaseHeldPoll(this);
  }

  /** @internal */
  upgradeCompleted(transport: Transport): void {
    this._probe = null;
    const previous = this._transport;
    previous.discard();
    this.#upgraded = true;
    this._transport = transport;
    transport.owner = this;
    if (log.enabled) log("session %s upgraded to %s", this.id, transport.name);
    this.emitReserved("upgrade", transport);
    flushWriteBuffer(this);
    if (this._readyState === "closing" && this._writeBuffer === null) closeTransport(this);
  }

  /** @internal */
  upgradeFailed(): void {
    this._probe = null;
    // A close deferred for the upgrade (see closeTransport) goes on over the old transport.
    if (this._readyState === "closing" && this._writeBuffer === null) closeTransport(this);
  }

  onTransportPacket(transport: Transport, packet: Packet): void {
    if (transport !== this._transport || this._readyState !== "open") return;
    receivePacket(this, packet);
  }

  onTransportReady(transport: Transport): void {
    if (transport !== this._transport) return;
    if (closingForClient(this)) {
      // the GET that the client's CLOSE overtook: a noop for it, and the session is over
      this._writeBuffer = null;
      releaseHeldPoll(this);
      closeSession(this, "transport close");
      return;
    }
    flushWriteBuffer(this);
    // (the client answered the probe: it polls no more, so a GET it left is answered at once)
    if (this._probe?.probed) releaseHeldPoll(this);
  }

  onTransportDrain(transport: Transport): void {
    if (transport !== this._transport) return;
    writeDrained(this, this.id);
  }

  onTransportError(transport: Transport, reason: string, cause?: unknown): void {
    if (transport !== this._transport) return;
    if (log.enabled) log("session %s: transport error: %s", this.id, reason);
    closeSession(this, "transport error", cause ?? new Error(reason));
  }

  onTransportClose(transport: Transport): void {
    if (transport !== this._transport) return;
    closeSession(this, this._closeReason ?? "transport close");
  }

  /**
   * @internal a polling request of this session arrived: false when its pong was due by the
   * schedule (a heartbeat timer running late under load), the session then closing now with
   * "ping timeout", so the request is answered as for an unknown sid.
   */
  takesRequest(): boolean {
    if (!heartbeatExpired(this)) return true;
    this.heartbeatTimedOut();
    return false;
  }

  /** @internal the heartbeat's turn to ping. */
  heartbeatPing(): void {
    sendPacket(this, "ping");
  }

  /**
   * @internal no pong in time. While closing, the heartbeat only bounds how long the client
   * may take to collect its close: the session still ends because the app closed it.
   * The transport is aborted, not closed: a peer that stopped answering pings will not answer
   * a WebSocket close frame either, and waiting for it would hold the TCP connection and its
   * buffers for ws's whole closing timeout (30 s) per dead client.
   */
  heartbeatTimedOut(): void {
    closeSession(this, this._closeReason ?? "ping timeout", undefined, true);
  }
}
