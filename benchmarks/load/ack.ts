/**
 * Metric 3: emit + ack round trip. C clients each send K sequential
 * `42<id>["echo",<n>,"payload"]` and wait for `43<id>[...]` before the next.
 *
 * A warm-up of W acks per client runs first, unmeasured, for every server alike: a fresh
 * process spends its first thousands of acks compiling its hot code (V8's compiler threads
 * count as the server's CPU), a cost paid once per process and larger for a framework than for
 * raw ws, not per ack. The figures are the steady state after it.
 *
 * @example
 * const r = await measureAck(server, { clients: 50, opsPerClient: 200 });
 */
import { cpuMsBetween, type MeasureHooks, type ServerChild } from "../child.js";
import { connectMany, type WireClient } from "./wire.js";

export interface AckParams {
  clients: number;
  opsPerClient: number;
  /** Acks per client before the measured ones (not counted). Default 0. */
  warmupOpsPerClient?: number;
}

export interface AckResult {
  opsPerSec: number;
  /** Round trip at the client, µs. */
  p50Us: number;
  p99Us: number;
  /** Server CPU (user + system) over the run divided by the acks, µs. */
  cpuPerAckUs: number;
}

const OP_TIMEOUT_MS = 10_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function runClient(client: WireClient, firstId: number, ops: number, latencies: number[]): Promise<void> {
  for (let id = firstId; id < firstId + ops; id++) {
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack ${id} within ${OP_TIMEOUT_MS} ms`)), OP_TIMEOUT_MS);
      const prefix = `43${id}[`;
      client.onAck = (frame) => {
        // Only our id counts; the check reads the prefix bytes without decoding the JSON.
        if (frame.toString("latin1", 0, prefix.length) !== prefix) return;
        clearTimeout(timer);
        resolve();
      };
      client.send(`42${id}["echo",${id},"ping"]`);
    });
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}

export async function measureAck(server: ServerChild, params: AckParams, hooks?: MeasureHooks): Promise<AckResult> {
  const clients = await connectMany(server.port, params.clients);
  try {
    const warmup = params.warmupOpsPerClient ?? 0;
    if (warmup > 0) await Promise.all(clients.map((c) => runClient(c, 0, warmup, [])));
    const latencies: number[] = [];
    await hooks?.before?.();
    const before = await server.stats(false);
    const start = process.hrtime.bigint();
    await Promise.all(clients.map((c) => runClient(c, warmup, params.opsPerClient, latencies)));
    const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
    const after = await server.stats(false);
    await hooks?.after?.();
    latencies.sort((a, b) => a - b);
    return {
      opsPerSec: latencies.length / elapsedS,
      p50Us: percentile(latencies, 50) * 1000,
      p99Us: percentile(latencies, 99) * 1000,
      cpuPerAckUs: (cpuMsBetween(before, after) * 1000) / latencies.length,
    };
  } finally {
    for (const client of clients) client.close();
  }
}
