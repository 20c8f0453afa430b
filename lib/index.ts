/**
 * volley's server entry point: Socket.IO 4's server API.
 *
 * @example
 * import { Server } from "volley";
 * const io = new Server(3000);
 * io.on("connection", (socket) => socket.emit("hello"));
 */
export { Server } from "./server.js";
export { Namespace, type ExtendedError, type NamespaceMiddleware } from "./namespace.js";
export { ParentNamespace, type ParentNspNameMatchFn } from "./parent-namespace.js";
export { Socket, type DisconnectReason, type SocketMiddleware, RECOVERABLE_DISCONNECT_REASONS, TOO_MANY_PENDING_ACKS_CODE } from "./socket.js";
export { Connection } from "./connection.js";
export type { EngineConnection } from "./engine-connection.js";
export { BroadcastOperator, type BroadcastTimeoutError } from "./broadcast.js";
export { RemoteSocket } from "./remote-socket.js";
export {
  Adapter,
  type AdapterConstructor,
  type BroadcastFlags,
  type BroadcastOptions,
  type Room,
  type SocketId,
  type Session,
  type RestoredSession,
  type SocketDetails,
} from "./adapter.js";
export { SessionAwareAdapter, RecoveryStore } from "./recovery.js";
export type { Handshake } from "./handshake-info.js";
export type { ServerOptions, ConnectionStateRecoveryOptions } from "./options.js";
export type { DrainOptions } from "./drain.js";
export type * from "./typed-events.js";
export type { RequestMiddleware } from "./express.js";
export { VolleyError, DecodeError } from "./protocol/errors.js";
