/**
 * The WebSocket transport: one Engine.IO packet per frame, binary frames for
 * binary data. Reading frames, masking, permessage-deflate and maxPayload are ws's
 * job; the one frame volley builds itself is an outgoing uncompressed text message,
 * built once per broadcast for all its recipients (text-frame.ts).
 *
 * Writes are batched: frames are queued per connection and written once per
 * event-loop turn (flush-queue.ts) with the connection's stream corked, so a
 * flush of k frames is one writev, not k (a flush of one frame, the usual one,
 * needs no cork). A broadcast's text frame is built once (frame-cache.ts).
 *
 * Back-pressure is ours: ws buffers outgoing data without limit, so once per
 * flush the transport looks at ws's public `bufferedAmount`. Above a low
 * watermark it stops being writable (volatile packets are dropped, the
 * session keeps the others in order) until the flush's last frame is written;
 * above `maxBufferedBytes` the client is not reading and the session ends.
 *
 * ws listeners are module-level functions; they find the transport through a
 * symbol back-reference on the ws object, so a connection costs no closures.
 */
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import { decodePacket, encodePacket, type Packet } from "engine.io-parser";
import { createLog } from "../../log.js";
import { EnginePacketType } from "../../protocol/constants.js";
import { clientNotReading } from "../errors.js";
import { cachedMessageFrame, cachedMessagePayload } from "./frame-cache.js";
import { scheduleFlush } from "./flush-queue.js";
import { textFrame } from "./text-frame.js";
import type { Transport, TransportOwner } from "./transport.js";

const log = createLog("volley:engine:websocket");

const kTransport = Symbol("volley.websocket");
interface Tagged {
  [kTransport]?: WebSocketTransport;
}

// encodePacket calls back synchronously in Node; a module slot avoids a closure per packet.
let encodedSlot: string | Buffer | ArrayBuffer | ArrayBufferView = "";
function storeEncoded(encoded: string | Buffer | ArrayBuffer | ArrayBufferView): void {
  encodedSlot = encoded;
}

/**
 * How long frames sent after a `flush()` wait before they are written (see Transport.flush).
 * A write of its own is not enough: a client that handles one message per read of its socket
 * (ws 8.5 emits all frames of one read synchronously, and Socket.IO's public conformance suite
 * listens once per message) still gets both frames in one read whenever it reads later than the
 * server writes the second. Measured with such a client on a loaded 2-core machine (load ~15),
 * the message after a CONNECT reply was lost by ~45% of connections when written in the next
 * turn (socket.io 4.8: the same), by 7% after 1 ms, 1% after 5 ms, none of 600 after 10 ms.
 */
const FLUSH_GAP_MS = 10;

function onFlushGapEnd(transport: WebSocketTransport): void {
  transport.flushGapEnded();
}

const TEXT_FRAME = { binary: false, compress: true };
const TEXT_FRAME_NO_COMPRESS = { binary: false, compress: false };
const BINARY_FRAME = { binary: true, compress: true };
const BINARY_FRAME_NO_COMPRESS = { binary: true, compress: false };
/** Marks a queued frame as already framed (text-frame.ts): written to the stream as it is. */
const PREFRAMED = { binary: false, compress: false };
type FrameData = string | Buffer | ArrayBuffer | ArrayBufferView;
type FrameOptions = typeof TEXT_FRAME;
/** ws's readyState for an open connection. */
const WS_OPEN = 1;

function onWsMessage(this: WebSocket, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
  const transport = (this as Tagged)[kTransport];
  if (!transport) return;
  let message: string | Buffer;
  if (Array.isArray(data)) message = Buffer.concat(data);
  else message = Buffer.isBuffer(data) ? data : Buffer.from(data);
  // toString() without arguments is UTF-8 without the encoding lookup that toString("utf8") pays
  transport.receive(isBinary ? message : message.toString());
}

function onWsClose(this: WebSocket): void {
  (this as Tagged)[kTransport]?.closed();
}

function onWsError(this: WebSocket, err: Error): void {
  (this as Tagged)[kTransport]?.failed(err);
}

