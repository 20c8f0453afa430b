/**
 * Why a server Socket disconnected, and which reasons keep its session for
 * connection state recovery.
 */

/** Why a socket disconnected (the strings socket.io 4 uses). */
export type DisconnectReason =
  | "transport error"
  | "transport close"
  | "forced close"
  | "ping timeout"
  | "parse error"
  | "server shutting down"
  | "forced server close"
  | "server namespace disconnect"
  | "client namespace disconnect";

/**
 * Reasons after which a session is kept for recovery: the client did not mean to leave.
 *
 * @example
 * if (RECOVERABLE_DISCONNECT_REASONS.has(reason)) persistSession(socket);
 */
export const RECOVERABLE_DISCONNECT_REASONS: ReadonlySet<string> = new Set([
  "transport error",
  "transport close",
  "forced close",
  "ping timeout",
  "server shutting down",
  "forced server close",
]);
