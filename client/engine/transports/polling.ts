/**
 * HTTP long-polling over fetch, the same code in browsers and Node (Node 20
 * has a global fetch): one GET in flight to receive, one POST in flight to
 * send. Binary packets travel as "b" + base64 inside the text payload.
 *
 * Environment-neutral: no node:* imports.
 */
import { encodePacket } from "../parser.node.js";
import { RECORD_SEPARATOR } from "../../../lib/protocol/constants.js";
import type { TransportErrorDetails, TransportPhase } from "../errors.js";
import { requestHeaders, storeCookies } from "../globals.node.js";
import { Transport } from "../transport.js";
import type { Packet } from "../types.js";

/**
 * The long-polling transport.
 *
 * @example
 * const t = new PollingTransport(owner, opts);
 * t.open(); // sends the handshake GET; owner._onPacket(t, packet) for each packet
 */
export class PollingTransport extends Transport {
  readonly name = "polling";
  /** Aborts the GET in flight (on close); null between two polls. */
  #get: AbortController | null = null;
  /** What pause() was given, called once nothing is in flight; set while pausing. */
  #onPaused?: (() => void) | undefined;

  protected _doClose(): void {
    // An open session is told goodbye with a close packet; the held GET is
    // aborted once that POST is answered (aborting first would look like a
    // network failure to the server). Before the handshake there is no
    // session to tell.
    if (this.readyState === "opening") this.#get?.abort();
    else this.send([{ type: "close" }]);
  }

  /**
   * POSTs the packets as one payload: their records joined by the record
   * separator (what engine.io-parser's encodePayload does, without its
   * extra function in the bundle). Drained once the server took it.
   */
  async send(packets: Packet[]): Promise<void> {
    this.writable = false;
    // binary data goes as "b" + base64 (which a browser's FileReader makes asynchronously)
    const records = await Promise.all(packets.map((packet) => new Promise((resolve) => encodePacket(packet, false, resolve))));
    const sent = (await this.#request("post", { method: "POST", body: records.join(RECORD_SEPARATOR) })) !== undefined;
    // the goodbye POST of close() was answered: now the held GET can go
    if (this.readyState === "closed") this.#get?.abort();
    else if (sent) {
      this._onDrain();
      this.#checkPaused();
    }
  }

  /** Waits for the GET and the POST in flight, then calls `onPause`; polls no more meanwhile. */
  override pause(onPause: () => void): void {
    this.#onPaused = onPause;
    this.#checkPaused();
  }

  /** Polls again after an upgrade that failed while this transport was pausing. */
  override resume(): void {
    this.#onPaused = undefined;
    if (this.readyState === "open" && !this.#get) this.open();
  }

  /** Calls the pause's callback once a pause is asked for and nothing is in flight. */
  #checkPaused(): void {
    if (this.#onPaused && !this.#get && this.writable) this.#onPaused();
  }

  /** Sends a GET and handles its packets; opening is the first poll (the handshake). */
  async open(): Promise<void> {
    // a failure is a "poll" failure once open, a "handshake" one before (Transport._onError)
    const text = await this.#request("poll", { signal: (this.#get = new AbortController()).signal });
    if (text === undefined || this.readyState === "closed") return;
    if (this.readyState === "opening") {
      // the handshake's answer starts with the open packet
      if (text[0] !== "0") {
        return this._onError("poll", { cause: "not an open packet: " + text.slice(0, 60) });
      }
      this._onOpen();
    }
    // (engine.io-parser's decodePayload, inlined: the client closes on an "error" packet)
    for (const record of text.split(RECORD_SEPARATOR)) {
      const packet = this._decode(record);
      if (packet.type === "close") return this.close({ description: "transport closed by the server" });
      this._owner._onPacket(this, packet);
      // the owner may have closed this transport (TS cannot see that the call changed the state)
      if ((this.readyState as string) === "closed") return;
    }
    this.#get = null;
    // poll again (a "6" noop just leads here), unless pausing for the upgrade
    if (this.#onPaused) this.#checkPaused();
    else this.open();
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
      // (`init` is the caller's fresh object: completed here)
      init.headers = requestHeaders(o);
      // otherwise fetch's default "same-origin", which is what XHR without withCredentials did
      if (o.withCredentials) init.credentials = "include";
      // a string body is sent as text/plain;charset=UTF-8 by fetch itself
      // the global fetch called bare: browsers refuse it called on another object (a missing one throws, caught below)
      const res = await (o.fetch ?? fetch)(this._uri("http"), init);
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