/**
 * open: takes packets. congested: more than the low watermark waits in ws's
 * buffer; frames already queued still go out, new packets wait in the session.
 * closed: nothing more is written.
 */
type WebSocketState = "open" | "congested" | "closed";

/** What a WebSocket transport needs from the engine's options. */
export interface WebSocketSettings {
  /** Bytes that may wait in ws's send buffer before the session closes. */
  maxBufferedBytes: number;
}

/** Below this share of maxBufferedBytes a connection counts as keeping up (1 MiB at the default 16 MiB). */
const LOW_WATERMARK_DIVISOR = 16;

/** Bytes a frame will take in ws's buffer: exact for buffers (messages), a string's length for the short control packets. */
function frameSize(data: FrameData): number {
  return typeof data === "string" ? data.length : data.byteLength;
}

/**
 * Wraps one ws connection as an Engine.IO transport.
 *
 * @example
 * const transport = new WebSocketTransport(ws, { maxBufferedBytes: 16 * 1024 * 1024 });
 * transport.owner = session;
 */
export class WebSocketTransport implements Transport {
  /** (a getter, not a field: a field is 8 bytes on every connection) */
  get name(): "websocket" {
    return "websocket";
  }
  owner: TransportOwner | null = null;
  #state: WebSocketState = "open";
  readonly #ws: WebSocket;
  /**
   * The first frame waiting for the end of the turn (null: none) and its options. Most flushes
   * write one frame: it needs no array, and no cork (ws corks a frame's header and payload itself).
   */
  #frame: FrameData | null = null;
  #frameOptions: FrameOptions = TEXT_FRAME;
  /** Frames queued after #frame in the same turn: data and options, alternating (null: none). */
  #more: unknown[] | null = null;
  /** The engine's settings, shared by its transports (the limits are not copied into each). */
  readonly #settings: WebSocketSettings;
  /** Set for FLUSH_GAP_MS after a `flush()`: frames sent meanwhile wait for it, not for the end of the turn. */
  #flushGap: NodeJS.Timeout | null = null;
  /** ws's write callback while congested; made on the first congestion only, so a healthy connection costs no closure. */
  #onDrained: ((err?: Error | null) => void) | null = null;
  /**
   * The stream ws writes to: the one the engine handed to `handleUpgrade`, so ours, not ws's
   * private `_socket`. ws has no API to batch frames, so a flush of several corks it: the flush's
   * frames leave in one writev instead of one per frame. Null when constructed without it.
   */
  readonly #stream: Duplex | null;
  /**
   * True when no extension was negotiated, so a text frame on the wire is exactly what
   * text-frame.ts builds and ws's sender never holds frames back (it queues only while
   * compressing, or reading a Blob, which volley never sends): a pre-framed write straight to the
   * stream lands in order with ws's own writes, and `ws.bufferedAmount` (the stream's
   * writableLength + ws's queue) still counts it, so the slow-reader accounting stays exact.
   */
  readonly #preframed: boolean;

  /**
   * @param stream the Duplex given to ws's `handleUpgrade` for this connection (corked around a
   *   flush, and the target of pre-framed broadcast frames); without it every frame goes through `ws.send`.
   */
  constructor(ws: WebSocket, settings: WebSocketSettings, stream: Duplex | null = null) {
    this.#ws = ws;
    this.#stream = stream;
    this.#preframed = stream !== null && ws.extensions === "";
    this.#settings = settings;
    (ws as Tagged)[kTransport] = this;
    ws.on("message", onWsMessage);
    ws.on("close", onWsClose);
    ws.on("error", onWsError);
  }

  /**
   * True while open and not congested: ws queues frames in order itself, so
   * the session hands packets over at once rather than waiting for each
   * write callback. False while more than the low watermark waits in ws's
   * buffer, so volatile packets are dropped and the rest wait in the session.
   */
  get writable(): boolean {
    return this.#state === "open";
  }

