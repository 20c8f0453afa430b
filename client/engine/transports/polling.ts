/**
 * HTTP long-polling over fetch, the same code in browsers and Node (Node 20
 * has a global fetch): one GET in flight to receive, one POST in flight to
 * send. Binary packets travel as "b" + base64 inside the text payload.
 *
 * Environment-neutral: no node:* imports.
 */
import { decodePayload, encodePayload } from "engine.io-parser";
import { Transport } from "../transport.js";
import type { Packet } from "../types.js";

const POST_CONTENT_TYPE = "text/plain;charset=UTF-8";

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
  /** A GET is in flight. */
  #polling = false;
  #getAbort: AbortController | null = null;
  #onPaused: (() => void) | null = null;

  // Bound once per transport, so a request allocates no closure of its own.
  readonly #onGetResponse = (res: Response): void => {
    this.opts.cookieJar?.store(res);
    if (this.readyState === "closed") return;
    if (res.ok) res.text().then(this.#onGetBody, this.#onGetFailure);
    else this.#failWithBody(this.#getPhase(), res);
  };
  readonly #onGetBody = (text: string): void => this.#onData(text);
  readonly #onGetFailure = (err: unknown): void => {
    if (this.readyState !== "closed") this._onError(this.#getPhase(), { cause: err });
  };
  readonly #onPayloadEncoded = (payload: string): void => {
    this.#request("POST", payload, undefined).then(this.#onPostResponse, this.#onPostFailure);
  };
  readonly #onPostResponse = (res: Response): void => {
    this.opts.cookieJar?.store(res);
    if (this.readyState === "closed") return this.#abortGet();
    // read the tiny "ok" body so the HTTP connection can be reused
    if (res.ok) res.text().then(this.#onPostDone, this.#onPostFailure);
    else this.#failWithBody("post", res);
  };
  readonly #onPostDone = (): void => {
    if (this.readyState === "closed") return this.#abortGet();
    this.writable = true;
    this.emitReserved("drain");
    this.#checkPaused();
  };
  readonly #onPostFailure = (err: unknown): void => {
    if (this.readyState === "closed") return this.#abortGet();
    this._onError("post", { cause: err });
  };

  protected _doOpen(): void {
    this.#poll();
  }

  protected _doClose(): void {
    // An open session is told goodbye with a close packet; the held GET is
    // aborted once that POST is answered (aborting first would look like a
    // network failure to the server). Before the handshake there is no
    // session to tell.
    if (this.readyState === "opening") this.#abortGet();
    else this._write([{ type: "close" }]);
  }

  protected _write(packets: Packet[]): void {
    this.writable = false;
    encodePayload(packets, this.#onPayloadEncoded);
  }

  /** Waits for the GET and the POST in flight, then calls `onPause`. */
  override pause(onPause: () => void): void {
    this._setState("pausing");
    this.#onPaused = onPause;
    this.#checkPaused();
  }

  /** Polls again after an upgrade that failed while this transport was paused. */
  override resume(): void {
    if (this.readyState !== "pausing" && this.readyState !== "paused") return;
    this.#onPaused = null;
    this._setState("open");
    if (!this.#polling) this.#poll();
  }

  #checkPaused(): void {
    if (this.readyState !== "pausing" || this.#polling || !this.writable) return;
    this._setState("paused");
    const onPaused = this.#onPaused;
    this.#onPaused = null;
    onPaused?.();
  }

  #poll(): void {
    this.#polling = true;
    this.#getAbort = new AbortController();
    this.#request("GET", undefined, this.#getAbort.signal).then(this.#onGetResponse, this.#onGetFailure);
  }

  #onData(text: string): void {
    if (this.readyState === "closed") return;
    const packets = decodePayload(text, this.opts.binaryType);
    for (let i = 0; i < packets.length; i++) {
      const packet = packets[i] as Packet;
      if (this.readyState === "opening" && packet.type === "open") this._onOpen();
      if (packet.type === "close") return this._onClose({ description: "transport closed by the server" });
      this._onPacket(packet);
      // a listener may have closed the client (TS cannot see that the call changed the state)
      if ((this.readyState as string) === "closed") return;
    }
    if (this.readyState === "opening") {
      return this._onError("handshake", { cause: `the server answered without an open packet: ${text.slice(0, 60)}` });
    }
    this.#polling = false;
    this.#getAbort = null;
    // "open": poll again (a "6" noop just leads here); "pausing": stop for the upgrade
    if (this.readyState === "open") this.#poll();
    else this.#checkPaused();
  }

  #request(method: "GET" | "POST", body: string | undefined, signal: AbortSignal | undefined): Promise<Response> {
    const { opts } = this;
    let headers = this._headers();
    if (body !== undefined) headers = { ...headers, "content-type": POST_CONTENT_TYPE };
    return opts.fetch(this._uri("http", opts.timestampRequests !== false), {
      method,
      body,
      headers,
      // "same-origin" is what XHR without withCredentials did
      credentials: opts.withCredentials ? "include" : "same-origin",
      signal,
    });
  }

  #getPhase(): "handshake" | "poll" {
    return this.query.sid === undefined ? "handshake" : "poll";
  }

  #abortGet(): void {
    this.#getAbort?.abort();
    this.#getAbort = null;
  }

  /** Reads the error body (the server's `{code, message}`) before reporting. */
  #failWithBody(phase: "handshake" | "poll" | "post", res: Response): void {
    const report = (body: string): void => {
      if (this.readyState !== "closed") this._onError(phase, { status: res.status, body, context: res });
    };
    res.text().then(report, () => report(""));
  }
}
