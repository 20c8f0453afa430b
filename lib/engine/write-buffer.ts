/**
 * The write buffer of a session (socket.ts): packets wait there for the next
 * flush, which hands them all to the transport as one write; a client that
 * lets more than maxBufferedBytes wait is not reading, and its session ends.
 *
 * Module-level functions taking the session, as heartbeat.ts and
 * session-close.ts: no closure and no object per session or per packet.
 */
import type { Packet } from "engine.io-parser";
import { createLog } from "../log.js";
import { clientNotReading } from "./errors.js";
import {
  UNSHARED,
  UNSHARED_NO_COMPRESS,
  addSendCallback,
  callbacksIdle,
  writeFlushed,
  type EngineData,
  type SendCallback,
  type SendOptions,
} from "./send-callbacks.js";
import { closeSession, closeTransport, setState } from "./session-close.js";
import type { EngineSocket } from "./socket.js";

const log = createLog("volley:engine:socket");

const COMPRESS = { compress: true };
const NO_COMPRESS = { compress: false };

/**
 * Sends a message of `session`. The usual one (text, no callback, nothing waiting in the write
 * buffer nor any callback in flight, no "packetCreate", "flush" or "drain" listener, a transport
 * that takes it now) goes straight to the transport's `sendMessage`: no packet object, no
 * write-buffer array, no events nobody listens to. The bytes written are the same; any other
 * message goes through sendPacket.
 */
export function sendMessage(session: EngineSocket, data: EngineData, options?: SendOptions, callback?: SendCallback): void {
  const transport = session._transport;
  if (
    callback === undefined &&
    typeof data === "string" &&
    session._writeBuffer === null &&
    session._readyState === "open" &&
    transport.sendMessage !== undefined &&
    transport.writable &&
    callbacksIdle(session) &&
    !session._watchesWrites()
  ) {
    transport.sendMessage(data, options?.compress !== false, options !== UNSHARED && options !== UNSHARED_NO_COMPRESS);
    return;
  }
  sendPacket(session, "message", data, options, callback);
}

/** Queues a packet of `session`, and flushes at once when its transport can write. */
export function sendPacket(session: EngineSocket, type: Packet["type"], data?: EngineData, options?: SendOptions, callback?: SendCallback): void {
  if (session._readyState === "closing" || session._readyState === "closed") return;
  const packet: Packet = { type, options: options?.compress === false ? NO_COMPRESS : COMPRESS };
  if (data !== undefined) packet.data = data;
  session.emitReserved("packetCreate", packet);
  (session._writeBuffer ??= []).push(packet);
  if (callback) addSendCallback(session, callback);
  // Counted only while the transport cannot write, so the usual path pays nothing.
  if (!session._transport.writable && countWaiting(session, data)) return;
  flushWriteBuffer(session);
}

/**
 * Adds a packet waiting in the write buffer to the count; past
 * maxBufferedBytes the client is not reading (a stalled WebSocket, a
 * poller that stopped polling) and the session closes. True if it does.
 */
function countWaiting(session: EngineSocket, data: EngineData | undefined): boolean {
  // A string's length stands for its UTF-8 size: exact enough for a limit, and free.
  session._waitingBytes += data === undefined ? 1 : typeof data === "string" ? data.length : data.byteLength;
  const limit = session._ctx.opts.maxBufferedBytes;
  if (session._waitingBytes <= limit) return false;
  if (log.enabled) log("session %s: client not reading, %d bytes waiting", session.id, session._waitingBytes);
  const description = clientNotReading(session._waitingBytes, limit);
  // "closing" refuses further sends; the buffer is freed now. The close itself waits a
  // turn: this runs inside the app's send, where its disconnect listeners must not.
  setState(session, "closing");
  session._closeReason = "transport error";
  session._writeBuffer = null;
  session._callbacks?.dropPending();
  setImmediate(onNotReading, session, description);
  return true;
}

function onNotReading(session: EngineSocket, description: Error): void {
  closeSession(session, "transport error", description, true);
}

/** Hands the write buffer of `session` to its transport as one write, if it can write. */
export function flushWriteBuffer(session: EngineSocket): void {
  const packets = session._writeBuffer;
  if (session._readyState === "closed" || packets === null || !session._transport.writable) return;
  session._writeBuffer = null;
  session._waitingBytes = 0;
  session.emitReserved("flush", packets);
  writeFlushed(session);
  session._transport.send(packets);
  session.emitReserved("drain");
  if (session._closeAfterFlush && session._writeBuffer === null) {
    session._closeAfterFlush = false;
    closeTransport(session);
  }
}
