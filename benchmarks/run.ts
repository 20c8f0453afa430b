/**
 * `npm run bench`: measures volley and socket.io 4 side by side in one run.
 * Each server runs in its own child process; the load generator (this process)
 * speaks the wire protocol through raw `ws` clients and node:http.
 * Repetitions alternate the order of the two servers; the table shows medians.
 *
 * Environment: BENCH_REPS (default 5), BENCH_PROFILE=1 (one extra broadcast, ack and polling
 * run per server under the inspector's CPU profiler, top self-time functions printed; the
 * .cpuprofile files go to a temp dir), BENCH_TIMEOUT_MS (default 240000).
 *
 * @example
 * npm run bench
 * BENCH_REPS=1 BENCH_PROFILE=1 npm run bench
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { killAllChildren, startServer, SERVER_KINDS, type MeasureHooks, type ServerChild, type ServerKind } from "./child.js";
import { measureAck } from "./load/ack.js";
import { measureBroadcast } from "./load/broadcast.js";
import { measureBundles } from "./load/bundle.js";
import { measureMemory } from "./load/memory.js";
import { measurePolling } from "./load/polling.js";
import { closeAllClients } from "./load/wire.js";
import { summarizeProfiles } from "./profile.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 5));
const PROFILED = ["broadcast", "ack", "polling"];
const PROFILE = process.env.BENCH_PROFILE === "1";
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 240_000);

export const PARAMS = {
  memory: { connections: 2000 },
  broadcast: { clients: 1000, messages: 200, payloadSize: 100 },
  ack: { clients: 50, opsPerClient: 200 },
  polling: { sessions: 2000, concurrency: 20 },
};

type Better = "lower" | "higher";
interface Row {
  metric: string;
  unit: string;
  better: Better;
  volley: number;
  socketio: number;
  ratio: number;
  samples: { volley: number[]; socketio: number[] };
}

type Sample = Record<string, number>;
interface Metric {
  name: string;
  run: (server: ServerChild, hooks?: MeasureHooks) => Promise<Sample>;
  /** result key → row label, unit, which direction is better */
  rows: Array<{ key: string; label: string; unit: string; better: Better }>;
}

