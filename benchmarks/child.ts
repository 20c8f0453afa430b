/**
 * The parent's handle on one server child: fork, typed IPC requests, and a kill
 * that always happens (by PID) even when the benchmark fails.
 *
 * @example
 * const server = await startServer("volley");
 * try { const s = await server.stats(true); } finally { await server.stop(); }
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** "ws" is the raw ws baseline (ws-baseline.ts): the same app, no framework. */
export type ServerKind = "volley" | "socket.io" | "ws";
export const SERVER_KINDS: readonly ServerKind[] = ["volley", "socket.io", "ws"];

export interface ServerStats {
  rss: number;
  heapUsed: number;
  cpuUser: number;
  cpuSystem: number;
  sockets: number;
}

const CHILD_FILE = fileURLToPath(new URL("./server-child.ts", import.meta.url));
const READY_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 30_000;

/** Every live child, so that an exit handler can kill the stragglers by PID. */
const liveChildren = new Set<ChildProcess>();

/** Kills every child still alive (SIGKILL by PID). Safe to call more than once. */
export function killAllChildren(): void {
  for (const child of liveChildren) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  liveChildren.clear();
}

/** Called around the measured phase only (e.g. to profile it without the connect phase). */
export interface MeasureHooks {
  before?: () => Promise<void>;
  after?: () => Promise<void>;
}

/** CPU time (user + system) in milliseconds between two stats snapshots. */
export function cpuMsBetween(before: ServerStats, after: ServerStats): number {
  return (after.cpuUser - before.cpuUser + after.cpuSystem - before.cpuSystem) / 1000;
}

export class ServerChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  constructor(
    readonly kind: ServerKind,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    child.on("message", (msg: { id?: number; error?: string }) => {
      if (msg.id === undefined) return;
      const entry = this.pending.get(msg.id);
      if (!entry) return;
      this.pending.delete(msg.id);
      clearTimeout(entry.timer);
      if (msg.error) entry.reject(new Error(`${kind} child: ${msg.error}`));
      else entry.resolve(msg);
    });
    child.once("exit", (code, signal) => {
      liveChildren.delete(child);
      for (const entry of this.pending.values()) {
        clearTimeout(entry.timer);
        entry.reject(new Error(`${kind} child exited (code ${code}, signal ${signal}) with a request pending`));
      }
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private request<T>(body: object): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.kind} child: no answer to ${JSON.stringify(body)} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.child.send({ id, ...body });
    });
  }

  /** Memory, CPU and socket count of the server; `gc` runs global.gc() twice first. */
  stats(gc = false): Promise<ServerStats> {
    return this.request({ cmd: "stats", gc });
  }

  /** Emits `count` "tick" events to "room" in one synchronous loop. */
  broadcast(count: number, payloadSize: number): Promise<{ loopCpuUs: number }> {
    return this.request({ cmd: "broadcast", count, payloadSize });
  }

  /** Starts a CPU profile in the child (inspector), so start-up is not in it. */
  profileStart(): Promise<void> {
    return this.request({ cmd: "profileStart" });
  }

  /** Stops the profile and writes it as `dir/name.cpuprofile`. */
  profileStop(dir: string, name: string): Promise<{ file: string }> {
    return this.request({ cmd: "profileStop", dir, name });
  }

  /** Writes a heap snapshot of the child (after gc) to `file`. */
  heapSnapshot(file: string): Promise<{ file: string }> {
    return this.request({ cmd: "heapSnapshot", file });
  }

  /** Asks the child to exit cleanly; SIGKILL by PID if it does not within 3 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      if (child.connected) child.send({ id: 0, cmd: "exit" });
    } catch {
      // channel already closed: the kill below handles it
    }
    const timer = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(child.pid, "SIGKILL");
        } catch {
          // gone meanwhile
        }
      }
    }, 3000);
    await exited;
    clearTimeout(timer);
    liveChildren.delete(child);
  }
}

/** Forks a server child and waits for it to listen on 127.0.0.1. */
export async function startServer(kind: ServerKind): Promise<ServerChild> {
  const execArgv = ["--import", "tsx", "--expose-gc"];
  const child = fork(CHILD_FILE, [kind], {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, DEBUG: "" },
  });
  liveChildren.add(child);
  // A send to a child that has died (EPIPE) must not crash the run: its exit is reported on its own.
  child.on("error", (err) => console.error(`${kind} child: ${err.message}`));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kind} child not ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      child.on("message", (msg: { type?: string; port?: number }) => {
        if (msg.type === "ready") {
          clearTimeout(timer);
          resolve(msg.port!);
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${kind} child exited with code ${code} before it was ready`));
      });
    });
    return new ServerChild(kind, port, child);
  } catch (err) {
    killAllChildren();
    throw err;
  }
}
