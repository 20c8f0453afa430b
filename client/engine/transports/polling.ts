/**
 * HTTP long-polling over fetch, the same code in browsers and Node (Node 20
 * has a global fetch): one GET in flight to receive, one POST in flight to
 * send. Binary packets travel as "b" + base64 inside the text payload.
 *
 * Environment-neutral: no node:* imports.
 */
import { decodePacket, encodePacket } from "engine.io-parser";
import { RECORD_SEPARATOR } from "../../../lib/protocol/constants.js";
import type { TransportErrorDetails, TransportPhase } from "../errors.js";
import { requestHeaders, storeCookies } from "../globals.node.js";
import { Transport } from "../transport.js";
import type { Packet } from "../types.js";

/**
 * The long-polling transport.
 *
 * @example
 * const t = new PollingTransport(opts);
 * t.on("packet", (p) => console.log(p));
 * t.open(); // sends the handshake GET
 */
export class PollingTransport extends Transport {
  readonly name = "polling";
  /** Aborts the GET in flight (on close); null between two polls. */
  #get: AbortController | null = null;
  /** What pause() was given, called once nothing is in flight. */
  #onPaused?: () => void;

  protected _doClose(): void {
    // An open session is told goodbye with a close packet; the held GET is
    // aborted once that POST is answered (aborting first would look like a
    // network failure to the server). Before the handshake there is no
    // session to tell.
    if (this.readyState === "opening") this.#get?.abort();
    else this._write([{ type: "close" }]);
  }

  /**
   * POSTs the packets as one payload: their records joined by the record
   * separator (what engine.io-parser's encodePayload does, without its
   * extra function in the bundle). "drain" once the server took it.
   */
  protected async _write(packets: Packet[]): Promise<void> {
    this.writable = false;
    // binary data goes as "b" + base64 (which a browser's FileReader makes asynchronously)
    const records = await Promise.all(packets.map((packet) => new Promise((resolve) => encodePacket(packet, false, resolve))));
    const sent = (await this.#request("post", { method: "POST", body: records.join(RECORD_SEPARATOR) })) !== undefined;
    // the goodbye POST of close() was answered: now the held GET can go
    if (this.readyState === "closed") this.#get?.abort();
    else if (sent) {
      this.writable = true;
      this.emitReserved("drain");
      this.#checkPaused();
    }
  }

  /** Waits for the GET and the POST in flight, then calls `onPause`. */
  override pause(onPause: () => void): void {
    this.readyState = "pausing";
    this.#onPaused = onPause;
    this.#checkPaused();
  }

  /** Polls again after an upgrade that failed while this transport was paused. */
  override resume(): void {
    super.resume();
    if (this.readyState === "open" && !this.#get) this._doOpen();
  }

  /** Pauses (the base class's immediate pause) once a pause is asked for and nothing is in flight. */
  #checkPaused(): void {
    if (this.readyState === "pausing" && !this.#get && this.writable) super.pause(this.#onPaused!);
  }

  /** Sends a GET and handles its packets; opening is the first poll (the handshake). */
  protected async _doOpen(): Promise<void> {
    const get = (this.#get = new AbortController());
    // a failure is a "poll" failure once open, a "handshake" one before (Transport._onError)
    const text = await this.#request("poll", { signal: get.signal });
    if (text === undefined || this.readyState === "closed") return;
    // (engine.io-parser's decodePayload, inlined: the client closes on an "error" packet)
    for (const record of text.split(RECORD_SEPARATOR)) {
      let packet: Packet;
      try {
        packet = decodePacket(record, this.opts.binaryType);
      } catch {
        // invalid base64 in a "b" record (atob throws): engine.io-parser's own
        // verdict for a packet it cannot decode, which closes with "parse error"
        packet = { type: "error", data: "parser error" };
      }
      if (this.readyState === "opening" && packet.type === "open") this._onOpen();
      if (packet.type === "close") return this._onClose({ description: "transport closed by the server" });
      this.emitReserved("packet", packet);
      // a listener may have closed the client (TS cannot see that the call changed the state)
      if ((this.readyState as string) === "closed") return;
    }
    if (this.readyState === "opening") {
      return this._onError("handshake", { cause: "the server answered without an open packet: " + text.slice(0, 60) });
    }
    this.#get = null;
    // "open": poll again (a "6" noop just leads here); "pausing": stop for the upgrade
    if (this.readyState === "open") this._doOpen();
    else this.#checkPaused();
  }

  /**
   * One GET or POST. Resolves to the body of a successful
   * answer; a failure is reported as an "error" (unless the transport closed
   * meanwhile) and resolves to undefined. An error answer's body is read for
   * the server's `{code, message}`.
   */
  async #request(phase: TransportPhase, init: RequestInit): Promise<string | undefined> {
    const o = this.opts;
    let details: TransportErrorDetails;
    try {
      // a string body is sent as text/plain;charset=UTF-8 by fetch itself
      const res = await o.fetch(this._uri("http", o.timestampRequests !== false), {
        ...init,
        headers: requestHeaders(o),
        // otherwise fetch's default "same-origin", which is what XHR without withCredentials did
        credentials: o.withCredentials ? "include" : undefined,
      });
      storeCookies(o, res);
      // a POST's tiny "ok" is read too, so the HTTP connection can be reused
      const text = await res.text();
      if (res.ok) return text;
      details = { status: res.status, body: text, context: res };
    } catch (cause) {
      details = { cause };
    }
    if (this.readyState !== "closed") this._onError(phase, details);
  }
}
