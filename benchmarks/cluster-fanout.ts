/**
 * Cluster fan-out: two nodes of the same server kind on @socket.io/redis-adapter (same Redis, a
 * key of their own), half of the clients in "room" on each node. Node A emits M ticks to "room";
 * the figure is the time until every receiver, on both nodes, has every message, and the CPU of
 * both nodes together per delivered message (A encodes and publishes; B decodes from Redis and
 * encodes once for its own clients).
 *
 * Needs Redis at REDIS_URL (default redis://127.0.0.1:6379), like spec/cluster.
 *
 * @example
 * BENCH_ONLY=cluster-fanout npm run bench
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { cpuMsBetween, ServerChild, type ServerKind } from "./child.js";
import { closeAllClients, connectMany } from "./load/wire.js";
import type { Sample, Scenario } from "./scenario.js";

const CHILD_FILE = fileURLToPath(new URL("./cluster-child.ts", import.meta.url));
const DELIVERY_TIMEOUT_MS = 60_000;

export const CLUSTER_PARAMS = {
  full: { clients: 1000, messages: 200, payloadSize: 100 },
  quick: { clients: 40, messages: 10, payloadSize: 100 },
};

/** A node: the ServerChild handle (stats, broadcast, stop) and its process, for serverCount and the kill. */
async function startNode(kind: ServerKind, key: string): Promise<{ server: ServerChild; child: ChildProcess }> {
  const child = fork(CHILD_FILE, [kind, key], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"], env: { ...process.env, DEBUG: "" } });
  child.on("error", (err) => console.error(`${kind} cluster node: ${err.message}`));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} cluster node not ready within 20 s (is Redis reachable?)`)), 20_000);
    child.on("message", (msg: { type?: string; port?: number }) => {
      if (msg.type !== "ready") return;
      clearTimeout(timer);
      resolve(msg.port!);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} cluster node exited with code ${code} before it was ready (is Redis reachable?)`));
    });
  });
  return { server: new ServerChild(kind, port, child), child };
}

function serverCount(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const id = 1_000_000 + Math.floor(Math.random() * 1_000_000);
    const onMessage = (msg: { id?: number; count?: number }) => {
      if (msg.id !== id) return;
      child.off("message", onMessage);
      resolve(msg.count ?? 0);
    };
    child.on("message", onMessage);
    child.send({ id, cmd: "serverCount" });
  });
}

function kill(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

async function measureClusterFanout(kind: ServerKind, quick: boolean): Promise<Sample> {
  const params = quick ? CLUSTER_PARAMS.quick : CLUSTER_PARAMS.full;
  const key = `volley-bench-${process.pid}-${randomBytes(3).toString("hex")}`;
  const nodes = [await startNode(kind, key), await startNode(kind, key)];
  try {
    for (let i = 0; i < 200 && (await Promise.all(nodes.map((n) => serverCount(n.child)))).some((c) => c !== 2); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const clients = [
      ...(await connectMany(a.server.port, params.clients / 2, { room: true })),
      ...(await connectMany(b.server.port, params.clients / 2, { room: true })),
    ];
    const expected = params.clients * params.messages;
    let received = 0;
    let onDone: () => void = () => {};
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kind} cluster: ${received}/${expected} frames after ${DELIVERY_TIMEOUT_MS} ms`)), DELIVERY_TIMEOUT_MS);
      onDone = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    for (const client of clients) {
      client.onEvent = () => {
        if (++received === expected) onDone();
      };
    }
    const before = await Promise.all(nodes.map((n) => n.server.stats(false)));
    const start = process.hrtime.bigint();
    await a.server.broadcast(params.messages, params.payloadSize);
    await done;
    const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
    const after = await Promise.all(nodes.map((n) => n.server.stats(false)));
    const cpuMs = cpuMsBetween(before[0]!, after[0]!) + cpuMsBetween(before[1]!, after[1]!);
    return { allDeliveredMs: elapsedMs, cpuPerDeliveredUs: (cpuMs * 1000) / expected, deliveredPerSec: expected / (elapsedMs / 1000) };
  } finally {
    closeAllClients();
    await Promise.all(nodes.map((n) => Promise.race([n.server.stop(), new Promise((resolve) => setTimeout(resolve, 4000))])));
    for (const n of nodes) kill(n.child);
  }
}

export const clusterFanout: Scenario = {
  name: "cluster-fanout",
  kinds: ["volley", "socket.io"],
  run: (kind, quick) => measureClusterFanout(kind, quick),
  rows: [
    { key: "allDeliveredMs", label: "cluster fan-out, 2 nodes on Redis, 1000 in a room: time until all have all 200", unit: "ms", better: "lower" },
    { key: "cpuPerDeliveredUs", label: "cluster fan-out: CPU of both nodes per delivered message", unit: "µs", better: "lower" },
  ],
};
