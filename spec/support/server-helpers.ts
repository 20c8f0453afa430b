/**
 * Helpers for the server specs: a volley Server on an HTTP server bound to
 * 127.0.0.1:0, official socket.io-client sockets for a transport mode, and
 * one call that closes everything (for afterEach).
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as ioc, type Socket as ClientSocket, type ManagerOptions, type SocketOptions } from "socket.io-client";
import { Server, type Socket as ServerSocket } from "../../lib/index.js";
import type { ServerOptions } from "../../lib/options.js";

import { until, waitFor } from "./wait.js";

export { sleep, until, waitFor } from "./wait.js";

/** The transport modes each behavioural suite runs in. */
export const TRANSPORT_MODES = [
  { name: "polling", transports: ["polling"] },
  { name: "websocket", transports: ["websocket"] },
  { name: "upgrade", transports: ["polling", "websocket"] },
] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

/** A running server and what is needed to connect to it and clean it up. */
export interface TestServer {
  io: Server<any, any, any, any>;
  httpServer: HttpServer;
  port: number;
  url: string;
  /** Opens a socket.io-client socket (autoConnect on) to `nsp` with the mode's transports. */
  client(nsp?: string, opts?: Partial<ManagerOptions & SocketOptions>): ClientSocket;
  /** Closes every client, the server and the HTTP server. */
  close(): Promise<void>;
}

/**
 * Starts a volley Server on 127.0.0.1:0.
 *
 * @example
 * const srv = await startServer(mode, { pingInterval: 200 });
 * const socket = srv.client("/admin", { auth: { token: "x" } });
 */
export async function startServer(mode: TransportMode, opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const httpServer = createServer();
  const io = new Server(httpServer, { pingInterval: 300, pingTimeout: 200, ...opts });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const clients: ClientSocket[] = [];
  return {
    io,
    httpServer,
    port,
    url,
    client(nsp = "/", clientOpts = {}) {
      const socket = ioc(url + nsp, {
        transports: [...mode.transports],
        forceNew: true,
        reconnection: false,
        ...clientOpts,
      });
      clients.push(socket);
      return socket;
    },
    async close() {
      for (const socket of clients) {
        socket.io.opts.reconnection = false;
        socket.io.reconnection(false);
        socket.disconnect();
        socket.io.engine?.close();
      }
      // io.close() also closes the HTTP server, which waits for keep-alive connections to be idle:
      // a client's last polling request may arrive while it closes, so idle ones are swept until done.
      const sweeper = setInterval(() => httpServer.closeIdleConnections(), 20);
      // A held GET must be answered by the engine's close: if a request is still open after 3 s,
      // cut it so the suite does not hang, and fail the test that left it. (The engine itself may
      // wait up to 1 s for a polling client's last GET: longer than that is a request left hanging.)
      let stuck = false;
      const fallback = setTimeout(() => {
        stuck = true;
        httpServer.closeAllConnections();
      }, 3000);
      try {
        await io.close();
      } finally {
        clearInterval(sweeper);
        clearTimeout(fallback);
      }
      if (stuck) throw new Error("io.close() left an HTTP request unanswered for 3 s");
    },
  };
}

/**
 * For recovery specs: connects a reconnecting client to "/", waits until its
 * session is on the mode's final transport, and has it receive event "evt" 1.
 * Every server-side socket of "/" is collected in `sockets`, every "evt" the
 * client gets in `received`.
 *
 * @example
 * const { client, received, sockets } = await connectRecoveringClient(srv, mode);
 * sockets[0]!.conn.close(); // a recoverable drop
 */
export async function connectRecoveringClient(
  srv: TestServer,
  mode: TransportMode,
): Promise<{ client: ClientSocket; received: number[]; sockets: ServerSocket[] }> {
  const sockets: ServerSocket[] = [];
  srv.io.on("connection", (socket: ServerSocket) => sockets.push(socket));
  const client = srv.client("/", { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 50 });
  const received: number[] = [];
  client.on("evt", (n: number) => received.push(n));
  await waitFor(client, "connect");
  const finalTransport = mode.transports[mode.transports.length - 1];
  await until(() => sockets.length === 1 && sockets[0]!.conn.transport.name === finalTransport);
  srv.io.emit("evt", 1);
  await until(() => received.length === 1);
  return { client, received, sockets };
}
