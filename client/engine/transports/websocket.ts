/**
 * The WebSocket transport: one Engine.IO packet per frame, binary packets as
 * binary frames. The constructor comes from globals.node.ts (`ws` in Node,
 * the browser's own WebSocket in the browser build).
 *
 * Environment-neutral source: the platform parts live in globals(.node).ts.
 */
import { decodePacket, encodePacket } from "engine.io-parser";
import { openWebSocket } from "../globals.node.js";
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
  #ws?: WebSocketLike;

  protected _doOpen(): void {
    const o = this.opts;
    const binaryType = o.binaryType;
    let ws: WebSocketLike;
    try {
      // throws e.g. for a malformed URL: reported like any other failure, never thrown out of open()
      ws = this.#ws = openWebSocket(this._uri("ws", o.timestampRequests === true), o);
    } catch (cause) {
      return this._onError("handshake", { cause });
    }
    ws.binaryType = binaryType;
    ws.onopen = () => this._onOpen();
    ws.onmessage = (ev) => this.emitReserved("packet", decodePacket(ev.data as string, binaryType));
    ws.onerror = (ev) => this._onError("connection", { cause: ev, context: ev });
    ws.onclose = (ev) => this._onClose({ description: "websocket connection closed", context: ev, code: ev.code, wasClean: ev.wasClean });
  }

  protected _doClose(): void {
    const ws = this.#ws;
    if (ws) {
      // The close was our decision: later messages and errors of this socket
      // mean nothing (its "close" finds this transport closed already).
      // onerror stays a function: `ws` throws an "error" nobody listens to
      // (closing before the handshake finished emits one).
      ws.onmessage = ws.onerror = noop;
      ws.close();
    }
  }

  protected _write(packets: Packet[]): void {
    this.writable = false;
    const ws = this.#ws!;
    for (const packet of packets) encodePacket(packet, true, (data) => ws.send(data));
    // "drain" asynchronously, like a socket would: the client finishes its
    // flush before it hears that the transport can take more
    queueMicrotask(() => {
      if (this.readyState === "open") {
        this.writable = true;
        this.emitReserved("drain");
      }
    });
  }
}
