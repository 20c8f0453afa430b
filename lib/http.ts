/**
 * Mounting the server on Node's HTTP server: requests under the server's
 * path go to the client files (when serveClient is on) or to the engine;
 * upgrades under the path go to the engine; everything else is the app's.
 * The Express middleware form (lib/express.ts) uses the upgrade half only.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { attachTo, endForeignUpgrade, type AttachOptions, type Detach } from "./engine/attach.js";
import { applyCors } from "./engine/cors.js";
import type { CorsOptions } from "./engine/options.js";
import { clientFileName, serveClientFile } from "./serve-client.js";

/** What mounting needs from the engine (lib/engine's Engine satisfies it). */
export interface MountableEngine {
  readonly opts?: { readonly cors?: CorsOptions | false };
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): unknown;
}

/** What mounting needs from the Socket.IO server. */
export interface MountableServer {
  readonly engine: MountableEngine;
  /** destroyUpgrade and destroyUpgradeTimeout: what happens to upgrades for other paths. */
  readonly opts?: Pick<AttachOptions, "destroyUpgrade" | "destroyUpgradeTimeout">;
  path(): string;
  serveClient(): boolean;
}

/**
 * Mounts `io` on `httpServer` under `path`; returns the function that
 * removes exactly what was added.
 *
 * @example
 * const detach = mountOnHttpServer(io, httpServer, "/socket.io/");
 */
export function mountOnHttpServer(io: MountableServer, httpServer: HttpServer, path: string): Detach {
  return attachTo(
    {
      handleRequest: (req, res) => handleHttpRequest(io, req, res),
      handleUpgrade: (req, socket, head) => io.engine.handleUpgrade(req, socket, head),
      close: () => io.engine.close(),
    },
    httpServer,
    { path, destroyUpgrade: io.opts?.destroyUpgrade, destroyUpgradeTimeout: io.opts?.destroyUpgradeTimeout },
  );
}

/**
 * The upgrade half of mounting, for when `io.middleware()` answers the
 * requests inside an Express app: adds one "upgrade" listener that takes
 * only upgrades under `path` (other WebSocket servers on other paths keep
 * theirs; when there is none, an upgrade for another path is answered 404
 * and closed after `destroyUpgradeTimeout`, as attachTo does) and a "close"
 * listener that closes the engine. The server's
 * "request" listeners are not touched. Returns the function that removes
 * exactly what was added.
 *
 * @example
 * app.use(io.middleware());
 * const detach = mountUpgradesOnHttpServer(io, app.listen(3000), "/socket.io/");
 */
export function mountUpgradesOnHttpServer(io: MountableServer, httpServer: HttpServer, path: string): Detach {
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (req.url?.startsWith(path)) io.engine.handleUpgrade(req, socket, head);
    else endForeignUpgrade(httpServer, socket, io.opts ?? {});
  };
  const onClose = (): void => {
    io.engine.close();
  };
  httpServer.on("upgrade", onUpgrade);
  httpServer.on("close", onClose);
  let attached = true;
  return () => {
    if (!attached) return;
    attached = false;
    httpServer.off("upgrade", onUpgrade);
    httpServer.off("close", onClose);
  };
}

/**
 * Answers one HTTP request under the server's path: a client file when
 * serveClient is on and the name is one of the bundles, else the engine.
 *
 * @example
 * handleHttpRequest(io, req, res);
 */
export function handleHttpRequest(io: MountableServer, req: IncomingMessage, res: ServerResponse): void {
  const name = io.serveClient() ? clientFileName(req.url, io.path() + "/") : undefined;
  if (name === undefined) {
    io.engine.handleRequest(req, res);
    return;
  }
  void answerClientFile(io, name, req, res);
}

async function answerClientFile(io: MountableServer, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const cors = io.engine.opts?.cors;
    // (not refused for a foreign origin: a <script src> is not subject to CORS)
    if (cors && (await applyCors(cors, req, res)).answered) return;
    if (serveClientFile(name, req, res)) return;
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(`${name} is not built: run \`npm run build\` in the volley package`);
  } catch (err) {
    // A failing cors origin function must not take the process down.
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(`could not serve ${name}: ${(err as Error).message}`);
  }
}
