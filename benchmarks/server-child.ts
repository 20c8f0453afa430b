/**
 * One benchmarked server in its own process, so that its memory and CPU are
 * measured apart from the load generator.
 *
 * Started by benchmarks/run.ts with `fork(thisFile, [kind], { execArgv: ["--import", "tsx", "--expose-gc"] })`.
 * `kind` is "volley", "socket.io" or "ws" (the raw ws baseline, ws-baseline.ts). All get the same app:
 * - every socket that connects to "/" with `?room=1` in its query joins "room";
 * - `echo` answers its ack with the arguments it received.
 *
 * IPC protocol (parent → child, each message has an `id` echoed in the reply):
 * - `{ cmd: "stats", gc }`: optional double global.gc(), then rss, heapUsed, cpu (µs) and connected socket count;
 * - `{ cmd: "broadcast", count, payloadSize }`: emits `count` "tick" events to "room" back to back;
 *   replies with the CPU time the loop took (the sends that ws finishes later are in the next "stats");
 * - `{ cmd: "profileStart" }` / `{ cmd: "profileStop", dir, name }`: a CPU profile of just the measured
 *   phase (not the start-up), written as `dir/name.cpuprofile`;
 * - `{ cmd: "heapSnapshot", file }`: gc twice, then a heap snapshot written to `file` (see heap.ts);
 * - `{ cmd: "exit" }`: closes the server and exits (a --cpu-prof profile is written on this exit).
 * The child first sends `{ type: "ready", port }`.
 *
 * @example
 * const child = fork("benchmarks/server-child.ts", ["volley"], { execArgv: ["--import", "tsx", "--expose-gc"] });
 */
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";

type Kind = "volley" | "socket.io" | "ws";

/** The part of both Server classes the benchmark uses. */
interface BenchServer {
  on(event: "connection", listener: (socket: BenchSocket) => void): unknown;
  to(room: string): { emit(event: string, ...args: unknown[]): unknown };
  of(nsp: string): { sockets: Map<string, unknown> };
  close(fn?: (err?: Error) => void): unknown;
}
interface BenchSocket {
  handshake: { query: Record<string, unknown> };
  join(room: string): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

interface Request {
  id: number;
  cmd: "stats" | "broadcast" | "profileStart" | "profileStop" | "heapSnapshot" | "exit";
  file?: string;
  dir?: string;
  name?: string;
  gc?: boolean;
  count?: number;
  payloadSize?: number;
}

const kind = process.argv[2] as Kind;
if (kind !== "volley" && kind !== "socket.io" && kind !== "ws") {
  console.error(`server-child: unknown server kind ${JSON.stringify(kind)} (want "volley", "socket.io" or "ws")`);
  process.exit(2);
}

// Identical options for both; the long ping interval keeps heartbeats out of short measurements
// (the generator answers pings anyway).
const OPTIONS = { serveClient: false, pingInterval: 25_000, pingTimeout: 20_000 };

async function loadServerClass(): Promise<new (srv: unknown, opts: object) => BenchServer> {
  if (kind === "volley") return (await import("../lib/index.js")).Server as never;
  if (kind === "ws") return (await import("./ws-baseline.js")).WsBaseline as never;
  return (await import("socket.io")).Server as never;
}

function onEcho(...args: unknown[]): void {
  const ack = args.pop();
  if (typeof ack === "function") ack(...args);
}

function onConnection(socket: BenchSocket): void {
  if (socket.handshake.query.room === "1") socket.join("room");
  socket.on("echo", onEcho);
}

function gcTwice(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  gc();
}

function stats(io: BenchServer, gc: boolean) {
  if (gc) gcTwice();
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  return { rss: mem.rss, heapUsed: mem.heapUsed, cpuUser: cpu.user, cpuSystem: cpu.system, sockets: io.of("/").sockets.size };
}

function broadcast(io: BenchServer, count: number, payloadSize: number) {
  const payload = "x".repeat(payloadSize);
  const before = process.cpuUsage();
  const room = "room";
  for (let i = 0; i < count; i++) io.to(room).emit("tick", { i, payload });
  const used = process.cpuUsage(before);
  return { loopCpuUs: used.user + used.system };
}

let profiler: Session | undefined;

async function profileStart(): Promise<void> {
  profiler = new Session();
  profiler.connect();
  await profiler.post("Profiler.enable");
  // Finer samples when asked (BENCH_PROFILE_INTERVAL_US): a short measured phase has only ~1000 at the default 1 ms.
  const interval = Number(process.env.BENCH_PROFILE_INTERVAL_US);
  if (interval > 0) await profiler.post("Profiler.setSamplingInterval", { interval });
  await profiler.post("Profiler.start");
}

async function profileStop(dir: string, name: string): Promise<{ file: string }> {
  if (!profiler) throw new Error("profileStop without profileStart");
  const { profile } = await profiler.post("Profiler.stop");
  profiler.disconnect();
  profiler = undefined;
  const file = join(dir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return { file };
}

async function main(): Promise<void> {
  const ServerClass = await loadServerClass();
  const httpServer = createServer();
  const io = new ServerClass(httpServer, OPTIONS);
  io.on("connection", onConnection);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : 0;

  const exit = (code: number) => {
    // A closing server waits for no one: the parent has already closed its clients.
    const timer = setTimeout(() => process.exit(code), 2000);
    timer.unref();
    io.close(() => process.exit(code));
  };

  process.on("message", async (msg: Request) => {
    try {
      if (msg.cmd === "stats") process.send!({ id: msg.id, ...stats(io, msg.gc === true) });
      else if (msg.cmd === "broadcast") process.send!({ id: msg.id, ...broadcast(io, msg.count ?? 0, msg.payloadSize ?? 0) });
      else if (msg.cmd === "profileStart") {
        await profileStart();
        process.send!({ id: msg.id });
      }
      else if (msg.cmd === "profileStop") process.send!({ id: msg.id, ...(await profileStop(msg.dir!, msg.name!)) });
      else if (msg.cmd === "heapSnapshot") {
        gcTwice();
        process.send!({ id: msg.id, file: writeHeapSnapshot(msg.file) });
      }
      else if (msg.cmd === "exit") {
        process.send!({ id: msg.id });
        exit(0);
      }
    } catch (err) {
      process.send!({ id: msg.id, error: String((err as Error)?.stack ?? err) });
    }
  });
  // The parent died: do not linger.
  process.on("disconnect", () => exit(0));
  process.send!({ type: "ready", port, kind, pid: process.pid });
}

main().catch((err) => {
  console.error("server-child failed:", err);
  process.exit(1);
});
