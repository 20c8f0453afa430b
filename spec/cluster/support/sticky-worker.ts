/**
 * A node:cluster worker behind @socket.io/sticky's primary: a volley server
 * on @socket.io/cluster-adapter whose HTTP server does not listen (the
 * primary hands it each connection). Driven like worker.ts.
 */
import { createServer } from "node:http";
import { setupWorker } from "@socket.io/sticky";
import { createAdapter } from "@socket.io/cluster-adapter";
import { Server } from "../../../lib/index.js";

const SOURCE = "volley-spec";
const name = process.env.STICKY_NODE as string;
const httpServer = createServer();
const io = new Server(httpServer, { adapter: createAdapter({ heartbeatInterval: 200, heartbeatTimeout: 3000 }) as never });
setupWorker(io as never); // typed for socket.io's Server; it uses httpServer and engine only

process.on("message", (message: { source?: string; id: number; op: string; args: Record<string, unknown> }) => {
  if (message?.source !== SOURCE) return;
  const reply = (result: unknown) => process.send?.({ source: SOURCE, id: message.id, result });
  switch (message.op) {
    case "serverCount":
      void io.sockets.adapter.serverCount().then(reply);
      return;
    case "localCount":
      reply(io.sockets.sockets.size);
      return;
    case "emit":
      io.emit("all", name);
      reply(null);
      return;
    case "close":
      void io.close().finally(() => process.send?.({ source: SOURCE, id: message.id, result: null }, () => process.exit(0)));
      return;
  }
});
process.send?.({ source: SOURCE, id: 0, result: { port: 0 } });
