/**
 * What a session (socket.ts) does with each packet its transport delivers:
 * messages go to its consumer and "message" listeners, pongs to its heartbeat,
 * and a CLOSE, an invalid ping or an undecodable packet ends it.
 *
 * Module-level functions taking the session, as write-buffer.ts and
 * session-close.ts: the per-packet path costs no closure and no extra call.
 */
import type { Packet } from "engine.io-parser";
import { createLog } from "../log.js";
import { closeSession, onClientClose } from "./session-close.js";
import { heartbeatPong, heartbeatTraffic } from "./heartbeat.js";
import type { EngineSocket } from "./socket.js";

const log = createLog("volley:engine:socket");

/** Handles a packet of the open `session`, received on its current transport. */
export function receivePacket(session: EngineSocket, packet: Packet): void {
  // (each emitReserved call gathers its arguments into an array: skipped when nobody listens)
  if (session.hasListeners("packet")) session.emitReserved("packet", packet);
  if (packet.type !== "pong") heartbeatTraffic(session);
  switch (packet.type) {
    case "message":
      deliverMessage(session, packet.data as string | Buffer);
      break;
    case "pong":
      heartbeatPong(session);
      session.emitReserved("heartbeat");
      break;
    case "ping":
      // Only the server pings in Engine.IO v4. "transport error" as engine.io 6 says it
      // (with its message), which also keeps the session recoverable.
      closeSession(session, "transport error", new Error("invalid heartbeat direction"));
      break;
    case "close":
      onClientClose(session);
      break;
    case "error":
      closeSession(session, "parse error", new Error("the client sent a packet that could not be decoded"));
      break;
    default: // noop (and a stray upgrade) carry nothing.
      break;
  }
}

/** A message: to the consumer first, then to the "message" listeners. */
function deliverMessage(session: EngineSocket, data: string | Buffer): void {
  const consumer = session.consumer;
  if (consumer !== null) {
    try {
      consumer.onMessage(data);
    } catch (err) {
      // as a "message" listener that throws (emitReserved): the session ends
      if (log.enabled) log("session %s: message consumer threw %O", session.id, err);
      closeSession(session, "transport error", err);
      return;
    }
  }
  if (session.hasListeners("message")) session.emitReserved("message", data);
}
