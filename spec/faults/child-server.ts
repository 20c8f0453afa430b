/**
 * A volley server in its own process, for the restart specs: listens on
 * 127.0.0.1:$PORT (0: any), answers "where" with its pid, and tells the parent
 * its port over IPC. The parent kills it with SIGKILL: no goodbye to anyone.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "../../lib/index.js";

const httpServer = createServer();
const io = new Server(httpServer, { pingInterval: 1000, pingTimeout: 1000 });
io.on("connection", (socket) => socket.on("where", (ack: (pid: number) => void) => ack(process.pid)));
httpServer.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.send?.({ port: (httpServer.address() as AddressInfo).port });
});
