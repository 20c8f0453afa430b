/**
 * Graceful shutdown for rolling deploys: drain a server so that its clients
 * move to the remaining ones without an error in the app.
 *
 * Draining, in order:
 * 1. new sessions are refused (the engine answers handshakes 400 "Server is
 *    shutting down") and the HTTP server stops accepting TCP connections, so a
 *    load balancer's health check and new clients go elsewhere; polling
 *    responses carry `Connection: close` from then on, so no kept-alive HTTP
 *    connection brings a client back here;
 * 2. every connection is closed the orderly way (what it still has to send is
 *    flushed first): clients see "transport close", a reason they reconnect
 *    on, at once with their usual backoff and jitter, through the load
 *    balancer (not "io server disconnect", which would stop them reconnecting);
 * 3. once every connection is gone, or after `graceMs`, the server closes
 *    (`io.close()`), ending whatever is left.
 *
 * Server-side sockets are disconnected with reason "forced close", which
 * connection state recovery counts as recoverable.
 */
import type { ResponseHeaders } from "./engine/transports/transport.js";
import type { Server } from "./server.js";

/** Options of {@link drainServer}. */
export interface DrainOptions {
  /** Longest wait, in ms, for the connections to leave before the server closes anyway. Default 10000. */
  graceMs?: number;
}

/** Default grace period of a drain. */
export const DEFAULT_DRAIN_GRACE_MS = 10000;

/** How often the drain looks whether every connection has left. */
const POLL_MS = 20;

const draining = new WeakSet<object>();

/** Whether `io` is draining (or drained): a health endpoint can report it. */
export function isDraining(io: object): boolean {
  return draining.has(io);
}

function closeAfterResponse(headers: ResponseHeaders): void {
  headers.Connection = "close";
}

/**
 * Drains `io` (see the module comment); resolves once it is closed. Calling
 * it again returns at once.
 *
 * @example
 * process.on("SIGTERM", async () => {
 *   await drainServer(io, { graceMs: 15000 }); // clients are on the other servers now
 *   process.exit(0);
 * });
 */
export async function drainServer(io: Server, { graceMs = DEFAULT_DRAIN_GRACE_MS }: DrainOptions = {}): Promise<void> {
  if (draining.has(io)) return;
  draining.add(io);
  const engine = io.engine;
  if (engine) {
    engine.stopAccepting();
    engine.on("headers", closeAfterResponse);
  }
  // Stop taking TCP connections; the open ones are served until io.close().
  if (io.httpServer?.listening) io.httpServer.close();
  io.httpServer?.closeIdleConnections?.();
  if (engine) {
    for (const session of [...engine.clients.values()]) session.close();
    const deadline = Date.now() + graceMs;
    while (engine.clients.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  await io.close();
}
