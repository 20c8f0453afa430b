/**
 * A Socket's outgoing events and the acks they wait for: sending an event
 * (through the adapter when connection state recovery must store it), the
 * maxPendingAcks cap, matching an incoming ACK, failing what still waits when
 * the socket disconnects.
 */
import { createLog } from "./log.js";
import { PacketType } from "./protocol/constants.js";
import { VolleyError } from "./protocol/errors.js";
import type { Packet } from "./protocol/packet.js";
import { reportAdapterRejection } from "./adapter-contract.js";
import type { SocketAcks } from "./broadcast-acks.js";
import type { EmitFlags } from "./socket-emit-modifiers.js";
import type { Socket } from "./socket.js";

const log = createLog("volley:socket");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => void;

const DISCONNECTED_ERROR_MESSAGE = "socket has been disconnected";

/** Stable code of the error an emit past the maxPendingAcks cap gets. */
export const TOO_MANY_PENDING_ACKS_CODE = "VOLLEY_TOO_MANY_PENDING_ACKS";

/** How many of a socket's own emits wait for their ack (`acks`: its table, undefined until its first ack). */
export function pendingAckCount(acks: SocketAcks | undefined): number {
  return acks === undefined ? 0 : acks.pending.size;
}

/** The error of an emit refused by the maxPendingAcks cap. */
export function tooManyPendingAcks(socket: Socket): VolleyError {
  const max = socket.server.opts.maxPendingAcks;
  if (log.enabled) log("socket %s: ack refused, %d acks already pending", socket.id, max);
  return new VolleyError(TOO_MANY_PENDING_ACKS_CODE, `too many pending acks: ${max} emits of this socket still wait for their answer (maxPendingAcks)`);
}

/**
 * Sends `data` (`[event, ...args]`, a function last: the ack callback) to the
 * socket's client with the emit's `flags`; false when the ack cap refused it.
 *
 * @example
 * sendEvent(socket, ["ask", 1, (answer) => {}], { timeout: 1000 }, acks);
 */
export function sendEvent(socket: Socket, data: unknown[], flags: Readonly<EmitFlags>, acks: SocketAcks | undefined): boolean {
  const packet: Packet = { type: PacketType.EVENT, nsp: socket.nsp.name, data };
  const last = data[data.length - 1];
  if (typeof last === "function") {
    data.pop();
    if (pendingAckCount(acks) >= socket.server.opts.maxPendingAcks) {
      // Not sent: an answer could not be matched, and a retry by the app must not duplicate it.
      queueMicrotask(() => (last as AnyFn)(tooManyPendingAcks(socket)));
      return false;
    }
    packet.id = socket.acks.register(last as AnyFn, flags.timeout);
  }
  if (socket.server.opts.connectionStateRecovery && packet.id === undefined && !flags.volatile) {
    // Through the adapter so the event is stored (with its offset) for recovery.
    reportAdapterRejection(socket.adapter.broadcast(packet, { rooms: new Set([socket.id]), except: new Set(), flags: { ...flags } }), socket, "broadcast");
  } else {
    socket._notifyAnyOutgoing(data);
    socket.packet(packet, flags.volatile, flags.compress);
  }
  return true;
}

/** An ACK from the client: runs the socket's own ack of that id, or the broadcast ack; logs one that matches nothing. */
export function settleIncomingAck(socket: Socket, acks: SocketAcks | undefined, packet: Packet): void {
  const id = packet.id as number;
  const args = (packet.data ?? []) as unknown[];
  if (acks !== undefined && (acks.settle(id, args) || acks.settleBroadcast(id, socket, args))) return;
  if (log.enabled) log("socket %s: ack %d matches nothing", socket.id, id);
}

/** The socket disconnected: broadcast acks are dropped, its own acks get an Error. */
export function failAcksOnDisconnect(acks: SocketAcks): void {
  acks.clearBroadcast();
  try {
    acks.rejectAll(new Error(DISCONNECTED_ERROR_MESSAGE));
  } catch (err) {
    log("an ack callback threw on disconnect: %s", err);
  }
}