  #setState(state: WebSocketState): void {
    if (log.enabled) log("%s -> %s", this.#state, state);
    this.#state = state;
    if (state === "closed" && this.#flushGap) {
      clearTimeout(this.#flushGap);
      this.#flushGap = null;
    }
  }

  send(packets: Packet[]): void {
    if (this.#state === "closed") return;
    if (this.#frame === null && this.#flushGap === null) scheduleFlush(this);
    for (let i = 0; i < packets.length; i++) this.#queueOne(packets[i]!);
    this.owner?.onTransportDrain(this);
  }

  sendMessage(data: string, compress: boolean, shared: boolean): void {
    if (this.#state === "closed") return;
    if (this.#frame === null && this.#flushGap === null) scheduleFlush(this);
    // A text for this connection only: framed without the cache (nor comparing it with the cache's text).
    if (!shared && this.#preframed) this.#queueFrame(textFrame(EnginePacketType.MESSAGE, data), PREFRAMED);
    else this.#queueText(data, compress);
  }

  /** Encodes now (so a broadcast's run of identical sends hits the frame cache), writes at the end of the turn. */
  #queueOne(packet: Packet): void {
    const compress = packet.options?.compress !== false;
    const data = packet.data;
    if (packet.type === "message" && typeof data === "string") {
      this.#queueText(data, compress);
      return;
    }
    encodePacket(packet, true, storeEncoded);
    const encoded = encodedSlot;
    encodedSlot = "";
    if (typeof encoded === "string") this.#queueFrame(encoded, compress ? TEXT_FRAME : TEXT_FRAME_NO_COMPRESS);
    else this.#queueFrame(encoded, compress ? BINARY_FRAME : BINARY_FRAME_NO_COMPRESS);
  }

  /** A text message: its frame from the cache (built there if this is a new text). */
  #queueText(data: string, compress: boolean): void {
    if (this.#preframed) this.#queueFrame(cachedMessageFrame(data), PREFRAMED);
    else this.#queueFrame(cachedMessagePayload(data), compress ? TEXT_FRAME : TEXT_FRAME_NO_COMPRESS);
  }

  #queueFrame(data: FrameData, options: FrameOptions): void {
    if (this.#frame === null) {
      this.#frame = data;
      this.#frameOptions = options;
    } else (this.#more ??= []).push(data, options);
  }

  #dropFrames(): void {
    this.#frame = null;
    this.#more = null;
  }

  /**
   * Writes the frames queued so far now; what is sent in the next FLUSH_GAP_MS is written when
   * that gap ends, in one write (see Transport.flush). A flush during a gap starts it again.
   */
  flush(): void {
    if (this.#state === "closed") return;
    this.#writeNow();
    if (this.#flushGap) this.#flushGap.refresh();
    else this.#flushGap = setTimeout(onFlushGapEnd, FLUSH_GAP_MS, this);
  }

  /** @internal the end-of-turn write (flush-queue.ts); during a flush gap, the gap's end writes instead. */
  flushFrames(): void {
    if (this.#flushGap === null) this.#writeNow();
  }

  /** @internal the gap after a flush() is over: what was sent meanwhile goes now. */
  flushGapEnded(): void {
    this.#flushGap = null;
    this.#writeNow();
  }

  /**
   * Hands the queued frames to ws, in order, then looks at ws's buffer once.
   * A failing write ends this session only; it never reaches the shared flush loop.
   */
  #writeNow(): void {
    try {
      this.#writeFrames();
    } catch (err) {
      this.#dropFrames();
      if (log.enabled) log("write failed: %O", err);
      const owner = this.owner;
      this.owner = null;
      this.abort();
      owner?.onTransportError(this, "websocket error", err);
    }
  }

  /** Writes the queued frames; false when that found the client not reading (the transport is then closed). */
  #writeFrames(): boolean {
    const first = this.#frame;
    const more = this.#more;
    this.#dropFrames();
    if (this.#state === "closed" || first === null) return true;
    if (more === null) return this.#writeLast(first, this.#frameOptions);
    const stream = this.#stream;
    stream?.cork();
    try {
      this.#writeFrame(first, this.#frameOptions);
      const lastAt = more.length - 2;
      for (let i = 0; i < lastAt; i += 2) this.#writeFrame(more[i] as FrameData, more[i + 1] as FrameOptions);
      return this.#writeLast(more[lastAt] as FrameData, more[lastAt + 1] as FrameOptions);
    } finally {
      stream?.uncork();
    }
  }

  /** Writes the last frame of a flush, after a look at ws's buffer (what the flush wrote before it included). */
  #writeLast(last: FrameData, lastOptions: FrameOptions): boolean {
    // Looked at before the last frame so that, when congested, that frame can carry the
    // one write callback of this flush: everything this flush wrote, plus the last frame.
    const waiting = this.#ws.bufferedAmount + frameSize(last);
    const maxBufferedBytes = this.#settings.maxBufferedBytes;
    if (waiting > maxBufferedBytes) {
      this.#overflow(waiting);
      return false;
    }
    if (waiting <= maxBufferedBytes / LOW_WATERMARK_DIVISOR || this.#state === "congested") {
      this.#writeFrame(last, lastOptions);
      return true;
    }
    this.#setState("congested");
    // When the last frame has been written, so has everything before it: the buffer is empty.
    this.#onDrained ??= (err?: Error | null) => this.drained(err);
    this.#writeFrame(last, lastOptions, this.#onDrained);
    return true;
  }

  /** A pre-framed frame goes to the stream as it is (while ws is open, as ws.send would); any other through ws. */
  #writeFrame(data: FrameData, options: FrameOptions, callback?: (err?: Error | null) => void): void {
    if (options !== PREFRAMED) {
      this.#ws.send(data, options, callback);
      return;
    }
    if (this.#ws.readyState === WS_OPEN) this.#stream!.write(data, callback);
  }

  /** @internal ws wrote the last frame of a congested flush (or failed to: `err`). */
  drained(err?: Error | null): void {
    if (err || this.#state !== "congested") return;
    this.#setState("open");
    // The session flushes what waited, and emits "drain".
    this.owner?.onTransportReady(this);
  }

  /** More than maxBufferedBytes waits: the client is not reading. */
  #overflow(waiting: number): void {
    if (log.enabled) log("client not reading: %d bytes waiting", waiting);
    const owner = this.owner;
    this.owner = null;
    this.abort();
    owner?.onTransportError(this, "client is not reading", clientNotReading(waiting, this.#settings.maxBufferedBytes));
  }

  close(lastPackets?: Packet[]): void {
    if (this.#state === "closed") return;
    if (lastPackets) for (let i = 0; i < lastPackets.length; i++) this.#queueOne(lastPackets[i]!);
    // Frames queued this turn (e.g. a close packet) go out before the close frame.
    if (!this.#writeFrames()) return;
    this.#setState("closed");
    this.#ws.close();
    // Reported at once: waiting for the peer's close frame could take ws's full closing timeout.
    this.owner?.onTransportClose(this);
  }

  discard(): void {
    this.owner = null;
    this.close();
  }

  abort(): void {
    if (this.#state === "closed") return;
    this.#dropFrames();
    this.#setState("closed");
    // Not ws.close(): its close frame would queue behind the bytes nobody reads and keep
    // them in memory for ws's whole closing timeout. Destroying frees them now.
    this.#ws.terminate();
    this.owner?.onTransportClose(this);
  }

  /**
   * @internal a frame arrived. Taken while congested too: congestion is about
   * the outgoing side, and a slow reader's messages, acks and pongs still count.
   */
  receive(message: string | Buffer): void {
    if (this.#state === "closed" || !this.owner) return;
    if (log.enabled) log("received %s", typeof message === "string" ? message.slice(0, 200) : `<${message.length} bytes>`);
    this.owner.onTransportPacket(this, decodePacket(message, "nodebuffer"));
  }

  /** @internal the connection closed. */
  closed(): void {
    if (this.#state === "closed") return;
    this.#setState("closed");
    this.owner?.onTransportClose(this);
  }

  /** @internal ws reported an error (e.g. a frame over maxPayload: ws closes with 1009). */
  failed(err: Error): void {
    if (this.#state === "closed") return;
    this.#setState("closed");
    // ws has already started its closing handshake (e.g. 1009); let it finish.
    this.owner?.onTransportError(this, "websocket error", err);
  }
}
