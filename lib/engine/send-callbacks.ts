/**
 * What `socket.send` takes, and the bookkeeping behind its callback: it runs once
 * the write that carried its packet has been handed to the network (the
 * transport's drain), in the order of the writes.
 */
import { createLog } from "../log.js";

const log = createLog("volley:engine:socket");

/** What `send` accepts: text, or bytes (sent as a binary message). */
export type EngineData = string | Buffer | ArrayBuffer | ArrayBufferView;

/** Options of one send. */
export interface SendOptions {
  /** Allows compression of this packet (permessage-deflate / gzip). Default true. */
  compress?: boolean;
}

/**
 * @internal The options the Socket.IO layer sends a packet for one client only with (not a
 * broadcast's, whose text every recipient shares): the WebSocket transport then builds the
 * frame without first comparing the text with the last one it framed (its broadcast frame
 * cache), a comparison as long as the text for a text that is sent once.
 */
export const UNSHARED: Readonly<SendOptions> = Object.freeze({ compress: true });
/** @internal {@link UNSHARED}, without compression. */
export const UNSHARED_NO_COMPRESS: Readonly<SendOptions> = Object.freeze({ compress: false });

/** A callback of one send. */
export type SendCallback = () => void;

/**
 * Callbacks of packets still in the write buffer, then of each write in flight.
 * Writes without callbacks that are older than any write with callbacks (the
 * usual case: none has any) are only counted, so a flush costs no array slot.
 *
 * @example
 * const callbacks = new SendCallbacks();
 * callbacks.add(() => console.log("sent"));
 * callbacks.flushed();            // the buffer went to the transport
 * callbacks.drained(session.id);  // the transport wrote it: "sent"
 */
export class SendCallbacks {
  // Both arrays are made on first use: most sessions never pass a callback.
  /** Callbacks of the packets in the write buffer; null when none. */
  #pending: SendCallback[] | null = null;
  /** Writes in flight, oldest first, after the `#bare` ones: their callbacks, or null for none. */
  #sent: (SendCallback[] | null)[] | null = null;
  /** Writes in flight without callbacks, all older than every entry of `#sent`. */
  #bare: number;

  /** `bareWrites`: the writes without callbacks already in flight when it is made. */
  constructor(bareWrites = 0) {
    this.#bare = bareWrites;
  }

  /** No callback waits, in the write buffer or in flight: a write then needs no bookkeeping here. */
  get idle(): boolean {
    return this.#pending === null && (this.#sent === null || this.#sent.length === 0);
  }

  /** A packet with a callback entered the write buffer. */
  add(callback: SendCallback): void {
    (this.#pending ??= []).push(callback);
  }

  /** The write buffer was handed to the transport as one write. */
  flushed(): void {
    if (this.#pending !== null) {
      (this.#sent ??= []).push(this.#pending);
      this.#pending = null;
    } else if (this.#sent === null || this.#sent.length === 0) {
      this.#bare++;
    } else {
      this.#sent.push(null);
    }
  }

  /**
   * The transport finished its oldest write: run that write's callbacks. One
   * that throws is logged; the others still run.
   */
  drained(sessionId: string): void {
    if (this.#bare > 0) {
      this.#bare--;
      return;
    }
    const callbacks = this.#sent?.shift();
    if (!callbacks) return;
    for (let i = 0; i < callbacks.length; i++) {
      try {
        callbacks[i]!();
      } catch (err) {
        if (log.enabled) log("session %s: send callback threw %O", sessionId, err);
      }
    }
  }

  /** The write buffer was dropped: its callbacks never run. */
  dropPending(): void {
    this.#pending = null;
  }

  /** The session closed: no callback runs any more. */
  clear(): void {
    this.#pending = null;
    this.#sent = null;
    this.#bare = 0;
  }
}

/**
 * What a session keeps for its send callbacks: nothing but a count of writes in flight until
 * the first callback, then a {@link SendCallbacks} (most sessions never pass one: 48 bytes
 * less each). The functions below are the session's side of it.
 */
export interface SendCallbackHolder {
  /** Made with the first callback; null until then. */
  _callbacks: SendCallbacks | null;
  /** Writes in flight while `_callbacks` is null (all without callbacks). */
  _bareWrites: number;
}

/** A packet with `callback` entered the write buffer. */
export function addSendCallback(holder: SendCallbackHolder, callback: SendCallback): void {
  if (holder._callbacks === null) {
    holder._callbacks = new SendCallbacks(holder._bareWrites);
    holder._bareWrites = 0;
  }
  holder._callbacks.add(callback);
}

/** No callback waits: a write needs no bookkeeping beyond the count. */
export function callbacksIdle(holder: SendCallbackHolder): boolean {
  return holder._callbacks === null || holder._callbacks.idle;
}

/** The write buffer went to the transport as one write. */
export function writeFlushed(holder: SendCallbackHolder): void {
  if (holder._callbacks === null) holder._bareWrites++;
  else holder._callbacks.flushed();
}

/** The transport finished its oldest write: its callbacks run (see SendCallbacks.drained). */
export function writeDrained(holder: SendCallbackHolder, sessionId: string): void {
  if (holder._callbacks !== null) holder._callbacks.drained(sessionId);
  else if (holder._bareWrites > 0) holder._bareWrites--;
}
