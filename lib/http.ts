/**
 * Mounting the server on Node's HTTP server.
 *
 * HOOK for the client-files helper: `handleHttpRequest` is the one place an
 * HTTP request under the server's path is routed. Today it hands everything to
 * the engine; serving the client bundle (when `io.serveClient()` is true) goes
 * here, before the engine, without touching lib/server.ts.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** What mounting needs from the engine (lib/engine's Engine satisfies it). */
export interface MountableEngine {
  attach(server: HttpServer, opts: { path: string }): void;
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** What mounting needs from the Socket.IO server. */
export interface MountableServer {
  readonly engine: MountableEngine;
  path(): string;
  serveClient(): boolean;
}

/**
 * Mounts the engine on `httpServer` under `path` (the engine registers its
 * request and upgrade listeners and leaves other paths to the app).
 *
 * @example
 * mountOnHttpServer(io, httpServer, "/socket.io/");
 */
export function mountOnHttpServer(io: MountableServer, httpServer: HttpServer, path: string): void {
  io.engine.attach(httpServer, { path });
}

/**
 * Answers one HTTP request under the server's path (for Express-style
 * mounting: `app.use(path, (req, res) => handleHttpRequest(io, req, res))`).
 *
 * @example
 * handleHttpRequest(io, req, res);
 */
export function handleHttpRequest(io: MountableServer, req: IncomingMessage, res: ServerResponse): void {
  io.engine.handleRequest(req, res);
}
