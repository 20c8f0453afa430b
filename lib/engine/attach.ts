/**
 * Mounting an engine on a node:http(s) server at a path.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** Where the engine answers. */
export interface AttachOptions {
  /** Default "/engine.io/". */
  path?: string;
  /** Whether the path ends with "/" (matches "/engine.io/?…"). Default true. */
  addTrailingSlash?: boolean;
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
 * @example
 * computePath({ path: "/live" }) // "/live/"
 */
export function computePath(options: AttachOptions = {}): string {
  let path = (options.path ?? "/engine.io").replace(/\/$/, "");
  if (options.addTrailingSlash !== false) path += "/";
  return path;
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
  // Other paths are left alone so other WebSocket servers can share the http server.
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (matches(req.url)) engine.handleUpgrade(req, socket, head);
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
