/**
 * Metric 1: memory per idle connection. Server RSS and heapUsed (after gc)
 * before and after N WebSocket clients connected to "/", divided by N.
 *
 * @example
 * const { rssPerConn, heapPerConn } = await measureMemory(server, 2000);
 */
import type { ServerChild } from "../child.js";
import { connectMany } from "./wire.js";

const SETTLE_MS = 500;

export async function measureMemory(server: ServerChild, connections: number): Promise<{ rssPerConn: number; heapPerConn: number }> {
  const before = await server.stats(true);
  const clients = await connectMany(server.port, connections);
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const after = await server.stats(true);
    if (after.sockets !== connections) throw new Error(`${server.kind}: ${after.sockets} sockets connected, expected ${connections}`);
    return {
      rssPerConn: (after.rss - before.rss) / connections,
      heapPerConn: (after.heapUsed - before.heapUsed) / connections,
    };
  } finally {
    for (const client of clients) client.close();
  }
}
