/**
 * Connect cost: N WebSocket-only clients (no polling first) open, each waiting for `0{...}`,
 * sending `40` and waiting for `40{"sid":...}`, 50 at a time. The figure is the server's CPU
 * (user + system) over the whole run divided by N.
 *
 * @example
 * const { cpuPerConnUs } = await measureConnect(server, 2000);
 */
import { cpuMsBetween, type MeasureHooks, type ServerChild } from "../child.js";
import { connectMany } from "./wire.js";

export interface ConnectResult {
  /** Server CPU per connection, µs. */
  cpuPerConnUs: number;
  connectsPerSec: number;
}

export async function measureConnect(server: ServerChild, connections: number, hooks?: MeasureHooks): Promise<ConnectResult> {
  await hooks?.before?.();
  const before = await server.stats(false);
  const start = process.hrtime.bigint();
  const clients = await connectMany(server.port, connections);
  try {
    const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
    const after = await server.stats(false);
    await hooks?.after?.();
    return { cpuPerConnUs: (cpuMsBetween(before, after) * 1000) / connections, connectsPerSec: connections / elapsedS };
  } finally {
    for (const client of clients) client.close();
  }
}
