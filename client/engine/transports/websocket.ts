/**
 * The WebSocket transport: one Engine.IO packet per frame, binary packets as
 * binary frames. The constructor comes from globals.node.ts (`ws` in Node,
 * the browser's own WebSocket in the browser build).
 *
 * Environment-neutral source: the platform parts live in globals(.node).ts.
 */
import { decodePacket, encodePacket } from "engine.io-parser";
import { DefaultWebSocket, createWebSocket } from "../globals.node.js";
import { Transport } from "../transport.js";
import type { Packet, WebSocketLike } from "../types.js";

function noop(): void {}

/**
 * The WebSocket transport.
 *
 * @example
 * const t = new WebSocketTransport(opts);
 * t.on("open", () => t.send([{ type: "message", data: "hi" }]));
 * t.open();
 */
export class WebSocketTransport extends Transport {
  readonly name = "websocket";
  #ws: WebSocketLike | null = null;

  // Bound once per transport: sending a packet allocates no closure.
  readonly #sendEncoded = (data: unknown): void => {
    try {
      this.#ws?.send(data);
    } catch {
      // the socket is closing: its close event reports the loss
    }
  };
  readonly #onDrain = (): void => {
    if (this.readyState !== "open") return;
    this.writable = true;
    this.emitReserved("drain");
  };

  protected _doOpen(): void {
    const Ctor = this.opts.WebSocket ?? DefaultWebSocket;
    if (!Ctor) return this._onError(this.query.sid ? "upgrade" : "handshake", { cause: "no WebSocket constructor here" });
    let ws: WebSocketLike;
    try {
      ws = createWebSocket(Ctor, this._uri("ws", this.opts.timestampRequests === true), this._headers(), this.opts.autoUnref === true);
    } catch (err) {
      // e.g. a malformed URL: report it like any other failure, never throw out of open()
      return this._onError("handshake", { cause: err });
    }
    this.#ws = ws;
    ws.binaryType = this.opts.binaryType;
    ws.onopen = () => this._onOpen();
    ws.onmessage = (ev) => {
      if (this.readyState !== "closed") this._onPacket(decodePacket(ev.data as string, this.opts.binaryType));
    };
    ws.onerror = (ev) => {
      if (this.readyState === "closed") return;
      const phase = this.readyState !== "opening" ? "connection" : this.query.sid ? "upgrade" : "handshake";
      this._onError(phase, { cause: ev, context: ev });
    };
    ws.onclose = (ev) =>
      this._onClose({ description: "websocket connection closed", context: ev, code: ev.code, wasClean: ev.wasClean });
  }

  protected _doClose(): void {
    const ws = this.#ws;
    if (!ws) return;
    this.#ws = null;
    // the close was our decision: later events of this socket mean nothing.
    // onerror stays a function: `ws` throws an "error" nobody listens to
    // (closing before the handshake finished emits one)
    ws.onclose = ws.onmessage = ws.onopen = null;
    ws.onerror = noop;
    try {
      ws.close();
    } catch {
      // already closed
    }
  }

  protected _write(packets: Packet[]): void {
    this.writable = false;
    for (let i = 0; i < packets.length; i++) encodePacket(packets[i] as Packet, true, this.#sendEncoded);
    // "drain" asynchronously, like a socket would: the client finishes its
    // flush before it hears that the transport can take more
    queueMicrotask(this.#onDrain);
  }
}
