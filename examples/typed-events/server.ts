/**
 * A typed volley server: every `on`, `emit` and acknowledgement below is
 * checked against the maps in events.ts.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "../../lib/index.js";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./events.js";

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** A running example server. */
export interface RunningServer {
  url: string;
  port: number;
  io: TypedServer;
  close(): Promise<void>;
}

/**
 * Starts the typed server on `port` (0 picks a free one).
 *
 * @example
 * const { url, close } = await startServer({ port: 0 });
 */
export async function startServer({ port = 3001, host = "127.0.0.1" } = {}): Promise<RunningServer> {
  const httpServer = http.createServer();
  const io: TypedServer = new Server(httpServer);

  io.on("connection", (socket) => {
    socket.data.connectedAt = Date.now();
    socket.emit("notice", "welcome to the typed server");

    socket.on("hello", (name, ack) => {
      // Payloads are typed, not trusted: a client built without these types can send anything.
      socket.data.name = typeof name === "string" ? name.slice(0, 32) : "stranger";
      ack(`Hello, ${socket.data.name}!`);
    });

    socket.on("add", (a, b, ack) => {
      if (typeof ack !== "function") return;
      if (!Number.isFinite(a) || !Number.isFinite(b)) return ack({ error: "add takes two finite numbers" });
      ack({ sum: a + b });
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const actual = (httpServer.address() as AddressInfo).port;
  return { url: `http://${host}:${actual}`, port: actual, io, close: () => io.close() };
}
