/**
 * Helpers for the Express mounting specs: an Express 5 (or 4) app with a volley
 * Server mounted in one of the two forms, on 127.0.0.1:0, and socket.io-client
 * sockets that are all closed by close().
 */
import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express5, { type Express } from "express";
import express4 from "express4";
import { io as ioc, type Socket as ClientSocket, type ManagerOptions, type SocketOptions } from "socket.io-client";
import { Server } from "../../lib/index.js";
import type { ServerOptions } from "../../lib/options.js";

/** How the volley Server is mounted on the app. */
export type MountForm =
  /** socket.io style: `new Server(app.listen())` */
  | "attach"
  /** `app.use(io.middleware())` then `io.attach(server)` */
  | "middleware"
  /** `app.use(io.middleware())` without any attach (no upgrades) */
  | "middleware-only";

/** Express major versions the specs run against (Express 4 is installed as "express4"). */
export type ExpressVersion = 4 | 5;

/** A running app. */
export interface ExpressFixture {
  app: Express;
  io: Server;
  httpServer: HttpServer;
  url: string;
  client(opts?: Partial<ManagerOptions & SocketOptions>): ClientSocket;
  close(): Promise<void>;
}

/**
 * Starts an Express app with volley mounted in `form`. `before` runs on the
 * app before volley's middleware is mounted, `after` after it (routes, parsers).
 *
 * @example
 * const fx = await startExpress("middleware", { after: (app) => app.get("/hi", (_q, r) => r.send("hi")) });
 */
export async function startExpress(
  form: MountForm,
  setup: {
    before?: (app: Express, io: Server) => void;
    after?: (app: Express, io: Server) => void;
    opts?: Partial<ServerOptions>;
    version?: ExpressVersion;
  } = {},
): Promise<ExpressFixture> {
  const app = setup.version === 4 ? express4() : express5();
  const opts = { pingInterval: 300, pingTimeout: 200, ...setup.opts };
  let io: Server;
  let httpServer: HttpServer;
  if (form === "attach") {
    httpServer = await listen(app);
    io = new Server(httpServer, opts);
    setup.before?.(app, io);
    setup.after?.(app, io);
  } else {
    io = new Server(opts);
    setup.before?.(app, io);
    app.use(io.middleware());
    setup.after?.(app, io);
    httpServer = await listen(app);
    if (form === "middleware") io.attach(httpServer);
  }
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const clients: ClientSocket[] = [];
  return {
    app,
    io,
    httpServer,
    url,
    client(clientOpts = {}) {
      const socket = ioc(url, { forceNew: true, reconnection: false, ...clientOpts });
      clients.push(socket);
      return socket;
    },
    async close() {
      for (const socket of clients) socket.disconnect();
      // Keep-alive connections (fetch, a client's last poll) would hold close() open.
      const sweeper = setInterval(() => httpServer.closeAllConnections(), 20);
      try {
        await io.close();
        if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      } finally {
        clearInterval(sweeper);
      }
    },
  };
}

function listen(app: Express): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, "127.0.0.1", (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

/** The open packet of a polling handshake made with fetch. */
export async function pollingHandshake(url: string, headers: Record<string, string> = {}): Promise<{ sid: string; upgrades: string[]; response: Response }> {
  const response = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers });
  const text = await response.text();
  if (response.status !== 200 || !text.startsWith("0")) throw new Error(`handshake failed: ${response.status} ${text}`);
  const open = JSON.parse(text.slice(1)) as { sid: string; upgrades: string[] };
  return { sid: open.sid, upgrades: open.upgrades, response };
}
