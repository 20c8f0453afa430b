/**
 * How a session (socket.ts) ends: its state changes, closing its transport
 * (or leaving that to a pending upgrade), the client's CLOSE, and the final
 * close with its reason, after which the session is forgotten.
 *
 * Module-level functions taking the session, as heartbeat.ts and
 * write-buffer.ts: no closure and no object per session.
 */
import type { Packet } from "engine.io-parser";
import { createLog } from "../log.js";
import { stopHeartbeat } from "./heartbeat.js";
import type { EngineCloseReason, EngineSocketState } from "./socket-types.js";
import type { EngineSocket } from "./socket.js";

const log = createLog("volley:engine:socket");

const NOOP_PACKETS: Packet[] = [{ type: "noop" }];
/** How long a session whose client sent CLOSE over polling waits for a GET already on its way. */
const CLIENT_CLOSE_GRACE_MS = 1000;

/** Moves `session` to `state`. */
export function setState(session: EngineSocket, state: EngineSocketState): void {
  if (log.enabled) log("session %s: %s -> %s", session.id, session._readyState, state);
  session._readyState = state;
}

/** While an upgrade is pending, a held GET is answered with a noop so the client pauses polling. */
export function releaseHeldPoll(session: EngineSocket): void {
  const transport = session._transport;
  if (transport.name === "polling" && transport.writable) transport.send(NOOP_PACKETS.slice());
}

/**
 * The client sent CLOSE: it is leaving. A GET it holds is released with a noop, as engine.io
 * does (a close packet would only echo what it said), and the session closes; the sid is then
 * unknown. Over polling a client may send its GET and the POST carrying the CLOSE at once, and
 * the POST may arrive first: the session then waits up to CLIENT_CLOSE_GRACE_MS for that GET,
 * so it too gets the noop rather than a 400 (the public Engine.IO suite sends them so).
 */
export function onClientClose(session: EngineSocket): void {
  const transport = session._transport;
  if (transport.name !== "polling" || transport.writable) {
    releaseHeldPoll(session);
    closeSession(session, "transport close");
    return;
  }
  setState(session, "closing");
  session._closeReason = "transport close";
  stopHeartbeat(session);
  // (no field for it: the state says it, and a session closed meanwhile ignores the timer)
  setTimeout(onClientCloseGraceEnd, CLIENT_CLOSE_GRACE_MS, session).unref();
}

/** Waiting for the GET that a client's CLOSE overtook (see onClientClose). */
export function closingForClient(session: EngineSocket): boolean {
  return session._readyState === "closing" && session._closeReason === "transport close";
}

function onClientCloseGraceEnd(session: EngineSocket): void {
  if (closingForClient(session)) closeSession(session, "transport close");
}

/** Closes the transport of `session` in order (the app closed it), unless an upgrade is pending. */
export function closeTransport(session: EngineSocket): void {
  const probe = session._probe;
  if (probe) {
    // A client that answered the probe has paused polling and listens only on the
    // new WebSocket: neither a close packet on a GET nor closing the probe would
    // reach it. Let it send its `5` (upgradeTimeout bounds the wait); upgradeCompleted
    // then closes the WebSocket. Before that point, the probe is simply dropped and
    // upgradeFailed closes the polling transport.
    if (!probe.probed) probe.abort();
    return;
  }
  session._transport.close();
}

/**
 * Ends `session` with `reason`: its consumer, then its "close" listeners, hear it.
 *
 * `abort`: the client is not reading or not answering, so the transport is dropped rather than closed in order.
 * `flush`: the write buffer is handed to the transport's close instead of dropped.
 */
export function closeSession(session: EngineSocket, reason: EngineCloseReason, description?: unknown, abort = false, flush = false): void {
  if (session._readyState === "closed") return;
  setState(session, "closed");
  stopHeartbeat(session);
  if (session._probe) session._probe.abort();
  const unsent = flush && !abort && session._writeBuffer !== null ? session._writeBuffer : undefined;
  session._writeBuffer = null;
  session._waitingBytes = 0;
  session._callbacks?.clear();
  session._bareWrites = 0;
  const transport = session._transport;
  // Detach first: the transport's own close must not report back here.
  transport.owner = null;
  if (abort) transport.abort();
  else transport.close(unsent);
  if (log.enabled) log("session %s closed: %s", session.id, reason);
  session._ctx.sessionClosed(session);
  const consumer = session.consumer;
  if (consumer !== null) {
    try {
      consumer.onEngineClose(reason, description);
    } catch (err) {
      // as a "close" listener that throws (emitReserved): logged
      if (log.enabled) log("session %s: close consumer threw %O", session.id, err);
      return;
    }
  }
  session.emitReserved("close", reason, description);
}
