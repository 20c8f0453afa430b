/**
 * `npm run bench`: volley, socket.io 4 and a raw `ws` baseline side by side in one run.
 * Each server runs in its own child process; the load generator (this process) speaks the wire
 * protocol through raw `ws` clients and node:http (load/wire.ts), so the server is what is measured.
 * Repetitions rotate the order of the servers; the table shows medians, volley / socket.io and
 * volley / ws ratios, and each target of issue 12 with whether it is met.
 *
 * Options: `--quick` or BENCH_QUICK=1 (small parameters, one repetition, writes results/quick.json),
 * BENCH_REPS (default 3), BENCH_ONLY=fanout,echo (a subset of scenarios), BENCH_PROFILE=1 (one extra
 * run per server of each profiled scenario under the inspector's CPU profiler, top self-time
 * functions and self time by whose code it is printed, .cpuprofile files kept in a temp dir;
 * BENCH_PROFILE_INTERVAL_US=100 samples finer than the default 1 ms), BENCH_OUT (the JSON file to write),
 * BENCH_TIMEOUT_MS (default 900000, quick 120000).
 *
 * Adding a scenario: write it in its own file as a `Scenario` (scenario.ts) and list it in SCENARIOS below.
 *
 * @example
 * npm run bench
 * npm run bench -- --quick
 * BENCH_REPS=1 BENCH_ONLY=fanout BENCH_PROFILE=1 npm run bench
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { killAllChildren, type ServerKind } from "./child.js";
import { measureBundles } from "./load/bundle.js";
import { closeAllClients } from "./load/wire.js";
import { summarizeCategories, summarizeProfiles } from "./profile.js";
import type { Better, Sample, Scenario, Target } from "./scenario.js";
import { PARAMS, SCENARIOS as BUILT_IN } from "./scenarios.js";
import { clusterFanout } from "./cluster-fanout.js";

const SCENARIOS: Scenario[] = [...BUILT_IN, clusterFanout];

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const QUICK = process.argv.includes("--quick") || process.env.BENCH_QUICK === "1";
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? (QUICK ? 1 : 3)));
const ONLY = process.env.BENCH_ONLY?.split(",").filter(Boolean);
const PROFILE = process.env.BENCH_PROFILE === "1";
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? (QUICK ? 120_000 : 900_000));
const OUT = process.env.BENCH_OUT ?? join(HERE, "results", QUICK ? "quick.json" : "latest.json");

/** One table row: medians per server (absent where a server has no such scenario), ratios, target. */
export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  better: Better;
  volley: number;
  "socket.io"?: number;
  ws?: number;
  /** volley / socket.io */
  vsSocketIo?: number;
  /** volley / ws */
  vsWs?: number;
  target?: Target & { met: boolean };
  samples: Partial<Record<ServerKind, number[]>>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function rotate<T>(list: readonly T[], by: number): T[] {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

function fmt(n: number | undefined): string {
  if (n === undefined) return "—";
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString("en-US");
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function printTable(rows: Row[]): void {
  const header = ["metric", "unit", "volley", "socket.io", "ws", "v/sio", "v/ws", "target", "met"];
  const lines = rows.map((r) => [
    r.metric,
    r.unit,
    fmt(r.volley),
    fmt(r["socket.io"]),
    fmt(r.ws),
    r.vsSocketIo === undefined ? "—" : r.vsSocketIo.toFixed(2),
    r.vsWs === undefined ? "—" : r.vsWs.toFixed(2),
    r.target ? `≤ ${r.target.max} × ${r.target.vs}` : "",
    r.target ? (r.target.met ? "yes" : "NO") : "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const l of lines) console.log(line(l));
}

function compact(sample: Sample): string {
  return JSON.stringify(sample, (_k, v) => (typeof v === "number" ? Number(v.toFixed(2)) : v));
}

function buildRows(scenarios: Scenario[], samples: Map<string, Partial<Record<ServerKind, Sample[]>>>): Row[] {
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    const byKind = samples.get(scenario.name)!;
    for (const spec of scenario.rows) {
      const values: Partial<Record<ServerKind, number[]>> = {};
      const medians: Partial<Record<ServerKind, number>> = {};
      for (const kind of scenario.kinds) {
        values[kind] = (byKind[kind] ?? []).map((s) => s[spec.key]!);
        medians[kind] = median(values[kind]!);
      }
      const volley = medians.volley!;
      const vsSocketIo = medians["socket.io"] === undefined ? undefined : volley / medians["socket.io"];
      const vsWs = medians.ws === undefined ? undefined : volley / medians.ws;
      const row: Row = { scenario: scenario.name, metric: spec.label, unit: spec.unit, better: spec.better, volley, ...medians, vsSocketIo, vsWs, samples: values };
      if (spec.target) {
        const ratio = spec.target.vs === "ws" ? vsWs : vsSocketIo;
        row.target = { ...spec.target, met: ratio !== undefined && ratio <= spec.target.max };
      }
      rows.push(row);
    }
  }
  return rows;
}

async function profileScenarios(scenarios: Scenario[]): Promise<Record<string, string[]>> {
  // Profiled runs are extra runs, never the measured ones (the profiler costs CPU itself).
  const profiles: Record<string, string[]> = {};
  const dir = mkdtempSync(join(tmpdir(), "volley-bench-"));
  for (const scenario of scenarios.filter((s) => s.profile)) {
    for (const kind of scenario.kinds) {
      const name = `${scenario.name}-${kind.replace(".", "")}`;
      await scenario.run(kind, QUICK, (s) => ({ before: () => s.profileStart(), after: async () => void (await s.profileStop(dir, name)) }));
      const top = summarizeProfiles(dir, `${name}.cpuprofile`, 15);
      profiles[`${scenario.name} / ${kind}`] = top;
      console.log(`\ntop self time, ${kind} server, ${scenario.name} (${join(dir, name)}.cpuprofile):\n  ${top.join("\n  ")}`);
      const categories = summarizeCategories(dir, `${name}.cpuprofile`);
      profiles[`${scenario.name} / ${kind} / by code`] = categories;
      console.log(`self time by whose code it is:\n  ${categories.join("\n  ")}`);
    }
  }
  return profiles;
}

async function main(): Promise<void> {
  const started = Date.now();
  const scenarios = ONLY ? SCENARIOS.filter((s) => ONLY.includes(s.name)) : SCENARIOS;
  const mode = QUICK ? "quick" : "full";
  console.log(`volley vs socket.io 4 vs raw ws — ${mode}, ${cpus().length} cores, node ${process.version}, ${REPS} repetition(s), medians`);
  const samples = new Map<string, Partial<Record<ServerKind, Sample[]>>>();
  for (const scenario of scenarios) samples.set(scenario.name, {});

  for (let rep = 0; rep < REPS; rep++) {
    for (const scenario of scenarios) {
      // Rotate the order so no server always runs on a "warmer" or "more tired" machine.
      for (const kind of rotate(scenario.kinds, rep)) {
        const t0 = Date.now();
        const sample = await scenario.run(kind, QUICK);
        (samples.get(scenario.name)![kind] ??= []).push(sample);
        console.log(`rep ${rep + 1}/${REPS} ${scenario.name.padEnd(9)} ${kind.padEnd(9)} ${compact(sample)} (${Date.now() - t0} ms)`);
      }
    }
  }

  const rows = buildRows(scenarios, samples);
  const bundles = measureBundles(ROOT);
  rows.push({
    scenario: "bundle",
    metric: "client bundle min.js, gzip -9",
    unit: "bytes",
    better: "lower",
    volley: bundles.volley,
    "socket.io": bundles.socketio,
    vsSocketIo: bundles.volley / bundles.socketio,
    samples: { volley: [bundles.volley], "socket.io": [bundles.socketio] },
  });

  const profiles = PROFILE ? await profileScenarios(scenarios) : undefined;

  console.log("");
  printTable(rows);
  const report = {
    date: new Date().toISOString(),
    command: `${QUICK ? "BENCH_QUICK=1 " : ""}BENCH_REPS=${REPS} npm run bench`,
    mode,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: process.platform },
    repetitions: REPS,
    params: QUICK ? PARAMS.quick : PARAMS.full,
    note: "medians of the repetitions; vsSocketIo = volley / socket.io, vsWs = volley / raw ws; better says which direction wins",
    rows,
    ...(profiles ? { profiles } : {}),
  };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(report, null, 2) + "\n");
  console.log(`\nwritten ${OUT} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
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
