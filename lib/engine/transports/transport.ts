/**
 * The tiny interface every transport implements, and the back-reference
 * interface through which a transport reports to its owner.
 *
 * A transport calls its owner's methods instead of emitting events: one
 * pointer per transport instead of a closure per listener per connection.
 * The owner is the session (EngineSocket) or, during an upgrade, the probe.
 */
import type { IncomingMessage } from "node:http";
import type { Packet } from "engine.io-parser";
import type { TransportName } from "../options.js";

/** Receives what a transport has to say. */
export interface TransportOwner {
  /** A decoded packet arrived (type "error" when it could not be decoded). */
  onTransportPacket(transport: Transport, packet: Packet): void;
  /** The transport can take packets now (a GET arrived, or the WebSocket is open). */
  onTransportReady(transport: Transport): void;
  /** The last batch given to `send` has been written. */
  onTransportDrain(transport: Transport): void;
  /** The transport failed: aborted request, overlap, socket error. */
  onTransportError(transport: Transport, reason: string, cause?: unknown): void;
  /** The transport is closed (by the peer, or after `close()` completed). */
  onTransportClose(transport: Transport): void;
}

/** Mutable headers of a response, emitted as "headers" / "initial_headers". */
export type ResponseHeaders = Record<string, string | string[]>;

/** Lets the engine see (and change) the headers of every polling response. */
export interface HeadersHook {
  /**
   * Whether anyone would see or add to them now (a "headers" or "initial_headers" listener, a
   * cookie to set): when not, the response's head is written without a headers object.
   */
  wanted(): boolean;
  /** Shows `headers` of the response to `req` to the app, which may change them. */
  emit(headers: ResponseHeaders, req: IncomingMessage): void;
}

/** What the engine and the session need from a transport. */
export interface Transport {
  readonly name: TransportName;
  /** Whether `send` may be called now. */
  readonly writable: boolean;
  /** Who hears about packets, drain, errors and close. */
  owner: TransportOwner | null;
  /** Writes packets, in order. Only call when `writable`. */
  send(packets: Packet[]): void;
  /**
   * Optional fast path for the usual packet: one text message, as `send([{ type: "message", data }])`
   * with `compress`, except that the owner hears no `onTransportDrain` for it (the session takes
   * this path only when no send callback waits). `shared`: the same text may go to other sessions
   * next (a broadcast), worth caching its frame. Only call when `writable`.
   */
  sendMessage?(data: string, compress: boolean, shared: boolean): void;
  /**
   * Writes what `send` has queued now, on its own: what is sent next leaves in a later write,
   * far enough behind (WebSocket: FLUSH_GAP_MS) that a client reading one message per read of
   * its socket gets the two apart. Optional: polling has nothing to do, each response is one
   * write and the next one waits for the client's next GET.
   */
  flush?(): void;
  /**
   * Closes in an orderly way; the owner hears `onTransportClose` when done.
   * `lastPackets` (the session's unsent buffer) go out before the close.
   */
  close(lastPackets?: Packet[]): void;
  /** Closes right away without telling the owner (the session moved to another transport). */
  discard(): void;
  /**
   * Drops the connection at once, with no orderly close: the client is not
   * reading, so a close packet or frame would only wait behind unread bytes.
   */
  abort(): void;
}
