/**
 * The WebSocket transport: one Engine.IO packet per frame, binary packets as
 * binary frames. The constructor comes from globals.node.ts (`ws` in Node,
 * the browser's own WebSocket in the browser build).
 *
 * Environment-neutral source: the platform parts live in globals(.node).ts.
 */
import { encodePacket } from "../parser.node.js";
import { CAN_TERMINATE, openWebSocket } from "../globals.node.js";
import { Transport } from "../transport.js";
import type { Packet, WebSocketLike } from "../types.js";

function noop(): void {}

/**
 * The WebSocket transport.
 *
 * @example
 * const t = new WebSocketTransport(owner, opts);
 * t.open(); // owner._onPacket(t, packet) for each frame
 */
export class WebSocketTransport extends Transport {
  readonly name = "websocket";
  #ws?: WebSocketLike;

  open(): void {
    const o = this.opts;
    const binaryType = this._owner.binaryType;
    // the phase is "handshake" or "upgrade" while opening (Transport._onError)
    const fail = (ev: unknown): void => this._onError("connection", { cause: ev, context: ev });
    try {
      // throws e.g. for a malformed URL: reported like any other failure, never thrown out of open()
      const ws = (this.#ws = openWebSocket(this._uri("ws"), o));
      ws.binaryType = binaryType;
      ws.onopen = () => this._onOpen();
      ws.onmessage = (ev) => this._owner._onPacket(this, this._decode(ev.data as string));
      ws.onerror = fail;
      ws.onclose = (ev) => this.close({ description: "websocket connection closed", context: ev, code: ev.code, wasClean: ev.wasClean });
    } catch (cause) {
      fail(cause);
    }
  }

  protected _doClose(): void {
    const ws = this.#ws;
    if (ws) {
      // The close was our decision: later messages and errors of this socket
      // mean nothing (its "close" finds this transport closed already).
      // onerror stays a function: `ws` throws an "error" nobody listens to
      // (closing before the handshake finished emits one).
      ws.onmessage = ws.onerror = noop;
      // Node: after a ping timeout the server will not answer a close frame either, and `ws`
      // would hold the TCP connection for its 30 s closing timeout (browsers: false, minified away)
      if (CAN_TERMINATE && this._owner._serverSilent && ws.terminate) ws.terminate();
      else ws.close();
    }
  }

  send(packets: Packet[]): void {
    this.writable = false;
    const ws = this.#ws!;
    for (const packet of packets) encodePacket(packet, true, (data) => ws.send(data));
    // "drain" asynchronously, like a socket would: the client finishes its
    // flush before it hears that the transport can take more
    queueMicrotask(() => this.readyState === "open" && this._onDrain());
  }
}
