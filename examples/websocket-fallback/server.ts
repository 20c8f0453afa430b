/**
 * A volley server whose allowed transports are an option: the default
 * (polling and websocket) or polling only, as behind a proxy that blocks
 * WebSocket upgrades.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "../../lib/index.js";

export type TransportName = "polling" | "websocket";

/** A running example server. */
export interface RunningServer {
  url: string;
  port: number;
  io: Server;
  close(): Promise<void>;
}

/**
 * Starts a server answering "whichTransport" with the transport its side of
 * the connection uses.
 *
 * @example
 * const pollingOnly = await startServer({ port: 0, transports: ["polling"] });
 */
export async function startServer({
  port = 3003,
  host = "127.0.0.1",
  transports = ["polling", "websocket"] as TransportName[],
} = {}): Promise<RunningServer> {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { transports });
  io.on("connection", (socket) => {
    socket.on("whichTransport", (ack: unknown) => {
      if (typeof ack === "function") ack(socket.conn.transport.name);
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const actual = (httpServer.address() as AddressInfo).port;
  return { url: `http://${host}:${actual}`, port: actual, io, close: () => io.close() };
}
