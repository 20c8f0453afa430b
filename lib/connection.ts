/**
 * One engine connection ↔ its namespace sockets.
 *
 * Decodes what the client sends (text packets with the decoder all connections
 * share, a binary packet with one of its own until it is whole), routes packets
 * to the Socket of their namespace, handles CONNECT (including the refusal of
 * a second CONNECT for a namespace already joined), the connect timeout, and
 * closes only this connection on bad input ("parse error").
 *
 * The engine socket's listeners are module-level functions that find their
 * Connection through a symbol back-reference: no closure per connection.
 */
import type { IncomingMessage } from "node:http";
import { createLog } from "./log.js";
import { newPacketDecoder } from "./packet-decoder.js";
import type { StrictDecoder as Decoder } from "./protocol/strict-decoder.js";
import { encodeForEngine, type EngineChunk, type EngineConnection } from "./engine-connection.js";
import { PacketType } from "./protocol/constants.js";
import type { Packet } from "./protocol/packet.js";
import type { Server } from "./server.js";
import type { Namespace } from "./namespace.js";
import type { Socket, DisconnectReason } from "./socket.js";
import type { AdapterClientView, WriteToEngineOptions } from "./adapter-contract.js";
import { UNSHARED, UNSHARED_NO_COMPRESS } from "./engine/send-callbacks.js";

/** The first character of a BINARY_EVENT ("5") and a BINARY_ACK ("6") packet. */
const CH_BINARY_EVENT = 53;
const CH_BINARY_ACK = 54;

const log = createLog("volley:connection");

const CONNECTION = Symbol("volley.connection");
type Tagged = EngineConnection & { [CONNECTION]?: Connection };

const COMPRESS = Object.freeze({ compress: true });
const NO_COMPRESS = Object.freeze({ compress: false });

/** Named states of a connection. */
export type ConnectionState = "open" | "closed";

/** CONNECT_ERROR message for a CONNECT to a namespace this connection already joined. */
export const ALREADY_CONNECTED_MESSAGE = "Already connected to this namespace";
/** CONNECT_ERROR message for a namespace that does not exist. */
export const INVALID_NAMESPACE_MESSAGE = "Invalid namespace";
/** CONNECT_ERROR message when connecting failed inside the server (the cause is logged, not sent). */
export const CONNECT_FAILED_MESSAGE = "Internal server error";
/** CONNECT_ERROR message for a CONNECT over the maxNamespacesPerConnection limit. */
export const TOO_MANY_NAMESPACES_MESSAGE = "Too many namespaces on this connection";

/**
 * The Socket.IO side of one engine session (socket.io calls it `Client`).
 * Created by the Server for each engine "connection"; apps reach it as `socket.client`.
 *
 * @example
 * io.on("connection", (socket) => console.log(socket.client.conn.transport.name));
 */
