/**
 * A Socket's side of connection state recovery: at connect, a restored socket
 * replays the events its client missed; at a recoverable disconnect, the
 * socket's session is persisted so that its client can come back to it.
 */
import { createLog } from "./log.js";
import { PacketType } from "./protocol/constants.js";
import { settleAdapterCall } from "./adapter-contract.js";
import { RECOVERABLE_DISCONNECT_REASONS, type DisconnectReason } from "./disconnect-reason.js";
import type { RestoredSession } from "./adapter.js";
import type { Socket } from "./socket.js";

const log = createLog("volley:socket");

/**
 * Sends `restored`'s missed events to the socket's client, in order.
 *
 * @example
 * replayMissedPackets(socket, restored); // then the CONNECT reply
 */
export function replayMissedPackets(socket: Socket, restored: RestoredSession): void {
  // Called in the same step that adds the socket to nsp.sockets: every event is either
  // in this list or delivered live afterwards. Before the CONNECT reply, in order.
  const missed = restored.collectMissedPackets ? restored.collectMissedPackets() : restored.missedPackets;
  for (const data of missed) socket.packet({ type: PacketType.EVENT, nsp: socket.nsp.name, data });
}

/**
 * Persists the socket's session (id, pid, rooms, data) when it disconnects
 * for a recoverable `reason` and recovery is on; a failure is only logged.
 *
 * @example
 * persistSessionOnClose(socket, "transport close"); // before it leaves its rooms
 */
export function persistSessionOnClose(socket: Socket, reason: DisconnectReason): void {
  if (!socket.pid || !socket.server.opts.connectionStateRecovery || !RECOVERABLE_DISCONNECT_REASONS.has(reason)) return;
  try {
    const persisted = socket.adapter.persistSession({ sid: socket.id, pid: socket.pid, rooms: [...socket.rooms], data: socket.data });
    settleAdapterCall(persisted, (err) => log("socket %s: persisting its session failed: %s", socket.id, err.message));
  } catch (err) {
    log("socket %s: persisting its session failed: %s", socket.id, err);
  }
}