const METRICS: Metric[] = [
  {
    name: "memory",
    run: (s) => measureMemory(s, PARAMS.memory.connections) as Promise<Sample>,
    rows: [
      { key: "rssPerConn", label: "RSS per idle ws connection", unit: "bytes", better: "lower" },
      { key: "heapPerConn", label: "heapUsed per idle ws connection", unit: "bytes", better: "lower" },
    ],
  },
  {
    name: "broadcast",
    run: (s, h) => measureBroadcast(s, PARAMS.broadcast, h) as unknown as Promise<Sample>,
    rows: [
      { key: "deliveredPerSec", label: "broadcast delivered msgs/s (1000 clients × 200)", unit: "msg/s", better: "higher" },
      { key: "serverCpuMs", label: "broadcast server CPU", unit: "ms", better: "lower" },
      { key: "emitLoopCpuMs", label: "broadcast emit loop CPU (sync part)", unit: "ms", better: "lower" },
    ],
  },
  {
    name: "ack",
    run: (s, h) => measureAck(s, PARAMS.ack, h) as unknown as Promise<Sample>,
    rows: [
      { key: "opsPerSec", label: "emit+ack round trips/s (50 × 200)", unit: "ops/s", better: "higher" },
      { key: "p50Ms", label: "emit+ack latency p50", unit: "ms", better: "lower" },
      { key: "p99Ms", label: "emit+ack latency p99", unit: "ms", better: "lower" },
      { key: "serverCpuMs", label: "emit+ack server CPU", unit: "ms", better: "lower" },
    ],
  },
  {
    name: "polling",
    run: (s, h) => measurePolling(s, PARAMS.polling, h) as unknown as Promise<Sample>,
    rows: [
      { key: "handshakesPerSec", label: "polling handshake+connect/s (2000, conc. 20)", unit: "hs/s", better: "higher" },
      { key: "serverCpuMs", label: "polling server CPU", unit: "ms", better: "lower" },
    ],
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function withServer<T>(kind: ServerKind, fn: (s: ServerChild) => Promise<T>): Promise<T> {
  const server = await startServer(kind);
  try {
    return await fn(server);
  } finally {
    closeAllClients();
    await server.stop();
  }
}

function fmt(n: number): string {
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString("en-US");
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function printTable(rows: Row[]): void {
  const header = ["metric", "unit", "volley", "socket.io", "ratio v/s", "better-is"];
  const lines = rows.map((r) => [r.metric, r.unit, fmt(r.volley), fmt(r.socketio), r.ratio.toFixed(2), r.better]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const l of lines) console.log(line(l));
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`volley vs socket.io 4 — ${cpus().length} cores, node ${process.version}, ${REPS} repetitions, medians`);
  const samples = new Map<string, { volley: Sample[]; "socket.io": Sample[] }>();
  for (const metric of METRICS) samples.set(metric.name, { volley: [], "socket.io": [] });

  for (let rep = 0; rep < REPS; rep++) {
    // Alternate the order so neither server always runs on a "warmer" or "more tired" machine.
    const order = rep % 2 === 0 ? SERVER_KINDS : [...SERVER_KINDS].reverse();
    for (const metric of METRICS) {
      for (const kind of order) {
        const t0 = Date.now();
        const sample = await withServer(kind, (s) => metric.run(s));
        samples.get(metric.name)![kind].push(sample);
        console.log(`rep ${rep + 1}/${REPS} ${metric.name.padEnd(9)} ${kind.padEnd(9)} ${JSON.stringify(sample, (_k, v) => (typeof v === "number" ? Number(v.toFixed(2)) : v))} (${Date.now() - t0} ms)`);
      }
    }
  }

  const rows: Row[] = [];
  for (const metric of METRICS) {
    const s = samples.get(metric.name)!;
    for (const r of metric.rows) {
      const v = s.volley.map((x) => x[r.key]!);
      const o = s["socket.io"].map((x) => x[r.key]!);
      const volley = median(v);
      const socketio = median(o);
      rows.push({ metric: r.label, unit: r.unit, better: r.better, volley, socketio, ratio: volley / socketio, samples: { volley: v, socketio: o } });
    }
  }
  const bundles = measureBundles(ROOT);
  rows.push({
    metric: "client bundle min.js, gzip -9",
    unit: "bytes",
    better: "lower",
    volley: bundles.volley,
    socketio: bundles.socketio,
    ratio: bundles.volley / bundles.socketio,
    samples: { volley: [bundles.volley], socketio: [bundles.socketio] },
  });

  let profiles: Record<string, string[]> | undefined;
  if (PROFILE) {
    // Profiled runs are extra runs, never the measured ones (the profiler costs CPU itself).
    profiles = {};
    const dir = mkdtempSync(join(tmpdir(), "volley-bench-"));
    for (const metric of METRICS.filter((m) => PROFILED.includes(m.name))) {
      for (const kind of SERVER_KINDS) {
        const name = `${metric.name}-${kind.replace(".", "")}`;
        await withServer(kind, (s) =>
          metric.run(s, { before: () => s.profileStart(), after: async () => void (await s.profileStop(dir, name)) }),
        );
        const top = summarizeProfiles(dir, `${name}.cpuprofile`, 12);
        profiles[`${metric.name} / ${kind}`] = top;
        console.log(`\ntop self time, ${kind} server, ${metric.name} (${join(dir, name)}.cpuprofile):\n  ${top.join("\n  ")}`);
      }
    }
  }

  console.log("");
  printTable(rows);
  const report = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: process.platform },
    repetitions: REPS,
    params: PARAMS,
    note: "ratio = volley / socket.io; medians of the repetitions; better-is says which direction wins",
    rows,
    ...(profiles ? { profiles } : {}),
  };
  mkdirSync(join(HERE, "results"), { recursive: true });
  writeFileSync(join(HERE, "results", "latest.json"), JSON.stringify(report, null, 2) + "\n");
  console.log(`\nwritten benchmarks/results/latest.json in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const watchdog = setTimeout(() => {
  console.error(`bench: over ${TIMEOUT_MS} ms, giving up`);
  closeAllClients();
  killAllChildren();
  process.exit(1);
}, TIMEOUT_MS);
watchdog.unref();

process.on("exit", killAllChildren);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    closeAllClients();
    killAllChildren();
    process.exit(130);
  });
}

main()
  .then(() => {
    clearTimeout(watchdog);
  })
  .catch((err) => {
    console.error("bench failed:", err);
    closeAllClients();
    killAllChildren();
    process.exitCode = 1;
  });