export class Connection implements AdapterClientView {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly server: Server<any, any, any, any>;
  readonly conn: EngineConnection;
  // The connected sockets, one per namespace, in the order they connected. Most connections join
  // one namespace: its socket is kept in a field, and a Map (~180 bytes) is made only for a second
  // one. `nsps` and `sockets` are made from these when read.
  /** The socket that connected first (undefined: none). */
  #first: Socket | undefined;
  /** The sockets that connected after #first, by namespace name; null when none. */
  #others: Map<string, Socket> | null = null;
  #state: ConnectionState = "open";
  /** Namespaces whose CONNECT is being answered; made while one is, dropped when none is (a Set is ~150 bytes). */
  #pending: Set<string> | null = null;
  /**
   * The decoder of the binary packet being reassembled (null: none). Text packets decode without
   * state, with the decoder every connection shares (server._textDecoder); a binary packet's
   * header keeps state until its attachments arrive, so it gets a decoder of its own until then.
   */
  #binaryDecoder: Decoder | null = null;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(server: Server<any, any, any, any>, conn: EngineConnection) {
    this.server = server;
    this.conn = conn;
    if (conn.consumer !== undefined) conn.consumer = this;
    else {
      (conn as Tagged)[CONNECTION] = this;
      conn.on("message", onEngineMessage);
      conn.on("close", onEngineClose);
    }
    this.#armConnectTimer();
  }

  /** Connected sockets by namespace name (a new Map at each read). */
  get nsps(): Map<string, Socket> {
    return new Map(this.#allSockets().map((socket) => [socket.nsp.name, socket]));
  }

  /** Connected sockets by socket id (a new Map at each read). */
  get sockets(): Map<string, Socket> {
    return new Map(this.#allSockets().map((socket) => [socket.id, socket]));
  }

  /** The connected socket of namespace `name`, if any. */
  #socketOf(name: string): Socket | undefined {
    const first = this.#first;
    return first !== undefined && first.nsp.name === name ? first : this.#others?.get(name);
  }

  #socketCount(): number {
    return (this.#first === undefined ? 0 : 1) + (this.#others === null ? 0 : this.#others.size);
  }

  /** Every connected socket, in the order they connected (a new array). */
  #allSockets(): Socket[] {
    const all: Socket[] = this.#first === undefined ? [] : [this.#first];
    if (this.#others !== null) for (const socket of this.#others.values()) all.push(socket);
    return all;
  }

  #addSocket(socket: Socket): void {
    if (this.#first === undefined) this.#first = socket;
    else (this.#others ??= new Map()).set(socket.nsp.name, socket);
  }

  /** Forgets `socket` if it is the connected one of its namespace; false if it is not. */
  #removeSocket(socket: Socket): boolean {
    const name = socket.nsp.name;
    if (this.#socketOf(name) !== socket) return false;
    if (this.#first === socket) {
      // the oldest of the others takes its place, so the order of connection is kept
      const next = this.#others?.values().next();
      this.#first = next === undefined || next.done ? undefined : next.value;
      if (this.#first !== undefined) this.#others!.delete(this.#first.nsp.name);
    } else this.#others!.delete(name);
    if (this.#others?.size === 0) this.#others = null;
    return true;
  }

  /**
   * The HTTP request that opened the engine session: its headers, url, method, HTTP version and
   * connection, or the whole IncomingMessage when the engine has middlewares or `retainRequest`
   * is set (lib/engine/handshake-request.ts).
   */
  get request(): IncomingMessage {
    return this.conn.request;
  }

  /** The engine session id: private, never shown to other clients. */
  get id(): string {
    return this.conn.id;
  }

  /** "open" until the engine session closes. */
  get state(): ConnectionState {
    return this.#state;
  }

  #setState(state: ConnectionState): void {
    if (log.enabled) log("connection %s: %s -> %s", this.id, this.#state, state);
    this.#state = state;
  }

  /** Encodes and sends one packet to this client. */
  writePacket(packet: Packet, volatile = false, compress = true): void {
    if (this.#state !== "open") return;
    // (for this client only: the engine need not keep its frame for other recipients)
    this.#send(encodeForEngine(packet), volatile, compress ? UNSHARED : UNSHARED_NO_COMPRESS);
  }

  /** Sends already-encoded chunks (the same instances for every broadcast recipient). */
  writeEncoded(chunks: readonly EngineChunk[], volatile: boolean, compress: boolean): void {
    this.#send(chunks, volatile, compress ? COMPRESS : NO_COMPRESS);
  }

  #send(chunks: readonly EngineChunk[], volatile: boolean, opts: { compress?: boolean }): void {
    const conn = this.conn;
    if (this.#state !== "open" || conn.readyState !== "open") return;
    // A volatile packet is dropped rather than buffered while the transport cannot write.
    if (volatile && conn.transport.writable === false) return;
    for (let i = 0; i < chunks.length; i++) conn.send(chunks[i] as EngineChunk, opts);
  }

  /**
   * socket.io's name for {@link Connection.writeEncoded}, called by
   * socket.io-adapter's broadcasts with the chunks it encoded once (see
   * lib/adapter-contract.ts). `compress` defaults to true, as in engine.io.
   */
  writeToEngine(encodedPackets: EngineChunk | readonly EngineChunk[], opts: WriteToEngineOptions): void {
    const chunks = Array.isArray(encodedPackets) ? (encodedPackets as readonly EngineChunk[]) : [encodedPackets as EngineChunk];
    this.writeEncoded(chunks, !!opts.volatile, opts.compress !== false);
  }

  /**
   * Writes what was sent to this client so far now, rather than with the rest of the
   * event-loop turn's packets (EngineSocket.flush): used for the CONNECT reply.
   */
  flush(): void {
    if (this.#state === "open") this.conn.flush?.();
  }

  /** @internal One chunk from the engine. */
  onMessage(data: string | Buffer): void {
    let packet: Packet | undefined;
    try {
      packet = this.#decoderFor(data).add(data);
    } catch (err) {
      this.#binaryDecoder = null;
      this.#onParseError(err);
      return;
    }
    if (packet === undefined) return;
    this.#binaryDecoder = null; // (a complete packet: no reassembly is under way)
    this.#onPacket(packet);
  }

  /** The shared decoder for a text packet; this connection's own one for a binary packet and its attachments. */
  #decoderFor(data: string | Buffer): Decoder {
    if (this.#binaryDecoder !== null) return this.#binaryDecoder;
    if (typeof data === "string") {
      const type = data.charCodeAt(0);
      if (type !== CH_BINARY_EVENT && type !== CH_BINARY_ACK) return this.server._textDecoder;
    }
    // (an attachment without its header also comes here: the new decoder refuses it)
    return (this.#binaryDecoder = newPacketDecoder(this.server.opts));
  }

  #onPacket(packet: Packet): void {
    const name = packet.nsp;
    switch (packet.type) {
      case PacketType.CONNECT:
        this.#onConnect(name, packet.data);
        return;
      case PacketType.CONNECT_ERROR:
        this.#onParseError(new Error("a client may not send CONNECT_ERROR"));
        return;
      // (an EVENT's data is an array led by a name that is not reserved: the decoder refused
      // anything else, codes 22-24, and delivers a BINARY_EVENT as an EVENT)
    }
    const socket = this.#socketOf(name);
    // A packet racing a server-side disconnect of its namespace is dropped, not fatal.
    if (socket) socket.onPacket(packet);
    else if (log.enabled) log("packet for namespace %s that is not connected: dropped", name);
  }

  #onConnect(name: string, auth: unknown): void {
    if (this.#pending?.has(name)) {
      // socket.io-client sends CONNECT twice when connect() is called twice before the answer:
      // the answer to the first one serves both, so the duplicate is dropped, not refused.
      if (log.enabled) log("connection %s: duplicate CONNECT for pending namespace %s dropped", this.id, name);
      return;
    }
    if (this.#socketOf(name) !== undefined) {
      this.writePacket({ type: PacketType.CONNECT_ERROR, nsp: name, data: { message: ALREADY_CONNECTED_MESSAGE } });
      return;
    }
    if (this.#socketCount() + this.#pendingCount() >= this.server.opts.maxNamespacesPerConnection) {
      // Checked before any lookup: a CONNECT flood must not create dynamic namespaces.
      this.writePacket({ type: PacketType.CONNECT_ERROR, nsp: name, data: { message: TOO_MANY_NAMESPACES_MESSAGE } });
      return;
    }
    const authObject = (auth !== null && typeof auth === "object" ? auth : {}) as Record<string, unknown>;
    const existing = this.server._nsps.get(name);
    if (existing) {
      this.#doConnect(existing, authObject);
      return;
    }
    (this.#pending ??= new Set()).add(name);
    this.server._checkNamespace(name, authObject, (nsp) => {
      this.#settled(name);
      if (this.#state !== "open") return;
      if (nsp) this.#doConnect(nsp, authObject);
      else {
        this.writePacket({ type: PacketType.CONNECT_ERROR, nsp: name, data: { message: INVALID_NAMESPACE_MESSAGE } });
        this.#armConnectTimerIfIdle();
      }
    });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  #doConnect(nsp: Namespace<any, any, any, any>, auth: Record<string, unknown>): void {
    const name = nsp.name;
    (this.#pending ??= new Set()).add(name);
    let answered = false;
    nsp
      ._add(this, auth, (socket) => {
        answered = true;
        this.#settled(name);
        if (socket) {
          this.#addSocket(socket);
          this.#clearConnectTimer();
        } else this.#armConnectTimerIfIdle();
      })
      .catch((err: unknown) => {
        // A bug on the connect path (middlewares are guarded inside _add): the client still gets
        // an answer, the name is no longer pending, and an idle connection times out again.
        log("connection %s: connecting to %s failed: %O", this.id, name, err);
        if (answered) return;
        this.#settled(name);
        if (this.#state !== "open") return;
        this.writePacket({ type: PacketType.CONNECT_ERROR, nsp: name, data: { message: CONNECT_FAILED_MESSAGE } });
        this.#armConnectTimerIfIdle();
      });
  }

  /** @internal A socket of this connection left its namespace. */
  _remove(socket: Socket): void {
    if (!this.#removeSocket(socket)) return;
    this.#armConnectTimerIfIdle();
  }

  /** Disconnects every namespace (each client gets a DISCONNECT), then closes the engine session. */
  _disconnect(): void {
    for (const socket of this.#allSockets()) socket.disconnect();
    this.close();
  }

  /** Closes the engine session; the sockets disconnect with "forced server close". */
  close(): void {
    if (this.#state !== "open") return;
    this.#onClose("forced server close");
    if (this.conn.readyState === "open") this.conn.close();
  }

  #onParseError(err: unknown): void {
    if (log.enabled) log("connection %s: parse error: %s", this.id, err instanceof Error ? err.message : String(err));
    if (this.#state !== "open") return;
    this.#onClose("parse error");
    this.conn.close();
  }

  /** @internal The engine session closed (or we close it): every socket disconnects with `reason`. */
  onEngineClose(reason: DisconnectReason, description?: unknown): void {
    if (this.#state !== "open") return;
    this.#onClose(reason, description);
  }

  #onClose(reason: DisconnectReason, description?: unknown): void {
    this.#setState("closed");
    if (this.conn.consumer !== undefined) this.conn.consumer = null;
    else {
      this.conn.off("message", onEngineMessage);
      this.conn.off("close", onEngineClose);
    }
    this.#clearConnectTimer();
    this.#binaryDecoder = null;
    for (const socket of this.#allSockets()) socket._onclose(reason, description);
    this.#first = undefined;
    this.#others = null;
  }

  #armConnectTimer(): void {
    this.#clearConnectTimer();
    this.#connectTimer = setTimeout(onConnectTimeout, this.server.opts.connectTimeout, this);
  }

  #pendingCount(): number {
    return this.#pending === null ? 0 : this.#pending.size;
  }

  /** `name` is no longer pending; the Set goes when it is empty. */
  #settled(name: string): void {
    const pending = this.#pending;
    if (pending === null) return;
    pending.delete(name);
    if (pending.size === 0) this.#pending = null;
  }

  #armConnectTimerIfIdle(): void {
    if (this.#state === "open" && this.#socketCount() === 0 && this.#pendingCount() === 0) this.#armConnectTimer();
  }

  #clearConnectTimer(): void {
    if (this.#connectTimer !== undefined) {
      clearTimeout(this.#connectTimer);
      this.#connectTimer = undefined;
    }
  }

  /** @internal */
  _onConnectTimeout(): void {
    this.#connectTimer = undefined;
    if (this.#socketCount() > 0 || this.#pendingCount() > 0) return;
    log("connection %s joined no namespace within connectTimeout: closing", this.id);
    this.close();
  }
}

function onEngineMessage(this: Tagged, data: string | Buffer): void {
  this[CONNECTION]?.onMessage(data);
}

function onEngineClose(this: Tagged, reason: DisconnectReason, description?: unknown): void {
  this[CONNECTION]?.onEngineClose(reason, description);
}

function onConnectTimeout(connection: Connection): void {
  connection._onConnectTimeout();
}
