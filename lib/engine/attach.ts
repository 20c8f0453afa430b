/**
 * Mounting an engine on a node:http(s) server at a path.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { DEFAULT_DESTROY_UPGRADE_TIMEOUT } from "../protocol/constants.js";

/** Where the engine answers. */
export interface AttachOptions {
  /** Default "/engine.io/". */
  path?: string;
  /** Whether the path ends with "/" (matches "/engine.io/?…"). Default true. */
  addTrailingSlash?: boolean;
  /**
   * Whether an upgrade request for another path is answered 404 and closed
   * after `destroyUpgradeTimeout`, when nothing else answered it meanwhile.
   * Only upgrades that no other "upgrade" listener of the server received
   * are closed: another WebSocket server on the same http server keeps its
   * own. Default true (engine.io's option of the same name).
   */
  destroyUpgrade?: boolean;
  /** Milliseconds an unanswered upgrade for another path waits before it is closed. Default 1000. */
  destroyUpgradeTimeout?: number;
}

/** What attach needs from the engine. */
export interface Mountable {
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Undoes one attach. */
export type Detach = () => void;

/**
 * The request path the engine answers, as engine.io computes it.
 *
 * A path without its leading slash gets one, as the app meant it.
 *
 * @example
 * computePath({ path: "/live" }) // "/live/"
 * computePath({ path: "live", addTrailingSlash: false }) // "/live"
 */
export function computePath(options: AttachOptions = {}): string {
  let path = options.path ?? "/engine.io";
  // "socket.io" means "/socket.io/": a request path always starts with "/"
  if (!path.startsWith("/")) path = "/" + path;
  path = path.replace(/\/$/, "");
  if (options.addTrailingSlash !== false) path += "/";
  return path;
}

/** The answer to an upgrade for a path nobody serves. */
const NOT_FOUND = "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

function ignoreError(): void {
  // the socket is being closed: its errors have no one to tell
}

/**
 * An upgrade request for a path that is not the engine's. Once a server
 * has an "upgrade" listener, Node no longer closes such requests itself,
 * so when ours is the only listener (nobody else received it) nobody would
 * ever answer: the client would wait for its own connect timeout (20 s for
 * socket.io-client). After `destroyUpgradeTimeout` it is answered 404 and
 * closed, unless something wrote to it meanwhile (engine.io's destroyUpgrade).
 *
 * @example
 * server.on("upgrade", (req, socket) => isMine(req) || endForeignUpgrade(server, socket, {}));
 */
export function endForeignUpgrade(server: HttpServer, socket: Duplex, options: AttachOptions): void {
  if (options.destroyUpgrade === false || server.listenerCount("upgrade") > 1) return;
  socket.on("error", ignoreError);
  const timer = setTimeout(() => {
    // something else answered it (bytes written), or the client gave up
    if (socket.destroyed || (socket as Partial<Socket>).bytesWritten! > 0) return;
    // as abortUpgrade and ws do: the answer, then the socket goes (a client that never closes cannot keep it)
    socket.write(NOT_FOUND);
    socket.destroy();
  }, options.destroyUpgradeTimeout ?? DEFAULT_DESTROY_UPGRADE_TIMEOUT);
  // a server closing meanwhile need not wait for it
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}

function pathMatcher(path: string): (url: string | undefined) => boolean {
  const exactEnd = path.endsWith("/");
  return (url) => {
    if (!url || !url.startsWith(path)) return false;
    if (exactEnd || url.length === path.length) return true;
    const next = url.charAt(path.length);
    return next === "?" || next === "/";
  };
}

/**
 * Routes `path` requests and upgrades of `server` to `engine`; returns the
 * function that removes exactly what was added (and restores what was moved).
 *
 * @example
 * const detach = attachTo(engine, httpServer, { path: "/live" });
 */
export function attachTo(engine: Mountable, server: HttpServer, options: AttachOptions = {}): Detach {
  const matches = pathMatcher(computePath(options));

  // Node has no way to stop other "request" listeners from answering a
  // request, so when the server already has some (e.g. an Express app), they
  // are taken over: removed, called by our single listener for every other
  // path, and restored on detach. This is the one documented exception to
  // "never touch other listeners"; mounting the engine through the Express
  // middleware form avoids it.
  const captured = server.listeners("request").slice() as RequestListener[];
  for (const listener of captured) server.off("request", listener);

  let attached = true;
  const onRequest: RequestListener = (req, res) => {
    // Kept after detach only while it is the server's sole listener (see below).
    if (!attached && server.listenerCount("request") > 1) return;
    if (matches(req.url)) {
      engine.handleRequest(req, res);
      return;
    }
    if (captured.length > 0) {
      for (const listener of captured) listener.call(server, req, res);
      return;
    }
    // Nobody else would answer: do not leave the client hanging.
    if (server.listenerCount("request") === 1) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("Not Found");
    }
  };
  // Other paths are left alone so other WebSocket servers can share the http server,
  // unless nobody else listens: then nobody would ever answer them.
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (matches(req.url)) engine.handleUpgrade(req, socket, head);
    else endForeignUpgrade(server, socket, options);
  };
  const onClose = (): void => engine.close();

  server.on("request", onRequest);
  server.on("upgrade", onUpgrade);
  server.on("close", onClose);

  const removeRequestListener = (): void => {
    server.off("request", onRequest);
  };
  return () => {
    if (!attached) return;
    attached = false;
    server.off("upgrade", onUpgrade);
    server.off("close", onClose);
    if (captured.length > 0 || !server.listening) {
      server.off("request", onRequest);
      for (const listener of captured) server.on("request", listener);
      return;
    }
    // Nobody else answers requests on this server: a request already on its way
    // (a client's next GET racing engine.close()) would hang, and so would the
    // server's own close(). Keep answering (a closed engine refuses) until then.
    server.once("close", removeRequestListener);
  };
}
