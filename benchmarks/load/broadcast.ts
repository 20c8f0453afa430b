/**
 * Metric 2: broadcast throughput. N clients in "room"; the server emits M
 * `io.to("room").emit("tick", { i, payload })` back to back; the time runs
 * from the IPC request until every client has counted M event frames.
 *
 * @example
 * const r = await measureBroadcast(server, { clients: 1000, messages: 200, payloadSize: 100 });
 */
import { cpuMsBetween, type MeasureHooks, type ServerChild } from "../child.js";
import { connectMany, type WireClient } from "./wire.js";

const DELIVERY_TIMEOUT_MS = 60_000;

export interface BroadcastParams {
  clients: number;
  messages: number;
  payloadSize: number;
}

export interface BroadcastResult {
  /** Event frames received by all clients together, per second. */
  deliveredPerSec: number;
  /** Server CPU (user + system) from just before the emits until the last frame arrived, per delivered frame, µs. */
  cpuPerDeliveredUs: number;
  /** Server CPU spent inside the synchronous emit loop alone, ms. */
  emitLoopCpuMs: number;
}

export async function measureBroadcast(server: ServerChild, params: BroadcastParams, hooks?: MeasureHooks): Promise<BroadcastResult> {
  const clients = await connectMany(server.port, params.clients, { room: true });
  try {
    const expected = params.clients * params.messages;
    let received = 0;
    let onDone: () => void = () => {};
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${server.kind}: ${received}/${expected} broadcast frames after ${DELIVERY_TIMEOUT_MS} ms`)),
        DELIVERY_TIMEOUT_MS,
      );
      onDone = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    const count = (_frame: Buffer) => {
      if (++received === expected) onDone();
    };
    for (const client of clients) client.onEvent = count;

    await hooks?.before?.();
    const before = await server.stats(false);
    const start = process.hrtime.bigint();
    const loop = await server.broadcast(params.messages, params.payloadSize);
    await done;
    const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
    const after = await server.stats(false);
    await hooks?.after?.();
    return {
      deliveredPerSec: expected / elapsedS,
      cpuPerDeliveredUs: (cpuMsBetween(before, after) * 1000) / expected,
      emitLoopCpuMs: loop.loopCpuUs / 1000,
    };
  } finally {
    closeClients(clients);
  }
}

function closeClients(clients: WireClient[]): void {
  for (const client of clients) client.close();
}
